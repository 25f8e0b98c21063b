/// Bounds for the JSON reader (RFC 8259).
///
/// A decoder checks a declared size against its limit before reading or reserving anything, and accumulated sizes
/// as they grow; exceeding a limit is a typed error, never truncation. Widen a field for a trusted peer, never
/// remove the check.
public struct JSONLimits: Sendable, Equatable {
    /// Deepest array/object nesting; guards the stack against `[[[[…` inputs.
    public var maxDepth: Int = 128
    /// Largest document accepted.
    public var maxDocumentSize: Int = 16 << 20
    /// Most members or elements in one object or array, checked by `readValue`/`skipValue` (a materialised
    /// container grows with it); pull loops over `nextKey`/`nextElement` hold no per-entry memory.
    public var maxContainerCount: Int = 1 << 20
    /// Longest number literal; longer numbers are valid JSON but only hurt.
    public var maxNumberLength: Int = 1024

    public init() {}
}
