/// Bounds for the XML tokenizer used by eisy events.
///
/// A decoder checks a declared size against its limit before reading or reserving anything, and accumulated sizes
/// as they grow; exceeding a limit is a typed error, never truncation. Widen a field for a trusted peer, never
/// remove the check.
public struct XMLLimits: Sendable, Equatable {
    /// Deepest element nesting. eisy events nest at most 6 levels; 32 keeps the tokenizer's per-level scratch
    /// space (with the attribute slots) under 1 KiB, so it lives on the stack instead of the heap.
    public var maxDepth: Int = 32
    /// Most attributes on one element. eisy elements carry at most 6.
    public var maxAttributes: Int = 32
    /// Longest element or attribute name.
    public var maxNameLength: Int = 256
    /// Longest attribute value or text run.
    public var maxValueLength: Int = 1 << 20
    /// Largest document accepted.
    public var maxDocumentSize: Int = 4 << 20

    public init() {}
}
