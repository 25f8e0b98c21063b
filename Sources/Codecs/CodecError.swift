/// The shape every decoder and encoder failure takes: a stable kebab-case `code` (part of the public contract,
/// printed by the CLI and matched by tests), a human message that carries numbers but never payload bytes, and
/// the byte offset in the input where the fault was detected, when there is one.
public protocol CodecError: Error, Sendable, CustomStringConvertible {
    /// Stable kebab-case identifier, e.g. `"truncated-input"`; never changes once published.
    var code: String { get }
    /// One-line explanation for humans; numbers, not payload bytes.
    var message: String { get }
    /// Byte offset (from the start of the stream or message) where the fault was detected, if known.
    var offset: Int? { get }
}

extension CodecError {
    public var description: String {
        if let offset { return "\(code) at byte \(offset): \(message)" }
        return "\(code): \(message)"
    }
}
