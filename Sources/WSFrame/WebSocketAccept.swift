import COpenSSL
import Codecs

/// The `Sec-WebSocket-Key` / `Sec-WebSocket-Accept` pair (RFC 6455 §4.2.2 step 5.4, §4.1): the accept value is
/// base64(SHA-1(key + the protocol GUID)), computed with the system's OpenSSL.
public enum WebSocketAccept {
    /// The GUID every endpoint appends to the key (§1.3).
    public static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// The `Sec-WebSocket-Accept` value for `key`.
    public static func value(forKey key: String) -> String {
        let input = Array((key + guid).utf8)
        var digest = [UInt8](repeating: 0, count: 20)
        input.withUnsafeBufferPointer { source in
            digest.withUnsafeMutableBufferPointer { target in
                _ = SHA1(source.baseAddress, source.count, target.baseAddress)
            }
        }
        return Base64.encode(digest)
    }

    /// A fresh `Sec-WebSocket-Key`: 16 random bytes, base64-encoded (§4.1).
    public static func randomKey() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        for _ in 0..<2 {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Base64.encode(bytes)
    }

    /// Whether `key` is a valid client key: base64 of exactly 16 bytes (§4.2.1 item 5).
    public static func isValidKey(_ key: String) -> Bool {
        Base64.decode(key)?.count == 16
    }
}
