import Codecs
import Foundation
import Protobuf
import Testing

// The README's "decode a Central message" snippet, verbatim (ReadmeSnippetsMatchTests holds the two equal).
func auditTrailJSON(_ message: [UInt8]) throws(ProtobufError) -> String? {
    let event = try CloudEventView.decode(message)          // validates the whole tree; fields are views
    guard let payload = event.protoData else { return nil }
    let trail = try AuditTrailView.decode(payload.value)    // the topic's message, as pycentral decodes it
    var json = JSONWriter()
    try DictRenderer.write(trail, into: &json)
    return json.string
}

@Suite struct ReadmeSnippetTests {
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/central/service-profile-example")

    /// The snippet prints what python protobuf's MessageToDict printed for the service-profile message (the
    /// fixture's expected output, recorded from the reference; its `data` member is the inner AuditTrail).
    @Test func readmeCentralSnippetPrintsTheReferenceDict() throws {
        let input = try [UInt8](Data(contentsOf: Self.fixture.appendingPathComponent("input.bin")))
        let expectedLine = try String(contentsOf: Self.fixture.appendingPathComponent("expected.ndjson"), encoding: .utf8)
            .trimmingCharacters(in: .newlines)
        let marker = #","data":"#
        let start = try #require(expectedLine.range(of: marker)).upperBound
        let expectedData = String(expectedLine[start...].dropLast())
        #expect(try auditTrailJSON(input) == expectedData)
    }

    /// A CloudEvent without `proto_data` has no inner message (pycentral hands its callback `{}`).
    @Test func readmeCentralSnippetReturnsNilWithoutProtoData() throws {
        var event = CloudEvent()
        event.id = "evt-1"
        #expect(try auditTrailJSON(event.encoded()) == nil)
    }
}
