import MockServers
import WSFrame

/// The fault kinds the recording proxy injects (the mocks' grammar, `Docs/fault-grammar.md`, counted on the
/// messages the upstream sends: WebSocket data messages, SSE events, NDJSON lines). `oversize`, `expire-token`
/// and `refuse` need a server of our own and are refused in proxy mode (`fault-not-proxyable`).
enum ProxyFaults {
    /// Kinds that make sense at message boundaries of a stream we pass through.
    static let supported: Set<String> = [
        "status", "drop-after", "drop-mid", "close", "stall", "drip", "garbage", "slow-accept", "bad-deflate",
    ]

    /// Parses `--fault` values for proxy mode; the first unusable one is the error.
    static func parse(_ texts: [String], service: RecordService) throws(RecordError) -> [FaultSpec] {
        var specs: [FaultSpec] = []
        for text in texts {
            let spec: FaultSpec
            do throws(FaultSpecError) { spec = try FaultSpec.parse(text) } catch {
                throw RecordError(code: error.code, message: "--fault: \(error.message)", exitStatus: 64)
            }
            guard supported.contains(spec.kind.name) else {
                throw RecordError(code: "fault-not-proxyable",
                                  message: "--fault: '\(spec.kind.name)' needs a mock server; the proxy cannot inject it",
                                  exitStatus: 64)
            }
            if spec.kind.name == "bad-deflate", !service.isWebSocket {
                throw RecordError(code: "fault-not-proxyable", message: "--fault: bad-deflate is for WebSocket services",
                                  exitStatus: 64)
            }
            specs.append(spec)
        }
        return specs
    }

    /// The WebSocket frame that replaces a message for `garbage` (malformed for the service's codec, as the
    /// mocks' garbage) or `bad-deflate` (RSV1 on a payload that does not inflate, RFC 7692 §6).
    static func replacementFrame(_ service: RecordService, form: EventForm) -> [UInt8] {
        var out: [UInt8] = []
        let (opcode, payload): (WebSocketOpcode, [UInt8])
        if form == .badDeflate {
            (opcode, payload) = (service == .central ? .binary : .text, [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x01])
        } else {
            switch service {
            case .central: (opcode, payload) = (.binary, [0x0A, 0xFF, 0xFF])
            case .eisy: (opcode, payload) = (.text, Array("<Event><control>_1</control>".utf8))
            default: (opcode, payload) = (.text, Array("{\"type\": \"message.new\", ".utf8))
            }
        }
        payload.withUnsafeBytes {
            WebSocketEncoder.writeFrame(opcode: opcode, rsv1: form == .badDeflate, payload: $0, maskingKey: nil, into: &out)
        }
        return out
    }

    /// `garbage` on an HTTP body, in place (same length, so the chunk framing stays valid): an NDJSON line's
    /// bytes become `!` (not JSON); an SSE event's `data` values become 0xFF bytes (not UTF-8, as the SSE mock's).
    static func garble(_ body: inout [UInt8], _ service: RecordService) {
        if service == .eventstreamer {
            for index in body.indices where body[index] != 0x0A && body[index] != 0x0D { body[index] = UInt8(ascii: "!") }
            return
        }
        var lineStart = 0
        var index = 0
        while index <= body.count {
            if index == body.count || body[index] == 0x0A || body[index] == 0x0D {
                let line = body[lineStart..<index]
                if line.starts(with: Array("data:".utf8)) {
                    var value = lineStart &+ 5
                    if value < index, body[value] == 0x20 { value &+= 1 }
                    for position in value..<index { body[position] = 0xFF }
                }
                lineStart = index &+ 1
            }
            index &+= 1
        }
    }
}
