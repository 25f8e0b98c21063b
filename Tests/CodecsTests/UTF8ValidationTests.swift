import Codecs
import XCTest

/// UTF-8 validation against Unicode §3.9 Table 3-7, with the standard library as the independent oracle for
/// validity and a completion search (built on the standard library) as the oracle for the fail-fast offset.
final class UTF8ValidationTests: XCTestCase {
    /// Whole-buffer verdict: nil if valid, else (kind, offset).
    func whole(_ bytes: [UInt8]) -> UTF8ValidationError? {
        do throws(UTF8ValidationError) { try UTF8Validation.validate(bytes) } catch { return error }
        return nil
    }

    /// Incremental verdict for the given split points.
    func incremental(_ bytes: [UInt8], splits: [Int]) -> UTF8ValidationError? {
        var validator = IncrementalUTF8Validator()
        var start = 0
        do throws(UTF8ValidationError) {
            for split in splits + [bytes.count] {
                try validator.feed(Array(bytes[start..<split]))
                start = split
            }
            try validator.finish()
        } catch { return error }
        return nil
    }

    /// Reference for the fail-fast offset: the first index p such that bytes[0...p] cannot be completed to valid
    /// UTF-8 by any continuation (checked with `String(validating:)`); nil if every prefix can.
    func firstImpossibleByte(_ bytes: [UInt8]) -> Int? {
        let candidates: [UInt8] = [0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF]
        func completable(_ prefix: ArraySlice<UInt8>) -> Bool {
            if String(validating: prefix, as: UTF8.self) != nil { return true }
            for a in candidates {
                if String(validating: prefix + [a], as: UTF8.self) != nil { return true }
                for b in candidates {
                    if String(validating: prefix + [a, b], as: UTF8.self) != nil { return true }
                    for c in candidates where String(validating: prefix + [a, b, c], as: UTF8.self) != nil { return true }
                }
            }
            return false
        }
        var validUpTo = 0
        // Only the suffix after the last complete scalar matters; walk forward.
        for end in 1...max(bytes.count, 1) where end <= bytes.count {
            if !completable(bytes[validUpTo..<end]) { return end - 1 }
            if String(validating: bytes[validUpTo..<end], as: UTF8.self) != nil { validUpTo = end }
        }
        return nil
    }

    // MARK: Vectors from Table 3-7 (offset = first byte that makes the sequence ill-formed).

    func testTable37Vectors() {
        let vectors: [(String, [UInt8], UTF8ValidationError?)] = [
            ("empty", [], nil),
            ("ASCII", Array("hello".utf8), nil),
            ("U+0080 lowest 2-byte", [0xC2, 0x80], nil),
            ("U+07FF highest 2-byte", [0xDF, 0xBF], nil),
            ("U+0800 lowest 3-byte", [0xE0, 0xA0, 0x80], nil),
            ("U+D7FF below surrogates", [0xED, 0x9F, 0xBF], nil),
            ("U+E000 above surrogates", [0xEE, 0x80, 0x80], nil),
            ("U+FFFF", [0xEF, 0xBF, 0xBF], nil),
            ("U+10000 lowest 4-byte", [0xF0, 0x90, 0x80, 0x80], nil),
            ("U+10FFFF highest", [0xF4, 0x8F, 0xBF, 0xBF], nil),
            ("overlong NUL C0 80", [0xC0, 0x80], .init(.invalidByte, offset: 0)),
            ("overlong C1 BF", [0xC1, 0xBF], .init(.invalidByte, offset: 0)),
            ("overlong 3-byte E0 80 80", [0xE0, 0x80, 0x80], .init(.invalidByte, offset: 1)),
            ("overlong 3-byte E0 9F BF", [0xE0, 0x9F, 0xBF], .init(.invalidByte, offset: 1)),
            ("overlong 4-byte F0 80 80 80", [0xF0, 0x80, 0x80, 0x80], .init(.invalidByte, offset: 1)),
            ("overlong 4-byte F0 8F BF BF", [0xF0, 0x8F, 0xBF, 0xBF], .init(.invalidByte, offset: 1)),
            ("surrogate U+D800", [0xED, 0xA0, 0x80], .init(.invalidByte, offset: 1)),
            ("surrogate U+DFFF", [0xED, 0xBF, 0xBF], .init(.invalidByte, offset: 1)),
            ("U+110000", [0xF4, 0x90, 0x80, 0x80], .init(.invalidByte, offset: 1)),
            ("F5 lead", [0xF5, 0x80, 0x80, 0x80], .init(.invalidByte, offset: 0)),
            ("FF", [0x41, 0xFF], .init(.invalidByte, offset: 1)),
            ("stray continuation", [0x41, 0x80], .init(.invalidByte, offset: 1)),
            ("lead then ASCII", [0xC3, 0x41], .init(.invalidByte, offset: 1)),
            ("3-byte broken third", [0xE2, 0x82, 0x41], .init(.invalidByte, offset: 2)),
            ("4-byte broken fourth", [0xF0, 0x9F, 0x98, 0xC0], .init(.invalidByte, offset: 3)),
            ("truncated 2-byte", [0x41, 0xC3], .init(.truncatedSequence, offset: 1)),
            ("truncated 3-byte", [0xE2, 0x82], .init(.truncatedSequence, offset: 0)),
            ("truncated 4-byte", [0x41, 0x42, 0xF0, 0x9F, 0x98], .init(.truncatedSequence, offset: 2)),
            ("invalid after long ASCII run", Array(repeating: 0x61, count: 70) + [0xC0], .init(.invalidByte, offset: 70)),
            ("invalid inside fast-path block", Array(repeating: 0x61, count: 37) + [0xFF] + Array(repeating: 0x61, count: 40),
             .init(.invalidByte, offset: 37)),
        ]
        for (name, bytes, expected) in vectors {
            XCTAssertEqual(whole(bytes), expected, name)
            for split in 0...bytes.count {
                XCTAssertEqual(incremental(bytes, splits: [split]), expected, "\(name) split at \(split)")
            }
            XCTAssertEqual(incremental(bytes, splits: Array(0...bytes.count)), expected, "\(name) byte by byte")
        }
    }

