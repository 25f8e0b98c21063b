/// Where a complete single-frame message lies in a byte run: the decoder's fast paths use it to handle the
/// common case (a final, unfragmented text or binary frame, compressed or not, with a 7- or 16-bit length)
/// without the general frame state machine. Anything else is left to that machine.
@usableFromInline struct WholeFrame {
    /// The first header byte: 0x81/0x82 (text/binary) or 0xC1/0xC2 (compressed text/binary).
    @usableFromInline var first: UInt8
    /// Offset of the masking key, when masked.
    @usableFromInline var keyStart: Int
    /// Offset of the payload's first byte.
    @usableFromInline var payloadStart: Int
    @usableFromInline var payloadLength: Int

    /// The frame ends here (header plus payload).
    @inlinable var end: Int { payloadStart &+ payloadLength }
    @inlinable var isText: Bool { first & 0x0F == 1 }
    @inlinable var isCompressed: Bool { first & 0x40 != 0 }

    @inlinable init(first: UInt8, keyStart: Int, payloadStart: Int, payloadLength: Int) {
        self.first = first
        self.keyStart = keyStart
        self.payloadStart = payloadStart
        self.payloadLength = payloadLength
    }

    /// The whole frame at the start of `raw` when it is complete, has one of the four first bytes `compressed`
    /// allows, its mask bit equals `masked`, and its payload is at most `limit`; nil otherwise.
    @inlinable static func locate(
        _ raw: UnsafeRawBufferPointer, masked: Bool, compressed: Bool, limit: Int
    ) -> WholeFrame? {
        let count = raw.count
        guard count >= 2 else { return nil }
        let first = raw[0]
        let second = raw[1]
        let flags: UInt8 = compressed ? 0xC0 : 0x80
        let opcode = first & 0x0F
        guard first & 0xF0 == flags, opcode == 1 || opcode == 2, (second & 0x80 != 0) == masked else { return nil }
        var length = Int(second & 0x7F)
        var start = 2
        if length == 126 {
            guard count >= 4 else { return nil }
            length = Int(raw[2]) << 8 | Int(raw[3])
            start = 4
        } else if length == 127 {
            return nil
        }
        let keyStart = start
        if masked { start &+= 4 }
        guard length <= limit, count >= start, count &- start >= length else { return nil }
        return WholeFrame(first: first, keyStart: keyStart, payloadStart: start, payloadLength: length)
    }

    /// The masking key, read from `raw` (the bytes `locate` was given).
    @inlinable func maskingKey(in raw: UnsafeRawBufferPointer) -> WebSocketMaskingKey {
        WebSocketMaskingKey(raw[keyStart], raw[keyStart &+ 1], raw[keyStart &+ 2], raw[keyStart &+ 3])
    }
}
