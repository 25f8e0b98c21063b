import Codecs
import WSFrame

/// The fast WebSocket target (`FuzzWSFrameFast`): one pass of the push API over the whole input, checking only
/// what must hold on any path (no crash or trap; errors map to a close code an endpoint may send, with an offset
/// inside the input; text is valid UTF-8; nothing exceeds the limits). `WSFrameOracle` is the differential one.
/// Byte 0 picks the role (bit 0) and the permessage-deflate negotiation (none or one of `WSFrameOracle.variants`).
public enum WSFrameFastOracle {
    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        guard let selector = input.first else { return }
        let role: WebSocketRole = selector & 1 == 0 ? .client : .server
        let variant = Int(selector >> 1) % (WSFrameOracle.variants.count &+ 1)
        let deflate = variant == 0 ? nil : WSFrameOracle.variants[variant &- 1]
        let bytes = UnsafeRawBufferPointer(rebasing: input[1...])
        let limits = WSFrameOracle.limits
        var decoder = WebSocketDecoder(WebSocketDecoder.Configuration(
            role: role, limits: limits, deflate: deflate, partialDelivery: selector & 0x80 != 0))
        var violation: FuzzViolation?
        var messageBytes = 0
        do throws(WebSocketError) {
            try decoder.feed(bytes) { view in
                guard violation == nil else { return }
                do throws(FuzzViolation) { try check(view, limits: limits, messageBytes: &messageBytes) } catch {
                    violation = error
                }
            }
            try decoder.finish()
        } catch {
            guard [1002, 1006, 1007, 1009, 1011].contains(error.closeCode) else {
                throw FuzzViolation("error \(error.code) maps to close code \(error.closeCode)")
            }
            try FastOracleChecks.code(error.code)
            try FastOracleChecks.offset(error.offset, count: bytes.count)
        }
        if let violation { throw violation }
    }

    static func check(_ view: WebSocketEventView, limits: WebSocketLimits, messageBytes: inout Int) throws(FuzzViolation) {
        switch view.kind {
        case .text, .binary:
            messageBytes &+= view.payload.count
            guard messageBytes <= limits.maxMessageSize else { throw FuzzViolation("message over the limit") }
            if view.kind == .text, !view.isPiece { try FastOracleChecks.utf8(view.payload, "text message") }
            if !view.isPiece || view.isMessageEnd { messageBytes = 0 }
        case .ping, .pong:
            guard view.payload.count <= 125 else { throw FuzzViolation("control payload over 125") }
        case .close:
            if let code = view.closeCode, !WebSocketCloseCode.isValidOnWire(code) {
                throw FuzzViolation("close code \(code) delivered")
            }
            try FastOracleChecks.utf8(view.closeReason, "close reason")
        }
    }
}
