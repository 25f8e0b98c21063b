import Codecs
import EventStreamer
import Foundation

/// Event Streamer NDJSON bodies (100k batches of 1 and 10 events, shaped like the SDK's schema examples): our
/// `EventStreamDecoder` (typed messages, events materialised) and a pull-only reader vs Foundation's `JSONDecoder`
/// into Codable structs of the same messages, and `JSONSerialization`, each splitting the same body into lines.
/// Set `EVENTSTREAMER_BENCH_DUMP=DIR` to write the bodies to DIR (for the simdjson reference in
/// `Benchmarks/simdjson/`).
enum EventStreamerBenchmarks {
    static let suite = BenchmarkSuite(codec: "eventstreamer") {
        let one = body(batches: 100_000, eventsPerBatch: 1)
        let ten = body(batches: 100_000, eventsPerBatch: 10)
        if let directory = ProcessInfo.processInfo.environment["EVENTSTREAMER_BENCH_DUMP"] {
            try? Data(one).write(to: URL(fileURLWithPath: directory).appendingPathComponent("batches-1.ndjson"))
            try? Data(ten).write(to: URL(fileURLWithPath: directory).appendingPathComponent("batches-10.ndjson"))
        }
        return [(one, "1"), (ten, "10")].flatMap { bytes, events in
            let input = pin(bytes)
            let name = "100k batches x \(events) event(s)"
            // Two cases per size, so each contender runs once: typed vs JSONDecoder, pull vs JSONSerialization.
            return [
                BenchmarkCase(codec: "eventstreamer", name: name + " typed", bytes: bytes.count, items: 100_000,
                              ours: decoderContender(input), peer: jsonDecoderContender(input)),
                BenchmarkCase(codec: "eventstreamer", name: name + " typed, feed(onItem:)", bytes: bytes.count,
                              items: 100_000, ours: pushContender(input), peer: jsonDecoderContender(input)),
                BenchmarkCase(codec: "eventstreamer", name: name + " pull", bytes: bytes.count, items: 100_000,
                              ours: pullContender(input), peer: serializationContender(input)),
                BenchmarkCase(codec: "eventstreamer", name: name + " typed values only, no parsing (floor)",
                              bytes: bytes.count, items: 100_000, ours: floorContender(input), peer: nil),
            ]
        }
    }

