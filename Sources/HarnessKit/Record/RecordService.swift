/// How each service's recording is laid out as a fixture (issue 18): the `harness decode` codec that reads it,
/// and whether it is a WebSocket recording (one `--messages` line per message, as the existing central and isy
/// fixtures are) or an HTTP body recording (the raw body bytes, de-chunked, with the decoder's read boundaries).
public enum RecordService: String, Sendable, CaseIterable {
    case central
    case eisy
    case stream
    case sse
    case eventstreamer

    /// The codec name in `fixture.json`.
    public var codec: String {
        switch self {
        case .central: "central"
        case .eisy: "isy"
        case .stream: "stream"
        case .sse: "sse"
        case .eventstreamer: "eventstreamer"
        }
    }

    /// WebSocket services record messages; HTTP ones record body reads.
    public var isWebSocket: Bool {
        switch self {
        case .central, .eisy, .stream: true
        case .sse, .eventstreamer: false
        }
    }

    /// The decode options the fixture carries (`messages` for WebSocket recordings; central's topic).
    func decodeOptions(_ options: ConnectOptions) -> DecodeOptions {
        var decode = DecodeOptions()
        decode.messages = isWebSocket
        if self == .central { decode.topic = options.topic ?? "audit-trail-events" }
        return decode
    }
}
