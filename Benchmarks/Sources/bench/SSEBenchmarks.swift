import OpenAPIRuntime
import SSE

/// `SSEDecoder` vs swift-openapi-runtime's `asDecodedServerSentEvents()` on identical `text/event-stream` bodies
/// fed in 16 KiB chunks: typical events (`event`, `id`, ~100-byte JSON `data`) and multi-line-data events.
enum SSEBenchmarks {
    static let suite = BenchmarkSuite(codec: "sse") {
        [
            makeCase(name: "10 MB typical events (event, id, ~100-byte JSON data), 16 KiB chunks",
                     body: typicalEvents(bytes: 10_000_000)),
            makeCase(name: "10 MB multi-line data (12 lines of ~60 bytes), 16 KiB chunks",
                     body: multiLineEvents(bytes: 10_000_000)),
        ]
    }

    static let chunkSize = 16 << 10

    /// `event: update`, `id: <n>`, and a ~100-byte JSON object as data, like a device-telemetry feed.
    static func typicalEvents(bytes target: Int) -> (body: [UInt8], events: Int) {
        var body: [UInt8] = []
        body.reserveCapacity(target + 256)
        var count = 0
        while body.count < target {
            let json = "{\"seq\":\(count),\"device\":\"sensor-\(count % 97)\",\"status\":\"online\","
                + "\"metrics\":{\"temp\":21.5,\"rssi\":-47},\"tags\":[\"a\"]}"
            body += Array("event: update\nid: \(count)\ndata: \(json)\n\n".utf8)
            count += 1
        }
        return (body, count)
    }

    /// Events whose data spans 12 lines (a pretty-printed document or log excerpt).
    static func multiLineEvents(bytes target: Int) -> (body: [UInt8], events: Int) {
        var body: [UInt8] = []
        body.reserveCapacity(target + 1024)
        var count = 0
        while body.count < target {
            var frame = "id: \(count)\n"
            for line in 0..<12 {
                frame += "data: line \(line) of event \(count): the quick brown fox jumps over the lazy dog\n"
            }
            body += Array((frame + "\n").utf8)
            count += 1
        }
        return (body, count)
    }

    static func makeCase(name: String, body: (body: [UInt8], events: Int)) -> BenchmarkCase {
        let bytes = body.body
        let chunks: [ArraySlice<UInt8>] = stride(from: 0, to: bytes.count, by: chunkSize).map {
            bytes[$0..<min($0 + chunkSize, bytes.count)]
        }
        return BenchmarkCase(
            codec: "sse", name: name, bytes: bytes.count, items: body.events,
            ours: Contender(name: "SSEDecoder") {
                var decoder = SSEDecoder()
                var events = 0
                var dataBytes = 0
                for chunk in chunks {
                    chunk.withUnsafeBytes { decoder.feed($0) }
                    while let item = try? decoder.next() {
                        if case let .event(event) = item {
                            events += 1
                            dataBytes &+= event.data.utf8.count
                        }
                    }
                }
                decoder.feedEOF()
                return dataBytes > 0 ? events : 0
            },
            peer: Contender(name: "openapi-runtime asDecodedServerSentEvents") {
                runBlocking {
                    var events = 0
                    var dataBytes = 0
                    do {
                        for try await event in ChunkSequence(chunks: chunks).asDecodedServerSentEvents() {
                            events += 1
                            dataBytes &+= event.data?.utf8.count ?? 0
                        }
                    } catch {
                        return -1
                    }
                    return dataBytes > 0 ? events : 0
                }
            })
    }
}

/// The body's chunks as the `AsyncSequence` of byte slices that swift-openapi-runtime consumes (an HTTP body).
struct ChunkSequence: AsyncSequence, Sendable {
    typealias Element = ArraySlice<UInt8>
    let chunks: [ArraySlice<UInt8>]

    struct AsyncIterator: AsyncIteratorProtocol {
        let chunks: [ArraySlice<UInt8>]
        var index = 0
        mutating func next() async -> ArraySlice<UInt8>? {
            guard index < chunks.count else { return nil }
            defer { index += 1 }
            return chunks[index]
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: chunks) }
}
