/// Object keys decoded recently, so a key that repeats (every event of a stream has the same field names) reuses
/// one `String` instead of building a new one each time. Keep one per stream; it never grows (32 short keys).
public struct JSONKeyCache: Sendable {
    static let slotBits = 5

    struct Entry: Sendable {
        var fingerprint: JSONKeyFingerprint
        var string: String
    }

    var slots = InlineArray<32, Entry?>(repeating: nil)

    public init() {}

    /// The decoded string of `key`: for a short escape-free key the cached string when it was seen before.
    public mutating func string(for key: JSONString) -> String {
        entry(for: key).string
    }

    /// The decoded string of `key` and, when it is at most 16 bytes, its fingerprint.
    @inline(__always) mutating func entry(for key: JSONString) -> (string: String, fingerprint: JSONKeyFingerprint?) {
        if !key.hasEscapes, let short = JSONKeyFingerprint(key.rawBytes) {
            return (string(for: short, bytes: key.rawBytes), short)
        }
        var name = key.string
        let fingerprint = name.withUTF8 { JSONKeyFingerprint(UnsafeRawBufferPointer($0)) }
        return (name, fingerprint)
    }

    /// The key's string: the cached one when these bytes were seen last in its slot, else a new one (cached).
    @inline(__always) mutating func string(for fingerprint: JSONKeyFingerprint, bytes: UnsafeRawBufferPointer) -> String {
        let slot = fingerprint.slot(bits: Self.slotBits)
        if let entry = slots[slot], entry.fingerprint == fingerprint { return entry.string }
        let string = String(decoding: bytes, as: UTF8.self)
        slots[slot] = Entry(fingerprint: fingerprint, string: string)
        return string
    }
}
