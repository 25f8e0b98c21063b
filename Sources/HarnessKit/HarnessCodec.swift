/// A `harness decode` failure in the invocation itself (unknown codec, bad option): printed as an error object
/// and answered with exit status 64 (EX_USAGE).
public struct HarnessUsageError: Error, Sendable, Equatable {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// One entry of the `harness decode` codec table: how to build its stream and/or message decoder from options.
/// Each codec lives in its own file under `Codecs/` and is listed once in `CodecTable`.
public struct HarnessCodec: Sendable {
    public typealias StreamFactory = @Sendable (DecodeOptions) throws(HarnessUsageError) -> any StreamDecodeSession
    public typealias MessageFactory = @Sendable (DecodeOptions) throws(HarnessUsageError) -> any MessageDecodeSession

    /// The name on the command line.
    public let name: String
    /// Builds the decoder for a raw stream, if the codec has one.
    public let makeStream: StreamFactory?
    /// Builds the decoder for `--messages`, if the codec has one.
    public let makeMessages: MessageFactory?

    public init(name: String, makeStream: StreamFactory?, makeMessages: MessageFactory?) {
        self.name = name
        self.makeStream = makeStream
        self.makeMessages = makeMessages
    }

    /// A codec named in the contract whose decoder has not been built yet.
    public static func unsupported(_ name: String) -> HarnessCodec {
        HarnessCodec(name: name, makeStream: nil, makeMessages: nil)
    }
}
