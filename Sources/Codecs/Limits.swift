/// Every bound the decoders enforce, in one place, each with a safe default and the reason for it.
///
/// A decoder checks a declared size against its limit before reading or reserving anything, and accumulated or
/// decompressed sizes as they grow; exceeding a limit is a typed error, never truncation. Modules take the
/// struct for their format in their configuration; widen a field for a trusted peer, never remove the check.

/// Bounds for the server-sent events decoder (WHATWG HTML §9.2).
public struct SSELimits: Sendable, Equatable {
    /// Longest line (field name + value) kept; an endless line would otherwise grow memory without bound.
    public var maxLineLength: Int = 1 << 20
    /// Largest data buffer of one event (all `data:` lines joined).
    public var maxEventDataSize: Int = 4 << 20

    public init() {}
}

/// Bounds for the protobuf wire reader.
public struct ProtobufLimits: Sendable, Equatable {
    /// Deepest message nesting (sub-messages, groups, Struct/ListValue); 100, as upb and protobuf-java.
    public var recursionLimit: Int = 100
    /// Largest message accepted; protobuf's own hard ceiling is 2 GiB, real Central events are under 64 KiB.
    public var maxMessageSize: Int = 64 << 20

    public init() {}
}

/// Bounds for the JSON reader (RFC 8259).
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

/// Bounds for NDJSON framing.
public struct NDJSONLimits: Sendable, Equatable {
    /// Longest line kept; a line that never ends fails here instead of exhausting memory.
    public var maxLineLength: Int = 8 << 20

    public init() {}
}

/// Bounds for the XML tokenizer used by eisy events.
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
