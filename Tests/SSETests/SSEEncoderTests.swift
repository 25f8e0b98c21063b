import Codecs
import SSE
import StreamTesting
import XCTest

/// The encoder writes the canonical frames of HTML §9.2.5 and refuses what the format cannot carry; whatever it
/// writes decodes back to the same events under any chunking.
final class SSEEncoderTests: XCTestCase {
    struct FrameVector: Sendable {
        var name: String
        var encode: @Sendable (SSEEncoder, inout [UInt8]) throws -> Void
        var expected: String
        var lineEnding: SSEEncoder.LineEnding = .lf
    }

    /// Canonical frames, each line as the §9.2.5 grammar spells it: `name: value`, one `data` line per data line.
    static let frames: [FrameVector] = [
        FrameVector(name: "plain event is one data line and a blank line",
                    encode: { try $0.encodeEvent(data: "hello", into: &$1) }, expected: "data: hello\n\n"),
        FrameVector(name: "id and event come before data",
                    encode: { try $0.encodeEvent(data: "x", type: "update", id: "42", into: &$1) },
                    expected: "id: 42\nevent: update\ndata: x\n\n"),
        FrameVector(name: "data is split on LF, CRLF and CR",
                    encode: { try $0.encodeEvent(data: "a\nb\r\nc\rd", into: &$1) },
                    expected: "data: a\ndata: b\ndata: c\ndata: d\n\n"),
        FrameVector(name: "data ending in a line end has an empty last data line",
                    encode: { try $0.encodeEvent(data: "a\n", into: &$1) }, expected: "data: a\ndata: \n\n"),
        FrameVector(name: "empty data is one empty data line",
                    encode: { try $0.encodeEvent(data: "", into: &$1) }, expected: "data: \n\n"),
        FrameVector(name: "a leading space in data is kept behind the separator space",
                    encode: { try $0.encodeEvent(data: " x", into: &$1) }, expected: "data:  x\n\n"),
        FrameVector(name: "an empty id is written, which resets the last event ID",
                    encode: { try $0.encodeEvent(data: "x", id: "", into: &$1) }, expected: "id: \ndata: x\n\n"),
        FrameVector(name: "an empty type is omitted",
                    encode: { try $0.encodeEvent(data: "x", type: "", into: &$1) }, expected: "data: x\n\n"),
        FrameVector(name: "retry", encode: { try $0.encodeRetry(milliseconds: 2500, into: &$1) },
                    expected: "retry: 2500\n"),
        FrameVector(name: "comment", encode: { $0.encodeComment("ping", into: &$1) }, expected: ": ping\n"),
        FrameVector(name: "a multi-line comment is several comment lines",
                    encode: { $0.encodeComment("a\r\nb", into: &$1) }, expected: ": a\n: b\n"),
        FrameVector(name: "keep-alive is an empty comment", encode: { $0.encodeKeepAlive(into: &$1) },
                    expected: ":\n"),
        FrameVector(name: "CRLF line ending",
                    encode: { try $0.encodeEvent(data: "a\nb", type: "t", into: &$1) },
                    expected: "event: t\r\ndata: a\r\ndata: b\r\n\r\n", lineEnding: .crlf),
        FrameVector(name: "CR line ending", encode: { try $0.encodeEvent(data: "a", into: &$1) },
                    expected: "data: a\r\r", lineEnding: .cr),
    ]

    func testCanonicalFrames() throws {
        for vector in Self.frames {
            var output: [UInt8] = []
            try vector.encode(SSEEncoder(lineEnding: vector.lineEnding), &output)
            XCTAssertEqual(String(decoding: output, as: UTF8.self), vector.expected, vector.name)
        }
    }

