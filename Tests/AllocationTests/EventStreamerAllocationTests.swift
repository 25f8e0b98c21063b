import Codecs
import EventStreamer
import Testing

/// Event Streamer: 200 NDJSON lines (batches of one Transfer event and heartbeats) in 64 KiB reads, typed, and the
/// shared `JSONReader` pull reader skipping every value.
@Suite struct EventStreamerAllocationTests {
    static let body: [UInt8] = {
        var text = ""
        for index in 0..<200 {
            if index % 10 == 9 {
                text += #"{"type":"heartbeat","connection_id":"c-1","subscription_id":123,"timestamp":"2024-05-23T10:30:00.000Z"}"# + "\n"
            } else {
                text += #"{"type":"event_batch","response_id":"r-\#(index)","subscription_id":123,"connection_id":"c-1","#
                    + #""resume_token":"rt_\#(index)","events":{"Transfer":[{"from":"0x12","to":"0x09","value":"1000","#
                    + #""block_number":\#(19_000_000 + index),"log_index":0}]}}"# + "\n"
            }
        }
        return Array(text.utf8)
    }()

    @Test(.enabled(if: AllocationBudget.isCounting))
    func eventStreamDecoderAllocatesWithinItsThresholds() throws {
        var budget = AllocationBudget(codec: "eventstreamer")
        budget.measure("200 lines, typed next()") {
            var decoder = EventStreamDecoder()
            var messages = 0
            Self.body.withUnsafeBytes { decoder.feed($0) }
            decoder.finish()
            while let item = decoder.next() { if case .message = item { messages += 1 } }
            return messages
        }
        budget.measure("200 lines, typed feed(onItem:)") {
            var decoder = EventStreamDecoder()
            var messages = 0
            Self.body.withUnsafeBytes { decoder.feed($0) { item in if case .message = item { messages += 1 } } }
            decoder.finish(onItem: { item in if case .message = item { messages += 1 } })
            return messages
        }
        budget.measure("200 lines, JSONReader skipValue") {
            var lines = 0
            Self.body.withUnsafeBytes { all in
                var start = 0
                for index in 0..<all.count where all[index] == 0x0A {
                    let line = UnsafeRawBufferPointer(rebasing: all[start..<index])
                    start = index + 1
                    guard var reader = try? JSONReader(line), (try? reader.skipValue()) != nil,
                          (try? reader.finish()) != nil else { continue }
                    lines += 1
                }
            }
            return lines
        }
        try budget.check()
    }
}
