import Crypto

/// A certificate's SHA-256 fingerprint: the hash of its DER encoding, as `openssl x509 -fingerprint -sha256`
/// prints it. Used to pin one certificate (a LAN device's self-signed one).
public struct TLSFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The 32 hash bytes.
    public let bytes: [UInt8]

    /// Parses 64 hex digits (either case), optionally with a colon between each pair: `AB:CD:…` or `abcd…`.
    public init(hex: String) throws(TLSError) {
        let digits = hex.utf8
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var high: UInt8?
        var previousWasColon = true
        for byte in digits {
            if byte == UInt8(ascii: ":") {
                guard high == nil, !previousWasColon else { throw .invalidFingerprint(hex) }
                previousWasColon = true
                continue
            }
            guard let nibble = Self.nibble(byte), bytes.count < 32 else { throw .invalidFingerprint(hex) }
            previousWasColon = false
            if let value = high {
                bytes.append(value << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        guard bytes.count == 32, high == nil, !previousWasColon else { throw .invalidFingerprint(hex) }
        self.bytes = bytes
    }

    /// The fingerprint of DER-encoded certificate bytes.
    public init(derBytes: [UInt8]) {
        bytes = Array(SHA256.hash(data: derBytes))
    }

    /// Upper-case hex with colons, `AB:CD:…`.
    public var description: String {
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(95)
        for (index, byte) in bytes.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ":")) }
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
