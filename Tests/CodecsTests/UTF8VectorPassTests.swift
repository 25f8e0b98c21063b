import CUTF8SIMD
import Codecs
import StreamTesting
import XCTest

/// The vector kernels (and the public API that dispatches to them) against the standard library's
/// `String(validating:)` for the verdict and `UTF8ReferenceWalker` for the offset: boundary vectors at every
/// offset across the 16- and 32-byte steps, and a seeded random differential.
final class UTF8VectorPassTests: XCTestCase {
    /// Every kernel this CPU can run; each is checked directly, not only the one dispatch picks.
    static let kernels: [CUTF8SIMDKernel] = [CUTF8SIMDKernelSSE41, CUTF8SIMDKernelAVX2, CUTF8SIMDKernelNEON]
        .filter { cutf8simd_kernel_supported($0) != 0 }

    /// Whole-buffer verdict through the public API.
    static func whole(_ bytes: UnsafeRawBufferPointer) -> UTF8ValidationError? {
        do throws(UTF8ValidationError) { try UTF8Validation.validate(bytes) } catch { return error }
        return nil
    }

    /// Incremental verdict, the input fed in pieces ending at `splits` (ascending, within the input).
    static func incremental(_ bytes: UnsafeRawBufferPointer, splits: [Int]) -> UTF8ValidationError? {
        var validator = IncrementalUTF8Validator()
        var start = 0
        do throws(UTF8ValidationError) {
            for split in splits + [bytes.count] {
                try validator.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<split]))
                start = split
            }
            try validator.finish()
        } catch { return error }
        return nil
    }

    /// Checks one input every way; returns a description of the first disagreement, nil if all agree.
    static func disagreement(_ bytes: UnsafeRawBufferPointer, splits: [Int]) -> String? {
        let expected = UTF8ReferenceWalker.verdict(bytes)
        let standard = String(validating: bytes, as: UTF8.self) != nil
        if standard != (expected == nil) { return "walker \(String(describing: expected)), stdlib valid: \(standard)" }
        let ours = whole(bytes)
        if ours != expected { return "whole \(String(describing: ours)), expected \(String(describing: expected))" }
        let pieces = incremental(bytes, splits: splits)
        if pieces != expected { return "split at \(splits): \(String(describing: pieces))" }
        let limit = expected?.offset ?? bytes.count
        for kernel in kernels {
            let vouched = cutf8simd_valid_prefix_with(
                kernel, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
            if expected == nil ? vouched != bytes.count : vouched > limit {
                return "kernel \(kernel.rawValue) vouched for \(vouched) of \(bytes.count), error at \(limit)"
            }
        }
        return nil
    }

    func testAVectorKernelIsAvailableWhereTheCPUHasOne() {
        #if arch(x86_64) || arch(arm64)
            XCTAssertFalse(Self.kernels.isEmpty)
            XCTAssertNotEqual(UTF8Validation.vectorKernel, "scalar")
        #endif
        XCTAssertTrue(["avx2", "sse4.1", "neon", "scalar"].contains(UTF8Validation.vectorKernel))
    }

    /// Each invalid class and each valid boundary scalar, at every offset 0..<80 (so it straddles every position
    /// of a 16- and 32-byte step), at the very end of the buffer and followed by ASCII, after an ASCII run (the
    /// public path starts the kernel at the first non-ASCII byte) and after a leading "é" (it starts at 0).
    func testBoundaryVectorsAtEveryOffset() {
        var vectors: [(String, [UInt8], UTF8ValidationError?)] = [
            ("U+0080", [0xC2, 0x80], nil),
            ("U+07FF", [0xDF, 0xBF], nil),
            ("U+0800", [0xE0, 0xA0, 0x80], nil),
            ("U+D7FF", [0xED, 0x9F, 0xBF], nil),
            ("U+E000", [0xEE, 0x80, 0x80], nil),
            ("U+FFFF", [0xEF, 0xBF, 0xBF], nil),
            ("U+10000", [0xF0, 0x90, 0x80, 0x80], nil),
            ("U+10FFFF", [0xF4, 0x8F, 0xBF, 0xBF], nil),
            ("overlong 2 C0 80", [0xC0, 0x80], .init(.invalidByte, offset: 0)),
            ("overlong 2 C1 BF", [0xC1, 0xBF], .init(.invalidByte, offset: 0)),
            ("overlong 3 E0 80 80", [0xE0, 0x80, 0x80], .init(.invalidByte, offset: 1)),
            ("overlong 3 E0 9F BF", [0xE0, 0x9F, 0xBF], .init(.invalidByte, offset: 1)),
            ("overlong 4 F0 80 80 80", [0xF0, 0x80, 0x80, 0x80], .init(.invalidByte, offset: 1)),
            ("overlong 4 F0 8F BF BF", [0xF0, 0x8F, 0xBF, 0xBF], .init(.invalidByte, offset: 1)),
            ("surrogate U+D800", [0xED, 0xA0, 0x80], .init(.invalidByte, offset: 1)),
            ("surrogate U+DBFF", [0xED, 0xAF, 0xBF], .init(.invalidByte, offset: 1)),
            ("surrogate U+DC00", [0xED, 0xB0, 0x80], .init(.invalidByte, offset: 1)),
            ("surrogate U+DFFF", [0xED, 0xBF, 0xBF], .init(.invalidByte, offset: 1)),
            ("U+110000", [0xF4, 0x90, 0x80, 0x80], .init(.invalidByte, offset: 1)),
            ("F4 BF", [0xF4, 0xBF, 0xBF, 0xBF], .init(.invalidByte, offset: 1)),
            ("stray 80", [0x80], .init(.invalidByte, offset: 0)),
            ("stray BF", [0xBF], .init(.invalidByte, offset: 0)),
            ("2-byte then extra continuation", [0xC3, 0xA9, 0xA9], .init(.invalidByte, offset: 2)),
            ("3-byte then extra continuation", [0xE2, 0x82, 0xAC, 0x80], .init(.invalidByte, offset: 3)),
            ("4-byte then extra continuation", [0xF0, 0x9F, 0x98, 0x80, 0x80], .init(.invalidByte, offset: 4)),
            ("2-byte lead then ASCII", [0xC3, 0x41], .init(.invalidByte, offset: 1)),
            ("3-byte cut after 1", [0xE2, 0x41], .init(.invalidByte, offset: 1)),
            ("3-byte cut after 2", [0xE2, 0x82, 0x41], .init(.invalidByte, offset: 2)),
            ("4-byte cut after 3", [0xF0, 0x9F, 0x98, 0x41], .init(.invalidByte, offset: 3)),
            ("lead after lead", [0xE2, 0xC3, 0xA9], .init(.invalidByte, offset: 1)),
            ("truncated 2-byte", [0xC3], .init(.truncatedSequence, offset: 0)),
            ("truncated 3-byte after 1", [0xE2], .init(.truncatedSequence, offset: 0)),
            ("truncated 3-byte after 2", [0xE2, 0x82], .init(.truncatedSequence, offset: 0)),
            ("truncated 4-byte after 1", [0xF0], .init(.truncatedSequence, offset: 0)),
            ("truncated 4-byte after 2", [0xF0, 0x9F], .init(.truncatedSequence, offset: 0)),
            ("truncated 4-byte after 3", [0xF0, 0x9F, 0x98], .init(.truncatedSequence, offset: 0)),
            ("truncated E0 A0", [0xE0, 0xA0], .init(.truncatedSequence, offset: 0)),
            ("truncated ED 9F", [0xED, 0x9F], .init(.truncatedSequence, offset: 0)),
            ("truncated F4 8F BF", [0xF4, 0x8F, 0xBF], .init(.truncatedSequence, offset: 0)),
        ]
        let highBytes: [(String, [UInt8], UTF8ValidationError?)] = (UInt8(0xF5)...0xFF).map { byte in
            ("byte \(byte)", [byte, 0x80, 0x80, 0x80], UTF8ValidationError(.invalidByte, offset: 0))
        }
        vectors += highBytes
        var failures = 0
        for (name, vector, declared) in vectors {
            for lead: [UInt8] in [[], [0xC3, 0xA9]] {
                for offset in 0..<80 {
                    for tail in [0, 1, 13, 71] {
                        let bytes = lead + Array(repeating: 0x61, count: offset) + vector + Array(repeating: 0x62, count: tail)
                        let at = lead.count + offset
                        bytes.withUnsafeBytes { raw in
                            if tail == 0, let declared, let relative = declared.offset,
                               UTF8ReferenceWalker.verdict(raw) != UTF8ValidationError(declared.kind, offset: at + relative) {
                                XCTFail("\(name): the walker disagrees with the table at \(at)")
                            }
                            if let problem = Self.disagreement(raw, splits: [at + vector.count / 2]) {
                                failures += 1
                                if failures <= 10 { XCTFail("\(name) at \(at), tail \(tail): \(problem)") }
                            }
                            let pieces = Array(stride(from: 16, to: raw.count, by: 16))
                            if Self.incremental(raw, splits: pieces) != UTF8ReferenceWalker.verdict(raw) {
                                failures += 1
                                if failures <= 10 { XCTFail("\(name) at \(at), tail \(tail): 16-byte pieces disagree") }
                            }
                        }
                    }
                }
            }
        }
        XCTAssertEqual(failures, 0)
    }
}
