/// UTF-8 validation of a whole buffer (Unicode §3.9, Table 3-7): rejects overlongs, surrogates, code points above
/// U+10FFFF, stray continuation bytes and truncated sequences. ASCII runs are checked 32 bytes per step; the rest
/// goes through a vector kernel (`UTF8VectorPass`) when the CPU has one, and the DFA (`UTF8DFA`) is the reference.
public enum UTF8Validation {
    /// Result of scanning a buffer that may end inside a sequence.
    @usableFromInline enum ScanResult {
        case valid
        /// Offset of the first impossible byte.
        case invalid(Int)
        /// Offset where an unfinished (so far valid) sequence starts.
        case incomplete(Int)
    }

    /// True when `bytes` is entirely well-formed UTF-8.
    @inlinable public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if case .valid = scan(bytes) { return true }
        return false
    }

    /// Checks `bytes`; the error's offset is relative to `bytes[0]` plus `baseOffset`.
    @inlinable public static func validate(
        _ bytes: UnsafeRawBufferPointer, baseOffset: Int = 0
    ) throws(UTF8ValidationError) {
        switch scan(bytes) {
        case .valid: return
        case let .invalid(offset): throw UTF8ValidationError(.invalidByte, offset: baseOffset &+ offset)
        case let .incomplete(offset): throw UTF8ValidationError(.truncatedSequence, offset: baseOffset &+ offset)
        }
    }

    /// Checks an array of bytes.
    @inlinable public static func validate(_ bytes: [UInt8]) throws(UTF8ValidationError) {
        let result = bytes.withUnsafeBytes { scan($0) }
        switch result {
        case .valid: return
        case let .invalid(offset): throw UTF8ValidationError(.invalidByte, offset: offset)
        case let .incomplete(offset): throw UTF8ValidationError(.truncatedSequence, offset: offset)
        }
    }

    /// Scans `bytes`, failing on the first impossible byte; an unfinished sequence at the end is reported as
    /// `incomplete` only if every byte of it present so far is valid. ASCII runs go 32 (then 8) bytes per step, so
    /// an all-ASCII buffer never leaves Swift; from the first non-ASCII byte on, a rest of at least
    /// `UTF8VectorPass.minimumCount` bytes goes through the vector kernel, and only what it could not vouch for
    /// (everything, without a kernel) goes through the reference DFA, which also locates the exact error.
    @inlinable static func scan(_ bytes: UnsafeRawBufferPointer) -> ScanResult {
        guard let base = bytes.baseAddress else { return .valid }
        let count = bytes.count
        var start = 0
        while start &+ 32 <= count {
            let a = base.loadUnaligned(fromByteOffset: start, as: UInt64.self)
            let b = base.loadUnaligned(fromByteOffset: start &+ 8, as: UInt64.self)
            let c = base.loadUnaligned(fromByteOffset: start &+ 16, as: UInt64.self)
            let d = base.loadUnaligned(fromByteOffset: start &+ 24, as: UInt64.self)
            if (a | b | c | d) & ByteWord.highBits != 0 { break }
            start &+= 32
        }
        while start &+ 8 <= count, base.loadUnaligned(fromByteOffset: start, as: UInt64.self) & ByteWord.highBits == 0 {
            start &+= 8
        }
        while start < count, base.load(fromByteOffset: start, as: UInt8.self) < 0x80 {
            start &+= 1
        }
        if start == count { return .valid }
        let rest = count &- start
        if rest >= UTF8VectorPass.minimumCount {
            let vouched = UTF8VectorPass.validPrefix(base + start, count: rest)
            if vouched == rest { return .valid }
            start &+= vouched
        }
        return UTF8DFA.scan(base, count: count, from: start)
    }

    /// The reference: the DFA alone over the whole buffer (no vector kernel), for differential tests.
    @inlinable static func scanReference(_ bytes: UnsafeRawBufferPointer) -> ScanResult {
        guard let base = bytes.baseAddress else { return .valid }
        return UTF8DFA.scan(base, count: bytes.count, from: 0)
    }
}
