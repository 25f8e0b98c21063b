import SSE
import Testing

/// SSE: 1,000 typical events (`event`, `id`, ~100-byte JSON data) in 16 KiB chunks, the three delivery styles.
@Suite struct SSEAllocationTests {
    static let chunks: [[UInt8]] = {
        var body: [UInt8] = []
        for count in 0..<1_000 {
            let json = "{\"seq\":\(count),\"device\":\"sensor-\(count % 97)\",\"status\":\"online\","
                + "\"metrics\":{\"temp\":21.5,\"rssi\":-47},\"tags\":[\"a\"]}"
            body += Array("event: update\nid: \(count)\ndata: \(json)\n\n".utf8)
        }
        return stride(from: 0, to: body.count, by: 16 << 10).map { Array(body[$0..<min($0 + (16 << 10), body.count)]) }
    }()

    @Test(.enabled(if: AllocationBudget.isCounting))
    func sseDecoderAllocatesWithinItsThresholds() throws {
        var budget = AllocationBudget(codec: "sse")
        budget.measure("1k typical events, next()") {
            var decoder = SSEDecoder()
            var sum = 0
            for chunk in Self.chunks {
                chunk.withUnsafeBytes { decoder.feed($0) }
                while let item = try? decoder.next() {
                    if case .event(let event) = item { sum &+= event.data.utf8.count }
                }
            }
            decoder.finish()
            return sum
        }
        budget.measure("1k typical events, feed(onItem:) + view.event") {
            var decoder = SSEDecoder()
            var sum = 0
            for chunk in Self.chunks {
                chunk.withUnsafeBytes { raw in
                    try? decoder.feed(raw) { item in
                        if case .event(let view) = item { sum &+= view.event.data.utf8.count }
                    }
                }
            }
            try? decoder.finish(onItem: { _ in })
            return sum
        }
        budget.measure("1k typical events, feed(onItem:) lent views") {
            var decoder = SSEDecoder()
            var sum = 0
            for chunk in Self.chunks {
                chunk.withUnsafeBytes { raw in
                    try? decoder.feed(raw) { item in
                        if case .event(let view) = item { sum &+= view.data.count }
                    }
                }
            }
            try? decoder.finish(onItem: { _ in })
            return sum
        }
        try budget.check()
    }
}
