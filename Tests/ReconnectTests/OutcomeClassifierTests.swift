import Reconnect
import Testing

/// Every service table, outcome by outcome. Letters: R retry, I retry immediately, C refresh credentials then
/// retry, S stop for good, G give up. Expected columns follow service-profiles §1.6–1.7 (central), §2.6
/// (eisy), §3.5 (Event Streamer), §4.4 (ctfy), §5.5/§5.7 (Stream) and issue 14 §3 (defaults).
@Suite struct OutcomeClassifierTests {
    static let outcomes: [ConnectionOutcome] = [
        .tcpRefused, .tcpReset, .tcpTimeout, .dnsFailure, .connectTimeout,
        .tls(.untrusted), .tls(.hostnameMismatch), .tls(.expired), .tls(.handshakeFailed),
        .httpStatus(200), .httpStatus(204), .httpStatus(301), .httpStatus(400), .httpStatus(401), .httpStatus(403),
        .httpStatus(404), .httpStatus(408), .httpStatus(410), .httpStatus(429, retryAfter: .seconds(5)),
        .httpStatus(500), .httpStatus(502), .httpStatus(503),
        .webSocketClose(1000), .webSocketClose(1001), .webSocketClose(1002), .webSocketClose(1005),
        .webSocketClose(1006), .webSocketClose(1008), .webSocketClose(1011), .webSocketClose(1012),
        .webSocketClose(1013), .webSocketClose(4000), .webSocketClose(4999),
        .endOfStream, .idleTimeout, .heartbeatMissed,
        .protocolError("invalid-utf8"), .protocolError("unexpected-content-type"),
        .serviceError("token-expired", recoverable: true), .serviceError("auth-failed", recoverable: false),
        .serviceError("connection-not-found", recoverable: true), .transportError("unclassified-error"),
    ]

    //                          tcp/dns/ct  tls   200 204 301 400 401 403 404 408 410 429 500 502 503
    //                          1000 1001 1002 1005 1006 1008 1011 1012 1013 4000 4999  eos idle hb
    //                          utf8 ctype  tok auth cnf  transport
    static let tables: [(String, OutcomeClassifier, String)] = [
        ("standard", .standard, "RRRRR GGGG GSGGCGGRGRRRR RRRRRGRRRRR RRR RR RGRR"),
        ("central", .central, "RRRRR GGGG GSGGCGGRGRRRR RRRRRRRRRRR RRR RR RGRR"),
        ("central-compatible", .centralCompatible, "RRRRR RRRR GGGGCGGGGGGGG RRRRRRRRRRR RRR RR RRRR"),
        ("eisy", .eisy, "RRRRR GGGG GSGGCGGRGRRRR RRRRRRRRRRR RRR RR RGRR"),
        ("stream-coordinator", .streamCoordinator, "RRRRR GGGG GSGGCGGRGRRRR SRRRRRRRRRR RRR RR CGRR"),
        ("event-streamer", .eventStreamer, "RRRRR GGGG GSGGCGGRGRRRR RRRRRRRRRRR RRR RR RGRR"),
        ("sse", .sse, "RRRRR GGGG GSGGGGGRGRRRR RRRRRRRRRRR IRR RG RGRR"),
        ("sse-compatible", .sseCompatible, "RRRRR RRRR RRRRRRRRRRRRR RRRRRRRRRRR IRR RR RRRR"),
    ]

    static func disposition(_ letter: Character) -> Disposition? {
        switch letter {
        case "R": .retry
        case "I": .retryImmediately
        case "C": .refreshCredentialsThenRetry
        case "S": .stopForGood
        case "G": .giveUp
        default: nil
        }
    }

    @Test(arguments: tables)
    func wholeTable(_ name: String, _ classifier: OutcomeClassifier, _ letters: String) {
        let expected = letters.compactMap(Self.disposition)
        #expect(expected.count == Self.outcomes.count, "table \(name) has \(expected.count) entries")
        for (outcome, disposition) in zip(Self.outcomes, expected) {
            #expect(classifier.classify(outcome) == disposition, "\(name): \(outcome.reason)")
        }
    }

    @Test func reasonCodesAreStableKebabCase() {
        let expected = [
            "tcp-refused", "tcp-reset", "tcp-timeout", "dns-failure", "connect-timeout", "tls-untrusted",
            "tls-hostname-mismatch", "tls-expired", "tls-handshake-failed", "http-200", "http-204", "http-301",
            "http-400", "http-401", "http-403", "http-404", "http-408", "http-410", "http-429", "http-500",
            "http-502", "http-503", "ws-close-1000", "ws-close-1001", "ws-close-1002", "ws-close-1005",
            "ws-close-1006", "ws-close-1008", "ws-close-1011", "ws-close-1012", "ws-close-1013", "ws-close-4000",
            "ws-close-4999", "end-of-stream", "idle-timeout", "heartbeat-missed", "invalid-utf8",
            "unexpected-content-type", "token-expired", "auth-failed", "connection-not-found", "unclassified-error",
        ]
        #expect(Self.outcomes.map(\.reason.rawValue) == expected)
    }

    @Test(arguments: [
        ("Connection Refused!", "connection-refused"), ("  --x--  ", "x"), ("", "unknown"), ("日本", "unknown"),
        ("HTTP_401", "http-401"), (String(repeating: "ab-", count: 40), String(String(repeating: "ab-", count: 22).prefix(64))),
    ])
    func reasonCodesFromArbitraryTextAreNormalised(_ text: String, _ expected: String) {
        let code = ReasonCode(text)
        #expect(code.rawValue == expected)
        #expect(code.rawValue.utf8.count <= ReasonCode.maximumLength)
    }

    @Test func anOverrideIsTriedFirst() {
        let classifier = OutcomeClassifier.standard.overriding(with: [ClassifierRule(.httpStatus(403...403), .retry)])
        #expect(classifier.classify(.httpStatus(403)) == .retry)
        #expect(classifier.classify(.httpStatus(404)) == .giveUp)
    }
}
