import Codecs
import Foundation
import XCTest
@testable import ISYXML

/// The single-pass reader for plain documents must give exactly the tokenizer's fields, and must leave every
/// document it cannot vouch for (malformed, or outside its subset) to the tokenizer, so errors stay the same.
final class ISYEventPlainReaderTests: XCTestCase {
    static let documents: [String] = [
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Event seqnum=\"7\" sid=\"uuid:74\" timestamp=\"2026-05-05T18:52:41.875777-07:00\"><control>ST</control><action uom=\"100\" prec=\"0\">255</action><node>42 92 8C 1</node><eventInfo></eventInfo><fmtAct>On</fmtAct><fmtName>Status</fmtName></Event>",
        "<?xml version=\"1.0\"?><Event seqnum='1' sid='uuid:1'><control>_1</control><action>6</action><node/><eventInfo>\n <var type=\"2\" id=\"12\"><prec>0</prec><val>3</val><ts>20260506 13:23:15 </ts></var> </eventInfo></Event>\n",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Event seqnum=\"2\"><control>_7</control><action>1</action><node></node><eventInfo><![CDATA[U7 Rest:  submitCmd([6536],[DOF],[<NULL>])]]></eventInfo></Event>",
        "<Event seqnum=\"3\" timestamp=\"a\tb\r\nc\"><control>CLI<x/>SP</control><action prec=\" 2 \" uom=\"4\">7<![CDATA[1]]>2</action><action>9</action><fmtAct>72°F</fmtAct><fmtName>T\r\nemp</fmtName><node>a]b</node></Event>",
        "\u{FEFF}<Event><control/><eventInfo/><fmtAct>a<!--c-->b</fmtAct></Event>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Event seqnum=\"5\"><control>_7</control><action>1</action><eventInfo>NUM.107=24&amp;VAL.111=1 &#x41; &lt;</eventInfo></Event>",
        "<Event seqnum=\"6\" ><control >DON</control ><node>1</node><eventInfo ><a><b><c/></b></a></eventInfo ></Event >",
        "<Event seqnum=\"12345678\" sid=\"é\tx\"><control>ST</control><action prec=\"123456789\">1</action><eventInfo><![CDATA[ü\n\u{FFFD}]]></eventInfo><node>\u{10348}</node></Event>",
        "<Event seqnum=\"-1\"><control>a\u{FFFE}</control><action prec=\"1_0\">é</action><node>x\u{7F}y</node></Event>",
    ]

    /// Bytes that change a document's shape when they replace one of its bytes.
    static let replacements: [UInt8] = Array("<>&]/\"'= \r\n!?;#x-".utf8) + [0x01, 0x00, 0xC3, 0xEF, 0x41]

    func verdict(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(ISYEventError) -> ISYEventFields) -> String {
        bytes.withUnsafeBytes { buffer in
            do throws(ISYEventError) {
                return "\(try body(buffer))"
            } catch {
                return "\(error.code)@\(error.offset ?? -1)"
            }
        }
    }

    func assertAgree(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        let decoder = ISYEventDecoder()
        let fast = verdict(bytes) { (buffer) throws(ISYEventError) in try decoder.fields(buffer) }
        let reference = verdict(bytes) { (buffer) throws(ISYEventError) in try decoder.fieldsByTokenizer(buffer) }
        XCTAssertEqual(fast, reference, String(decoding: bytes, as: UTF8.self), file: file, line: line)
    }

    func testPlainReaderAcceptsPlainEventDocuments() {
        for document in Self.documents.prefix(2) + [Self.documents[2], Self.documents[3], Self.documents[6], Self.documents[7]] {
            var fields = ISYEventFields()
            let accepted = Array(document.utf8).withUnsafeBytes {
                ISYEventDecoder.collectPlain($0, limits: XMLLimits(), into: &fields)
            }
            XCTAssertEqual(accepted, !document.contains("<!--"), document)
        }
    }

    func testPlainReaderAgreesWithTokenizerOnDocumentsAndEveryOneByteEdit() {
        for document in Self.documents {
            let bytes = Array(document.utf8)
            assertAgree(bytes)
            for index in bytes.indices {
                var deleted = bytes
                deleted.remove(at: index)
                assertAgree(deleted)
                for replacement in Self.replacements where replacement != bytes[index] {
                    var edited = bytes
                    edited[index] = replacement
                    assertAgree(edited)
                }
            }
        }
    }

