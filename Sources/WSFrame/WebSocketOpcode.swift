/// A frame's opcode (RFC 6455 §5.2, §11.8). Reserved values are representable so the decoder can report them.
public struct WebSocketOpcode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    /// Continuation of a fragmented message (§5.4).
    public static let continuation = WebSocketOpcode(rawValue: 0x0)
    /// First frame of a text message: payload is UTF-8 (§5.6).
    public static let text = WebSocketOpcode(rawValue: 0x1)
    /// First frame of a binary message (§5.6).
    public static let binary = WebSocketOpcode(rawValue: 0x2)
    /// Close control frame (§5.5.1).
    public static let close = WebSocketOpcode(rawValue: 0x8)
    /// Ping control frame (§5.5.2).
    public static let ping = WebSocketOpcode(rawValue: 0x9)
    /// Pong control frame (§5.5.3).
    public static let pong = WebSocketOpcode(rawValue: 0xA)

    /// Control frames have the high opcode bit set (§5.5).
    @inlinable public var isControl: Bool { rawValue & 0x8 != 0 }
    /// True for the six opcodes RFC 6455 defines; the others are reserved and fail with 1002.
    @inlinable public var isDefined: Bool {
        rawValue <= 0x2 || (rawValue >= 0x8 && rawValue <= 0xA)
    }

    public var description: String {
        switch rawValue {
        case 0x0: "continuation"
        case 0x1: "text"
        case 0x2: "binary"
        case 0x8: "close"
        case 0x9: "ping"
        case 0xA: "pong"
        default: "reserved-\(rawValue)"
        }
    }
}

/// Which end of the connection we are: it decides who masks (the client, §5.3) and whose deflate parameters
/// apply to which direction (RFC 7692 §7.1).
public enum WebSocketRole: String, Sendable, Hashable {
    /// We opened the connection: our frames are masked, the server's must not be.
    case client
    /// We accepted the connection: the client's frames must be masked, ours are not.
    case server
}
