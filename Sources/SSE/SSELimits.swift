/// Bounds for the server-sent events decoder (WHATWG HTML §9.2).
///
/// A decoder checks a declared size against its limit before reading or reserving anything, and accumulated sizes
/// as they grow; exceeding a limit is a typed error, never truncation. Widen a field for a trusted peer, never
/// remove the check.
public struct SSELimits: Sendable, Equatable {
    /// Longest line (field name + value) kept; an endless line would otherwise grow memory without bound.
    public var maxLineLength: Int = 1 << 20
    /// Largest data buffer of one event (all `data:` lines joined), in bytes as received: an invalid byte is
    /// lent repaired as U+FFFD, so a repaired event's data can be up to three times this.
    public var maxEventDataSize: Int = 4 << 20

    public init() {}
}