    /// The reader checks characters as it scans: it must leave every document with a C0 control (other than tab,
    /// LF, CR), invalid UTF-8 or U+FFFE/U+FFFF to the tokenizer, wherever the byte sits.
    func testPlainReaderRefusesForbiddenCharactersInEveryScannedPart() {
        let template = "<Event seqnum=\"1\" sid=\"aXb\"><control>cXd</control><eventInfo><![CDATA[eXf]]></eventInfo></Event>"
        let forbidden: [[UInt8]] = [[0x00], [0x01], [0x1F], [0xC3], [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF], [0xED, 0xA0, 0x80]]
        for bad in forbidden {
            for part in 0..<3 {
                var bytes: [UInt8] = []
                var seen = 0
                for byte in template.utf8 {
                    if byte == UInt8(ascii: "X") {
                        bytes += seen == part ? bad : [UInt8(ascii: "x")]
                        seen += 1
                    } else {
                        bytes.append(byte)
                    }
                }
                var fields = ISYEventFields()
                let accepted = bytes.withUnsafeBytes { ISYEventDecoder.collectPlain($0, limits: XMLLimits(), into: &fields) }
                XCTAssertFalse(accepted, "\(bad) in part \(part)")
                assertAgree(bytes)
            }
        }
    }

    /// Repeated attributes (known names, other names, both mixed) are malformed (WFC: Unique Att Spec) whichever
    /// way the reader recognised their names; spacing around `=` and names that only start like a known one.
    func testPlainReaderAgreesOnRepeatedAndLookalikeAttributes() {
        let tags = [
            "<Event seqnum=\"1\" seqnum=\"2\">", "<Event sid=\"1\" seqnum=\"2\" sid=\"3\">",
            "<Event x=\"1\" seqnum=\"1\" seqnum=\"2\">", "<Event seqnum=\"1\" x=\"1\" seqnum=\"2\">",
            "<Event seqnum=\"1\" x=\"1\" x=\"2\">", "<Event seqnumber=\"5\" sidx=\"a\" timestamps=\"b\">",
            "<Event seqnum = \"5\" sid= 'a' timestamp =\"b\">", "<Event seqnum=\"12345678901234567890\">",
            "<Event seqnum=\"007\" sid=\"\">", "<Event seqnum=\"1_000\">",
        ]
        let actions = [
            "<action uom=\"1\" uom=\"2\">", "<action prec=\"1\" uom=\"2\" prec=\"3\">", "<action precision=\"1\" uomx=\"2\">",
            "<action  prec = '4'  uom = \"x\" >", "<action prec=\"-3\">", "<action u=\"1\" uom=\"1\" uom=\"1\">",
        ]
        for tag in tags {
            assertAgree(Array((tag + "<control>ST</control><action>1</action></Event>").utf8))
        }
        for action in actions {
            assertAgree(Array(("<Event seqnum=\"1\"><control>ST</control>" + action + "1</action></Event>").utf8))
        }
    }

    /// Python `int()` on plain digit runs (the values pyisyox gives), read one word at a time; other shapes are
    /// refused so that `ISYInteger.parse` decides.
    func testShortDecimalReadsDigitRunsAndRefusesOtherShapes() {
        let vectors: [(String, Int?)] = [
            ("0", 0), ("7", 7), ("42", 42), ("255", 255), ("00000001", 1), ("12345678", 12_345_678),
            ("99999999", 99_999_999), ("10000000", 10_000_000), ("123456789", nil), ("", nil), ("1a", nil),
            ("a1", nil), (" 1", nil), ("1 ", nil), ("-1", nil), ("+1", nil), ("1_0", nil), ("9/", nil), (":0", nil),
        ]
        for (text, expected) in vectors {
            let padded = Array(text.utf8) + Array(repeating: UInt8(ascii: "5"), count: 8)
            let value = padded.withUnsafeBytes { buffer in
                buffer.baseAddress.flatMap { ISYInteger.parseShortDecimal($0, at: 0, count: text.utf8.count) }
            }
            XCTAssertEqual(value, expected, text)
        }
    }

    func testPlainReaderAgreesWithTokenizerUnderTightLimits() {
        var limits = XMLLimits()
        limits.maxDepth = 2
        limits.maxAttributes = 1
        limits.maxNameLength = 5
        limits.maxValueLength = 3
        limits.maxDocumentSize = 200
        let decoder = ISYEventDecoder(limits: limits)
        for document in Self.documents {
            let bytes = Array(document.utf8)
            let fast = verdict(bytes) { (buffer) throws(ISYEventError) in try decoder.fields(buffer) }
            let reference = verdict(bytes) { (buffer) throws(ISYEventError) in try decoder.fieldsByTokenizer(buffer) }
            XCTAssertEqual(fast, reference, document)
        }
    }

    func testPlainReaderAgreesWithTokenizerOnTheRecordedStream() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/isy/eisy6-rest-subscribe-stream/input.bin")
        let stream = try Data(contentsOf: url)
        let lines = stream.split(separator: UInt8(ascii: "\n"))
        XCTAssertGreaterThan(lines.count, 3)
        for line in lines { assertAgree(Array(line)) }
    }
}
