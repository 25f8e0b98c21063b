import Codecs
import Protobuf
import XCTest

/// Accept/reject vectors for the wire reader. Expected outcomes were observed with the reference, python
/// `protobuf` 7.36.2 on upb (`AuditTrail.FromString`), see Tests/Differential/Protobuf/; AuditTrail field 2 is
/// `int64 occurred_on`, field 1 `string tenant_id`, field 15 unknown.
final class WireReaderTests: XCTestCase {
    /// (name, bytes, expected occurred_on or nil when the reference rejects the message)
    static let varintVectors: [(String, [UInt8], Int64?)] = [
        ("ten bytes, last byte 1", [0x10] + Array(repeating: 0xFF, count: 9) + [0x01], -1),
        ("ten bytes, last byte 2 drops bit 64", [0x10] + Array(repeating: 0xFF, count: 9) + [0x02], Int64.max),
        ("ten bytes, last byte 0x7f keeps bit 63", [0x10] + Array(repeating: 0x80, count: 9) + [0x7F], Int64.min),
        ("eleven bytes", [0x10] + Array(repeating: 0x80, count: 10) + [0x00], nil),
        ("non-minimal five bytes", [0x10, 0x81, 0x80, 0x80, 0x00], 1),
        ("non-minimal ten bytes", [0x10, 0x81] + Array(repeating: 0x80, count: 8) + [0x00], 1),
        ("non-minimal tag", [0x90, 0x00, 0x05], 5),
        ("five-byte tag", [0x90, 0x80, 0x80, 0x80, 0x00, 0x05], 5),
        ("six-byte tag", [0x90, 0x80, 0x80, 0x80, 0x80, 0x00, 0x05], nil),
        ("tag above 2^32-1", [0x90, 0x80, 0x80, 0x80, 0x10, 0x05], nil),
        ("largest field number, unknown", [0xF8, 0xFF, 0xFF, 0xFF, 0x0F, 0x05], 0),
        ("field number 0", [0x00, 0x05], nil),
        ("wire type 6", [0x7E], nil),
        ("wire type 7", [0x7F], nil),
        ("end group without start", [0x7C], nil),
        ("unknown group skipped", [0x7B, 0x08, 0x01, 0x7C], 0),
        ("group closed by another field", [0x7B, 0x08, 0x01, 0x84, 0x01], nil),
        ("group never closed", [0x7B, 0x08, 0x01], nil),
        ("known field as group is unknown", [0x0B, 0x0C], 0),
        ("string field with varint wire type is unknown", [0x08, 0x05], 0),
        ("int64 field with length wire type is unknown", [0x12, 0x01, 0x05], 0),
        ("six-byte length", [0x0A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], nil),
        ("non-minimal length", [0x0A, 0x81, 0x00, 0x61], 0),
        ("length past end", [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07], nil),
        ("length 2^31", [0x0A, 0x80, 0x80, 0x80, 0x80, 0x08], nil),
        ("invalid UTF-8 in string field", [0x0A, 0x01, 0xFF], nil),
        ("invalid UTF-8 in unknown field is fine", [0x7A, 0x01, 0xFF], 0),
        ("surrogate in string field", [0x0A, 0x03, 0xED, 0xA0, 0x80], nil),
        ("fixed64 truncated", [0x79, 1, 2, 3], nil),
        ("unknown fixed32", [0x7D, 1, 2, 3, 4], 0),
        ("last varint wins", [0x10, 0x01, 0x10, 0x02], 2),
    ]

    func testVarintTagLengthAndGroupRulesMatchUpb() {
        for (name, bytes, expected) in Self.varintVectors {
            let result = Result { () throws(ProtobufError) in try AuditTrailView.decode(bytes) }
            switch (result, expected) {
            case let (.success(trail), value?):
                XCTAssertEqual(trail.occurredOn, value, name)
            case (.failure, nil):
                break
            case let (.success, nil):
                XCTFail("\(name): accepted, the reference rejects it")
            case let (.failure(error), _):
                XCTFail("\(name): rejected with \(error), the reference accepts it")
            }
        }
    }

    func testNestingOf100GroupsIsAcceptedAnd101Rejected() {
        for (depth, accepted) in [(100, true), (101, false)] {
            let bytes = Array(repeating: UInt8(0x7B), count: depth) + Array(repeating: UInt8(0x7C), count: depth)
            let result = Result { () throws(ProtobufError) in try AuditTrailView.decode(bytes) }
            if case .success = result { XCTAssertTrue(accepted, "\(depth)") } else { XCTAssertFalse(accepted, "\(depth)") }
        }
    }

    /// Value{list_value{values{…}}} nested n times: 2n sub-messages; upb allows 100.
    func testNestingOf100SubmessagesIsAcceptedAnd101Rejected() {
        func nested(_ levels: Int) -> [UInt8] {
            var value: [UInt8] = []
            for _ in 0..<levels {
                let inner = lengthDelimited(0x0A, value)
                value = lengthDelimited(0x32, inner)
            }
            return value
        }
        XCTAssertNoThrow(try ValueView.decode(ProtobufBytes(nested(50))))
        XCTAssertThrowsError(try ValueView.decode(ProtobufBytes(nested(51)))) { error in
            XCTAssertEqual((error as? ProtobufError)?.code, "recursion-limit-exceeded")
        }
    }

    func testPackedAndUnpackedVarintsBothRead() {
        // Encoding guide, "Packed Repeated Fields": 3, 270, 86942 packed in one record, or one per tag.
        let packed: [UInt8] = [0x22, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05]
        let unpacked: [UInt8] = [0x20, 0x03, 0x20, 0x8E, 0x02, 0x20, 0x9E, 0xA7, 0x05]
        for bytes in [packed, unpacked] {
            var values: [UInt64] = []
            let failure: ProtobufError? = bytes.withUnsafeBytes { raw in
                var reader = WireReader(raw)
                do throws(ProtobufError) {
                    while let tag = try reader.readTag() {
                        XCTAssertEqual(tag.field, 4)
                        try reader.readVarints(wireType: tag.wireType) { values.append($0) }
                    }
                    return nil
                } catch {
                    return error
                }
            }
            XCTAssertNil(failure)
            XCTAssertEqual(values, [3, 270, 86942])
        }
    }

    func testZigzagMatchesTheEncodingGuideTable() {
        let table: [(Int64, UInt64)] = [(0, 0), (-1, 1), (1, 2), (-2, 3), (0x7FFF_FFFF, 0xFFFF_FFFE),
                                        (-0x8000_0000, 0xFFFF_FFFF), (Int64.max, UInt64.max - 1), (Int64.min, UInt64.max)]
        for (signed, encoded) in table {
            XCTAssertEqual(WireReader.zigzagEncode(signed), encoded)
            XCTAssertEqual(WireReader.zigzagDecode(encoded), signed)
        }
    }
}

func lengthDelimited(_ tag: UInt8, _ payload: [UInt8]) -> [UInt8] {
    var out = [tag]
    var length = payload.count
    while length >= 0x80 {
        out.append(UInt8(length & 0x7F) | 0x80)
        length >>= 7
    }
    out.append(UInt8(length))
    return out + payload
}
