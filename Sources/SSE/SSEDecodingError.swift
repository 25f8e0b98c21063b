public import Codecs

/// The only failures of `SSEDecoder`: a limit was exceeded (the event stream format itself has no invalid input).
/// The stream cannot continue safely after either; a client should drop the connection and reconnect.
public struct SSEDecodingError: CodecError, Equatable {
    /// What was exceeded; `code` is derived from it.
    public enum Kind: Sendable, Equatable {
        /// A line (terminator excluded, comments included) grew past `SSELimits.maxLineLength` bytes.
        case lineTooLong(limit: Int)
        /// An event's data (its `data` values joined with LF, as received) grew past
        /// `SSELimits.maxEventDataSize` bytes.
        case eventDataTooLarge(limit: Int)
    }

    /// What was exceeded, with the limit.
    public let kind: Kind
    /// `lineTooLong`: stream offset of the first byte past the limit. `eventDataTooLarge`: stream offset of the
    /// start of the `data` line that crossed it.
    public let offset: Int?

    /// An error of `kind` detected at stream offset `offset`.
    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public var code: String {
        switch kind {
        case .lineTooLong: "line-too-long"
        case .eventDataTooLarge: "event-data-too-large"
        }
    }

    public var message: String {
        switch kind {
        case let .lineTooLong(limit): "line longer than the limit of \(limit) bytes"
        case let .eventDataTooLarge(limit): "event data larger than the limit of \(limit) bytes"
        }
    }
}