    /// A stable copy of the input outside any array, so contenders read the same memory.
    static func pin(_ bytes: [UInt8]) -> UnsafeRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        buffer.copyMemory(from: UnsafeRawBufferPointer(start: bytes, count: bytes.count))
        return UnsafeRawBufferPointer(buffer)
    }

    static func body(batches: Int, eventsPerBatch: Int) -> [UInt8] {
        var encoder = StreamingMessageEncoder()
        var output: [UInt8] = []
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
        let digits = Array("0123456789abcdef")
        func hex(_ count: Int) -> String {
            var text = "0x"
            for _ in 0..<count { text.append(digits[Int(next() % 16)]) }
            return text
        }
        for index in 0..<batches {
            var events: [StreamingEvent] = []
            for item in 0..<eventsPerBatch {
                events.append(StreamingEvent(fields: [
                    JSONMember("from", .string(hex(40))),
                    JSONMember("to", .string(hex(40))),
                    JSONMember("value", .string(String(next() % 1_000_000_000_000_000_000))),
                    JSONMember("block_number", .number(JSONNumber(19_000_000 + index))),
                    JSONMember("transaction_hash", .string(hex(64))),
                    JSONMember("log_index", .number(JSONNumber(item))),
                    JSONMember("address", .string("0xA0b86a33E6417b3c4555ba476F04245600306D5D")),
                    JSONMember("timestamp", .string("2024-05-23T10:30:00.000Z")),
                ]))
            }
            let batch = StreamingEventBatch(
                responseID: "550e8400-e29b-41d4-a716-\(String(100_000_000_000 + index))",
                subscriptionID: JSONNumber(123), connectionID: "550e8400-e29b-41d4-a716-446655440000",
                resumeToken: "rt_eyJzdWJzY3JpcHRpb25faWQiOjEyMywi\(index)",
                events: [StreamingEventGroup(name: "Transfer", events: events)], batchSize: JSONNumber(eventsPerBatch),
                timestamp: "2024-05-23T10:30:00.000Z", batchID: "batch_550e8400-e29b-41d4-a716-\(index)")
            output += encoder.encode(.eventBatch(batch))
        }
        return output
    }

    /// Our stream decoder, fed 64 KiB reads as from a socket; every message fully typed.
    static func decoderContender(_ input: UnsafeRawBufferPointer) -> Contender {
        Contender(name: "EventStreamDecoder") {
            var decoder = EventStreamDecoder()
            var counter = BatchCounter()
            forEachRead(input) { read in
                decoder.feed(read)
                while let item = decoder.next() { counter.count(item) }
            }
            decoder.finish()
            while decoder.next() != nil {}
            return counter.result
        }
    }

    /// Our stream decoder's push API on the same 64 KiB reads: complete lines are decoded where they lie.
    static func pushContender(_ input: UnsafeRawBufferPointer) -> Contender {
        Contender(name: "EventStreamDecoder feed(onItem:)") {
            var decoder = EventStreamDecoder()
            var counter = BatchCounter()
            forEachRead(input) { read in decoder.feed(read) { counter.count($0) } }
            decoder.finish { _ in }
            return counter.result
        }
    }

    /// Calls `body` with `input` in 64 KiB reads, as from a socket.
    static func forEachRead(_ input: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var offset = 0
        while offset < input.count {
            let end = min(input.count, offset + 65_536)
            body(UnsafeRawBufferPointer(rebasing: input[offset..<end]))
            offset = end
        }
    }

    /// Counts decoded batches, touching each one's events so the work can't be skipped.
    struct BatchCounter {
        var messages = 0
        var events = 0

        mutating func count(_ item: EventStreamDecoder.Item) {
            if case let .message(.eventBatch(batch), _) = item {
                messages += 1
                events += batch.events[0].events.count
            }
        }

        var result: Int { events > 0 ? messages : 0 }
    }

    /// What any typed decoder of these lines must spend at least: building and freeing the values a typed batch
    /// holds (the first batch's shape: its Strings at their lengths, numbers, member and group arrays), copied from
    /// each line's bytes without parsing. Bounds the typed case's speedup over the Codable peer.
    static func floorContender(_ input: UnsafeRawBufferPointer) -> Contender {
        var first = EventStreamDecoder()
        first.feed(UnsafeRawBufferPointer(rebasing: input[0..<min(input.count, 65_536)]))
        guard case let .message(.eventBatch(template), _)? = first.next() else {
            return Contender(name: "typed values only") { 0 }
        }
        return Contender(name: "typed values only") {
            var messages = 0
            forEachLineBytes(input) { line in
                var offset = 0
                func text(_ model: String) -> String {
                    let count = min(model.utf8.count, line.count &- offset)
                    defer { offset = (offset &+ 1) % max(1, line.count &- 128) }
                    return String(decoding: UnsafeRawBufferPointer(rebasing: line[offset..<(offset &+ count)]), as: UTF8.self)
                }
                func value(_ model: JSONValue) -> JSONValue {
                    switch model {
                    case let .string(string): .string(text(string))
                    case let .number(number): .number(JSONNumber(literal: text(number.text)) ?? number)
                    default: model
                    }
                }
                let groups = template.events.map { group in
                    StreamingEventGroup(name: group.name, events: group.events.map { event in
                        var fields: [JSONMember] = []
                        fields.reserveCapacity(8)
                        for field in event.fields { fields.append(JSONMember(field.key, value(field.value))) }
                        return StreamingEvent(fields: fields)
                    })
                }
                let batch = StreamingEventBatch(
                    responseID: text(template.responseID), subscriptionID: template.subscriptionID,
                    connectionID: text(template.connectionID), resumeToken: text(template.resumeToken), events: groups,
                    batchSize: template.batchSize, timestamp: text(template.timestamp), batchID: text(template.batchID))
                if !batch.events.isEmpty { messages += 1 }
            }
            return messages
        }
    }

    /// Calls `body` with each LF-terminated line's bytes (found with `memchr`, so the floor holds no scanning).
    static func forEachLineBytes(_ input: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        guard let base = input.baseAddress else { return }
        var start = 0
        while start < input.count, let found = memchr(base + start, 0x0A, input.count - start) {
            let end = UnsafeRawPointer(found) - base
            body(UnsafeRawBufferPointer(rebasing: input[start..<end]))
            start = end + 1
        }
    }

    /// The lazy path: frame lines (fed 64 KiB reads, as the typed case) and pull only `type`, `batch_id` and each
    /// event's `block_number`, validating and skipping the rest.
    static func pullContender(_ input: UnsafeRawBufferPointer) -> Contender {
        Contender(name: "JSONReader pull") {
            var framer = NDJSONFramer()
            var messages = 0
            var checksum: Int64 = 0
            var offset = 0
            while offset < input.count {
                let end = min(input.count, offset + 65_536)
                framer.feed(UnsafeRawBufferPointer(rebasing: input[offset..<end]))
                offset = end
                if end == input.count { framer.finish() }
                messages += pullLines(&framer, checksum: &checksum)
            }
            return checksum > 0 ? messages : 0
        }
    }

    /// Pulls every complete line out of `framer`; returns how many were valid batches.
    static func pullLines(_ framer: inout NDJSONFramer, checksum: inout Int64) -> Int {
        var messages = 0
        while let ok = framer.next({ frame -> Bool in
            guard case let .line(line, _, _) = frame else { return false }
            do throws(JSONReaderError) {
                var reader = try JSONReader(line)
                try reader.beginObject()
                while let key = try reader.nextKey() {
                    if key.equals("events") {
                        try reader.beginObject()
                        while try reader.nextKey() != nil {
                            try reader.beginArray()
                            while try reader.nextElement() {
                                try reader.beginObject()
                                while let field = try reader.nextKey() {
                                    if field.equals("block_number") { checksum &+= try reader.readInt64() } else {
                                        try reader.skipValue()
                                    }
                                }
                            }
                        }
                    } else if key.equals("batch_id") {
                        checksum &+= Int64(try reader.readString().rawBytes.count)
                    } else {
                        try reader.skipValue()
                    }
                }
                try reader.finish()
                return true
            } catch {
                return false
            }
        }) {
            if ok { messages += 1 }
        }
        return messages
    }

    struct CodableEvent: Decodable {
        let from: String
        let to: String
        let value: String
        let block_number: Int
        let transaction_hash: String
        let log_index: Int
        let address: String
        let timestamp: String?
    }

    struct CodableBatch: Decodable {
        let type: String
        let response_id: String
        let subscription_id: Int
        let connection_id: String
        let resume_token: String
        let events: [String: [CodableEvent]]
        let batch_size: Int
        let timestamp: String
        let batch_id: String
    }

    /// Calls `body` with each LF-terminated line as `Data` (Foundation's decoders take `Data`).
    static func forEachLine(_ input: UnsafeRawBufferPointer, _ body: (Data) -> Void) {
        var start = 0
        var index = 0
        while index < input.count {
            if input[index] == 0x0A {
                body(Data(UnsafeRawBufferPointer(rebasing: input[start..<index])))
                start = index + 1
            }
            index += 1
        }
    }

    static func jsonDecoderContender(_ input: UnsafeRawBufferPointer) -> Contender {
        Contender(name: "JSONDecoder (Codable)") {
            let decoder = JSONDecoder()
            var messages = 0
            forEachLine(input) { line in
                if let batch = try? decoder.decode(CodableBatch.self, from: line), !batch.events.isEmpty { messages += 1 }
            }
            return messages
        }
    }

    static func serializationContender(_ input: UnsafeRawBufferPointer) -> Contender {
        Contender(name: "JSONSerialization") {
            var messages = 0
            forEachLine(input) { line in
                if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any], object["events"] != nil {
                    messages += 1
                }
            }
            return messages
        }
    }
}
