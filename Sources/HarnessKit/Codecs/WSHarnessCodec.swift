import Codecs
import WSFrame

extension HarnessCodec {
    /// `harness decode ws`: a raw WebSocket byte stream (after the handshake) → one item per message or control
    /// frame. `--role client` (default) decodes server frames, `--role server` masked client frames;
    /// `--deflate` takes the negotiated extension value; `--max-message N` bounds messages (default 1 MiB).
    /// Errors add `"closeCode"`, the code the endpoint would send.
    public static let ws = HarnessCodec(
        name: "ws",
        makeStream: { options throws(HarnessUsageError) in try WSDecodeSession(options: options) },
        makeMessages: nil
    )
}

/// Feeds `WebSocketDecoder` and prints its items.
struct WSDecodeSession: StreamDecodeSession {
    var decoder: WebSocketDecoder

    init(options: DecodeOptions) throws(HarnessUsageError) {
        let role: WebSocketRole
        switch options.role ?? "client" {
        case "client": role = .client
        case "server": role = .server
        default: throw HarnessUsageError(code: "invalid-option", message: "--role must be client or server")
        }
        var deflate: PerMessageDeflateParameters?
        if let value = options.deflate {
            do throws(WebSocketHandshakeError) {
                deflate = try PerMessageDeflateParameters(negotiated: value)
            } catch {
                throw HarnessUsageError(code: "invalid-option", message: "--deflate: \(error.message)")
            }
        }
        var limits = WebSocketLimits()
        if let maxMessage = options.maxMessage {
            guard maxMessage >= 0 else {
                throw HarnessUsageError(code: "invalid-option", message: "--max-message must not be negative")
            }
            limits.maxMessageSize = maxMessage
            limits.maxFramePayload = maxMessage
        }
        decoder = WebSocketDecoder(WebSocketDecoder.Configuration(role: role, limits: limits, deflate: deflate))
    }

    mutating func feed(_ chunk: UnsafeRawBufferPointer, output: inout DecodeOutput) -> Bool {
        decoder.feed(chunk)
        do throws(WebSocketError) {
            while try decoder.next({ item in Self.emit(item, output: &output) }) != nil {}
        } catch {
            Self.emitError(error, output: &output)
            return false
        }
        return true
    }

    mutating func finish(output: inout DecodeOutput) {
        do throws(WebSocketError) {
            try decoder.finish()
        } catch {
            Self.emitError(error, output: &output)
        }
    }

    static func emitError(_ error: WebSocketError, output: inout DecodeOutput) {
        output.emitError(error, endsStream: true) { writer in
            writer.key("closeCode")
            writer.int(error.closeCode)
        }
    }

    static func emit(_ item: WebSocketEventView, output: inout DecodeOutput) {
        output.emitObject { writer in
            writer.key("type")
            switch item.kind {
            case .text:
                writer.string("text")
                writer.key("data")
                writer.string(utf8: item.payload)
            case .binary, .ping, .pong:
                writer.string(item.kind == .binary ? "binary" : item.kind == .ping ? "ping" : "pong")
                writer.key("base64")
                var encoded: [UInt8] = []
                Base64.encode(item.payload, into: &encoded)
                encoded.withUnsafeBytes { writer.string(utf8: $0) }
            case .close:
                writer.string("close")
                if let code = item.closeCode {
                    writer.key("code")
                    writer.int(code)
                    writer.key("reason")
                    writer.string(utf8: item.closeReason)
                }
            }
        }
    }
}
