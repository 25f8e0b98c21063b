import Codecs
import EventStreamer
import StreamTesting
import Testing

/// A body decodes to the same items under any chunking, with physical line numbers.
@Suite struct EventStreamDecoderTests {
    static let body = Array((
        #"{"type":"heartbeat","connection_id":"c","subscription_id":1,"timestamp":"t1"}"# + "\r\n" +
        "\n" +
        #"{"type":"event_batch","response_id":"r","subscription_id":1,"connection_id":"c","resume_token":"rt","events":{"T":[{"x":"é€😀"}]},"batch_size":1,"timestamp":"t","batch_id":"b"}"# + "\n" +
        "{oops\n" +
        "   \n" +
        #"{"type":"mystery"}"# + "\n" +
        #"{"type":"error","connection_id":"c","subscription_id":1,"error_code":"E","error_message":"m","timestamp":"t"}"#
    ).utf8)

    /// Decodes `body` fed in `chunks` through `feed(_:)` + `next()`, and checks that `feed(_:onItem:)` (lines
    /// decoded in place) gives exactly the same items.
    static func decode(_ body: [UInt8], chunks: [Int]) -> [String] {
        var pulled = EventStreamDecoder()
        var pushed = EventStreamDecoder()
        var out: [String] = []
        var pushedOut: [String] = []
        var start = 0
        var sizes = chunks.makeIterator()
        while start < body.count {
            let end = min(body.count, start + (sizes.next() ?? body.count))
            body[start..<end].withUnsafeBytes { raw in
                pulled.feed(raw)
                pushed.feed(raw) { pushedOut.append(describe($0)) }
            }
            while let item = pulled.next() { out.append(describe(item)) }
            start = end
        }
        pulled.finish()
        while let item = pulled.next() { out.append(describe(item)) }
        pushed.finish { pushedOut.append(describe($0)) }
        #expect(pushedOut == out, "feed(_:onItem:) differs from feed + next for chunks \(chunks.prefix(8))")
        return out
    }

    static func describe(_ item: EventStreamDecoder.Item) -> String {
        switch item {
        case let .message(message, line): "\(line): \(message.type)"
        case let .rejected(error, line): "\(line): \(error.code) @\(error.offset ?? -1)"
        }
    }

    @Test func rejectedLinesCarryPhysicalLineNumbersAndTheStreamGoesOn() {
        #expect(Self.decode(Self.body, chunks: []) == [
            "1: heartbeat", "3: event_batch", "4: json-unexpected-byte @263", "6: message-unknown-type @280", "7: error",
        ])
    }

    @Test func everyChunkingGivesTheSameItems() throws {
        let whole = try ChunkingVerifier.verify(
            Self.body, chunkings: Chunking.standard(for: Self.body.count, randomSeeds: 1...50, maxPiece: 40)
        ) { pieces in Self.decode(Self.body, chunks: pieces.map(\.count)) }
        #expect(whole.count == 5)
    }
}

