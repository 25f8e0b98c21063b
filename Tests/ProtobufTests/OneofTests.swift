import Codecs
import Protobuf
import XCTest

/// The CloudEvent `data` oneof and `proto_data` merging. Inputs and expected outputs were observed with the
/// reference (python protobuf 7.36.2, pycentral's decode path: `AuditTrail.ParseFromString(event.proto_data.value)`
/// then `MessageToDict`; envelope: `MessageToDict` after `ClearField("proto_data")`).
final class OneofTests: XCTestCase {
    static let vectors: [(name: String, hex: String, data: String, envelope: String)] = [
        ("text_data between two proto_data: only the last proto_data counts",
         "420d120b0a01411a065550444154453a0174420d120b0a01422206636f6e666967",
         #"{"tenant_id":"B","category":"config"}"#, "{}"),
        ("two proto_data merge; Any.value is a scalar, so the last wins",
         "420d120b0a01411a06555044415445420d120b0a01422206636f6e666967",
         #"{"tenant_id":"B","category":"config"}"#, "{}"),
        ("text_data after proto_data replaces it",
         "420d120b0a01411a065550444154453a0174", "{}", #"{"text_data":"t"}"#),
        ("proto_data after text_data replaces it",
         "3a0174420d120b0a01411a06555044415445", #"{"tenant_id":"A","action":"UPDATE"}"#, "{}"),
        ("a later proto_data with only a type URL keeps the earlier value",
         "420d120b0a01411a0655504441544542030a0178", #"{"tenant_id":"A","action":"UPDATE"}"#, "{}"),
    ]

    func testDataOneofAndProtoDataMergeFollowTheReference() throws {
        for vector in Self.vectors {
            let event = try CloudEventView.decode(hex(vector.hex))
            let trail = try AuditTrailView.decode(event.protoData?.value ?? ProtobufBytes([]))
            var writer = JSONWriter()
            try DictRenderer.write(trail, into: &writer)
            XCTAssertEqual(writer.string, vector.data, vector.name)
            writer.reset()
            try DictRenderer.writeEnvelope(event, into: &writer)
            XCTAssertEqual(writer.string, vector.envelope, vector.name)
        }
    }
}
