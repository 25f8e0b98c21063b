// swift-tools-version:6.0
//
// StreamCodecs: sans-I/O decoders and encoders for live event streams (WebSocket, SSE, protobuf, eisy XML,
// Event Streamer NDJSON), thin NIO clients above them, and the `harness` CLI that replays recorded fixtures.
//
// Codec modules (Codecs, WSFrame, SSE, Protobuf, ISYXML, EventStreamer) depend only on the standard library
// and the system C shims; NIO and Foundation appear only in TransportNIO, WebSocketNIO, HarnessKit and Harness.

import PackageDescription

/// Pure modules build with internal imports by default (SE-0409), so every dependency their public API exposes is
/// a visible `public import` (issue 13 §4).
let internalImports: [SwiftSetting] = [.enableUpcomingFeature("InternalImportsByDefault")]

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
    /// Vectorised UTF-8 validation (Keiser & Lemire lookup kernels, AVX2/SSE4.1/NEON with run-time dispatch);
    /// Codecs' DFA stays the reference and finds the exact error offset.
    .target(name: "CUTF8SIMD"),
    .target(name: "Codecs", dependencies: ["CUTF8SIMD"], swiftSettings: internalImports),
    .target(name: "WSFrame", dependencies: ["Codecs", "CZlib", "COpenSSL"], swiftSettings: internalImports),
    .target(name: "SSE", dependencies: ["Codecs"], swiftSettings: internalImports),
    .target(name: "Protobuf", dependencies: ["Codecs"], swiftSettings: internalImports),
    .target(name: "ISYXML", dependencies: ["Codecs"], swiftSettings: internalImports),
    .target(name: "EventStreamer", dependencies: ["Codecs"], swiftSettings: internalImports),
    .target(
        name: "TransportNIO",
        dependencies: [
            "Codecs",
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOTLS", package: "swift-nio"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ] + nio
    ),
    .target(
        name: "WebSocketNIO",
        dependencies: [
            "Codecs", "WSFrame", "TransportNIO",
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ] + nio
    ),
    .target(
        name: "HTTPStreaming",
        dependencies: [
            "Codecs", "SSE", "EventStreamer", "Reconnect", "TransportNIO",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ] + nio
    ),
    .target(
        name: "MockServers",
        dependencies: [
            "Codecs", "WSFrame", "SSE", "Protobuf", "ISYXML", "EventStreamer", "Sessions",
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ] + nio,
        exclude: ["Docs"]
    ),
    .target(
        name: "HarnessKit",
        dependencies: [
            "Codecs", "WSFrame", "SSE", "Protobuf", "ISYXML", "EventStreamer", "TransportNIO", "WebSocketNIO",
            "MockServers", "StreamTesting", "Reconnect", "Sessions", "Clients",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ] + nio
    ),
    .executableTarget(
        name: "Harness",
        dependencies: [
            "Codecs",
            "HarnessKit",
            "TransportNIO",
            "WebSocketNIO",
            "MockServers",
            "StreamTesting",
            "Sessions",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]
    ),
    .target(name: "Reconnect", dependencies: ["Codecs"], swiftSettings: internalImports),
    .target(name: "StreamTesting"),
    .target(name: "Sessions", dependencies: ["Codecs", "Protobuf", "ISYXML", "SSE", "EventStreamer", "Reconnect", "COpenSSL"]),
    .target(
        name: "Clients",
        dependencies: [
            "Codecs", "WSFrame", "Protobuf", "ISYXML", "Reconnect", "Sessions", "WebSocketNIO", "TransportNIO",
            "HTTPStreaming", "SSE", "EventStreamer",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ] + nio
    ),
    .target(
        name: "FuzzOracles",
        dependencies: [
            "Codecs", "CUTF8SIMD", "WSFrame", "SSE", "Protobuf", "ISYXML", "EventStreamer", "StreamTesting", "Reconnect",
            "Sessions",
        ]
    ),
    .target(name: "FuzzOraclesHarness", dependencies: ["FuzzOracles", "HarnessKit", "MockServers"]),
]

