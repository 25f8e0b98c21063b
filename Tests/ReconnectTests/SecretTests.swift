import Reconnect
import Testing

@Suite struct SecretTests {
    static let token = "abcdefgh"

    enum ClientError: Error {
        case rejected(Secret)
        case rejectedWith(reason: String, credential: Secret)
    }

    struct Holder: Error, CustomStringConvertible {
        var authorization: Secret
        var description: String { "request with \(authorization) refused" }
    }

    func renderings(_ secret: Secret) -> [String] {
        var dumped = ""
        dump(secret, to: &dumped)
        var dumpedError = ""
        dump(ClientError.rejected(secret), to: &dumpedError)
        var dumpedHolder = ""
        dump(Holder(authorization: secret), to: &dumpedHolder)
        return [
            String(describing: secret), "\(secret)", String(reflecting: secret), secret.description,
            secret.debugDescription, dumped, dumpedError, dumpedHolder,
            String(describing: ClientError.rejected(secret)), String(reflecting: ClientError.rejected(secret)),
            "\(ClientError.rejectedWith(reason: "401", credential: secret))", "\(Holder(authorization: secret))",
            String(describing: [secret]), String(describing: Optional(secret)), "\((1, secret))",
            (ClientError.rejected(secret) as any Error).localizedDescriptionStandIn,
        ]
    }

    @Test(arguments: [token, "Bearer " + token, "Basic dXNlcjpwYXNzd29yZA==", "eyJhbGciOiJIUzI1NiJ9.e30.sig"])
    func aSecretIsNeverRendered(_ value: String) {
        let secret = Secret(value)
        let revealedPart = value.split(separator: " ").last.map(String.init) ?? value
        for rendering in renderings(secret) {
            #expect(!rendering.contains(revealedPart), "rendering leaks: \(rendering.count) chars")
            #expect(rendering.contains("redacted"))
        }
        #expect(secret.revealed == value)
        #expect(Mirror(reflecting: secret).children.isEmpty)
    }

    @Test func redactionNamesTheSchemeAndTheLength() {
        #expect(Secret("Bearer abcdefgh").description == "Bearer …(redacted, 8 chars)")
        #expect(Secret("abcdefgh").description == "…(redacted, 8 chars)")
        #expect(Secret("basic xyz").description == "basic …(redacted, 3 chars)")
        #expect(Secret("secret with spaces").description == "…(redacted, 18 chars)")
        #expect(Secret("x").prefixed(by: "Bearer").description == "Bearer …(redacted, 1 chars)")
        #expect(Secret("x").prefixed(by: "Bearer").revealed == "Bearer x")
        #expect(Secret("").isEmpty)
        #expect(Secret("a").hasSameValue(as: Secret("a")))
        #expect(!Secret("a").hasSameValue(as: Secret("b")))
    }

    static let urls: [(String, String)] = [
        ("wss://h/api/v2/connect?api_key=key123&stream-auth-type=jwt",
         "wss://h/api/v2/connect?api_key=REDACTED&stream-auth-type=jwt"),
        ("https://h/events?token=abc&x=1#frag", "https://h/events?token=REDACTED&x=1#frag"),
        ("https://h/s?ACCESS_TOKEN=abc&access-token=def", "https://h/s?ACCESS_TOKEN=REDACTED&access-token=REDACTED"),
        ("https://h/s?%74oken=abc", "https://h/s?%74oken=REDACTED"),
        ("https://user:hunter2@h:8443/p?q=1", "https://user:REDACTED@h:8443/p?q=1"),
        ("https://user@h/p", "https://user@h/p"),
        ("https://h/p?resume_token=rt_2&client_secret=s", "https://h/p?resume_token=rt_2&client_secret=REDACTED"),
        ("https://h/p?token", "https://h/p?token"),
        ("https://h/p?a=1&&token=", "https://h/p?a=1&&token=REDACTED"),
        ("no url at all", "no url at all"),
        ("wss://h/p", "wss://h/p"),
    ]

    @Test(arguments: urls)
    func credentialQueryValuesAreRedacted(_ url: String, _ expected: String) {
        #expect(URLRedaction.redact(url) == expected)
    }
}

extension Error {
    /// The text a log line would take from an error without Foundation: its `String(describing:)`.
    var localizedDescriptionStandIn: String { String(describing: self) }
}
