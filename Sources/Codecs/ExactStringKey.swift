/// A `String` that compares and hashes by its UTF-8 bytes. Swift's `String ==` uses canonical equivalence
/// (`"é"` equals `"e\u{301}"`); JSON object keys, Python dicts and pydantic compare code points exactly, so
/// duplicate-key detection must too.
public struct ExactStringKey: Hashable, Sendable {
    public let string: String

    public init(_ string: String) {
        self.string = string
    }

    public static func == (lhs: ExactStringKey, rhs: ExactStringKey) -> Bool {
        lhs.string.utf8.elementsEqual(rhs.string.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
