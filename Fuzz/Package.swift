// swift-tools-version:6.0
//
// libFuzzer targets for StreamCodecs. Each target is a tiny `main.swift` that hands the fuzzer's bytes to an
// oracle in the root package's `FuzzOracles` module, so `swift test` can replay crashers from `FailCases/`.
//
//     scripts/fuzz TARGET SECONDS        (builds with --sanitize=fuzzer --sanitize=address, debug)

import Foundation
import PackageDescription

/// The root package is a path dependency; SwiftPM names it after its folder, which differs between clones.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

/// Fuzz targets: folder names under Sources/, each with a main.swift defining LLVMFuzzerTestOneInput. The codec
/// and session targets use `FuzzOracles`; the harness file readers' targets use `FuzzOraclesHarness`, which links
/// HarnessKit and MockServers (NIO), so building only the codec targets stays quick.
let fuzzTargets = [
    "FuzzUTF8", "FuzzCentralDecode", "FuzzCentralRoundTrip", "FuzzSSE", "FuzzSSEFast", "FuzzISYEvent", "FuzzXMLWellFormed",
    "FuzzJSON", "FuzzEventStream", "FuzzEventStreamFast", "FuzzWSFrameClient", "FuzzWSFrameServer",
    "FuzzWSFrameDeflateClient", "FuzzWSFrameDeflateServer", "FuzzWSFrameFast", "FuzzWSHandshake", "FuzzHTTPStatus",
    "FuzzStreamControl", "FuzzEventStreamerControl",
]
let harnessFuzzTargets = ["FuzzFixtureManifest", "FuzzScenarioFile", "FuzzFaultSpec", "FuzzSuiteReport"]

let package = Package(
    name: "StreamCodecsFuzz",
    dependencies: [.package(path: "..")],
    targets: fuzzTargets.map { name in
        .executableTarget(
            name: name,
            dependencies: [.product(name: "FuzzOracles", package: root)],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    } + harnessFuzzTargets.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                .product(name: "FuzzOracles", package: root), .product(name: "FuzzOraclesHarness", package: root),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    },
    swiftLanguageModes: [.v6]
)
