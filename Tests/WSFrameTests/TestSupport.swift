import Codecs
import StreamTesting
import WSFrame

/// Parses "81 05 48 65" style hex into bytes.
func hex(_ text: String) -> [UInt8] {
    text.split(separator: " ").map { UInt8($0, radix: 16) ?? 0 }
}

/// A decoder with `Configuration(role:limits:deflate:partialDelivery:)`.
func makeDecoder(role: WebSocketRole, limits: WebSocketLimits = WebSocketLimits(),
                 deflate: PerMessageDeflateParameters? = nil, partialDelivery: Bool = false) -> WebSocketDecoder {
    WebSocketDecoder(WebSocketDecoder.Configuration(role: role, limits: limits, deflate: deflate,
                                                    partialDelivery: partialDelivery))
}

/// One decoded item rendered as a short string, or the error that ended decoding.
func render(_ event: WebSocketEvent) -> String {
    switch event {
    case let .message(.text(text)): return "text:\(text)"
    case let .message(.binary(bytes)): return "binary:\(bytes.count):\(bytes.prefix(8).map { String($0, radix: 16) }.joined(separator: ","))"
    case let .ping(bytes): return "ping:\(String(decoding: bytes, as: UTF8.self))"
    case let .pong(bytes): return "pong:\(String(decoding: bytes, as: UTF8.self))"
    case let .close(code, reason): return "close:\(code.map(String.init) ?? "none"):\(reason)"
    case let .fragment(piece): return "fragment:\(piece.bytes.count):\(piece.frameFinished):\(piece.messageFinished)"
    }
}

/// Decodes `input` fed in pieces of the given sizes (and then EOF when `eof`), returning the rendered items
/// and, last, `error:<code>:<closeCode>@<offset>` when decoding failed. It decodes twice, through `feed` + `next`
/// and through the push API `feed(_:onItem:)`; if the two disagree (items, error or bytes counted), the result
/// says so, so every test that uses it checks both APIs.
func decodeAll(_ input: [UInt8], role: WebSocketRole, deflate: PerMessageDeflateParameters? = nil,
               limits: WebSocketLimits = WebSocketLimits(), pieces: [Int]? = nil, eof: Bool = true) -> [String] {
    let pulled = decodeAll(input, role: role, deflate: deflate, limits: limits, pieces: pieces, eof: eof, push: false)
    let pushed = decodeAll(input, role: role, deflate: deflate, limits: limits, pieces: pieces, eof: eof, push: true)
    guard pulled == pushed else { return ["push/pull mismatch", "pull: \(pulled)", "push: \(pushed)"] }
    return pulled.dropLast().map { $0 }
}

/// One way of decoding; the last line is the count of bytes the decoder says it was fed.
func decodeAll(_ input: [UInt8], role: WebSocketRole, deflate: PerMessageDeflateParameters?, limits: WebSocketLimits,
               pieces: [Int]?, eof: Bool, push: Bool) -> [String] {
    var decoder = makeDecoder(role: role, limits: limits, deflate: deflate)
    var out: [String] = []
    var start = 0
    var sizes = pieces ?? [input.count]
    if sizes.reduce(0, +) < input.count { sizes.append(input.count - sizes.reduce(0, +)) }
    do throws(WebSocketError) {
        for size in sizes {
            let end = min(input.count, start + size)
            let chunk = Array(input[start..<end])
            start = end
            if push {
                var failure: WebSocketError?
                chunk.withUnsafeBytes { raw in
                    do throws(WebSocketError) {
                        try decoder.feed(raw) { out.append(render($0.owned)) }
                    } catch {
                        failure = error
                    }
                }
                if let failure { throw failure }
            } else {
                decoder.feed(chunk)
                while let event = try decoder.next() { out.append(render(event)) }
            }
        }
        if eof { try decoder.finish() }
    } catch {
        out.append("error:\(error.code):\(error.closeCode)@\(error.offset.map(String.init) ?? "nil")")
    }
    out.append("fed:\(decoder.bytesFed)")
    return out
}

/// Random piece sizes (1...maxPiece) summing to `count`.
func randomPieces(_ count: Int, maxPiece: Int, using random: inout SplitMix64) -> [Int] {
    var sizes: [Int] = []
    var remaining = count
    while remaining > 0 {
        let piece = min(remaining, Int(random.next() % UInt64(maxPiece)) + 1)
        sizes.append(piece)
        remaining -= piece
    }
    return sizes
}

/// Builds a frame with an explicit header byte layout, for vectors the encoder would never produce.
func frame(_ first: UInt8, masked key: WebSocketMaskingKey? = nil, _ payload: [UInt8]) -> [UInt8] {
    var header = WebSocketFrameHeader(opcode: WebSocketOpcode(rawValue: first & 0x0F), maskingKey: key,
                                      payloadLength: payload.count)
    header.fin = first & 0x80 != 0
    header.rsv1 = first & 0x40 != 0
    header.rsv2 = first & 0x20 != 0
    header.rsv3 = first & 0x10 != 0
    var out: [UInt8] = []
    header.write(into: &out)
    var body = payload
    if let key { body.withUnsafeMutableBytes { key.apply(to: $0) } }
    return out + body
}

func closeFrame(_ code: UInt16, _ reason: [UInt8] = [], masked key: WebSocketMaskingKey? = nil) -> [UInt8] {
    frame(0x88, masked: key, [UInt8(code >> 8), UInt8(code & 0xFF)] + reason)
}
