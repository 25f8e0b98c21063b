import Codecs
import Foundation
import XCTest

final class JSONWriterTests: XCTestCase {
    func written(_ body: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        body(&writer)
        return writer.string
    }

    /// RFC 8259 §7: quotation mark, reverse solidus and U+0000–U+001F must be escaped; the two-character forms
    /// where they exist, `\u00XX` otherwise. U+2028/U+2029 are escaped too (JavaScript line terminators).
    func testStringEscapesPerRFC8259Section7() {
        let vectors: [(String, String)] = [
            ("plain", #""plain""#),
            ("\"", #""\"""#),
            ("\\", #""\\""#),
            ("/", #""/""#),
            ("\u{08}\u{0C}\n\r\t", #""\b\f\n\r\t""#),
            ("\u{00}", #""\u0000""#),
            ("\u{01}\u{1F}", #""\u0001\u001f""#),
            ("\u{7F}", "\"\u{7F}\""),
            ("a\u{2028}b\u{2029}c", #""a\u2028b\u2029c""#),
            ("\u{2027}\u{202A}", "\"\u{2027}\u{202A}\""),
            ("é東😀", "\"é東😀\""),
            ("end\\", #""end\\""#),
        ]
        for (input, expected) in vectors {
            XCTAssertEqual(written { $0.string(input) }, expected, input.debugDescription)
        }
    }

    func testEveryControlCharacterIsEscapedAndRoundTripsThroughJSONSerialization() throws {
        let all = String(String.UnicodeScalarView((0..<0x80).compactMap(Unicode.Scalar.init)))
        let json = written { $0.beginArray(); $0.string(all); $0.endArray() }
        for byte in json.utf8 { XCTAssertGreaterThanOrEqual(byte, 0x20) }
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
        XCTAssertEqual(decoded, [all])
    }

    func testRandomStringsRoundTripThroughJSONSerialization() throws {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "\"", "\\", "\n", "\u{0}", "\u{1F}", "é", "\u{2028}", "\u{2029}", "東", "😀", "\u{E2}", " "]
        for _ in 0..<500 {
            let value = (0..<Int.random(in: 0...20, using: &generator)).map { _ in
                pieces.randomElement(using: &generator) ?? ""
            }.joined()
            let json = written { $0.beginObject(); $0.key(value); $0.string(value); $0.endObject() }
            let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
            XCTAssertEqual(decoded, [value: value], json)
        }
    }

    func testSeparatorsAndNesting() {
        let json = written { w in
            w.beginObject()
            w.key("a"); w.int(-12)
            w.key("b"); w.beginArray(); w.bool(true); w.null(); w.double(1.5); w.beginObject(); w.endObject(); w.endArray()
            w.key("c"); w.raw("1e+16")
            w.key("d"); w.int(UInt64.max)
            w.key("e"); w.double(.nan)
            w.endObject()
            w.endLine()
            w.beginObject(); w.endObject()
        }
        XCTAssertEqual(json, #"{"a":-12,"b":[true,null,1.5,{}],"c":1e+16,"d":18446744073709551615,"e":null}"# + "\n{}")
    }

    func testUTF8ViewsAreWrittenLikeStrings() {
        let bytes = Array("k\"\u{2028}".utf8)
        let json = bytes.withUnsafeBytes { raw in
            written { w in w.beginObject(); w.key(utf8: raw); w.string(utf8: raw); w.endObject() }
        }
        XCTAssertEqual(json, #"{"k\"\u2028":"k\"\u2028"}"#)
    }

    /// The same RFC 8259 §7 escapes wherever the byte falls in a long string: the writer skips eight bytes at a time
    /// when none needs a look, so each special character is tried at every offset of a 24-byte string, next to
    /// bytes that resemble it (0x20, 0xE2 of "→", 0x7F) but need no escape.
    func testEscapesAreFoundAtEveryOffset() {
        let specials: [(String, String)] = [
            ("\"", #"\""#), ("\\", #"\\"#), ("\u{00}", #"\u0000"#), ("\u{1F}", #"\u001f"#), ("\n", #"\n"#),
            ("\u{2028}", #"\u2028"#), ("\u{2029}", #"\u2029"#), ("→", "→"), (" ", " "), ("\u{7F}", "\u{7F}"),
        ]
        for (special, escaped) in specials {
            for offset in 0..<24 {
                let before = String(repeating: "a", count: offset)
                let after = String(repeating: "b", count: 23 - offset)
                XCTAssertEqual(written { $0.string(before + special + after) }, "\"" + before + escaped + after + "\"",
                               "\(special.debugDescription) at \(offset)")
            }
        }
    }
}
