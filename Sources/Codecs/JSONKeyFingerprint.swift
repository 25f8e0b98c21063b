/// The exact identity of a short object key (up to 16 UTF-8 bytes) as two words and a length, so keys compare
/// and hash without touching a `String`. Two fingerprints are equal exactly when the keys' bytes are.
struct JSONKeyFingerprint: Equatable, Sendable {
    /// Longest key a fingerprint can represent.
    static let maxLength = 16

    var low: UInt64
    var high: UInt64
    var length: Int

    /// A value no real key's fingerprint equals (negative length), for keys too long to fingerprint.
    static func unmatchable(length: Int) -> JSONKeyFingerprint {
        JSONKeyFingerprint(low: 0, high: 0, length: ~length)
    }

    /// The fingerprint of `bytes`, or nil when they are longer than `maxLength`. Loads words rather than
    /// copying bytes, so the result is ready without a store-to-load round trip.
    @inline(__always) init?(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        guard count <= Self.maxLength else { return nil }
        guard let base = bytes.baseAddress, count > 0 else {
            self.init(low: 0, high: 0, length: 0)
            return
        }
        var low: UInt64 = 0
        var high: UInt64 = 0
        if count >= 8 {
            low = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
            // Bytes [count-8, count) shifted so that bytes [8, count) land at the bottom (0 when count is 8).
            let tail = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
            high = tail >> UInt64(8 &* (16 &- count))
        } else if count >= 4 {
            let head = UInt64(UInt32(littleEndian: base.loadUnaligned(as: UInt32.self)))
            let tail = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)))
            low = head | ((tail >> UInt64(8 &* (8 &- count))) << 32)
        } else {
            var index = 0
            while index < count {
                low |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) << UInt64(8 &* index)
                index &+= 1
            }
        }
        self.init(low: low, high: high, length: count)
    }

    init(low: UInt64, high: UInt64, length: Int) {
        self.low = low
        self.high = high
        self.length = length
    }

    /// A slot in a table of `1 << bits` entries.
    @inline(__always) func slot(bits: Int) -> Int {
        let mixed = (low ^ (high &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(truncatingIfNeeded: length)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: mixed >> UInt64(64 &- bits))
    }
}
