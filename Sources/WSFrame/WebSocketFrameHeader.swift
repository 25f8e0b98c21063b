/// The fixed part of a frame (RFC 6455 §5.2): flags, opcode, mask key and payload length.
public struct WebSocketFrameHeader: Sendable, Equatable {
    /// FIN: this frame ends its message.
    public var fin: Bool
    /// RSV1 (the "compressed" bit under permessage-deflate, RFC 7692 §6).
    public var rsv1: Bool
    /// RSV2, reserved.
    public var rsv2: Bool
    /// RSV3, reserved.
    public var rsv3: Bool
    public var opcode: WebSocketOpcode
    /// The masking key, present on client-to-server frames.
    public var maskingKey: WebSocketMaskingKey?
    /// Payload length as declared (the 64-bit form's high bit is already rejected).
    public var payloadLength: Int
    /// Bytes the header occupies on the wire (2–14).
    public var headerLength: Int

    public init(fin: Bool = true, rsv1: Bool = false, rsv2: Bool = false, rsv3: Bool = false,
                opcode: WebSocketOpcode, maskingKey: WebSocketMaskingKey? = nil, payloadLength: Int,
                headerLength: Int = 0) {
        self.fin = fin
        self.rsv1 = rsv1
        self.rsv2 = rsv2
        self.rsv3 = rsv3
        self.opcode = opcode
        self.maskingKey = maskingKey
        self.payloadLength = payloadLength
        self.headerLength = headerLength
    }

    /// Parses a header from the start of `bytes`; nil when more bytes are needed. Checks only what the header
    /// alone decides (the 64-bit length's high bit); role, RSV and opcode rules are the decoder's.
    /// `offset` is the stream offset of `bytes[0]`, for errors.
    @inlinable public static func parse(
        _ bytes: UnsafeRawBufferPointer, offset: Int
    ) throws(WebSocketError) -> WebSocketFrameHeader? {
        let count = bytes.count
        guard count >= 2 else { return nil }
        let first = bytes[0]
        let second = bytes[1]
        let masked = second & 0x80 != 0
        var length = UInt64(second & 0x7F)
        var index = 2
        if length == 126 {
            guard count >= 4 else { return nil }
            length = UInt64(bytes[2]) << 8 | UInt64(bytes[3])
            index = 4
        } else if length == 127 {
            guard count >= 10 else { return nil }
            length = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt64.self))
            guard length & (1 << 63) == 0 else { throw WebSocketError(.lengthHighBitSet, offset: offset) }
            index = 10
        }
        var key: WebSocketMaskingKey?
        if masked {
            guard count >= index &+ 4 else { return nil }
            key = WebSocketMaskingKey(bytes[index], bytes[index &+ 1], bytes[index &+ 2], bytes[index &+ 3])
            index &+= 4
        }
        return WebSocketFrameHeader(
            fin: first & 0x80 != 0, rsv1: first & 0x40 != 0, rsv2: first & 0x20 != 0, rsv3: first & 0x10 != 0,
            opcode: WebSocketOpcode(rawValue: first & 0x0F), maskingKey: key,
            payloadLength: Int(truncatingIfNeeded: length), headerLength: index)
    }

    /// Appends this header in its shortest length form (header length is recomputed, not read).
    @inlinable public func write(into output: inout [UInt8]) {
        var first = opcode.rawValue
        if fin { first |= 0x80 }
        if rsv1 { first |= 0x40 }
        if rsv2 { first |= 0x20 }
        if rsv3 { first |= 0x10 }
        output.append(first)
        let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
        let length = UInt64(max(0, payloadLength))
        if length < 126 {
            output.append(maskBit | UInt8(length))
        } else if length <= 0xFFFF {
            output.append(maskBit | 126)
            output.append(UInt8(truncatingIfNeeded: length >> 8))
            output.append(UInt8(truncatingIfNeeded: length))
        } else {
            output.append(maskBit | 127)
            var shift: UInt64 = 56
            while true {
                output.append(UInt8(truncatingIfNeeded: length >> shift))
                if shift == 0 { break }
                shift &-= 8
            }
        }
        if let key = maskingKey {
            output.append(key.bytes.0)
            output.append(key.bytes.1)
            output.append(key.bytes.2)
            output.append(key.bytes.3)
        }
    }
}
