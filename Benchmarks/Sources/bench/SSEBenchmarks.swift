import OpenAPIRuntime
import SSE

/// `SSEDecoder` vs swift-openapi-runtime's `asDecodedServerSentEvents()` on identical `text/event-stream` bodies
/// fed in 16 KiB chunks: typical events (`event`, `id`, ~100-byte JSON `data`) and multi-line-data events.
///
/// Each body is measured three ways against the same peer. "Strings" cases are like for like: every event becomes
/// the type, data and ID Strings the peer's `ServerSentEvent` holds, taken with `next()` (pull) or with
/// `feed(_:onItem:)` (push, parsing the chunk in place) and `view.event`. The "lent bytes" case keeps the views
/// `feed(_:onItem:)` lends (validated UTF-8) instead of making Strings: less work than the peer does, for consumers
/// that parse or forward the payload without keeping it.
enum SSEBenchmarks {
    static let suite = BenchmarkSuite(codec: "sse") {
        let typical = typicalEvents(bytes: 10_000_000)
        let typicalName = " (10 MB: event, id, ~100-byte JSON data; 16 KiB chunks)"
        let multiLine = multiLineEvents(bytes: 10_000_000)
        let multiLineName = " (10 MB: 12 data lines of ~60 bytes; 16 KiB chunks)"
        return [
            makeCase(name: "typical, Strings, next()" + typicalName, body: typical, delivery: .pull),
            makeCase(name: "typical, Strings, feed(onItem:) + view.event" + typicalName, body: typical, delivery: .push),
            makeCase(name: "typical, lent bytes, feed(onItem:)" + typicalName, body: typical, delivery: .lent),
            floorCase(name: "typical, Strings only, no parsing (floor)" + typicalName, body: typical),
            makeCase(name: "12-line, Strings, next()" + multiLineName, body: multiLine, delivery: .pull),
            makeCase(name: "12-line, Strings, feed(onItem:) + view.event" + multiLineName, body: multiLine, delivery: .push),
            makeCase(name: "12-line, lent bytes, feed(onItem:)" + multiLineName, body: multiLine, delivery: .lent),
        ]
    }

    /// How our side takes the events.
    enum Delivery {
        /// `feed(_:)` (the chunk copied) + `next()`: `SSEItem<SSEEvent>`s with Strings.
        case pull
        /// `feed(_:onItem:)`, the chunk parsed in place, each lent view made into Strings with `view.event`.
        case push
        /// `feed(_:onItem:)`: `SSEEventView`s (UTF-8 views), no Strings.
        case lent
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

    static func makeCase(name: String, body: (body: [UInt8], events: Int), delivery: Delivery) -> BenchmarkCase {
        let bytes = body.body
        // Each chunk its own array (as a network read hands them out); the peer gets it as the `ArraySlice` its
        // `AsyncSequence` element type asks for (no copy).
        let chunks: [[UInt8]] = stride(from: 0, to: bytes.count, by: chunkSize).map {
            Array(bytes[$0..<min($0 + chunkSize, bytes.count)])
        }
        let ours: Contender
        switch delivery {
        case .pull: ours = Contender(name: "SSEDecoder next()") { decodePulling(chunks) }
        case .push: ours = Contender(name: "SSEDecoder feed(onItem:) + view.event") { decodePushing(chunks) }
        case .lent: ours = Contender(name: "SSEDecoder feed(onItem:)") { decodeLending(chunks) }
        }
        return BenchmarkCase(
            codec: "sse", name: name, bytes: bytes.count, items: body.events,
            ours: ours,
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

extension SSEBenchmarks {
    /// What any decoder handing out the peer's Strings must spend at least: building and freeing each event's data
    /// and ID Strings from the body's bytes, at ranges found before timing (so nothing is parsed).
    static func floorCase(name: String, body: (body: [UInt8], events: Int)) -> BenchmarkCase {
        var ranges: [(data: Range<Int>, id: Range<Int>)] = []
        var lineStart = 0
        var id = 0..<0
        for (index, byte) in body.body.enumerated() where byte == 0x0A {
            let line = body.body[lineStart..<index]
            if line.starts(with: Array("id: ".utf8)) { id = (lineStart + 4)..<index }
            if line.starts(with: Array("data: ".utf8)) { ranges.append(((lineStart + 6)..<index, id)) }
            lineStart = index + 1
        }
        let bytes = body.body
        return BenchmarkCase(
            codec: "sse", name: name, bytes: bytes.count, items: body.events,
            ours: Contender(name: "data + id Strings only") {
                bytes.withUnsafeBufferPointer { buffer in
                    var dataBytes = 0
                    for (data, id) in ranges {
                        let dataString = String(decoding: UnsafeBufferPointer(rebasing: buffer[data]), as: UTF8.self)
                        let idString = String(decoding: UnsafeBufferPointer(rebasing: buffer[id]), as: UTF8.self)
                        dataBytes &+= dataString.utf8.count &+ idString.utf8.count
                    }
                    return dataBytes > 0 ? ranges.count : 0
                }
            },
            peer: nil)
    }

    /// Events (with their data Strings) taken with `next()` after each chunk (copied into the decoder).
    static func decodePulling(_ chunks: [[UInt8]]) -> Int {
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
        decoder.finish()
        return dataBytes > 0 ? events : 0
    }

    /// Events lent to a closure by `feed(_:onItem:)`, each made into Strings (`view.event`).
    static func decodePushing(_ chunks: [[UInt8]]) -> Int {
        var decoder = SSEDecoder()
        var events = 0
        var dataBytes = 0
        for chunk in chunks {
            // do/catch inside the closure: a typed-throws closure here crashes the 6.3 optimizer (SIL inliner).
            let failed = chunk.withUnsafeBytes { raw in
                do throws(SSEDecodingError) {
                    try decoder.feed(raw, onItem: { item in
                        if case let .event(view) = item {
                            let event = view.event
                            events += 1
                            dataBytes &+= event.data.utf8.count
                        }
                    })
                    return false
                } catch {
                    return true
                }
            }
            if failed { return -1 }
        }
        do throws(SSEDecodingError) { try decoder.finish(onItem: { _ in }) } catch { return -1 }
        return dataBytes > 0 ? events : 0
    }

    /// Events lent as UTF-8 views by `feed(_:onItem:)`.
    static func decodeLending(_ chunks: [[UInt8]]) -> Int {
        var decoder = SSEDecoder()
        var events = 0
        var dataBytes = 0
        for chunk in chunks {
            let failed = chunk.withUnsafeBytes { raw in
                do throws(SSEDecodingError) {
                    try decoder.feed(raw, onItem: { item in
                        if case let .event(event) = item {
                            events += 1
                            dataBytes &+= event.data.count
                        }
                    })
                    return false
                } catch {
                    return true
                }
            }
            if failed { return -1 }
        }
        do throws(SSEDecodingError) { try decoder.finish(onItem: { _ in }) } catch { return -1 }
        return dataBytes > 0 ? events : 0
    }
}

/// The body's chunks as the `AsyncSequence` of byte slices that swift-openapi-runtime consumes (an HTTP body).
struct ChunkSequence: AsyncSequence, Sendable {
    typealias Element = ArraySlice<UInt8>
    let chunks: [[UInt8]]

    struct AsyncIterator: AsyncIteratorProtocol {
        let chunks: [[UInt8]]
        var index = 0
        mutating func next() async -> ArraySlice<UInt8>? {
            guard index < chunks.count else { return nil }
            defer { index += 1 }
            return chunks[index][...]
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: chunks) }
}
