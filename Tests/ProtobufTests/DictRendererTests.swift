import Codecs
import Protobuf
import XCTest

/// MessageToDict equivalence. Expected JSON texts are the reference's output (python `protobuf` 7.36.2,
/// `MessageToDict(..., preserving_proto_field_name=True)`, floats printed with Python's repr), recorded by the
/// probes in Tests/Differential/Protobuf/ and the example in shared/service-profiles.md §1.4.
final class DictRendererTests: XCTestCase {
    static let centralExample = "0a056576742d31120f2f2f63656e7472616c2f61756469741a03312e30220b61756469742d747261696c428b010a29747970652e676f6f676c65617069732e636f6d2f6175646974747261696c2e4175646974547261696c125e0a03742d311080d0eab6b7331a065550444154452206636f6e666967420b0a04736974651203732d315205666972737462037376636a271a2512230a0e0a047373696412061a04636f72700a110a04766c616e120911000000000000244052146170706c69636174696f6e2f70726f746f627566"

    func testCentralExampleGivesTheCallbackDict() throws {
        let event = try CloudEventView.decode(hex(Self.centralExample))
        let trail = try AuditTrailView.decode(try XCTUnwrap(event.protoData).value)
        var writer = JSONWriter()
        try DictRenderer.write(trail, into: &writer)
        // The reference prints the Struct keys in hash order (vlan, ssid); ours are in wire order.
        XCTAssertEqual(writer.string, #"{"tenant_id":"t-1","occurred_on":"1767225600000","action":"UPDATE","category":"config","scope_info":{"scope_type":"site","scope_ids":["s-1"]},"description":"first","service_name":"svc","log_details":{"changed_json":{"after_transaction":{"ssid":"corp","vlan":10.0}}}}"#)
        XCTAssertEqual(event.id.string, "evt-1")
        XCTAssertEqual(try XCTUnwrap(event.protoData).typeName.string, "audittrail.AuditTrail")
    }

    func testNumbersPrintAsPythonRepr() {
        let table: [(Double, String)] = [
            (10.0, "10.0"), (1e-5, "1e-05"), (1e16, "1e+16"), (1e15, "1000000000000000.0"), (-0.0, "-0.0"),
            (0.0, "0.0"), (Double.leastNonzeroMagnitude, "5e-324"), (123456789012345678.0, "1.2345678901234568e+17"), (0.1, "0.1"),
            (0.0001, "0.0001"), (9.1e15, "9100000000000000.0"), (1.5e300, "1.5e+300"), (-2.5, "-2.5"),
            (1.7976931348623157e308, "1.7976931348623157e+308"), (123.456, "123.456"),
        ]
        for (value, expected) in table {
            XCTAssertEqual(PythonFloatFormat.string(value), expected)
        }
    }

    func testTimestampsUseTheReferenceFractionRules() {
        let table: [(Int64, Int32, String?)] = [
            (0, 0, "1970-01-01T00:00:00Z"), (1, 500_000_000, "1970-01-01T00:00:01.500Z"),
            (1, 1000, "1970-01-01T00:00:01.000001Z"), (1, 1, "1970-01-01T00:00:01.000000001Z"),
            (-1, 0, "1969-12-31T23:59:59Z"), (-62_135_596_800, 0, "0001-01-01T00:00:00Z"),
            (-62_135_596_801, 0, nil), (253_402_300_799, 999_999_999, "9999-12-31T23:59:59.999999999Z"),
            (253_402_300_800, 0, nil), (0, -1, nil), (0, 1_000_000_000, nil),
        ]
        for (seconds, nanos, expected) in table {
            XCTAssertEqual(TimestampFormat.string(seconds: seconds, nanos: nanos), expected, "\(seconds) \(nanos)")
        }
    }

    /// Struct map semantics observed in upb: a repeated key is replaced (not merged); inside one entry a
    /// repeated value merges; a missing key is ""; a missing value is null.
    func testStructMapEntriesFollowUpbSemantics() throws {
        let k = lengthDelimited(0x0A, Array("k".utf8))
        func structOf(_ key: String) -> [UInt8] {
            lengthDelimited(0x2A, lengthDelimited(0x0A, lengthDelimited(0x0A, Array(key.utf8))))
        }
        let table: [(String, [UInt8], String)] = [
            ("duplicate key replaced",
             lengthDelimited(0x0A, k + lengthDelimited(0x12, lengthDelimited(0x1A, Array("x".utf8))))
                + lengthDelimited(0x0A, k + lengthDelimited(0x12, [0x20, 1])), #"{"k":true}"#),
            ("duplicate key not merged",
             lengthDelimited(0x0A, k + lengthDelimited(0x12, structOf("a")))
                + lengthDelimited(0x0A, k + lengthDelimited(0x12, structOf("b"))), #"{"k":{"b":null}}"#),
            ("value repeated inside one entry merges",
             lengthDelimited(0x0A, k + lengthDelimited(0x12, structOf("a")) + lengthDelimited(0x12, structOf("b"))),
             #"{"k":{"a":null,"b":null}}"#),
            ("entry without key", lengthDelimited(0x0A, lengthDelimited(0x12, [0x20, 1])), #"{"":true}"#),
            ("entry without value", lengthDelimited(0x0A, k), #"{"k":null}"#),
        ]
        for (name, bytes, expected) in table {
            var writer = JSONWriter()
            try DictRenderer.write(try StructView.decode(ProtobufBytes(bytes)), into: &writer)
            XCTAssertEqual(writer.string, expected, name)
        }
    }

    func testNonFiniteNumbersFailLikeTheReference() throws {
        for bits in [Double.nan.bitPattern, Double.infinity.bitPattern, (-Double.infinity).bitPattern] {
            var bytes: [UInt8] = [0x11]
            withUnsafeBytes(of: bits.littleEndian) { bytes.append(contentsOf: $0) }
            let value = try ValueView.decode(ProtobufBytes(bytes))
            var writer = JSONWriter()
            XCTAssertThrowsError(try DictRenderer.write(value, into: &writer)) { error in
                XCTAssertEqual((error as? ProtobufError)?.code, "non-finite-number")
            }
        }
    }
}

func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
        index = next
    }
    return bytes
}
