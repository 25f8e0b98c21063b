import Codecs
import EventStreamer
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

    @Test func everyChunkingGivesTheSameItems() {
        let whole = Self.decode(Self.body, chunks: [])
        #expect(Self.decode(Self.body, chunks: Array(repeating: 1, count: Self.body.count)) == whole)
        for split in stride(from: 0, through: Self.body.count, by: 1) {
            #expect(Self.decode(Self.body, chunks: [split]) == whole, "split at \(split)")
        }
        var generator = SplitMix64(seed: 7)
        for _ in 0..<50 {
            let chunks = (0..<Self.body.count).map { _ in Int(generator.next() % 40) + 1 }
            #expect(Self.decode(Self.body, chunks: chunks) == whole)
        }
    }
}

/// Deterministic generator for reproducible random splits.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
