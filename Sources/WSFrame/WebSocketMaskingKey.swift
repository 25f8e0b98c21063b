/// The 4-byte masking key of a client frame (RFC 6455 §5.3), and the XOR transform it defines.
///
/// Unmasking works in place, 32 bytes per step (four 64-bit words), then 8, then bytewise for the tail.
public struct WebSocketMaskingKey: Hashable, Sendable {
    /// The key bytes in wire order.
    public var bytes: (UInt8, UInt8, UInt8, UInt8)

    public init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) { bytes = (b0, b1, b2, b3) }

    /// The key from its wire form (the first byte in the most significant position).
    public init(networkOrder value: UInt32) {
        self.init(UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
                  UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value))
    }

    /// A fresh key from `generator` (the client must use an unpredictable key per frame, §5.3).
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> WebSocketMaskingKey {
        WebSocketMaskingKey(networkOrder: UInt32(truncatingIfNeeded: generator.next()))
    }

    /// A fresh key from the system's cryptographic generator.
    public static func random() -> WebSocketMaskingKey {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.bytes.0 == rhs.bytes.0 && lhs.bytes.1 == rhs.bytes.1 && lhs.bytes.2 == rhs.bytes.2
            && lhs.bytes.3 == rhs.bytes.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.0)
        hasher.combine(bytes.1)
        hasher.combine(bytes.2)
        hasher.combine(bytes.3)
    }

    /// Key byte `index % 4`.
    @inlinable public subscript(index: Int) -> UInt8 {
        switch index & 3 {
        case 0: bytes.0
        case 1: bytes.1
        case 2: bytes.2
        default: bytes.3
        }
    }

    /// XORs `buffer` in place with the key, where `buffer[0]` is payload byte number `phase` of the frame
    /// (so a payload can be unmasked piece by piece as it arrives). Masking and unmasking are the same operation.
    @inlinable public func apply(to buffer: UnsafeMutableRawBufferPointer, phase: Int = 0) {
        guard let base = buffer.baseAddress else { return }
        let count = buffer.count
        // Eight key bytes starting at `phase`, as the native-endian word that memory order gives.
        let rotated = (self[phase], self[phase &+ 1], self[phase &+ 2], self[phase &+ 3])
        let word32 = withUnsafeBytes(of: rotated) { $0.loadUnaligned(as: UInt32.self) }
        let word = UInt64(word32) | UInt64(word32) << 32
        var index = 0
        while index &+ 32 <= count {
            let a = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let b = base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self)
            let c = base.loadUnaligned(fromByteOffset: index &+ 16, as: UInt64.self)
            let d = base.loadUnaligned(fromByteOffset: index &+ 24, as: UInt64.self)
            base.storeBytes(of: a ^ word, toByteOffset: index, as: UInt64.self)
            base.storeBytes(of: b ^ word, toByteOffset: index &+ 8, as: UInt64.self)
            base.storeBytes(of: c ^ word, toByteOffset: index &+ 16, as: UInt64.self)
            base.storeBytes(of: d ^ word, toByteOffset: index &+ 24, as: UInt64.self)
            index &+= 32
        }
        while index &+ 8 <= count {
            let a = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            base.storeBytes(of: a ^ word, toByteOffset: index, as: UInt64.self)
            index &+= 8
        }
        while index < count {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            base.storeBytes(of: byte ^ self[phase &+ index], toByteOffset: index, as: UInt8.self)
            index &+= 1
        }
    }
}
