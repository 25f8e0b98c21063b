import Codecs
import Foundation
import FuzzOracles
@testable import SSE
import StreamTesting
import XCTest

/// Runs every conformance vector through `SSEDecoder` whole, one byte at a time, split in two at every point, and
/// in seeded random pieces, and through the independent `SSEReference`; all must give the vector's expectation.
final class SSEConformanceTests: XCTestCase {
    /// The piece sizes a vector is fed in: `Chunking.standard` (whole, 1-byte, every two-piece split, seeded
    /// random splits).
    static func chunkings(for count: Int) -> [(String, [Int])] {
        Chunking.standard(for: count, randomSeeds: 1...12).map { ("\($0)", $0.pieceSizes(for: count)) }
    }

    func check(_ outcome: SSEReference.Outcome, against vector: SSEVector, label: String,
               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(outcome.items.map(exactBytes), vector.items.map(exactBytes),
                       "\(vector.name) [\(vector.source)] \(label): items", file: file, line: line)
        XCTAssertEqual(outcome.error, vector.error, "\(vector.name) \(label): error", file: file, line: line)
        XCTAssertEqual(Array(outcome.lastEventID.utf8), Array(vector.lastEventID.utf8),
                       "\(vector.name) \(label): lastEventID", file: file, line: line)
        XCTAssertEqual(outcome.reconnectionTime, vector.reconnectionTime,
                       "\(vector.name) \(label): reconnectionTime", file: file, line: line)
    }

    func testEveryVectorDecodesIdenticallyUnderEveryChunking() {
        XCTAssertGreaterThan(SSEConformanceVectors.all.count, 70)
        for vector in SSEConformanceVectors.all {
            for (label, pieces) in Self.chunkings(for: vector.input.count) {
                let outcome = SSEOracle.decode(
                    vector.input, pieces: pieces, limits: vector.limits, lastEventID: vector.initialLastEventID)
                check(outcome, against: vector, label: label)
            }
        }
    }

    func testPushMixedAndReferencePathDeliveryMatchEveryVectorUnderEveryChunking() {
        for vector in SSEConformanceVectors.all {
            for (label, pieces) in Self.chunkings(for: vector.input.count) {
                for mode in [SSEOracle.Mode.push, .mixed, .referencePath] {
                    let outcome = SSEOracle.decode(vector.input, pieces: pieces, limits: vector.limits,
                                                   lastEventID: vector.initialLastEventID, mode: mode)
                    check(outcome, against: vector, label: "\(mode) \(label)")
                }
            }
        }
    }

    func testReferenceImplementationMatchesEveryVector() {
        for vector in SSEConformanceVectors.all {
            let outcome = SSEReference.interpret(
                vector.input, limits: vector.limits, lastEventID: vector.initialLastEventID)
            check(outcome, against: vector, label: "reference")
        }
    }

    func testWPTVectorsCoverEveryFormatTest() {
        let covered = Set(SSEConformanceVectors.wpt.flatMap { vector in
            vector.source.split(separator: " ").filter { $0.hasPrefix("eventsource/") || $0.hasPrefix("format-") }
        }.map { $0.replacingOccurrences(of: "eventsource/", with: "").replacingOccurrences(of: ",", with: "") })
        for test in ["format-bom", "format-bom-2", "format-comments", "format-data-before-final-empty-line",
                     "format-field-data", "format-field-event-empty", "format-field-event", "format-field-id",
                     "format-field-id-2", "format-field-id-3", "format-field-id-null", "format-field-parsing",
                     "format-field-retry-bogus", "format-field-retry-empty", "format-field-retry",
                     "format-field-unknown", "format-leading-space", "format-newlines", "format-null-character",
                     "format-utf-8", "event-data"] {
            XCTAssertTrue(covered.contains(test), "no vector for WPT \(test)")
        }
    }

    func testCRAtChunkEndFollowedByLFIsOneLineEnd() {
        var decoder = SSEDecoder()
        decoder.feed(utf8("data:a\r"))
        decoder.feed(utf8("\ndata:b\r"))
        decoder.feed(utf8("\n\r"))
        decoder.feed(utf8("\n"))
        // "\r" + "\n" after data:b is one line end, then "\r\n" is the blank line: one event, not two.
        XCTAssertEqual(try decoder.next(), event("a\nb"))
        XCTAssertNil(try decoder.next())
    }

    func testCRAtChunkEndDispatchesWithoutWaitingForTheNextChunk() {
        var decoder = SSEDecoder()
        decoder.feed(utf8("data:a\r\r"))
        XCTAssertEqual(try decoder.next(), event("a"))
    }

    func testInputAfterALimitErrorIsIgnoredAndTheErrorRepeats() {
        var decoder = SSEDecoder(limits: limits(line: 4))
        decoder.feed(utf8("data:x\n"))
        XCTAssertThrowsError(try decoder.next())
        XCTAssertTrue(decoder.hasFailed)
        decoder.feed(utf8("\n\ndata:y\n\n"))
        for _ in 0..<2 {
            XCTAssertThrowsError(try decoder.next()) { error in
                XCTAssertEqual((error as? SSEDecodingError)?.code, "line-too-long")
                XCTAssertEqual((error as? SSEDecodingError)?.offset, 4)
            }
        }
    }

