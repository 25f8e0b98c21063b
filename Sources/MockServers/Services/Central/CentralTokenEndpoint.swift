import Codecs

/// The OAuth2 token endpoint pycentral calls after a handshake 401 (service-profiles §1.3; RFC 6749 §4.4,
/// client credentials): `POST …/token` (or `…/token.oauth2`, the HPE SSO path) with
/// `grant_type=client_credentials` and the client authenticated by HTTP Basic (or `client_id`/`client_secret`
/// in the body, RFC 6749 §2.3.1). Answers `{"access_token":…,"token_type":"Bearer","expires_in":7200}` with the
/// next configured token. Logged as a `request` line with `token` = the index issued, never the token.
enum CentralTokenEndpoint {
    /// True for the token endpoint's paths.
    static func matches(_ path: String) -> Bool {
        path.hasSuffix("/token") || path.hasSuffix("/token.oauth2")
    }

    static func answer(_ request: MockRequest, on connection: MockConnection, context: MockContext,
                       issue: () -> (index: Int?, token: String)?) async {
        let form = URLComponentDecoding.parseQuery(String(decoding: request.body, as: UTF8.self))
        let value = { (name: String) in form.first { $0.0 == name }?.1 }
        let basic = request.header("authorization").map { $0.lowercased().hasPrefix("basic ") } ?? false
        let hasClient = basic || (value("client_id") != nil && value("client_secret") != nil)
        var fields = [("method", LogValue.string(request.method)), ("path", .string(request.path)),
                      ("query", .object(request.loggedQuery)), ("grant_type", value("grant_type").map { .string($0) } ?? .null)]
        let response: [UInt8]
        if value("grant_type") != "client_credentials" {
            fields += [("status", .int(400)), ("auth", .string(hasClient ? "accepted" : "missing"))]
            response = HTTPResponseBytes.json(status: 400, #"{"error":"unsupported_grant_type"}"#)
        } else if !hasClient {
            fields += [("status", .int(401)), ("auth", .string("missing"))]
            response = HTTPResponseBytes.json(status: 401, #"{"error":"invalid_client"}"#,
                                              headers: [("WWW-Authenticate", "Basic")])
        } else if let (index, token) = issue() {
            fields += [("status", .int(200)), ("auth", .string("accepted"))]
            if let index { fields.append(("token", .int(index))) }
            var writer = JSONWriter(capacity: 96)
            writer.beginObject()
            writer.key("access_token")
            writer.string(token)
            writer.key("token_type")
            writer.string("Bearer")
            writer.key("expires_in")
            writer.int(7200)
            writer.endObject()
            response = HTTPResponseBytes.json(status: 200, writer.string, headers: [("Cache-Control", "no-store")])
        } else {
            fields += [("status", .int(400)), ("auth", .string("accepted")), ("reason", .string("tokens-exhausted"))]
            response = HTTPResponseBytes.json(
                status: 400, #"{"error":"invalid_grant","error_description":"every configured token was issued"}"#)
        }
        context.log.record(conn: context.latestAttempt, "request", fields)
        try? await connection.write(response)
    }
}
