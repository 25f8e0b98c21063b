import Codecs
import Testing
import WSFrame

/// WebSocket, client role: 1,000 unmasked 32-byte text frames in 64 KiB reads, through the decoder's three styles
/// and through `WebSocketConnection`.
@Suite struct WSFrameAllocationTests {
    static let stream: [UInt8] = {
        var stream: [UInt8] = []
        let payload = Array("{\"event\":\"state\",\"id\":42,\"v\":1}".utf8)
        payload.withUnsafeBytes { raw in
            for _ in 0..<1_000 { WebSocketEncoder.writeFrame(opcode: .text, payload: raw, maskingKey: nil, into: &stream) }
        }
        return stream
    }()

    static func forEachRead(_ body: (UnsafeRawBufferPointer) -> Void) {
        stream.withUnsafeBytes { all in
            var start = 0
            while start < all.count {
                let end = min(all.count, start + (64 << 10))
                body(UnsafeRawBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
    }

    @Test(.enabled(if: AllocationBudget.isCounting))
    func webSocketDecoderAllocatesWithinItsThresholds() throws {
        var budget = AllocationBudget(codec: "ws")
        budget.measure("1k 32 B text frames, decoder next { view }") {
            var decoder = WebSocketDecoder(WebSocketDecoder.Configuration(role: .client))
            var sum = 0
            Self.forEachRead { read in
                decoder.feed(read)
                while let size = try? decoder.next({ $0.payload.count }) { sum &+= size }
            }
            return sum
        }
        budget.measure("1k 32 B text frames, decoder next() owned") {
            var decoder = WebSocketDecoder(WebSocketDecoder.Configuration(role: .client))
            var sum = 0
            Self.forEachRead { read in
                decoder.feed(read)
                while let event = try? decoder.next() {
                    if case .message(.text(let text)) = event { sum &+= text.utf8.count }
                }
            }
            return sum
        }
        budget.measure("1k 32 B text frames, decoder feed(onItem:)") {
            var decoder = WebSocketDecoder(WebSocketDecoder.Configuration(role: .client))
            var sum = 0
            Self.forEachRead { read in try? decoder.feed(read) { sum &+= $0.payload.count } }
            return sum
        }
        budget.measure("1k 32 B text frames, connection next { view }") {
            var connection = WebSocketConnection(role: .client, now: .zero)
            var sum = 0
            Self.forEachRead { read in
                connection.feed(read, now: .zero)
                while let size = try? connection.next({ $0.payload.count }) { sum &+= size }
            }
            return sum
        }
        budget.measure("1k 32 B text frames, connection feed(now:onItem:)") {
            var connection = WebSocketConnection(role: .client, now: .zero)
            var sum = 0
            Self.forEachRead { read in try? connection.feed(read, now: .zero) { sum &+= $0.payload.count } }
            return sum
        }
        try budget.check()
    }
}
