import Codecs
import StreamTesting
import XCTest
@testable import ISYXML

/// A stream of concatenated documents decodes to the same events under every chunking.
final class ISYStreamDecoderTests: XCTestCase {
    static let stream = Array((
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Event seqnum=\"0\" sid=\"uuid:1\"><control>_26</control><action>2</action><node></node><eventInfo></eventInfo></Event>\n"
        + "<?xml version=\"1.0\"?>\r\n<!-- c > --><Event seqnum=\"1\" sid='uuid:1'><control>_7</control><action>1</action><node/><eventInfo><![CDATA[a </Event> <x>]]>NUM.107=24&VAL.111=1</eventInfo></Event>"
        + "  <Event seqnum=\"2\" a=\"/>\"><control>_0</control><action>90</action><eventInfo/></Event>"
        + "<?pi a>b?><Event seqnum=\"3\"/>\n"
    ).utf8)

    /// Decodes `bytes` fed in pieces of the given sizes with `feed(_:onItem:)` (lent views), and again with
    /// `feed(_:)` + `next()` (owned events), which must agree; returns (seqnum, control, eventInfo) per event and
    /// the error code if the stream failed.
    func run(_ bytes: [UInt8], sizes: [Int], file: StaticString = #filePath, line: UInt = #line) -> ([String], String?) {
        let pushed = decode(bytes, sizes: sizes, push: true)
        let pulled = decode(bytes, sizes: sizes, push: false)
        XCTAssertEqual(pushed.0, pulled.0, "push vs pull events", file: file, line: line)
        XCTAssertEqual(pushed.1, pulled.1, "push vs pull error", file: file, line: line)
        return pushed
    }

    func describe(_ event: some ISYEventReading) -> String {
        "\(event.seqnum ?? -1) \(event.string(.control) ?? "-") \(event.eventInfo)"
    }

    func decode(_ bytes: [UInt8], sizes: [Int], push: Bool) -> ([String], String?) {
        var decoder = ISYStreamDecoder()
        var out: [String] = []
        var start = 0
        do {
            for size in sizes {
                let chunk = Array(bytes[start..<(start + size)])
                start += size
                if push {
                    try chunk.withUnsafeBytes { raw in try decoder.feed(raw, onItem: { out.append(describe($0)) }) }
                } else {
                    chunk.withUnsafeBytes { decoder.feed($0) }
                    while let event = try decoder.next() { out.append(describe(event)) }
                }
            }
            if push {
                try decoder.finish(onItem: { out.append(describe($0)) })
            } else {
                decoder.finish()
                while let event = try decoder.next() { out.append(describe(event)) }
            }
            return (out, nil)
        } catch {
            guard let error = error as? ISYEventError else { return (out, "\(error)") }
            return (out, "\(error.code)@\(error.offset ?? -1)")
        }
    }

    func testWholeOneByteAndRandomChunkingsGiveTheSameEvents() {
        let bytes = Self.stream
        let (whole, wholeError) = run(bytes, sizes: [bytes.count])
        XCTAssertNil(wholeError)
        XCTAssertEqual(whole, ["0 _26 ", "1 _7 <![CDATA[a </Event> <x>]]>NUM.107=24&VAL.111=1", "2 _0 ", "3 - "])
        XCTAssertNoThrow(try ChunkingVerifier.verify(bytes, chunkings: Chunking.standard(for: bytes.count, maxPiece: 40)) {
            run(bytes, sizes: $0.map(\.count)).0
        })
    }

    func testEverySplitPointGivesTheSameEventsAndErrors() {
        let good = Array("<Event seqnum=\"1\"><control>ST</control></Event><Event seqnum=\"2\"/>".utf8)
        let bad = good + Array(" <Event><a></b></Event>".utf8)
        let truncated = good + Array("<Event><control>".utf8)
        let stray = good + Array(" x<Event/>".utf8)
        for bytes in [good, bad, truncated, stray] {
            let expected = run(bytes, sizes: [bytes.count])
            for split in 1..<bytes.count {
                let result = run(bytes, sizes: [split, bytes.count - split])
                XCTAssertEqual(result.0, expected.0)
                XCTAssertEqual(result.1, expected.1)
            }
        }
        XCTAssertEqual(run(bad, sizes: [bad.count]).1, "xml-mismatched-end-tag@77")
        XCTAssertEqual(run(truncated, sizes: [truncated.count]).1, "xml-unexpected-end@82")
        XCTAssertEqual(run(stray, sizes: [stray.count]).1, "xml-text-outside-root@67")
        XCTAssertEqual(run(good, sizes: [good.count]).0, ["1 ST ", "2 - "])
    }

    func testADocumentOverTheSizeLimitFailsWithoutBufferingMore() {
        var limits = XMLLimits()
        limits.maxDocumentSize = 32
        var decoder = ISYStreamDecoder(decoder: ISYEventDecoder(limits: limits))
        let bytes = Array(("<Event/> <Event>" + String(repeating: "x", count: 100)).utf8)
        bytes.withUnsafeBytes { decoder.feed($0) }
        XCTAssertEqual(try decoder.next()?.seqnum, .some(nil))
        XCTAssertThrowsError(try decoder.next()) {
            XCTAssertEqual(($0 as? ISYEventError)?.code, "xml-document-too-large")
            XCTAssertEqual(($0 as? ISYEventError)?.offset, 9)
        }
    }
}
