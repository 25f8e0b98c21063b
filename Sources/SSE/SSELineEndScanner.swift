public import Codecs

/// Finds the next CR or LF eight bytes at a time (SWAR: a byte equal to the pattern becomes a zero byte, and the
/// classic "has zero byte" test flags it), so scanning a line costs about one step per eight bytes.
@usableFromInline enum SSELineEndScanner {
    @inlinable static var lineFeeds: UInt64 { ByteWord.broadcast(0x0A) }
    @inlinable static var carriageReturns: UInt64 { ByteWord.broadcast(0x0D) }

    /// High bit set in each byte of `word` that is CR or LF. The lowest flagged byte is always a true match
    /// (borrows only create false flags above a true one), which is all `firstLineEnd` uses.
    @inlinable @inline(__always) static func lineEndMask(_ word: UInt64) -> UInt64 {
        let lf = word ^ lineFeeds
        let cr = word ^ carriageReturns
        return ByteWord.zeroBytes(lf) | ByteWord.zeroBytes(cr)
    }

    /// True when a lane of `vector` is 0x80 or more.
    @inlinable @inline(__always) static func hasHighBit(_ vector: SIMD16<UInt8>) -> Bool {
        let words = unsafeBitCast(vector, to: SIMD2<UInt64>.self)
        return (words[0] | words[1]) & ByteWord.highBits != 0
    }

    /// Index of the first CR or LF in `bytes[start..<bytes.count]`, or nil.
    @inlinable static func firstLineEnd(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var nonASCII = false
        return firstLineEnd(in: bytes, from: start, nonASCII: &nonASCII)
    }

    /// Index of the first CR or LF in `bytes[start..<bytes.count]`, or nil; sets `nonASCII` when a byte of 0x80 or
    /// more lies between `start` and that index (it may also be set for one up to 31 bytes past it), so an ASCII
    /// line needs no second pass to be known valid UTF-8.
    @inlinable @inline(__always) static func firstLineEnd(
        in bytes: UnsafeRawBufferPointer, from start: Int, nonASCII: inout Bool
    ) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var index = start
        let lf = SIMD16<UInt8>(repeating: 0x0A)
        let cr = SIMD16<UInt8>(repeating: 0x0D)
        var seen = SIMD16<UInt8>()
        // Two vectors per step while 32 bytes remain: half the loop branches on long data lines.
        while index &+ 32 <= count {
            let first = base.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
            let second = base.loadUnaligned(fromByteOffset: index &+ 16, as: SIMD16<UInt8>.self)
            seen |= first | second
            let lanes0 = unsafeBitCast((first .== lf) .| (first .== cr), to: SIMD2<UInt64>.self)
            let lanes1 = unsafeBitCast((second .== lf) .| (second .== cr), to: SIMD2<UInt64>.self)
            let word0 = UInt64(littleEndian: lanes0[0])
            let word1 = UInt64(littleEndian: lanes0[1])
            let word2 = UInt64(littleEndian: lanes1[0])
            let word3 = UInt64(littleEndian: lanes1[1])
            if word0 | word1 | word2 | word3 != 0 {
                if hasHighBit(seen) { nonASCII = true }
                if word0 != 0 { return index &+ (word0.trailingZeroBitCount &>> 3) }
                if word1 != 0 { return index &+ 8 &+ (word1.trailingZeroBitCount &>> 3) }
                if word2 != 0 { return index &+ 16 &+ (word2.trailingZeroBitCount &>> 3) }
                return index &+ 24 &+ (word3.trailingZeroBitCount &>> 3)
            }
            index &+= 32
        }
        while index &+ 16 <= count {
            let vector = base.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
            seen |= vector
            // Each lane of the mask is 0x00 or 0xFF; read as two little-endian words (no horizontal reduction,
            // which the optimizer may leave as a lane loop), the lowest set bit marks the first hit.
            let lanes = unsafeBitCast((vector .== lf) .| (vector .== cr), to: SIMD2<UInt64>.self)
            let low = UInt64(littleEndian: lanes[0])
            let high = UInt64(littleEndian: lanes[1])
            if low | high != 0 {
                if hasHighBit(seen) { nonASCII = true }
                if low != 0 { return index &+ (low.trailingZeroBitCount &>> 3) }
                return index &+ 8 &+ (high.trailingZeroBitCount &>> 3)
            }
            index &+= 16
        }
        if hasHighBit(seen) { nonASCII = true }
        return firstLineEnd(inTailOf: base, from: index, count: count, nonASCII: &nonASCII)
    }

    /// `firstLineEnd` for the last 15 bytes or fewer, out of line so that the inlined part stays one small loop.
    @usableFromInline @inline(never) static func firstLineEnd(
        inTailOf base: UnsafeRawPointer, from start: Int, count: Int, nonASCII: inout Bool
    ) -> Int? {
        var index = start
        if index &+ 8 <= count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            if word & ByteWord.highBits != 0 { nonASCII = true }
            let mask = lineEndMask(word)
            if mask != 0 { return index &+ (mask.trailingZeroBitCount &>> 3) }
            index &+= 8
        }
        while index < count {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if byte == 0x0A || byte == 0x0D { return index }
            if byte >= 0x80 { nonASCII = true }
            index &+= 1
        }
        return nil
    }
}

extension SSEDecoder {
    /// The line-end search the decoder uses, exposed so tests can compare it with a plain byte loop.
    public static func firstLineEndForTesting(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        SSELineEndScanner.firstLineEnd(in: bytes, from: start)
    }

    /// The line-end search with its non-ASCII report, for tests.
    public static func firstLineEndForTesting(
        in bytes: UnsafeRawBufferPointer, from start: Int, nonASCII: inout Bool
    ) -> Int? {
        SSELineEndScanner.firstLineEnd(in: bytes, from: start, nonASCII: &nonASCII)
    }
}
