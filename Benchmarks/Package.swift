// swift-tools-version:6.0
//
// Benchmarks for StreamCodecs, in their own package so the library's dependency graph stays lean.
// Each case measures our implementation and a peer on the same input in the same run. The bench target builds
// with the default release settings (-O), as users build; no unchecked or unsafe flags.
//
//     swift run -c release --package-path Benchmarks bench [--filter CODEC] [--json PATH]

import Foundation
import PackageDescription

/// The root package is a path dependency; SwiftPM names it after its folder, which differs between clones.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "StreamCodecsBenchmarks",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.30.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", exact: "1.6.2"),
        .package(url: "https://github.com/vapor/websocket-kit", exact: "2.16.2"),
    ],
    targets: [
        .target(name: "CMallocCounter"),
        .executableTarget(
            name: "bench",
            dependencies: [
                "CMallocCounter",
                .product(name: "Codecs", package: root),
                .product(name: "WSFrame", package: root),
                .product(name: "SSE", package: root),
                .product(name: "Protobuf", package: root),
                .product(name: "ISYXML", package: root),
                .product(name: "EventStreamer", package: root),
                .product(name: "HTTPStreaming", package: root),
                .product(name: "Sessions", package: root),
                .product(name: "Clients", package: root),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "StreamTesting", package: root),
                .product(name: "WebSocketNIO", package: root),
                .product(name: "TransportNIO", package: root),
                .product(name: "Clients", package: root),
                .product(name: "Sessions", package: root),
                .product(name: "Reconnect", package: root),
                .product(name: "MockServers", package: root),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "WebSocketKit", package: "websocket-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
