/// UTF-8 validation of a whole buffer (Unicode §3.9, Table 3-7): rejects overlongs, surrogates, code points above
/// U+10FFFF, stray continuation bytes and truncated sequences. ASCII runs are checked 32 bytes per step.
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

    /// Mask of the high bit in every byte of a word.
    @usableFromInline static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Scans `bytes`, failing on the first impossible byte; an unfinished sequence at the end is reported as
    /// `incomplete` only if every byte of it present so far is valid.
    @inlinable static func scan(_ bytes: UnsafeRawBufferPointer) -> ScanResult {
        guard let base = bytes.baseAddress else { return .valid }
        let count = bytes.count
        var index = 0
        while index < count {
            // ASCII fast path: 32 bytes per step, then 8, then bytewise until a non-ASCII byte.
            while index &+ 32 <= count {
                let a = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let b = base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self)
                let c = base.loadUnaligned(fromByteOffset: index &+ 16, as: UInt64.self)
                let d = base.loadUnaligned(fromByteOffset: index &+ 24, as: UInt64.self)
                if (a | b | c | d) & highBits != 0 { break }
                index &+= 32
            }
            while index &+ 8 <= count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let high = word & highBits
                if high != 0 {
                    index &+= high.trailingZeroBitCount >> 3
                    break
                }
                index &+= 8
            }
            // Non-ASCII (or tail) region: one sequence per iteration until an ASCII byte begins a fast run again.
            while index < count {
                let lead = base.load(fromByteOffset: index, as: UInt8.self)
                if lead < 0x80 {
                    index &+= 1
                    if index &+ 8 <= count { break }
                    continue
                }
                let length: Int
                var lower: UInt8 = 0x80
                var upper: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; upper = 0x9F
                case 0xF0: length = 4; lower = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; upper = 0x8F
                default: return .invalid(index)
                }
                var position = index &+ 1
                let end = index &+ length
                while position < end {
                    guard position < count else { return .incomplete(index) }
                    let byte = base.load(fromByteOffset: position, as: UInt8.self)
                    guard byte >= lower, byte <= upper else { return .invalid(position) }
                    lower = 0x80
                    upper = 0xBF
                    position &+= 1
                }
                index = end
            }
        }
        return .valid
    }
}
