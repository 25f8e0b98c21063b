// swift-tools-version:6.0
//
// StreamCodecs: sans-I/O decoders and encoders for live event streams (WebSocket, SSE, protobuf, eisy XML,
// Event Streamer NDJSON), thin NIO clients above them, and the `harness` CLI that replays recorded fixtures.
//
// Codec modules (Codecs, WSFrame, SSE, Protobuf, ISYXML, EventStreamer) depend only on the standard library
// and the system C shims; NIO and Foundation appear only in WebSocketNIO, HarnessKit and Harness.

import PackageDescription

let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
]

var targets: [Target] = [
    .systemLibrary(
        name: "CZlib",
        pkgConfig: "zlib",
        providers: [.apt(["zlib1g-dev"])]
    ),
    .systemLibrary(
        name: "COpenSSL",
        pkgConfig: "libcrypto",
        providers: [.apt(["libssl-dev"])]
    ),
    .target(name: "Codecs"),
    .target(name: "WSFrame", dependencies: ["Codecs", "CZlib", "COpenSSL"]),
    .target(name: "SSE", dependencies: ["Codecs"]),
    .target(name: "Protobuf", dependencies: ["Codecs"]),
    .target(name: "ISYXML", dependencies: ["Codecs"]),
    .target(name: "EventStreamer", dependencies: ["Codecs"]),
    .target(
        name: "WebSocketNIO",
        dependencies: ["Codecs", "WSFrame", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")] + nio
    ),
    .target(
        name: "HarnessKit",
        dependencies: ["Codecs", "WSFrame", "SSE", "Protobuf", "ISYXML", "EventStreamer", "WebSocketNIO"] + nio
    ),
    .executableTarget(
        name: "Harness",
        dependencies: [
            "HarnessKit",
            "WebSocketNIO",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]
    ),
    .target(name: "Reconnect", dependencies: ["Codecs"]),
    .target(name: "StreamTesting"),
    .target(name: "Clients", dependencies: ["Reconnect", "Codecs"]),
    .target(
        name: "FuzzOracles",
        dependencies: ["Codecs", "WSFrame", "SSE", "Protobuf", "ISYXML", "EventStreamer"]
    ),
]

let testedModules: [(String, [Target.Dependency])] = [
    ("Codecs", ["Codecs"]),
    ("WSFrame", ["WSFrame", "Codecs"]),
    ("SSE", ["SSE", "Codecs", "FuzzOracles"]),
    ("Protobuf", ["Protobuf", "Codecs"]),
    ("ISYXML", ["ISYXML", "Codecs"]),
    ("EventStreamer", ["EventStreamer", "Codecs"]),
    ("WebSocketNIO", ["WebSocketNIO", "WSFrame", "Codecs"] + nio),
    ("HarnessKit", ["HarnessKit", "Codecs"]),
    ("FuzzOracles", ["FuzzOracles", "Codecs"]),
    ("StreamTesting", ["StreamTesting"]),
    ("Reconnect", ["Reconnect", "Codecs", "StreamTesting"]),
    ("Clients", ["Clients", "Reconnect", "Codecs", "StreamTesting"]),
]
/// Every module has a test target `Tests/<Module>Tests`; each folder holds a README.md (excluded) so the target
/// exists before its first test file does.
/// Test resources by target: CodecsTests carries the vendored JSONTestSuite corpus (its README and LICENSE say
/// where it came from), so `swift test` reads nothing outside the repository.
let testResources: [String: [Resource]] = [
    "Codecs": [.copy("Resources/JSONTestSuite")],
]
for (module, dependencies) in testedModules {
    targets.append(.testTarget(
        name: "\(module)Tests", dependencies: dependencies, exclude: ["README.md"],
        resources: testResources[module]))
}

let package = Package(
    name: "StreamCodecs",
    products: [
        .library(name: "Codecs", targets: ["Codecs"]),
        .library(name: "WSFrame", targets: ["WSFrame"]),
        .library(name: "SSE", targets: ["SSE"]),
        .library(name: "Protobuf", targets: ["Protobuf"]),
        .library(name: "ISYXML", targets: ["ISYXML"]),
        .library(name: "EventStreamer", targets: ["EventStreamer"]),
        .library(name: "WebSocketNIO", targets: ["WebSocketNIO"]),
        .library(name: "HarnessKit", targets: ["HarnessKit"]),
        .library(name: "FuzzOracles", targets: ["FuzzOracles"]),
        .library(name: "StreamTesting", targets: ["StreamTesting"]),
        .library(name: "Reconnect", targets: ["Reconnect"]),
        .library(name: "Clients", targets: ["Clients"]),
        .executable(name: "harness", targets: ["Harness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: targets,
    swiftLanguageModes: [.v6]
)
