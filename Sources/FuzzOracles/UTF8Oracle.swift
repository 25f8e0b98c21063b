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
    }
}
