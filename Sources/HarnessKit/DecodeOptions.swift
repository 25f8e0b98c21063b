/// The options of `harness decode`, also read from a fixture's `options` object (same names, without `--`).
/// One struct for every codec so the CLI and replay stay in step; a codec ignores fields that are not its own.
public struct DecodeOptions: Sendable, Equatable {
    /// Feed the input in pieces of this many bytes (nil: as read).
    public var chunkSize: Int?
    /// Input is NDJSON, one `{"text":…}` or `{"base64":…}` message per line.
    public var messages = false
    /// `ws`: which endpoint we are (`client` decodes server frames; `server` decodes masked client frames).
    public var role: String?
    /// `ws`: the negotiated `Sec-WebSocket-Extensions` value, e.g. `permessage-deflate; client_max_window_bits=10`.
    public var deflate: String?
    /// `ws`: message size limit in bytes.
    public var maxMessage: Int?
    /// `central`: the streaming topic, which selects the decoder for `proto_data`.
    public var topic: String?
    /// `central`: reject a non-empty Any type URL that names another message than the topic's (pycentral
    /// ignores the type URL; this is the stricter opt-in).
    public var strictType = false
    /// `central`: print the CloudEvent envelope beside the inner message.
    public var envelope = false

    public init() {}
}
