import Foundation
@testable import HarnessKit
import StreamTesting
import XCTest

final class DecodeDriverTests: XCTestCase {
    func run(_ codec: String, _ input: String, chunking: Chunking = .whole, messages: Bool = false) -> (String, Int32) {
        var options = DecodeOptions()
        options.messages = messages
        let result = DecodeDriver.run(codecName: codec, options: options, input: Array(input.utf8), chunking: chunking)
        return (String(decoding: result.output, as: UTF8.self), result.exitStatus)
    }

    func testUnknownCodecAnswersUnsupportedCodecWithExit64() {
        let (output, status) = run("nope", "x")
        XCTAssertEqual(status, 64)
        XCTAssertTrue(output.hasPrefix(#"{"error":{"code":"unsupported-codec","message":"#), output)
        XCTAssertTrue(output.hasSuffix(#","offset":null}}"# + "\n"), output)
    }

    func testCodecWithoutMessagesDecoderAnswersUnsupportedCodecInMessagesMode() {
        let (output, status) = run("utf8-lines", #"{"text":"a"}"#, messages: true)
        XCTAssertEqual(status, 64)
        XCTAssertTrue(output.contains(#""code":"unsupported-codec""#))
    }

    /// The stream contract: items before a fault, then the error as the last line, exit 65 — for every chunking.
    func testStreamErrorIsTheLastLineWithExit65UnderEveryChunking() {
        let input = "a\nb\n\u{FFFD}" // valid; the invalid byte is appended below
        var bytes = Array(input.utf8)
        bytes.append(0xC0)
        bytes.append(contentsOf: Array("tail\n".utf8))
        let expected = "{\"line\":\"a\"}\n{\"line\":\"b\"}\n"
            + "{\"error\":{\"code\":\"invalid-utf8\",\"message\":\"byte is not valid UTF-8 here\",\"offset\":7}}\n"
        for chunking in [Chunking.whole, .fixed(1), .fixed(2), .fixed(3), .random(seed: 9, maxPiece: 5)] {
            let result = DecodeDriver.run(codecName: "utf8-lines", options: DecodeOptions(), input: bytes, chunking: chunking)
            XCTAssertEqual(String(decoding: result.output, as: UTF8.self), expected, "\(chunking)")
            XCTAssertEqual(result.exitStatus, 65)
        }
    }

    func testChunkingsAlwaysCoverTheInputExactly() {
        for count in [0, 1, 2, 17, 1000] {
            for chunking in [Chunking.whole, .fixed(1), .fixed(7), .recorded([3, 0, 5]), .recorded([]),
                             .random(seed: 1, maxPiece: 64), .random(seed: 2, maxPiece: 1)] {
                let sizes = chunking.pieceSizes(for: count)
                XCTAssertEqual(sizes.reduce(0, +), count, "\(chunking) over \(count)")
                XCTAssertTrue(sizes.allSatisfy { $0 > 0 }, "\(chunking) over \(count)")
            }
        }
        XCTAssertEqual(Chunking.recorded([2, 3]).pieceSizes(for: 10), [2, 3, 5])
        XCTAssertEqual(Chunking.random(seed: 5, maxPiece: 8).pieceSizes(for: 100),
                       Chunking.random(seed: 5, maxPiece: 8).pieceSizes(for: 100), "seeded chunking must repeat")
    }

    func testReplayReportShowsTheFirstDifferingLine() {
        var fixture = Fixture(
            directory: URL(fileURLWithPath: "/tmp"), name: "t", codec: "utf8-lines", options: DecodeOptions(),
            input: Array("x\ny\n".utf8), chunks: [1, 3], timingMilliseconds: nil, connection: [],
            expected: Array("{\"line\":\"x\"}\n{\"line\":\"y\"}\n".utf8), expectedExit: 0)
        XCTAssertNil(ReplayRunner().replay(fixture).failure)
        fixture.expected = Array("{\"line\":\"x\"}\n{\"line\":\"z\"}\n".utf8)
        let failure = ReplayRunner().replay(fixture).failure ?? ""
        XCTAssertTrue(failure.contains("first difference at output line 2"), failure)
        XCTAssertTrue(failure.contains(#"- {"line":"z"}"#), failure)
        XCTAssertTrue(failure.contains(#"+ {"line":"y"}"#), failure)
        fixture.expected = Array("{\"line\":\"x\"}\n{\"line\":\"y\"}\n".utf8)
        fixture.expectedExit = 65
        XCTAssertTrue((ReplayRunner().replay(fixture).failure ?? "").contains("exit status: expected 65, got 0"))
    }
}
