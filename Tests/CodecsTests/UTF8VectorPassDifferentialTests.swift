import Codecs
import StreamTesting
import XCTest

/// Seeded random differential for UTF-8 validation (whole buffer, incremental, every vector kernel) against
/// `String(validating:)` and `UTF8ReferenceWalker`: 1.04M inputs of 0...300 bytes, mostly valid text (ASCII-heavy,
/// mixed and CJK-heavy) cut at a random length, with 0 to 3 mutations.
final class UTF8VectorPassDifferentialTests: XCTestCase {
    static let ascii: [[UInt8]] = ["a", "Z", " ", "{", "\"", ":", "0", "\n", "\u{7F}", "\u{0}"].map { Array($0.utf8) }
    static let multibyte: [[UInt8]] = [
        "é", "ß", "\u{80}", "\u{7FF}", "\u{800}", "東", "한", "\u{D7FF}", "\u{E000}", "\u{FFFF}", "😀", "\u{10000}",
        "\u{10FFFF}", "€",
    ].map { Array($0.utf8) }
    static let specials: [UInt8] = [
        0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x41,
    ]

    /// Valid text of about `length` bytes; `multibyteShare` of 256 pieces are non-ASCII.
    static func text(length: Int, multibyteShare: UInt64, using generator: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length + 4)
        while bytes.count < length {
            let draw = generator.next()
            let pool = draw & 0xFF < multibyteShare ? multibyte : ascii
            bytes += pool[Int((draw >> 8) % UInt64(pool.count))]
        }
        return bytes
    }

    /// One mutation: a special byte written or inserted, a random byte written, or a byte removed.
    static func mutate(_ bytes: inout [UInt8], using generator: inout SplitMix64) {
        let draw = generator.next()
        let position = Int((draw >> 8) % UInt64(bytes.count + 1))
        let special = specials[Int((draw >> 32) % UInt64(specials.count))]
        switch draw & 3 {
        case 0 where position < bytes.count: bytes[position] = special
        case 1 where position < bytes.count: bytes[position] = UInt8(truncatingIfNeeded: draw >> 40)
        case 3 where position < bytes.count: bytes.remove(at: position)
        default: bytes.insert(special, at: position)
        }
    }

    func run(seed: UInt64, inputs: Int) {
        var generator = SplitMix64(seed: seed)
        var base: [UInt8] = []
        var failures = 0
        var invalid = 0
        for round in 0..<inputs {
            if round % 16 == 0 {
                let share: [UInt64] = [8, 64, 200, 250]
                base = Self.text(length: 300, multibyteShare: share[(round / 16) % share.count], using: &generator)
            }
            let draw = generator.next()
            var cut = Int(draw % 301)
            // Half the cuts move back to a character boundary, so valid inputs stay common.
            while draw & (1 << 40) != 0, cut > 0, cut < base.count, base[cut] & 0xC0 == 0x80 { cut -= 1 }
            var bytes = Array(base[0..<cut])
            for _ in 0..<(generator.next() % 4) { Self.mutate(&bytes, using: &generator) }
            let first = Int(generator.next() % UInt64(bytes.count + 1))
            let second = first + Int(generator.next() % UInt64(bytes.count - first + 1))
            let problem = bytes.withUnsafeBytes { raw -> String? in
                if UTF8ReferenceWalker.verdict(raw) != nil { invalid += 1 }
                return UTF8VectorPassTests.disagreement(raw, splits: [first, second])
            }
            if let problem {
                failures += 1
                if failures <= 10 { XCTFail("seed \(seed) round \(round) \(bytes): \(problem)") }
            }
        }
        XCTAssertEqual(failures, 0)
        // Both outcomes are well represented, or the differential would test little.
        XCTAssertGreaterThan(invalid, inputs / 4)
        XCTAssertLessThan(invalid, inputs * 3 / 4)
    }

    func testRandomDifferentialFirstSeed() { run(seed: 0x5EED_0021, inputs: 520_000) }

    func testRandomDifferentialSecondSeed() { run(seed: 0xC0DE_C5, inputs: 520_000) }
}
