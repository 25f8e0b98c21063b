import XCTest
import Codecs
@testable import ISYXML

/// Decoded values per XML 1.0 §2.11 (line ends), §3.3.3 (attribute normalisation), §4.1/§4.6 (references).
final class XMLTextTests: XCTestCase {
    func decodeFirstAttributeAndText(_ xml: String, tolerant: Bool = false) throws -> (String, String) {
        let bytes = Array(xml.utf8)
        return try bytes.withUnsafeBytes { raw in
            try XMLTokenizer.withTokenizer(raw, options: XMLOptions(tolerantAmpersands: tolerant)) {
                (t: inout XMLTokenizer) throws(XMLError) -> (String, String) in
                var attribute = ""
                var text = ""
                while true {
                    switch try t.next() {
                    case .startTag where t.attributeCount > 0:
                        attribute = XMLText.string(raw, t.attribute(0).value, kind: .attribute)
                    case let .text(span):
                        text += XMLText.string(raw, span, kind: .content)
                    case .endOfDocument:
                        return (attribute, text)
                    default: continue
                    }
                }
            }
        }
    }

    func testReferencesLineEndsAndAttributeNormalisation() throws {
        let vectors: [(String, String, String)] = [
            ("<a b='x'>y</a>", "x", "y"),
            ("<a b='&lt;&amp;&gt;&quot;&apos;'>&lt;&amp;&gt;&quot;&apos;</a>", "<&>\"'", "<&>\"'"),
            ("<a b='&#65;&#x42;&#x20AC;&#x1F600;'>&#65;&#x42;&#x20AC;&#x1F600;</a>", "AB€😀", "AB€😀"),
            ("<a b='x\ty\nz\r\nw\rv'>x\ty\nz\r\nw\rv</a>", "x y z w v", "x\ty\nz\nw\nv"),
            ("<a b='&#9;&#10;&#13;'>&#13;</a>", "\t\n\r", "\r"),
            ("<a b='é'>é</a>", "é", "é"),
        ]
        for (xml, attribute, text) in vectors {
            let (gotAttribute, gotText) = try decodeFirstAttributeAndText(xml)
            XCTAssertEqual(gotAttribute, attribute, xml)
            XCTAssertEqual(gotText, text, xml)
        }
    }

    func testTolerantModeKeepsStrayAmpersandsLiterally() throws {
        let (attribute, text) = try decodeFirstAttributeAndText("<a b='1&2&amp;'>NUM.107=24&VAL.111=1&foo;&#65;</a>", tolerant: true)
        XCTAssertEqual(attribute, "1&2&")
        XCTAssertEqual(text, "NUM.107=24&VAL.111=1&foo;A")
    }

    func testVerbatimSpansAreExactlyThoseNeedingNoDecoding() throws {
        let xml = Array("<a p='x' q='a&amp;b' r='t\tu'>plain<b/>a&amp;b<c/>x\r\ny</a>".utf8)
        let flags: [Bool] = try xml.withUnsafeBytes { raw in
            try XMLTokenizer.withTokenizer(raw) { (t: inout XMLTokenizer) throws(XMLError) -> [Bool] in
                var out: [Bool] = []
                while true {
                    switch try t.next() {
                    case .startTag where t.attributeCount == 3:
                        out += (0..<3).map { t.attribute($0).value.isVerbatim }
                    case let .text(span): out.append(span.isVerbatim)
                    case .endOfDocument: return out
                    default: continue
                    }
                }
            }
        }
        XCTAssertEqual(flags, [true, false, false, true, false, false])
    }
}
