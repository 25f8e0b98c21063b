/// A piece of a data message under partial delivery (as wsproto does): pieces arrive in order; text pieces
/// are validated UTF-8 as a whole, though one piece may end inside a code point that the next one completes.
public struct WebSocketFragment: Sendable, Equatable {
    public var isText: Bool
    public var bytes: [UInt8]
    /// This piece ends a frame.
    public var frameFinished: Bool
    /// This piece ends the message.
    public var messageFinished: Bool

    public init(isText: Bool, bytes: [UInt8], frameFinished: Bool, messageFinished: Bool) {
        self.isText = isText
        self.bytes = bytes
        self.frameFinished = frameFinished
        self.messageFinished = messageFinished
    }
}
