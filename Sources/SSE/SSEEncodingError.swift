public import Codecs

/// A value the event stream format cannot carry: the encoder refuses it rather than write a frame that a decoder
/// would read differently.
public struct SSEEncodingError: CodecError, Equatable {
    /// What was refused; `code` is derived from it.
    public enum Kind: Sendable, Equatable {
        /// An event type containing CR or LF (it would end the `event` line early).
        case eventTypeHasLineEnd
        /// An ID containing CR or LF (it would end the `id` line early).
        case idHasLineEnd
        /// An ID containing U+0000, which every decoder ignores (HTML §9.2.6).
        case idHasNull
        /// A negative reconnection time, which `retry` cannot express.
        case negativeRetry
    }

    /// What was refused.
    public let kind: Kind
    /// Byte offset does not apply to encoding; always nil.
    public var offset: Int? { nil }

    /// An error of `kind`.
    public init(_ kind: Kind) { self.kind = kind }

    public var code: String {
        switch kind {
        case .eventTypeHasLineEnd: "event-type-has-line-end"
        case .idHasLineEnd: "id-has-line-end"
        case .idHasNull: "id-has-null"
        case .negativeRetry: "negative-retry"
        }
    }

    public var message: String {
        switch kind {
        case .eventTypeHasLineEnd: "event type contains CR or LF"
        case .idHasLineEnd: "id contains CR or LF"
        case .idHasNull: "id contains U+0000"
        case .negativeRetry: "retry must be 0 or more milliseconds"
        }
    }
}