    // MARK: Exhaustive boundaries against the standard library.

    func testEveryOneAndTwoByteInputAgreesWithStandardLibrary() {
        for a in 0...255 {
            let one = [UInt8(a)]
            XCTAssertEqual(whole(one) == nil, String(validating: one, as: UTF8.self) != nil, "\(one)")
            for b in 0...255 {
                let two = [UInt8(a), UInt8(b)]
                let reference = String(validating: two, as: UTF8.self) != nil
                let ours = whole(two)
                XCTAssertEqual(ours == nil, reference, "\(two)")
                XCTAssertEqual(incremental(two, splits: [1]), ours, "\(two) split")
            }
        }
    }

    /// Every 3-byte input starting with a 3-byte lead (E0–EF), and every 4-byte lead (F0–F4) with every second
    /// byte and boundary third/fourth bytes; verdicts match the standard library, offsets the completion search.
    func testEveryThreeAndFourByteBoundaryAgreesWithStandardLibrary() {
        let edges: [UInt8] = [0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF]
        for lead in UInt8(0xE0)...0xEF {
            for second in 0...255 {
                for third in 0...255 {
                    let bytes = [lead, UInt8(second), UInt8(third)]
                    XCTAssertEqual(whole(bytes) == nil, String(validating: bytes, as: UTF8.self) != nil, "\(bytes)")
                }
            }
        }
        for lead in UInt8(0xF0)...0xF4 {
            for second in 0...255 {
                for third in edges {
                    for fourth in edges {
                        let bytes = [lead, UInt8(second), third, fourth]
                        let ours = whole(bytes)
                        XCTAssertEqual(ours == nil, String(validating: bytes, as: UTF8.self) != nil, "\(bytes)")
                        XCTAssertEqual(incremental(bytes, splits: [1, 2, 3]), ours, "\(bytes) byte by byte")
                    }
                }
            }
        }
    }

