import Codecs
import Reconnect

/// The OAuth 2.0 client-credentials token request pycentral makes on a handshake 401 (RFC 6749 §4.4,
/// service-profiles §1.3): `POST {token_url}` with `Authorization: Basic base64(client_id:client_secret)`,
/// `Content-Type: application/x-www-form-urlencoded`, `Accept: application/json` and the body
/// `grant_type=client_credentials`. Pure: the HTTP client sends it and hands the body to `accessToken(from:)`.
public struct CentralTokenRequest: Sendable, CustomStringConvertible {
    /// pycentral's default token endpoint (`constants.py:56-60`).
    public static let defaultTokenURL = "https://sso.common.cloud.hpe.com/as/token.oauth2"

    /// The token endpoint.
    public let url: String
    /// The request headers, `Authorization` a `Secret`.
    public let headers: [SessionHeader]
    /// The form body.
    public let body: [UInt8]

    /// The request for this client.
    public init(url: String = defaultTokenURL, clientID: String, clientSecret: Secret) {
        self.url = url
        let basic = Base64.encode(Array((clientID + ":" + clientSecret.revealed).utf8))
        headers = [
            SessionHeader("Authorization", secret: Secret("Basic " + basic)),
            SessionHeader("Content-Type", "application/x-www-form-urlencoded"),
            SessionHeader("Accept", "application/json"),
        ]
        body = Array("grant_type=client_credentials".utf8)
    }

    public var description: String { "POST \(URLRedaction.redact(url)) [" + headers.map(\.description).joined(separator: ", ") + "]" }

    /// Why a token response was refused.
    public struct ResponseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// `token-http-<status>`, `token-response-not-json`, `token-response-missing-access-token`.
        public let code: ReasonCode
        public init(code: ReasonCode) { self.code = code }
        public var description: String { code.rawValue }
    }

    /// The `access_token` of a token response (RFC 6749 §5.1): status 200 and a JSON object with a string
    /// `access_token`; anything else is a `ResponseError` (pycentral stops the stream, §1.3).
    public static func accessToken(status: Int, body: [UInt8]) throws(ResponseError) -> Secret {
        guard status == 200 else { throw ResponseError(code: ReasonCode("token-http-\(status)")) }
        let value: JSONValue
        do throws(JSONReaderError) {
            value = try JSONValue.parse(body)
        } catch {
            throw ResponseError(code: "token-response-not-json")
        }
        guard case let .string(token)? = value["access_token"], !token.isEmpty else {
            throw ResponseError(code: "token-response-missing-access-token")
        }
        return Secret(token)
    }
}
