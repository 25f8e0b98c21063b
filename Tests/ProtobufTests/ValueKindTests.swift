import Codecs
import Protobuf
import XCTest

/// `google.protobuf.Value.kind` read in one scan keeps protobuf's oneof rules: the member set last wins, a member
/// with a wrong wire type is an unknown field, and a Struct or ListValue member occurring several times after the
/// last other member merges (the encoding guide's "last one wins / messages merge"). Rendered as MessageToDict's
/// plain JSON.
final class ValueKindTests: XCTestCase {
    static let number = [0x11] + withUnsafeBytes(of: Double(2.5).bitPattern.littleEndian, Array.init)
    static func string(_ text: String) -> [UInt8] { lengthDelimited(0x1A, Array(text.utf8)) }
    /// A Struct member holding one entry `key: true`.
    static func object(_ key: String) -> [UInt8] {
        lengthDelimited(0x2A, lengthDelimited(0x0A, lengthDelimited(0x0A, Array(key.utf8)) + lengthDelimited(0x12, [0x20, 1])))
    }

    static let vectors: [(name: String, bytes: [UInt8], json: String)] = [
        ("no member", [], "null"),
        ("null_value", [0x08, 0x00], "null"),
        ("number then string: the string", number + string("s"), #""s""#),
        ("string then number: the number", string("s") + number, "2.5"),
        ("bool_value", [0x20, 0x01], "true"),
        ("bool then null: null", [0x20, 0x01, 0x08, 0x00], "null"),
        ("string_value with a varint wire type is unknown", [0x18, 0x05] + number, "2.5"),
        ("two struct_value occurrences merge", object("a") + object("b"), #"{"a":true,"b":true}"#),
        ("a struct_value before another member is dropped", object("a") + number + object("b"), #"{"b":true}"#),
        ("list_value", lengthDelimited(0x32, lengthDelimited(0x0A, [0x20, 1]) + lengthDelimited(0x0A, [0x08, 0])),
         "[true,null]"),
        ("two list_value occurrences merge", lengthDelimited(0x32, lengthDelimited(0x0A, [0x20, 1]))
            + lengthDelimited(0x32, lengthDelimited(0x0A, [0x20, 0])), "[true,false]"),
        ("struct after list: the struct", lengthDelimited(0x32, lengthDelimited(0x0A, [0x20, 1])) + object("k"),
         #"{"k":true}"#),
    ]

    func testValueKindFollowsOneofAndMergeRules() throws {
        for vector in Self.vectors {
            var writer = JSONWriter()
            try DictRenderer.write(try ValueView.decode(ProtobufBytes(vector.bytes)), into: &writer)
            XCTAssertEqual(writer.string, vector.json, vector.name)
        }
    }
}
