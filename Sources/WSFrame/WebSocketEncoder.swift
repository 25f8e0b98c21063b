/// Writes frames (RFC 6455 §5): messages (optionally compressed with permessage-deflate and fragmented),
/// control frames and close frames. A client masks every frame with a fresh key from `maskingKeys` (§5.3).
public struct WebSocketEncoder: Sendable {
    /// Supplies masking keys; the default draws each from the system's cryptographic generator.
    public typealias MaskingKeySource = @Sendable () -> WebSocketMaskingKey

    public let role: WebSocketRole
    public let deflate: PerMessageDeflateParameters?
    /// Largest payload per frame when fragmenting a message; nil sends each message in one frame.
    public var fragmentSize: Int?
    /// Messages shorter than this are sent uncompressed even with deflate (RFC 7692 allows per-message choice).
    public var compressionThreshold: Int
    let maskingKeys: MaskingKeySource
    let deflater: ZlibDeflater?

    public init(role: WebSocketRole, deflate: PerMessageDeflateParameters? = nil, fragmentSize: Int? = nil,
                compressionThreshold: Int = 0,
                maskingKeys: @escaping MaskingKeySource = { WebSocketMaskingKey.random() }) {
        self.role = role
        self.deflate = deflate
        self.fragmentSize = fragmentSize.map { max(1, $0) }
        self.compressionThreshold = compressionThreshold
        self.maskingKeys = maskingKeys
        deflater = deflate.map { ZlibDeflater(windowBits: $0.deflateWindowBits(for: role)) }
    }

    /// Appends one frame with `payload`; masked with a fresh key when we are the client.
    public func writeFrame(
        opcode: WebSocketOpcode, fin: Bool = true, rsv1: Bool = false, payload: UnsafeRawBufferPointer,
        into output: inout [UInt8]
    ) {
        let key: WebSocketMaskingKey? = role == .client ? maskingKeys() : nil
        Self.writeFrame(opcode: opcode, fin: fin, rsv1: rsv1, payload: payload, maskingKey: key, into: &output)
    }

    /// Appends one frame with an explicit masking key (nil: unmasked); for tests and peers that choose keys.
    public static func writeFrame(
        opcode: WebSocketOpcode, fin: Bool = true, rsv1: Bool = false, payload: UnsafeRawBufferPointer,
        maskingKey: WebSocketMaskingKey?, into output: inout [UInt8]
    ) {
        let header = WebSocketFrameHeader(fin: fin, rsv1: rsv1, opcode: opcode, maskingKey: maskingKey,
                                          payloadLength: payload.count)
        header.write(into: &output)
        let start = output.count
        output.append(contentsOf: payload)
        if let maskingKey, payload.count > 0 {
            output.withUnsafeMutableBytes { raw in
                maskingKey.apply(to: UnsafeMutableRawBufferPointer(rebasing: raw[start...]))
            }
        }
    }

    /// Appends a text message.
    public func writeText(_ text: String, compress: Bool = true, into output: inout [UInt8]) throws(WebSocketError) {
        var text = text
        let failure: WebSocketError? = text.withUTF8 { utf8 in
            do throws(WebSocketError) {
                try writeMessage(.text, payload: UnsafeRawBufferPointer(utf8), compress: compress, into: &output)
            } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Appends a binary message.
    public func writeBinary(_ bytes: [UInt8], compress: Bool = true, into output: inout [UInt8]) throws(WebSocketError) {
        let failure: WebSocketError? = bytes.withUnsafeBytes { raw in
            do throws(WebSocketError) {
                try writeMessage(.binary, payload: raw, compress: compress, into: &output)
            } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Appends a data message (`.text` or `.binary`), compressed when deflate is negotiated, `compress` is true
    /// and it reaches `compressionThreshold`, and split into frames of at most `fragmentSize` bytes.
    public func writeMessage(
        _ opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer, compress: Bool = true, into output: inout [UInt8]
    ) throws(WebSocketError) {
        if let deflater, compress, payload.count >= compressionThreshold {
            var compressed: [UInt8] = []
            guard deflater.compressMessage(payload, into: &compressed) else {
                throw WebSocketError(.internalFailure("zlib deflate"), offset: nil)
            }
            if deflate?.deflateNoContextTakeover(for: role) == true { deflater.reset() }
            compressed.withUnsafeBytes { writeFragments(opcode, payload: $0, rsv1: true, into: &output) }
        } else {
            writeFragments(opcode, payload: payload, rsv1: false, into: &output)
        }
    }

    func writeFragments(_ opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer, rsv1: Bool, into output: inout [UInt8]) {
        guard let size = fragmentSize, payload.count > size else {
            writeFrame(opcode: opcode, rsv1: rsv1, payload: payload, into: &output)
            return
        }
        var start = 0
        var first = true
        while start < payload.count {
            let end = min(payload.count, start &+ size)
            writeFrame(opcode: first ? opcode : .continuation, fin: end == payload.count, rsv1: first && rsv1,
                       payload: UnsafeRawBufferPointer(rebasing: payload[start..<end]), into: &output)
            first = false
            start = end
        }
    }

    /// Appends a ping; fails with `.controlFrameTooLong` above 125 bytes (§5.5).
    public func writePing(_ payload: [UInt8] = [], into output: inout [UInt8]) throws(WebSocketError) {
        try writeControl(.ping, payload, into: &output)
    }

    /// Appends a pong; fails with `.controlFrameTooLong` above 125 bytes (§5.5).
    public func writePong(_ payload: [UInt8] = [], into output: inout [UInt8]) throws(WebSocketError) {
        try writeControl(.pong, payload, into: &output)
    }

    func writeControl(_ opcode: WebSocketOpcode, _ payload: [UInt8], into output: inout [UInt8]) throws(WebSocketError) {
        guard payload.count <= 125 else {
            throw WebSocketError(.controlFrameTooLong(length: UInt64(payload.count)), offset: nil)
        }
        payload.withUnsafeBytes { writeFrame(opcode: opcode, payload: $0, into: &output) }
    }

    /// Appends a close frame (§5.5.1): empty when `code` is nil, else the code and the reason, the reason cut at
    /// a code-point boundary to fit the 125-byte control payload.
    public func writeClose(code: UInt16?, reason: String = "", into output: inout [UInt8]) {
        let payload = Self.closePayload(code: code, reason: reason)
        payload.withUnsafeBytes { writeFrame(opcode: .close, payload: $0, into: &output) }
    }

    /// The close payload for `code` and `reason` (reason at most 123 bytes, cut at a code-point boundary).
    public static func closePayload(code: UInt16?, reason: String) -> [UInt8] {
        guard let code else { return [] }
        var payload: [UInt8] = [UInt8(truncatingIfNeeded: code >> 8), UInt8(truncatingIfNeeded: code)]
        var reasonBytes = Array(reason.utf8)
        if reasonBytes.count > 123 {
            var end = 123
            while end > 0, reasonBytes[end] & 0xC0 == 0x80 { end -= 1 }
            reasonBytes.removeSubrange(end...)
        }
        payload.append(contentsOf: reasonBytes)
        return payload
    }
}
