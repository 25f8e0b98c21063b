import Codecs
import COpenSSL
import Reconnect

/// Mints the user token getstream `StreamWS._ensure_token` makes (service-profiles §5.3): a JWT (RFC 7519)
/// signed HS256 (RFC 7518 §3.2) with the API secret, header `{"alg":"HS256","typ":"JWT"}`, claims
/// `{"user_id": …, "iat": issuedAt}`. Time is a parameter: the caller passes `iat` (getstream uses now − 5 s).
public enum StreamJWT {
    /// The token for `userID`, issued at `issuedAt` (seconds since the Unix epoch).
    public static func mint(userID: String, secret: Secret, issuedAt: Int64) -> Secret {
        var claims = JSONWriter(capacity: 64)
        claims.beginObject()
        claims.key("user_id")
        claims.string(userID)
        claims.key("iat")
        claims.int(issuedAt)
        claims.endObject()
        let signingInput = base64URL(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8)) + "." + base64URL(claims.bytes)
        let signature = hmacSHA256(key: Array(secret.revealed.utf8), message: Array(signingInput.utf8))
        return Secret(signingInput + "." + base64URL(signature))
    }

    /// Base64url without padding (RFC 7515 §2).
    static func base64URL(_ bytes: [UInt8]) -> String {
        var text = Base64.encode(bytes)
        while text.last == "=" { text.removeLast() }
        return String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }

    /// HMAC-SHA256 (RFC 2104) over OpenSSL's `SHA256`.
    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        let blockSize = 64
        var block = key.count > blockSize ? sha256(key) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        let inner = sha256(block.map { $0 ^ 0x36 } + message)
        return sha256(block.map { $0 ^ 0x5c } + inner)
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { source in
            digest.withUnsafeMutableBufferPointer { target in
                _ = SHA256(source.baseAddress, source.count, target.baseAddress)
            }
        }
        return digest
    }
}
