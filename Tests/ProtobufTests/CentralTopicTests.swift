import Codecs
import Foundation
import Protobuf
import XCTest

/// The seven generated topics against the reference: Vectors/central-topic-vectors.ndjson holds CloudEvents and
/// what pycentral 2.0a25's own `_pb2` modules on python protobuf 6.33.5 (upb) hand the callback
/// (`MessageToDict(..., preserving_proto_field_name=True)`, json.dumps with Python's float repr), or null when the
/// reference raises (Vectors/make_central_topic_vectors.py; one vector per rule of issue 19).
final class CentralTopicTests: XCTestCase {
    struct Vector: Decodable {
        let topic: String
        let name: String
        let hex: String
        let expected: String?
    }

    static func vectors() throws -> [Vector] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Vectors/central-topic-vectors.ndjson")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Vector.self, from: Data($0.utf8)) }
    }

    /// Our output for one CloudEvent, or nil when the decoder or renderer fails.
    static func render(_ bytes: [UInt8], topic: String) -> String? {
        do {
            let event = try CloudEventView.decode(bytes, limits: .pycentralRuntime)
            let view = try CentralTopicDecoder.decode(event.protoData, topic: topic)
            var writer = JSONWriter()
            try CentralDictRenderer.write(view, into: &writer)
            return writer.string
        } catch {
            return nil
        }
    }

    func testVectorsMatchThePycentralReference() throws {
        let vectors = try Self.vectors()
        XCTAssertEqual(vectors.count, 63)
        for vector in vectors {
            XCTAssertEqual(Self.render(hex(vector.hex), topic: vector.topic), vector.expected,
                           "\(vector.topic): \(vector.name)")
        }
    }

    /// The check above can fail: each accepted vector loses its last byte (a truncated CloudEvent or inner
    /// message), and the result is then no longer the expected dict.
    func testBrokenVectorsDoNotMatch() throws {
        for vector in try Self.vectors() {
            guard let expected = vector.expected, expected != "{}" else { continue }
            let broken = Array(hex(vector.hex).dropLast())
            XCTAssertNotEqual(Self.render(broken, topic: vector.topic), expected, "\(vector.topic): \(vector.name)")
        }
    }

    func testEveryNonAuditTopicHasAGeneratedDecoder() {
        XCTAssertEqual(Set(CentralTopicDecoder.topics), [
            "location", "rssi-events", "geofence", "ap-events", "clients-events", "switch-events", "alert-events",
        ])
        XCTAssertThrowsError(try CentralTopicDecoder.decode(nil, topic: "audit-trail")) { error in
            XCTAssertEqual((error as? ProtobufError)?.code, "unsupported-topic")
        }
    }

    /// Fields by proto name: a oneof's member, an enum with its name, a packed repeated uint32, a Timestamp.
    func testViewReadsFieldsByName() throws {
        // StreamSwitchMessage{interface_state{operation: 1, timestamp{seconds: 1}, allowed_vlan: [7, 300]}}
        let interface: [UInt8] = [0x08, 0x01, 0x12, 0x02, 0x08, 0x01, 0xCA, 0x01, 0x03, 0x07, 0xAC, 0x02]
        let message = lengthDelimited(0x12, interface)
        let view = try CentralMessageView.decode(ProtobufBytes(message),
                                                 typeName: "network_monitoring.switch.v1.StreamSwitchMessage")
        XCTAssertEqual(view.oneofCase(), "interface_state")
        guard case let .message(state)? = view["interface_state"] else { return XCTFail("no interface_state") }
        XCTAssertEqual(state.typeName, "network_monitoring.switch.v1.Interface")
        guard case let .enumeration(number, name)? = state["operation"] else { return XCTFail("no operation") }
        XCTAssertEqual(number, 1)
        XCTAssertEqual(name, "EVENT_OPERATION_ADD")
        let vlans: [UInt32] = state.values("allowed_vlan").compactMap {
            if case let .uint32(value) = $0 { return value }
            return nil
        }
        XCTAssertEqual(vlans, [7, 300])
        guard case let .timestamp(time)? = state["timestamp"] else { return XCTFail("no timestamp") }
        XCTAssertEqual(time.seconds, 1)
        XCTAssertNil(state["vlan"], "an absent optional field is nil")
        XCTAssertNil(view["switch_state"], "a oneof member not set is nil")
    }
}