let testedModules: [(String, [Target.Dependency])] = [
    ("Codecs", ["Codecs", "StreamTesting", "CUTF8SIMD"]),
    ("WSFrame", ["WSFrame", "Codecs", "StreamTesting"]),
    ("SSE", ["SSE", "Codecs", "FuzzOracles", "StreamTesting"]),
    ("Protobuf", ["Protobuf", "Codecs"]),
    ("ISYXML", ["ISYXML", "Codecs", "StreamTesting"]),
    ("EventStreamer", ["EventStreamer", "Codecs", "StreamTesting"]),
    ("TransportNIO", ["TransportNIO", "Codecs", .product(name: "Logging", package: "swift-log")] + nio),
    (
        "WebSocketNIO",
        ["WebSocketNIO", "TransportNIO", "WSFrame", "Codecs", .product(name: "Logging", package: "swift-log")] + nio
    ),
    (
        "HTTPStreaming",
        [
            "HTTPStreaming", "SSE", "EventStreamer", "Codecs", "Reconnect", "StreamTesting", "TransportNIO",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ] + nio
    ),
    ("HarnessKit", ["HarnessKit", "TransportNIO", "Codecs", "StreamTesting", "MockServers", "Reconnect", "Sessions", "Clients", "WebSocketNIO"] + nio),
    (
        "MockServers",
        ["MockServers", "Codecs", "WSFrame", "SSE", "Protobuf", "ISYXML", "EventStreamer", "Sessions"] + nio
    ),
    ("FuzzOracles", ["FuzzOracles", "FuzzOraclesHarness", "Codecs"]),
    ("StreamTesting", ["StreamTesting"]),
    ("Reconnect", ["Reconnect", "Codecs", "StreamTesting"]),
    ("Sessions", ["Sessions", "Reconnect", "Codecs", "Protobuf", "ISYXML", "SSE", "EventStreamer", "StreamTesting"]),
    ("Clients", ["Clients", "Sessions", "Reconnect", "Codecs", "StreamTesting", "WSFrame", "WebSocketNIO", "ISYXML", "Protobuf", "MockServers", "TransportNIO", "HTTPStreaming", "SSE", "EventStreamer", .product(name: "NIOHTTP1", package: "swift-nio")] + nio),
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

/// Allocation thresholds (issue 13 §4): `CAllocationCounter` counts each thread's malloc calls in the test
/// executable (weak definitions, so a sanitizer's allocator takes over and the checks skip); `AllocationTests`
/// compares each case with `Tests/AllocationTests/Thresholds/*.json`.
targets.append(.target(name: "CAllocationCounter"))
targets.append(.testTarget(
    name: "AllocationTests",
    dependencies: ["CAllocationCounter", "Codecs", "WSFrame", "SSE", "Protobuf", "ISYXML", "EventStreamer"],
    exclude: ["Thresholds"]))

let package = Package(
    name: "StreamCodecs",
    products: [
        .library(name: "Codecs", targets: ["Codecs"]),
        .library(name: "WSFrame", targets: ["WSFrame"]),
        .library(name: "SSE", targets: ["SSE"]),
        .library(name: "Protobuf", targets: ["Protobuf"]),
        .library(name: "ISYXML", targets: ["ISYXML"]),
        .library(name: "EventStreamer", targets: ["EventStreamer"]),
        .library(name: "TransportNIO", targets: ["TransportNIO"]),
        .library(name: "WebSocketNIO", targets: ["WebSocketNIO"]),
        .library(name: "HTTPStreaming", targets: ["HTTPStreaming"]),
        .library(name: "MockServers", targets: ["MockServers"]),
        .library(name: "HarnessKit", targets: ["HarnessKit"]),
        .library(name: "FuzzOracles", targets: ["FuzzOracles"]),
        .library(name: "FuzzOraclesHarness", targets: ["FuzzOraclesHarness"]),
        .library(name: "StreamTesting", targets: ["StreamTesting"]),
        .library(name: "Reconnect", targets: ["Reconnect"]),
        .library(name: "Sessions", targets: ["Sessions"]),
        .library(name: "Clients", targets: ["Clients"]),
        .executable(name: "harness", targets: ["Harness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: targets,
    swiftLanguageModes: [.v6]
)