    /// The fail-fast offset is exactly the first byte after which no continuation could make the input valid.
    func testFailureOffsetIsTheFirstImpossibleByteOnRandomInputs() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE1,
                                 0xED, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF]
        for _ in 0..<3000 {
            let bytes = (0..<Int.random(in: 1...9, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator) ?? 0
            }
            let reference = firstImpossibleByte(bytes)
            let ours = whole(bytes)
            if let reference {
                XCTAssertEqual(ours, UTF8ValidationError(.invalidByte, offset: reference), "\(bytes)")
            } else {
                XCTAssertTrue(ours == nil || ours?.kind == .truncatedSequence, "\(bytes): \(String(describing: ours))")
            }
            let split = Int.random(in: 0...bytes.count, using: &generator)
            XCTAssertEqual(incremental(bytes, splits: [split]), ours, "\(bytes) split at \(split)")
        }
    }

    /// Fail fast across pieces: the error comes from the piece holding the impossible byte, before the end.
    func testIncrementalValidatorFailsOnThePieceContainingTheImpossibleByte() {
        var validator = IncrementalUTF8Validator()
        XCTAssertNoThrow(try validator.feed([0x68, 0x69, 0xF0, 0x9F]))
        XCTAssertFalse(validator.isAtBoundary)
        XCTAssertNoThrow(try validator.feed([0x98]))
        XCTAssertThrowsError(try validator.feed([0x41])) { error in
            XCTAssertEqual(error as? UTF8ValidationError, UTF8ValidationError(.invalidByte, offset: 5))
        }
        var second = IncrementalUTF8Validator()
        XCTAssertNoThrow(try second.feed([0xED]))
        XCTAssertThrowsError(try second.feed([0xA0])) { error in
            XCTAssertEqual((error as? UTF8ValidationError)?.offset, 1)
        }
    }

    func testLongMixedTextAgreesWithStandardLibraryAtEveryChunkSize() {
        let text = String(repeating: "plain ASCII run of text, then Zürich café 東京 😀 and more ", count: 40)
        let bytes = Array(text.utf8)
        XCTAssertNil(whole(bytes))
        for size in [1, 2, 3, 5, 7, 8, 13, 31, 32, 33, 64] {
            XCTAssertNil(incremental(bytes, splits: Array(stride(from: size, to: bytes.count, by: size))), "size \(size)")
        }
        var corrupted = bytes
        let index = bytes.firstIndex(of: 0xE6) ?? 0
        corrupted[index + 1] = 0x41
        XCTAssertEqual(whole(corrupted), UTF8ValidationError(.invalidByte, offset: index + 1))
        for size in [1, 3, 8, 32] {
            XCTAssertEqual(incremental(corrupted, splits: Array(stride(from: size, to: corrupted.count, by: size))),
                           UTF8ValidationError(.invalidByte, offset: index + 1), "size \(size)")
        }
    }
    /// A plain Table 3-7 walker, independent of the DFA: the offset of the first impossible byte, or nil.
    func referenceFirstInvalid(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            var length = 1
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xED: length = 3; upper = 0x9F
            case 0xE1...0xEF: length = 3
            case 0xF0: length = 4; lower = 0x90
            case 0xF4: length = 4; upper = 0x8F
            case 0xF1...0xF3: length = 4
            default: return index
            }
            for k in 1..<length {
                guard index + k < bytes.count else { return nil }
                let byte = bytes[index + k]
                if byte < lower || byte > upper { return index + k }
                lower = 0x80
                upper = 0xBF
            }
            index += length
        }
        return nil
    }

    /// Long inputs exercise the 64-byte two-chain blocks: random multi-byte text with one random corruption; the
    /// verdict matches the standard library and the offset matches the Table 3-7 walker, whole and in pieces.
    func testLongInputsWithOneCorruptionMatchTheReferenceWalker() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "bc", "é", "東", "😀", "Ω", " ", "\u{7F}", "ü", "\u{10FFFF}"].map { Array($0.utf8) }
        let corruptions: [UInt8] = [0x80, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF, 0x41]
        for round in 0..<3000 {
            var bytes: [UInt8] = []
            let target = Int.random(in: 1...400, using: &generator)
            while bytes.count < target { bytes += pieces.randomElement(using: &generator) ?? [] }
            if round % 4 != 0 {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = corruptions.randomElement(using: &generator) ?? 0
            }
            let ours = whole(bytes)
            XCTAssertEqual(ours == nil, String(validating: bytes, as: UTF8.self) != nil, "\(bytes)")
            if let reference = referenceFirstInvalid(bytes) {
                XCTAssertEqual(ours, UTF8ValidationError(.invalidByte, offset: reference), "round \(round)")
            } else {
                XCTAssertTrue(ours == nil || ours?.kind == .truncatedSequence, "round \(round)")
            }
            let size = Int.random(in: 1...130, using: &generator)
            XCTAssertEqual(incremental(bytes, splits: Array(stride(from: size, to: bytes.count, by: size))), ours,
                           "round \(round) pieces of \(size)")
        }
    }
}
