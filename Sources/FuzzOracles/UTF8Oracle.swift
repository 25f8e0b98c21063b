import CUTF8SIMD
import Codecs

/// UTF-8 validation, differential against the standard library.
public enum UTF8Oracle {
    /// Whole-buffer and incremental validation (split at a point derived from the input) must agree with
    /// `String(validating:)`; a failure offset must point at a byte inside the input (or the truncation start).
    public static func check(_ bytes: UnsafeRawBufferPointer) throws(FuzzViolation) {
        let reference = String(validating: bytes, as: UTF8.self) != nil
        var wholeError: UTF8ValidationError?
        do throws(UTF8ValidationError) { try UTF8Validation.validate(bytes) } catch { wholeError = error }
        guard reference == (wholeError == nil) else {
            throw FuzzViolation("whole validation says \(wholeError.map { "\($0)" } ?? "valid"), stdlib says \(reference)")
        }
        if let wholeError, let offset = wholeError.offset, offset < 0 || offset >= max(bytes.count, 1) {
            throw FuzzViolation("error offset \(offset) outside input of \(bytes.count) bytes")
        }
        // Incremental: split into three pieces at points taken from the input itself.
        let first = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
        let second = bytes.count < 2 ? bytes.count : max(first, Int(bytes[1]) * 7 % (bytes.count + 1))
        var validator = IncrementalUTF8Validator()
        var incrementalError: UTF8ValidationError?
        do throws(UTF8ValidationError) {
            try validator.feed(UnsafeRawBufferPointer(rebasing: bytes[0..<first]))
            try validator.feed(UnsafeRawBufferPointer(rebasing: bytes[first..<second]))
            try validator.feed(UnsafeRawBufferPointer(rebasing: bytes[second...]))
            try validator.finish()
        } catch {
            incrementalError = error
        }
        guard incrementalError == wholeError else {
            throw FuzzViolation("incremental (\(incrementalError.map { "\($0)" } ?? "valid")) and whole (\(wholeError.map { "\($0)" } ?? "valid")) disagree")
        }
        try checkKernels(bytes, error: wholeError)
        try checkBehindMultibyte(bytes, error: wholeError)
    }

    /// Every vector kernel the CPU has vouches for the whole input exactly when it is valid, and never for a byte
    /// at or past the first error.
    static func checkKernels(_ bytes: UnsafeRawBufferPointer, error: UTF8ValidationError?) throws(FuzzViolation) {
        let limit = error?.offset ?? bytes.count
        for kernel in [CUTF8SIMDKernelSSE41, CUTF8SIMDKernelAVX2, CUTF8SIMDKernelNEON]
        where cutf8simd_kernel_supported(kernel) != 0 {
            let vouched = cutf8simd_valid_prefix_with(
                kernel, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
            if error == nil ? vouched != bytes.count : vouched > limit {
                throw FuzzViolation("kernel \(kernel.rawValue) vouched for \(vouched) of \(bytes.count), error at \(limit)")
            }
        }
    }

    /// The input behind 32 copies of "é" (64 bytes): the public path hands it to the vector kernel from the first
    /// byte whatever its length, and the verdict is the same, shifted by 64.
    static func checkBehindMultibyte(_ bytes: UnsafeRawBufferPointer, error: UTF8ValidationError?) throws(FuzzViolation) {
        var shifted = [UInt8](repeating: 0, count: 64)
        for index in stride(from: 0, to: 64, by: 2) {
            shifted[index] = 0xC3
            shifted[index + 1] = 0xA9
        }
        shifted.append(contentsOf: bytes)
        var shiftedError: UTF8ValidationError?
        do throws(UTF8ValidationError) { try UTF8Validation.validate(shifted) } catch let failure { shiftedError = failure }
        let expected = error.map { UTF8ValidationError($0.kind, offset: ($0.offset ?? 0) + 64) }
        guard shiftedError == expected else {
            throw FuzzViolation("behind 64 bytes of é: \(shiftedError.map { "\($0)" } ?? "valid"), expected \(expected.map { "\($0)" } ?? "valid")")
        }
    }
}
