import Codecs
import FuzzOracles
import SSE
import StreamTesting
import XCTest

/// `SSEDecoder` against the independent `SSEReference` on generated streams (the fuzz oracle, run on a fixed set
/// of seeded inputs so `swift test` covers it); `Tests/FuzzOraclesTests` replays `Fuzz/FailCases/FuzzSSE`.
final class SSEDifferentialTests: XCTestCase {
    func oracleViolation(_ input: [UInt8]) -> FuzzViolation? {
        input.withUnsafeBytes { raw in
            do throws(FuzzViolation) {
                try SSEOracle.check(raw)
                return nil
            } catch {
                return error
            }
        }
    }

    /// Fragments that make generated streams hit every rule: fields, line ends of every kind, BOMs, NUL, invalid
    /// and truncated UTF-8, digits for retry.
    static let fragments: [[UInt8]] = [
        Array("data".utf8), Array("event".utf8), Array("id".utf8), Array("retry".utf8), Array(":".utf8),
        Array(" ".utf8), Array("\n".utf8), Array("\r".utf8), Array("\r\n".utf8), Array("x".utf8), Array("12".utf8),
        [0xEF, 0xBB, 0xBF], [0xEF, 0xBB], [0x00], [0xFF], [0xE2, 0x82], [0xAC], [0xF0, 0x9F, 0x98, 0x80],
        [0xC0, 0x80], [0xED, 0xA0, 0x80], Array("+5".utf8), Array("é".utf8), Array("Data".utf8),
    ]

    func testDecoderAgreesWithReferenceOnGeneratedStreams() {
        var random = SplitMix64(seed: 99)
        var checked = 0
        for _ in 0..<20_000 {
            var input: [UInt8] = [UInt8(truncatingIfNeeded: random.next())]
            for _ in 0..<Int(random.next() % 40) {
                input += Self.fragments[Int(random.next() % UInt64(Self.fragments.count))]
            }
            if let violation = oracleViolation(input) {
                XCTFail("\(violation) for input \(input)")
                return
            }
            checked += 1
        }
        XCTAssertEqual(checked, 20_000)
    }

    func testLineLoopFastPathsEqualTheReferencePathOnGeneratedStreams() {
        // The line loop (word scans, in-loop data/id/event handling) against `SSEDecoder.reference`, which sends
        // every line through `processLine`: same items, error, offsets and final state, fed whole and in pieces.
        var random = SplitMix64(seed: 2026)
        for _ in 0..<5_000 {
            var body: [UInt8] = []
            for _ in 0..<Int(random.next() % 60) {
                body += Self.fragments[Int(random.next() % UInt64(Self.fragments.count))]
            }
            var limits = SSELimits()
            if random.next() % 2 == 0 {
                limits.maxLineLength = Int(random.next() % 40) + 1
                limits.maxEventDataSize = Int(random.next() % 60)
            }
            var pieces: [Int] = []
            var remaining = body.count
            while remaining > 0 {
                let piece = min(remaining, Int(random.next() % 9) + 1)
                pieces.append(piece)
                remaining -= piece
            }
            for chunking in [[body.count], pieces] {
                let fast = SSEOracle.decode(body, pieces: chunking, limits: limits, mode: .pull)
                let reference = SSEOracle.decode(body, pieces: chunking, limits: limits, mode: .referencePath)
                XCTAssertEqual(fast.items.map(exactBytes), reference.items.map(exactBytes), "\(body)")
                XCTAssertEqual(fast.error, reference.error, "\(body)")
                XCTAssertEqual(Array(fast.lastEventID.utf8), Array(reference.lastEventID.utf8), "\(body)")
                XCTAssertEqual(fast.reconnectionTime, reference.reconnectionTime, "\(body)")
            }
        }
    }

    func testLineEndScannerFindsTheFirstCROrLFLikeAByteLoopAndReportsNonASCIIBeforeIt() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let count = Int(random.next() % 70)
            let bytes = (0..<count).map { _ -> UInt8 in
                switch random.next() % 10 {
                case 0: 0x0A
                case 1: 0x0D
                case 2: 0x0B
                case 3: 0x0C
                case 4: 0x8A
                default: UInt8(truncatingIfNeeded: random.next())
                }
            }
            let start = count == 0 ? 0 : Int(random.next() % UInt64(count + 1))
            let expected = bytes[start...].firstIndex { $0 == 0x0A || $0 == 0x0D }
            let found = bytes.withUnsafeBytes { SSEDecoder.firstLineEndForTesting(in: $0, from: start) }
            XCTAssertEqual(found, expected, "\(bytes) from \(start)")
            var nonASCII = false
            let again = bytes.withUnsafeBytes {
                SSEDecoder.firstLineEndForTesting(in: $0, from: start, nonASCII: &nonASCII)
            }
            XCTAssertEqual(again, expected, "\(bytes) from \(start)")
            if bytes[start..<(expected ?? count)].contains(where: { $0 >= 0x80 }) {
                XCTAssertTrue(nonASCII, "a byte of 0x80 or more before the line end must be reported: \(bytes) from \(start)")
            }
        }
    }
}
