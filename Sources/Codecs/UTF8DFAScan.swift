/// The reference scan: the shift DFA over `base[start..<count]`, entered in the accept state at a character
/// boundary. ASCII runs are skipped a word at a time; non-ASCII goes through the DFA in blocks of 16 (two chains
/// over the halves of 64-byte blocks), replayed bytewise only to locate an error.
extension UTF8DFA {
    /// Offsets in the result are from `base`; every byte before `start` must be valid and complete.
    @inlinable static func scan(_ base: UnsafeRawPointer, count: Int, from start: Int) -> UTF8Validation.ScanResult {
        return UTF8DFA.table.withUnsafeBufferPointer { table -> UTF8Validation.ScanResult in
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
