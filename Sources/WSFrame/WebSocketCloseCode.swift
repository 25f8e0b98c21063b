/// Close status codes (RFC 6455 §7.4 and the IANA "WebSocket Close Code Number Registry").
public enum WebSocketCloseCode {
    /// Normal closure (§7.4.1).
    public static let normalClosure: UInt16 = 1000
    /// Endpoint going away (§7.4.1).
    public static let goingAway: UInt16 = 1001
    /// Protocol error (§7.4.1).
    public static let protocolError: UInt16 = 1002
    /// Data of a type the endpoint cannot accept (§7.4.1).
    public static let unsupportedData: UInt16 = 1003
    /// No status code was present in a close frame; never sent on the wire (§7.4.1).
    public static let noStatusReceived: UInt16 = 1005
    /// Connection dropped without a close frame; never sent on the wire (§7.4.1).
    public static let abnormalClosure: UInt16 = 1006
    /// Payload inconsistent with the message type, e.g. invalid UTF-8 in text (§7.4.1).
    public static let invalidPayloadData: UInt16 = 1007
    /// Policy violation (§7.4.1).
    public static let policyViolation: UInt16 = 1008
    /// Message too big to process (§7.4.1).
    public static let messageTooBig: UInt16 = 1009
    /// Unexpected condition, internal error (§7.4.1).
    public static let internalError: UInt16 = 1011

    /// Whether `code` may appear in a close frame on the wire: 1000–1003, 1007–1014 (assigned in the IANA
    /// registry) and 3000–4999 (registered and private use). Everything else is a protocol error.
    @inlinable public static func isValidOnWire(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }
}
