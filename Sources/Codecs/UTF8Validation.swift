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

    /// Scans `bytes`, failing on the first impossible byte; an unfinished sequence at the end is reported as
    /// `incomplete` only if every byte of it present so far is valid. ASCII runs go 32 (then 8) bytes per step and
    /// an all-ASCII buffer never touches the DFA table;
    /// everything else goes through the shift DFA in blocks of 16, replayed bytewise only to locate an error.
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
        return UTF8DFA.table.withUnsafeBufferPointer { table -> ScanResult in
            var index = start
            var state: UInt64 = UTF8DFA.accept
            while index < count {
                if state & 63 == UTF8DFA.accept {
                    while index &+ 32 <= count {
                        let a = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                        let b = base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self)
                        let c = base.loadUnaligned(fromByteOffset: index &+ 16, as: UInt64.self)
                        let d = base.loadUnaligned(fromByteOffset: index &+ 24, as: UInt64.self)
                        if (a | b | c | d) & ByteWord.highBits != 0 { break }
                        index &+= 32
                    }
                    while index &+ 8 <= count {
                        let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                        let high = word & ByteWord.highBits
                        if high != 0 {
                            index &+= high.trailingZeroBitCount >> 3
                            break
                        }
                        index &+= 8
                    }
                    if index >= count { break }
                }
                let blockStart = index
                let blockState = state
                if index &+ 64 <= count {
                    // Two independent DFA chains over the halves of a 64-byte block, the second starting at a
                    // character boundary, so the serial shift dependency runs twice as wide. Any doubt (the first
                    // chain not ending on that boundary, or a reject) is settled by an exact single-chain replay.
                    var middle = index &+ 32
                    var backed = 0
                    while backed < 3, base.load(fromByteOffset: middle, as: UInt8.self) & 0xC0 == 0x80 {
                        middle &-= 1
                        backed &+= 1
                    }
                    let end = index &+ 64
                    var first = state
                    var second = UTF8DFA.accept
                    var left = index
                    var right = middle
                    while left < middle {
                        first = table[Int(base.load(fromByteOffset: left, as: UInt8.self))] &>> first
                        if right < end {
                            second = table[Int(base.load(fromByteOffset: right, as: UInt8.self))] &>> second
                            right &+= 1
                        }
                        left &+= 1
                    }
                    while right < end {
                        second = table[Int(base.load(fromByteOffset: right, as: UInt8.self))] &>> second
                        right &+= 1
                    }
                    index = end
                    if first & 63 == UTF8DFA.accept, second & 63 != UTF8DFA.reject {
                        state = second
                        continue
                    }
                    var replay = blockState
                    var position = blockStart
                    while position < end {
                        replay = table[Int(base.load(fromByteOffset: position, as: UInt8.self))] &>> replay
                        if replay & 63 == UTF8DFA.reject { return .invalid(position) }
                        position &+= 1
                    }
                    state = replay
                    continue
                }
                let end = min(index &+ 16, count)
                while index < end {
                    state = table[Int(base.load(fromByteOffset: index, as: UInt8.self))] &>> state
                    index &+= 1
                }
                if state & 63 == UTF8DFA.reject {
                    var replay = blockState
                    var position = blockStart
                    while position < end {
                        replay = table[Int(base.load(fromByteOffset: position, as: UInt8.self))] &>> replay
                        if replay & 63 == UTF8DFA.reject { return .invalid(position) }
                        position &+= 1
                    }
                    return .invalid(blockStart)
                }
            }
            if state & 63 == UTF8DFA.accept { return .valid }
            var lead = count &- 1
            while lead > 0, lead > count &- 4, base.load(fromByteOffset: lead, as: UInt8.self) & 0xC0 == 0x80 {
                lead &-= 1
            }
            return .incomplete(lead)
        }
    }
}
