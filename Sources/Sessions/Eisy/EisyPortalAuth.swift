import Codecs
import Reconnect

/// The portal login and refresh requests pyisyox `PortalAuth` makes (service-profiles §2.3), as data: the HTTP
/// client posts `body` as `application/json` to `base + path` and hands the reply to `tokens(status:body:)`.
public enum EisyPortalAuth {
    /// `POST /api/login` with `{"username": <email>, "password": …}`.
    public static let loginPath = "/api/login"
    /// `POST /api/jwt/refresh` with `{"refreshToken": …}`.
    public static let refreshPath = "/api/jwt/refresh"

    /// The tokens a successful reply carries.
    public struct Tokens: Sendable {
        public let accessToken: Secret
        public let refreshToken: Secret?
    }

    /// Why a login or refresh reply was refused (pyisyox raises `AuthError`: fatal).
    public struct ReplyError: Error, Hashable, Sendable, CustomStringConvertible {
        /// `portal-http-<status>`, `portal-reply-not-json`, `portal-login-unsuccessful`,
        /// `portal-reply-missing-token`.
        public let code: ReasonCode
        public var description: String { code.rawValue }
    }

    /// The login body.
    public static func loginBody(username: String, password: Secret) -> [UInt8] {
        var writer = JSONWriter(capacity: 96)
        writer.beginObject()
        writer.key("username")
        writer.string(username)
        writer.key("password")
        writer.string(password.revealed)
        writer.endObject()
        return writer.bytes
    }

    /// The refresh body.
    public static func refreshBody(refreshToken: Secret) -> [UInt8] {
        var writer = JSONWriter(capacity: 96)
        writer.beginObject()
        writer.key("refreshToken")
        writer.string(refreshToken.revealed)
        writer.endObject()
        return writer.bytes
    }

    /// The tokens of a reply: status 200 and `{"successful": true, "data": {"accessToken": …, "refreshToken": …}}`
    /// (`auth.py:438-446`).
    public static func tokens(status: Int, body: [UInt8]) throws(ReplyError) -> Tokens {
        guard status == 200 else { throw ReplyError(code: ReasonCode("portal-http-\(status)")) }
        let value: JSONValue
        do throws(JSONReaderError) {
            value = try JSONValue.parse(body)
        } catch {
            throw ReplyError(code: "portal-reply-not-json")
        }
        guard case .bool(true)? = value["successful"] else { throw ReplyError(code: "portal-login-unsuccessful") }
        guard case let .string(access)? = value["data"]?["accessToken"], !access.isEmpty else {
            throw ReplyError(code: "portal-reply-missing-token")
        }
        var refresh: Secret?
        if case let .string(token)? = value["data"]?["refreshToken"], !token.isEmpty { refresh = Secret(token) }
        return Tokens(accessToken: Secret(access), refreshToken: refresh)
    }
}
