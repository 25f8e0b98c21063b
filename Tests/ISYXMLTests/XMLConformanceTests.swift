import XCTest
import Codecs
@testable import ISYXML

/// Well-formedness verdicts from the XML 1.0 (5th ed.) specification, section cited per vector; `nil` = accepted,
/// otherwise the error code expected.
final class XMLConformanceTests: XCTestCase {
    struct Vector {
        let xml: String
        let expected: String?
        let rule: String
    }

    static let strict: [Vector] = [
        Vector(xml: "<a/>", expected: nil, rule: "§3.1 empty-element tag as root"),
        Vector(xml: "<?xml version=\"1.0\"?><a/>", expected: nil, rule: "§2.8 declaration"),
        Vector(xml: "<?xml version='1.0' encoding='UTF-8' standalone='yes'?><a/>", expected: nil, rule: "§2.8 single quotes, all pseudo-attributes"),
        Vector(xml: "<?xml version = \"1.0\"\tencoding\n=\r\n'utf-8' ?>\n<a/>", expected: nil, rule: "§2.8 Eq ::= S? '=' S?"),
        Vector(xml: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", expected: "xml-unsupported-encoding", rule: "subset: UTF-8 only"),
        Vector(xml: "<?xml encoding=\"UTF-8\"?><a/>", expected: "xml-malformed-declaration", rule: "§2.8 VersionInfo required"),
        Vector(xml: "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?><a/>", expected: "xml-malformed-declaration", rule: "§2.8 order of pseudo-attributes"),
        Vector(xml: "<?xml version=\"2.0\"?><a/>", expected: "xml-malformed-declaration", rule: "§2.8 VersionNum ::= '1.' [0-9]+"),
        Vector(xml: " <?xml version=\"1.0\"?><a/>", expected: "xml-malformed-declaration", rule: "§2.8 declaration only at the start"),
        Vector(xml: "<a/><?xml version=\"1.0\"?>", expected: "xml-malformed-declaration", rule: "§2.8 declaration only at the start"),
        Vector(xml: "\u{FEFF}<?xml version=\"1.0\"?><a/>", expected: nil, rule: "§4.3.3 byte order mark"),
        Vector(xml: "", expected: "xml-no-root-element", rule: "§2.1 document ::= prolog element Misc*"),
        Vector(xml: "<!-- c -->  ", expected: "xml-no-root-element", rule: "§2.1 one root element"),
        Vector(xml: "<a/><b/>", expected: "xml-multiple-root-elements", rule: "§2.1 one root element"),
        Vector(xml: "x<a/>", expected: "xml-text-outside-root", rule: "§2.1 no character data in prolog"),
        Vector(xml: "<a/>x", expected: "xml-text-outside-root", rule: "§2.1 Misc only after root"),
        Vector(xml: "<a/> <!-- c --> <?pi d?>\n", expected: nil, rule: "§2.1 Misc after root"),
        Vector(xml: "<a b=\"1\" c='2'/>", expected: nil, rule: "§3.1 AttValue with either quote"),
        Vector(xml: "<a b = \"1\"\n\tc\r\n=\t'2' ></a >", expected: nil, rule: "§3.1 S around Eq and before '>'"),
        Vector(xml: "<a b=\"1\"c=\"2\"/>", expected: "xml-malformed-tag", rule: "§3.1 S required between attributes"),
        Vector(xml: "<a b=1/>", expected: "xml-malformed-attribute", rule: "§3.1 AttValue is quoted"),
        Vector(xml: "<a b/>", expected: "xml-malformed-attribute", rule: "§3.1 Attribute ::= Name Eq AttValue"),
        Vector(xml: "<a b=\"1\" b=\"2\"/>", expected: "xml-duplicate-attribute", rule: "§3.1 WFC Unique Att Spec"),
        Vector(xml: "<a b=\"x<y\"/>", expected: "xml-malformed-attribute", rule: "§3.1 WFC No < in Attribute Values"),
        Vector(xml: "<a b='\"'/>", expected: nil, rule: "§2.3 other quote inside AttValue"),
        Vector(xml: "<a></b>", expected: "xml-mismatched-end-tag", rule: "§3 WFC Element Type Match"),
        Vector(xml: "<a><b></a></b>", expected: "xml-mismatched-end-tag", rule: "§3 WFC Element Type Match"),
        Vector(xml: "<a>", expected: "xml-unexpected-end", rule: "§3 element needs its end tag"),
        Vector(xml: "<a", expected: "xml-unexpected-end", rule: "§3.1 unterminated tag"),
        Vector(xml: "<1a/>", expected: "xml-invalid-name", rule: "§2.3 NameStartChar"),
        Vector(xml: "<-a/>", expected: "xml-invalid-name", rule: "§2.3 NameStartChar"),
        Vector(xml: "<_a.b-c:d9/>", expected: nil, rule: "§2.3 NameChar"),
        Vector(xml: "<é\u{B7}/>", expected: nil, rule: "§2.3 non-ASCII NameStartChar and NameChar"),
        Vector(xml: "<a\u{D7}/>", expected: "xml-malformed-tag", rule: "§2.3 U+00D7 is not a NameChar"),
        Vector(xml: "<a>&lt;&gt;&amp;&quot;&apos;</a>", expected: nil, rule: "§4.6 predefined entities"),
        Vector(xml: "<a>&#65;&#x42;&#x10FFFF;&#9;</a>", expected: nil, rule: "§4.1 character references"),
        Vector(xml: "<a>&#0;</a>", expected: "xml-invalid-character-reference", rule: "§4.1 WFC Legal Character"),
        Vector(xml: "<a>&#xD800;</a>", expected: "xml-invalid-character-reference", rule: "§4.1 WFC Legal Character (surrogate)"),
        Vector(xml: "<a>&#xFFFE;</a>", expected: "xml-invalid-character-reference", rule: "§4.1 WFC Legal Character"),
        Vector(xml: "<a>&#x110000;</a>", expected: "xml-invalid-character-reference", rule: "§4.1 WFC Legal Character"),
        Vector(xml: "<a>&#99999999999999999999;</a>", expected: "xml-invalid-character-reference", rule: "§4.1 WFC Legal Character (overflow)"),
        Vector(xml: "<a b='&#1;'/>", expected: "xml-invalid-character-reference", rule: "§4.1 WFC Legal Character in attribute"),
        Vector(xml: "<a>&foo;</a>", expected: "xml-undefined-entity", rule: "§4.1 WFC Entity Declared"),
        Vector(xml: "<a b='&foo;'/>", expected: "xml-undefined-entity", rule: "§4.1 WFC Entity Declared"),
        Vector(xml: "<a>x & y</a>", expected: "xml-stray-ampersand", rule: "§2.4 '&' only as markup"),
        Vector(xml: "<a>&amp</a>", expected: "xml-stray-ampersand", rule: "§4.1 reference needs ';'"),
        Vector(xml: "<a>&#x;</a>", expected: "xml-stray-ampersand", rule: "§4.1 CharRef needs digits"),
        Vector(xml: "<a>]]></a>", expected: "xml-cdata-end-in-text", rule: "§2.4 ']]>' not in CharData"),
        Vector(xml: "<a>]] ></a>", expected: nil, rule: "§2.4 ']]' alone is fine"),
        Vector(xml: "<a><![CDATA[<x>&amp;]]]></a>", expected: nil, rule: "§2.7 CDATA section"),
        Vector(xml: "<![CDATA[x]]><a/>", expected: "xml-malformed-cdata", rule: "§2.7 CDATA only in content"),
        Vector(xml: "<a><![CDATA[x</a>", expected: "xml-unexpected-end", rule: "§2.7 CDATA needs ']]>'"),
        Vector(xml: "<a><![CDAT[x]]></a>", expected: "xml-malformed-cdata", rule: "§2.7 CDStart"),
        Vector(xml: "<a><!-- x - y --></a>", expected: nil, rule: "§2.5 comment"),
        Vector(xml: "<a><!-- x -- y --></a>", expected: "xml-malformed-comment", rule: "§2.5 '--' not in comments"),
        Vector(xml: "<a><!-- x ---></a>", expected: "xml-malformed-comment", rule: "§2.5 comment may not end '--->'"),
        Vector(xml: "<a><!- x --></a>", expected: "xml-malformed-comment", rule: "§2.5 Comment ::= '<!--'"),
        Vector(xml: "<a><?pi data?></a>", expected: nil, rule: "§2.6 PI"),
        Vector(xml: "<a><?pi?></a>", expected: nil, rule: "§2.6 PI without data"),
        Vector(xml: "<a><?pidata?></a>", expected: nil, rule: "§2.6 PI target is the whole name"),
        Vector(xml: "<a><?XmL x?></a>", expected: "xml-malformed-processing-instruction", rule: "§2.6 target 'xml' reserved in any case"),
        Vector(xml: "<a><? x?></a>", expected: "xml-malformed-processing-instruction", rule: "§2.6 PITarget required"),
        Vector(xml: "<a><?pi x</a>", expected: "xml-unexpected-end", rule: "§2.6 PI needs '?>'"),
        Vector(xml: "<!DOCTYPE a><a/>", expected: "xml-dtd-not-allowed", rule: "subset: no doctypedecl"),
        Vector(xml: "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", expected: "xml-dtd-not-allowed", rule: "subset: no entity declarations"),
        Vector(xml: "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><lolz>&lol2;</lolz>", expected: "xml-dtd-not-allowed", rule: "subset: billion laughs refused"),
        Vector(xml: "<!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a/>", expected: "xml-dtd-not-allowed", rule: "subset: no external entities"),
        Vector(xml: "<a><!ENTITY e \"x\"></a>", expected: "xml-dtd-not-allowed", rule: "markup declarations refused in content"),
        Vector(xml: "<a>\u{01}</a>", expected: "xml-invalid-character", rule: "§2.2 Char excludes C0 controls"),
        Vector(xml: "<a b='\u{1F}'/>", expected: "xml-invalid-character", rule: "§2.2 Char in attributes"),
        Vector(xml: "<a><!--\u{0B}--></a>", expected: "xml-invalid-character", rule: "§2.2 Char in comments"),
        Vector(xml: "<a>\u{FFFF}</a>", expected: "xml-invalid-character", rule: "§2.2 Char excludes U+FFFF"),
        Vector(xml: "<a>\t\r\n\u{10FFFF}</a>", expected: nil, rule: "§2.2 Char includes tab, CR, LF and U+10FFFF"),
        Vector(xml: "</a>", expected: "xml-mismatched-end-tag", rule: "§3 end tag without start"),
    ]

    func verdict(_ bytes: [UInt8], options: XMLOptions = XMLOptions()) -> String? {
        bytes.withUnsafeBytes { raw in
            do throws(XMLError) {
                try XMLTokenizer.withTokenizer(raw, options: options) { (tokenizer: inout XMLTokenizer) throws(XMLError) in
                    while try tokenizer.next() != .endOfDocument {}
                }
                return nil
            } catch {
                return error.code
            }
        }
    }

    func testWellFormednessVerdictsMatchTheXMLSpecification() {
        for vector in Self.strict {
            XCTAssertEqual(verdict(Array(vector.xml.utf8)), vector.expected, "\(vector.rule): \(vector.xml.debugDescription)")
        }
    }

    func testInvalidUTF8IsRefusedAtTheFirstBadByte() {
        let cases: [([UInt8], Int)] = [
            (Array("<a>".utf8) + [0xC0, 0x80] + Array("</a>".utf8), 3),
            (Array("<a b='".utf8) + [0xED, 0xA0, 0x80] + Array("'/>".utf8), 7),
            (Array("<a>".utf8) + [0xE2, 0x82], 3),
        ]
        for (bytes, offset) in cases {
            let error = bytes.withUnsafeBytes { raw -> XMLError? in
                do throws(XMLError) {
                    try XMLTokenizer.withTokenizer(raw) { (t: inout XMLTokenizer) throws(XMLError) in
                        while try t.next() != .endOfDocument {}
                    }
                    return nil
                } catch { return error }
            }
            XCTAssertEqual(error?.code, "xml-invalid-utf8")
            XCTAssertEqual(error?.offset, offset)
        }
    }

    /// Tolerant mode follows pyisyox's repair regex `&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)`.
    func testTolerantModeTakesStrayAmpersandsLiterallyButKeepsInvalidCharacterReferencesFatal() {
        let tolerant = XMLOptions(tolerantAmpersands: true)
        let vectors: [(String, String?)] = [
            ("<a>NUM.107=24&VAL.111=1</a>", nil),
            ("<a>x & y &</a>", nil),
            ("<a>&foo;</a>", nil),
            ("<a b='1&2'/>", nil),
            ("<a>&#x;&#12a;</a>", nil),
            ("<a>&#0;</a>", "xml-invalid-character-reference"),
            ("<a>&#x110000;</a>", "xml-invalid-character-reference"),
            ("<a>& <b></a>", "xml-mismatched-end-tag"),
        ]
        for (xml, expected) in vectors {
            XCTAssertEqual(verdict(Array(xml.utf8), options: tolerant), expected, xml)
        }
    }

    func testLimitsAreEnforcedWithTypedErrors() {
        var limits = XMLLimits()
        limits.maxDepth = 3
        limits.maxAttributes = 2
        limits.maxNameLength = 4
        limits.maxValueLength = 5
        limits.maxDocumentSize = 64
        let options = XMLOptions(limits: limits)
        let vectors: [(String, String?)] = [
            ("<a><b><c/></b></a>", nil),
            ("<a><b><c><d/></c></b></a>", "xml-depth-exceeded"),
            ("<a x='1' y='2'/>", nil),
            ("<a x='1' y='2' z='3'/>", "xml-too-many-attributes"),
            ("<abcd/>", nil),
            ("<abcde/>", "xml-name-too-long"),
            ("<a x='12345'>12345</a>", nil),
            ("<a x='123456'/>", "xml-value-too-long"),
            ("<a>123456</a>", "xml-value-too-long"),
            ("<a>" + String(repeating: " ", count: 60) + "</a>", "xml-document-too-large"),
        ]
        for (xml, expected) in vectors {
            XCTAssertEqual(verdict(Array(xml.utf8), options: options), expected, xml)
        }
    }

    func testTokensOfADocumentInOrder() throws {
        let xml = Array("<?xml version=\"1.0\"?><!--c--><r a=\"1\"><?p d?>t<![CDATA[c]]><e/></r>".utf8)
        let tokens: [String] = try xml.withUnsafeBytes { raw in
            try XMLTokenizer.withTokenizer(raw) { (t: inout XMLTokenizer) throws(XMLError) -> [String] in
                var out: [String] = []
                func s(_ r: Range<Int>) -> String { String(decoding: raw[r], as: UTF8.self) }
                while true {
                    switch try t.next() {
                    case .declaration: out.append("decl")
                    case let .startTag(name, empty): out.append("start \(s(name)) \(empty) attrs=\(t.attributeCount)")
                    case let .endTag(name): out.append("end \(s(name))")
                    case let .text(span): out.append("text \(s(span.range))")
                    case let .cdata(r): out.append("cdata \(s(r))")
                    case let .comment(r): out.append("comment \(s(r))")
                    case let .processingInstruction(target, data): out.append("pi \(s(target)) \(s(data))")
                    case .endOfDocument: return out
                    }
                }
            }
        }
        XCTAssertEqual(tokens, ["decl", "comment c", "start r false attrs=1", "pi p d", "text t", "cdata c",
                                "start e true attrs=0", "end e", "end r"])
    }
}
