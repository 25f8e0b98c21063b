/// The six kinds of JSON value (RFC 8259 §3), as seen by peeking at the first byte of a value.
public enum JSONKind: String, Sendable, Equatable, CustomStringConvertible {
    case object, array, string, number, bool, null

    public var description: String { rawValue }
}