    func testEachEventGetsItsOwnTypeWhenTypesDifferInOneByte() throws {
        // The decoder reuses the previous type String when the bytes repeat; types that differ in any one byte,
        // at any length, must still come out as sent (HTML §9.2.6 event).
        var input: [UInt8] = []
        var expected: [SSEItem<SSEEvent>] = []
        for length in 1...20 {
            for position in [0, length / 2, length - 1] {
                var type = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                input += utf8("event:") + type + utf8("\ndata:x\n\n")
                type[position] = UInt8(ascii: "b")
                input += utf8("event:") + type + utf8("\ndata:x\n\n")
                expected.append(event("x", type: String(repeating: "a", count: length)))
                expected.append(event("x", type: String(decoding: type, as: UTF8.self)))
            }
        }
        var decoder = SSEDecoder()
        decoder.feed(input)
        var items: [SSEItem<SSEEvent>] = []
        while let item = try decoder.next() { items.append(item) }
        XCTAssertEqual(items, expected)
    }

    func testACopiedDecoderContinuesIndependentlyOfTheOriginal() {
        // Decoders are values: a copy taken mid-event (data, type and ID buffers shared until written) must not see
        // what the original is fed afterwards, and vice versa.
        var original = SSEDecoder()
        original.feed(utf8("event:tick\nid:1\ndata:a\ndata:b\n\nevent:tock\nid:2\ndata:c\ndata:d\n"))
        XCTAssertEqual(try original.next(), event("a\nb", type: "tick", id: "1"))
        var copy = original
        original.feed(utf8("id:3\ndata:e\n\n"))
        copy.feed(utf8("event:other\ndata:f\n\n"))
        XCTAssertEqual(try original.next(), event("c\nd\ne", type: "tock", id: "3"))
        XCTAssertEqual(try copy.next(), event("c\nd\nf", type: "other", id: "2"))
        XCTAssertEqual(original.lastEventID, "3")
        XCTAssertEqual(copy.lastEventID, "2")
    }

    func testLentEventBytesAreTheUTF8OfTheStringEvent() throws {
        // feed(_:onItem:) lends exactly the bytes of the Strings next() gives: invalid UTF-8 already replaced.
        let body = utf8("event:t\u{e9}\nid:\u{1F600}\ndata:x") + [0xFF, 0xC0, 0x80] + utf8("y\ndata:\n\ndata:z\n\n")
        var pulling = SSEDecoder()
        pulling.feed(body)
        var expected: [[[UInt8]]] = []
        while let item = try pulling.next() { expected.append(exactBytes(item)) }
        var lending = SSEDecoder()
        var lent: [[[UInt8]]] = []
        try body.withUnsafeBytes { raw in
            try lending.feed(raw, onItem: { item in
                if case let .event(bytes) = item {
                    lent.append([Array(bytes.type), Array(bytes.data), Array(bytes.lastEventID)])
                }
            })
        }
        XCTAssertEqual(lent, expected)
        XCTAssertEqual(lent.count, 2)
        XCTAssertEqual(lent.first?[1], utf8("x\u{FFFD}\u{FFFD}\u{FFFD}y\n"))
    }

    func testInputAfterEOFIsIgnored() {
        var decoder = SSEDecoder()
        decoder.feed(utf8("data:a\n"))
        decoder.finish()
        decoder.feed(utf8("\n"))
        XCTAssertNil(try decoder.next())
    }

    func testLastEventIDChangesAtDispatchNotWhenTheFieldIsParsed() {
        var decoder = SSEDecoder()
        decoder.feed(utf8("id:7\ndata:x\n"))
        XCTAssertNil(try decoder.next())
        XCTAssertEqual(decoder.lastEventID, "")
        decoder.feed(utf8("\n"))
        XCTAssertEqual(try decoder.next(), event("x", id: "7"))
        XCTAssertEqual(decoder.lastEventID, "7")
    }

    func testMemoryStaysBoundedForAnEndlessLineFedInPieces() {
        var decoder = SSEDecoder(limits: limits(line: 1000))
        let piece = [UInt8](repeating: UInt8(ascii: "x"), count: 300)
        for round in 1...3 {
            decoder.feed(piece)
            XCTAssertNil(try decoder.next(), "\(round * 300) bytes are within the limit")
        }
        decoder.feed(piece)
        XCTAssertThrowsError(try decoder.next()) { error in
            XCTAssertEqual((error as? SSEDecodingError)?.offset, 1000)
        }
        decoder.feed(piece)
        XCTAssertEqual(decoder.input.count, 1200, "input after the error is not kept")
    }
}

/// The exact UTF-8 of an item (String equality in Swift is canonical equivalence, too lax for a decoder test).
func exactBytes(_ item: SSEItem<SSEEvent>) -> [[UInt8]] {
    switch item {
    case let .event(event): [Array(event.type.utf8), Array(event.data.utf8), Array(event.lastEventID.utf8)]
    case let .retry(milliseconds): [Array(String(milliseconds).utf8)]
    }
}


extension SSEDecoder {
    /// Test shorthand: feeds an array's bytes (copied, as every `feed(_:)`).
    mutating func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }
}