    func testValuesTheFormatCannotCarryAreRefused() {
        let encoder = SSEEncoder()
        var output: [UInt8] = []
        let cases: [(String, () throws -> Void)] = [
            ("event-type-has-line-end", { try encoder.encodeEvent(data: "x", type: "a\nb", into: &output) }),
            ("event-type-has-line-end", { try encoder.encodeEvent(data: "x", type: "a\r", into: &output) }),
            ("id-has-line-end", { try encoder.encodeEvent(data: "x", id: "1\r\n", into: &output) }),
            ("id-has-null", { try encoder.encodeEvent(data: "x", id: "1\u{0}", into: &output) }),
            ("negative-retry", { try encoder.encodeRetry(milliseconds: -1, into: &output) }),
        ]
        for (code, body) in cases {
            XCTAssertThrowsError(try body()) { error in
                XCTAssertEqual((error as? SSEEncodingError)?.code, code)
            }
        }
        XCTAssertEqual(output, [], "a refused frame writes nothing")
    }

    /// Random text from pieces that stress the format: line ends of every kind, colons, spaces, BOM, NUL,
    /// non-ASCII and field-like text.
    static func randomText(_ random: inout SplitMix64, allowLineEnds: Bool, allowNull: Bool = true) -> String {
        var pieces = ["a", "data:", ":", " ", "  ", "é", "😀", "\u{FEFF}", "id", "retry: 5", "event", "xyz", "0"]
        if allowLineEnds { pieces += ["\n", "\r", "\r\n", "\n\n", "\r\r"] }
        if allowNull { pieces.append("\u{0}") }
        var text = ""
        for _ in 0..<Int(random.next() % 8) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
        return text
    }

    func testEncodedStreamsDecodeToTheSameEventsUnderAnyChunking() throws {
        var random = SplitMix64(seed: 4)
        for round in 0..<400 {
            let lineEnding: SSEEncoder.LineEnding = [.lf, .crlf, .cr][round % 3]
            let encoder = SSEEncoder(lineEnding: lineEnding)
            var stream: [UInt8] = []
            var expected: [SSEItem<SSEEvent>] = []
            var lastEventID = ""
            for _ in 0..<Int(random.next() % 6 + 1) {
                switch random.next() % 5 {
                case 0:
                    let milliseconds = Int(random.next() % 100_000)
                    try encoder.encodeRetry(milliseconds: milliseconds, into: &stream)
                    expected.append(.retry(milliseconds: milliseconds))
                case 1:
                    if random.next() % 2 == 0 {
                        encoder.encodeKeepAlive(into: &stream)
                    } else {
                        encoder.encodeComment(Self.randomText(&random, allowLineEnds: true), into: &stream)
                    }
                default:
                    let data = Self.randomText(&random, allowLineEnds: true)
                    let type = random.next() % 2 == 0 ? nil : Self.randomText(&random, allowLineEnds: false)
                    let id = random.next() % 2 == 0 ? nil : Self.randomText(&random, allowLineEnds: false, allowNull: false)
                    try encoder.encodeEvent(data: data, type: type, id: id, into: &stream)
                    if let id { lastEventID = id }
                    // The decoder joins data lines with LF: any line end in the data comes back as LF.
                    let normalised = data.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                    expected.append(event(normalised, type: (type ?? "").isEmpty ? "message" : type ?? "", id: lastEventID))
                }
            }
            for pieces in [[stream.count], Array(repeating: 1, count: stream.count)] + randomPieces(stream.count, &random) {
                var decoder = SSEDecoder()
                var items: [SSEItem<SSEEvent>] = []
                var start = 0
                for size in pieces {
                    decoder.feed(Array(stream[start..<(start + size)]))
                    start += size
                    while let item = try decoder.next() { items.append(item) }
                }
                decoder.finish()
                while let item = try decoder.next() { items.append(item) }
                XCTAssertEqual(items.map(exactBytes), expected.map(exactBytes),
                               "round \(round): \(String(decoding: stream, as: UTF8.self).debugDescription)")
                XCTAssertEqual(decoder.lastEventID, lastEventID)
            }
        }
    }

    func randomPieces(_ count: Int, _ random: inout SplitMix64) -> [[Int]] {
        (0..<3).map { _ in
            var pieces: [Int] = []
            var remaining = count
            while remaining > 0 {
                let piece = min(remaining, Int(random.next() % 13) + 1)
                pieces.append(piece)
                remaining -= piece
            }
            return pieces
        }
    }
}
