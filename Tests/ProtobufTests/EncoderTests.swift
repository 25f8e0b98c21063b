import Codecs
import Foundation
import Protobuf
import XCTest

/// The encoder against the reference serializer: Vectors/encoder-vectors.ndjson holds non-canonical CloudEvents
/// and what python protobuf 7.36.2 (upb) re-serializes them to with `deterministic=True`
/// (Tests/Differential/Protobuf/make_encoder_vectors.py).
final class EncoderTests: XCTestCase {
    struct Vector: Decodable {
        let input: String
        let cloudevent: String
        let audittrail: String
    }

    static func vectors() throws -> [Vector] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Vectors/encoder-vectors.ndjson")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Vector.self, from: Data($0.utf8)) }
    }

    func testDecodedMessagesReencodeToTheReferenceDeterministicBytes() throws {
        let vectors = try Self.vectors()
        XCTAssertEqual(vectors.count, 120)
        for (index, vector) in vectors.enumerated() {
            let input = try XCTUnwrap(Base64.decode(vector.input))
            let view = try CloudEventView.decode(input)
            XCTAssertEqual(CloudEvent(view).encoded(), Base64.decode(vector.cloudevent), "vector \(index) CloudEvent")
            let trail = try AuditTrailView.decode(view.protoData?.value ?? ProtobufBytes([]))
            XCTAssertEqual(AuditTrail(trail).encoded(), Base64.decode(vector.audittrail), "vector \(index) AuditTrail")
        }
    }

    func testEncodedModelDecodesToTheSameModel() throws {
        var trail = AuditTrail()
        trail.tenantID = "t-1"
        trail.occurredOn = -1
        trail.scopeInfo = ScopeInfo(scopeType: "site", scopeIDs: ["s-1", ""])
        trail.logDetails = LogDetails(
            changedFields: [ChangedField(fieldLabelKey: "vlan", beforeTransaction: ["10"], afterTransaction: ["20"])],
            impactRadius: [ImpactRadius(context: "site", values: ["d-1"])],
            changedJSON: ChangedJSON(afterTransaction: ProtobufStruct(fields: [
                ("vlan", .number(10)), ("tags", .list([.string("a"), .bool(false), .null, .none])),
                ("nested", .structValue(ProtobufStruct(fields: [("k", .number(-0.0))]))),
            ])))
        let decoded = AuditTrail(try AuditTrailView.decode(trail.encoded()))
        // Struct keys come back in wire (sorted) order; compare after sorting ours the same way.
        var expected = trail
        expected.logDetails?.changedJSON?.afterTransaction?.fields.sort { ProtobufWriter.mapKeyPrecedes($0.key, $1.key) }
        XCTAssertEqual(decoded, expected)
    }

    /// upb's deterministic map order (observed with python protobuf 7.36.2): "B" < "ab" < "a" < "b", and
    /// "aa" < "a" < "z" < U+FFFF < U+1F600.
    func testMapKeysSortAsUpbDeterministicSerialization() {
        let table: [[String]] = [["B", "ab", "a", "b"], ["aa", "a", "z", "\u{FFFF}", "\u{1F600}"]]
        for expected in table {
            XCTAssertEqual(expected.reversed().sorted(by: ProtobufWriter.mapKeyPrecedes), expected)
        }
    }
}
