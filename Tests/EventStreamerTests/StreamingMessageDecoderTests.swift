import Codecs
import EventStreamer
import Testing

/// Verdicts and values of single lines, as event-streamer-sdk 0.5.0's models give them (expected values were
/// obtained by running the SDK's pydantic models on the same inputs).
@Suite struct StreamingMessageDecoderTests {
    static func decode(_ line: String) -> Result<StreamingMessage, EventStreamerError> {
        Array(line.utf8).withUnsafeBytes { raw in
            Result { () throws(EventStreamerError) in try StreamingMessageDecoder().decode(raw) }
        }
    }

    static func heartbeat(subscriptionID: String) -> String {
        #"{"type":"heartbeat","connection_id":"c","subscription_id":\#(subscriptionID),"timestamp":"t"}"#
    }

    static func errorMessage(recoverable: String) -> String {
        #"{"type":"error","connection_id":"c","subscription_id":1,"error_code":"X","error_message":"m","timestamp":"t","recoverable":\#(recoverable)}"#
    }

    /// pydantic lax `int`: what the SDK accepts for `subscription_id`, and the value it keeps (nil: rejected).
    @Test(arguments: [
        ("5", "5"), ("true", "1"), ("false", "0"), ("5.0", "5"), ("5.5", nil), (#""5""#, "5"), (#"" 5 ""#, "5"),
        (#""5.0""#, "5"), (#""5.00""#, "5"), (#""5.10""#, nil), (#""1_000""#, "1000"), (#""+5""#, "5"),
        (#""-5""#, "-5"), (#""0x10""#, nil), ("1180591620717411303424", "1180591620717411303424"),
        (#""1180591620717411303424""#, "1180591620717411303424"), ("null", nil), (#""""#, nil), ("1e20", nil),
        (#""1e3""#, nil), (#"" 5\n""#, "5"), (#""05""#, "5"), (#""5.""#, nil), (#""-0""#, "0"), ("-0", "0"),
        ("9.2e18", "9200000000000000000"), ("9.3e18", nil), ("-0.0", "0"), (#""_5""#, nil), (#""5_""#, nil),
        (#""1__0""#, nil), (#""1_0.0""#, "10"), (#""\u00a05""#, "5"), (#""\uff15""#, nil), (#""+""#, nil),
        (#"".0""#, nil), (#""0.0""#, "0"), ("[]", nil), ("{}", nil),
    ] as [(String, String?)])
    func integerFieldsFollowPydanticLaxRules(json: String, expected: String?) {
        switch Self.decode(Self.heartbeat(subscriptionID: json)) {
        case let .success(.heartbeat(heartbeat)): #expect(heartbeat.subscriptionID.text == expected, "\(json)")
        case let .failure(error):
            #expect(expected == nil, "\(json): \(error)")
            #expect(error.code == "message-invalid-field")
        default: Issue.record("not a heartbeat")
        }
    }

    /// pydantic lax `bool` for `recoverable`.
    @Test(arguments: [
        ("true", true), ("false", false), ("1", true), ("0", false), ("2", nil), ("1.0", true), ("0.0", false),
        ("0.5", nil), (#""true""#, true), (#""True""#, true), (#""TRUE""#, true), (#""yes""#, true),
        (#""on""#, true), (#""t""#, true), (#""y""#, true), (#""1""#, true), (#""0""#, false), (#""no""#, false),
        (#""off""#, false), (#""f""#, false), (#""n""#, false), (#"" true""#, nil), (#""""#, nil), ("null", nil),
        ("[]", nil), (#""1.0""#, nil),
    ] as [(String, Bool?)])
    func boolFieldsFollowPydanticLaxRules(json: String, expected: Bool?) {
        switch Self.decode(Self.errorMessage(recoverable: json)) {
        case let .success(.error(message)): #expect(message.recoverable == expected, "\(json)")
        case .failure: #expect(expected == nil, "\(json)")
        default: Issue.record("not an error message")
        }
    }

    @Test(arguments: ["5", "5.0", "true", "null", "[]", "{}"])
    func stringFieldsAcceptOnlyStrings(json: String) {
        let line = #"{"type":"heartbeat","connection_id":\#(json),"subscription_id":1,"timestamp":"t"}"#
        #expect((try? Self.decode(line).get()) == nil)
    }

    @Test func recoverableDefaultsToTrue() throws {
        let line = #"{"type":"error","connection_id":"c","subscription_id":1,"error_code":"X","error_message":"m","timestamp":"t"}"#
        guard case let .error(message) = try Self.decode(line).get() else { throw Unexpected() }
        #expect(message.recoverable)
    }

    struct Unexpected: Error {}

    /// Each model's required fields; `type` is what selects the model.
    @Test(arguments: [
        ("heartbeat", ["connection_id", "subscription_id", "timestamp"]),
        ("error", ["connection_id", "subscription_id", "error_code", "error_message", "timestamp"]),
        ("event_batch", ["response_id", "subscription_id", "connection_id", "resume_token", "events", "batch_size", "timestamp", "batch_id"]),
    ])
    func everyRequiredFieldIsRequired(type: String, required: [String]) {
        let values: [String: String] = [
            "connection_id": #""c""#, "subscription_id": "1", "timestamp": #""t""#, "error_code": #""E""#,
            "error_message": #""m""#, "response_id": #""r""#, "resume_token": #""rt""#, "events": "{}",
            "batch_size": "0", "batch_id": #""b""#,
        ]
        let full = required.map { "\"\($0)\":\(values[$0]!)" }
        #expect((try? Self.decode("{\"type\":\"\(type)\"," + full.joined(separator: ",") + "}").get()) != nil)
        for missing in required {
            let line = "{\"type\":\"\(type)\"," + full.filter { !$0.hasPrefix("\"\(missing)\"") }.joined(separator: ",") + "}"
            guard case let .failure(error) = Self.decode(line) else {
                Issue.record("\(type) without \(missing) accepted")
                continue
            }
            #expect(error.kind == .missingField(missing))
        }
    }

    /// What cannot be dispatched is reported, never fatal: the SDK prints "Unknown message type" and goes on.
    @Test(arguments: [
        (#"{"type":"nope"}"#, "message-unknown-type"), (#"{"type":5}"#, "message-unknown-type"),
        (#"{"type":null}"#, "message-unknown-type"), (#"{"type":"Heartbeat"}"#, "message-unknown-type"),
        (#"{"connection_id":"c"}"#, "message-missing-type"), ("[1]", "message-not-object"),
        (#""heartbeat""#, "message-not-object"), ("{\"type\":\"heartbeat\"", "json-unexpected-end"),
        ("[1", "json-unexpected-end"), (#"{"type":"nope","x":NaN}"#, "json-unexpected-byte"),
    ])
    func undispatchableLinesAreReported(line: String, code: String) {
        guard case let .failure(error) = Self.decode(line) else {
            Issue.record("accepted \(line)")
            return
        }
        #expect(error.code == code, "\(line)")
    }

    @Test func eventsMustBeAnObjectOfArraysOfObjects() {
        for events in [#"{"T":{}}"#, #"{"T":[[]]}"#, #"{"T":[1]}"#, #"{"T":null}"#, "[]", #""x""#] {
            let line = #"{"type":"event_batch","response_id":"r","subscription_id":1,"connection_id":"c","resume_token":"rt","events":\#(events),"batch_size":1,"timestamp":"t","batch_id":"b"}"#
            guard case let .failure(error) = Self.decode(line) else {
                Issue.record("accepted events \(events)")
                continue
            }
            #expect(error.code == "message-invalid-field")
        }
    }

    /// Unknown top-level fields are dropped, event fields all kept, duplicates resolved last-wins, integers exact.
    @Test func batchKeepsEveryEventFieldAndDropsUnknownTopLevelFields() throws {
        let line = #"""
        {"type":"event_batch","extra":{"a":1},"response_id":"r1","subscription_id":7,"connection_id":"c1","resume_token":"rt","events":{"Transfer":[{"from":"0xa","value":"1000000000000000000","block_number":19000001,"transaction_hash":"0xh","log_index":0,"address":"0xA","amount":123456789012345678901234567890,"extra":{"k":[true,null]}}],"Approval":[],"Transfer":[{"block_number":2,"log_index":1}]},"batch_size":1,"timestamp":"2024-05-23T10:30:00.000Z","batch_id":"b1","batch_id":"b2"}
        """#
        guard case let .eventBatch(batch) = try Self.decode(line).get() else { throw Unexpected() }
        #expect(batch.batchID == "b2")
        #expect(batch.subscriptionID.int64 == 7)
        #expect(batch.events.map(\.name) == ["Transfer", "Approval"])
        #expect(batch.events[0].events.count == 1)
        #expect(batch.events[0].events[0].blockNumber == 2)
        #expect(batch.events[0].events[0].logIndex == 1)
        let singleLine = #"""
        {"type":"event_batch","response_id":"r1","subscription_id":7,"connection_id":"c1","resume_token":"rt","events":{"Transfer":[{"from":"0xa","value":"1000000000000000000","block_number":19000001,"transaction_hash":"0xh","log_index":0,"address":"0xA","amount":123456789012345678901234567890,"extra":{"k":[true,null]}}]},"batch_size":1,"timestamp":"t","batch_id":"b1"}
        """#
        let first = try #require(try? Self.decode(singleLine).get())
        guard case let .eventBatch(single) = first else { throw Unexpected() }
        let event = single.events[0].events[0]
        #expect(event.fields.map(\.key) == ["from", "value", "block_number", "transaction_hash", "log_index", "address", "amount", "extra"])
        #expect(event.blockNumber == 19000001)
        #expect(event.transactionHash == "0xh")
        #expect(event.address == "0xA")
        #expect(event.timestamp == nil)
        #expect(event["amount"] == .number(JSONNumber(literal: "123456789012345678901234567890")!))
    }

    /// The encoder writes lines the decoder (and the SDK) read back to the same message.
    @Test func encodedMessagesDecodeToThemselves() throws {
        let event = StreamingEvent(fields: [
            JSONMember("from", .string("0x1")), JSONMember("value", .number(JSONNumber(literal: "99999999999999999999")!)),
            JSONMember("block_number", .number(JSONNumber(19000001))), JSONMember("note", .string("é\n\"€😀")),
        ])
        let messages: [StreamingMessage] = [
            .heartbeat(StreamingHeartbeat(connectionID: "c", subscriptionID: JSONNumber(3), timestamp: "t")),
            .error(StreamingErrorMessage(connectionID: "c", subscriptionID: JSONNumber(3), errorCode: "E", errorMessage: "m", timestamp: "t", recoverable: false)),
            .eventBatch(StreamingEventBatch(
                responseID: "r", subscriptionID: JSONNumber(3), connectionID: "c", resumeToken: "rt",
                events: [StreamingEventGroup(name: "Transfer", events: [event, event])], batchSize: JSONNumber(2),
                timestamp: "t", batchID: "b")),
        ]
        var encoder = StreamingMessageEncoder()
        for message in messages {
            let line = encoder.encode(message)
            #expect(line.last == UInt8(ascii: "\n"))
            let decoded = try line.dropLast().withUnsafeBytes { raw throws(EventStreamerError) in
                try StreamingMessageDecoder().decode(raw)
            }
            #expect(decoded == message)
        }
    }
}
