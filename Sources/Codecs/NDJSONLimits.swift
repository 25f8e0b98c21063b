/// Bounds for NDJSON framing.
///
/// A decoder checks a declared size against its limit before reading or reserving anything, and accumulated sizes
/// as they grow; exceeding a limit is a typed error, never truncation. Widen a field for a trusted peer, never
/// remove the check.
public struct NDJSONLimits: Sendable, Equatable {
    /// Longest line kept; a line that never ends fails here instead of exhausting memory.
    public var maxLineLength: Int = 8 << 20

    public init() {}
}
