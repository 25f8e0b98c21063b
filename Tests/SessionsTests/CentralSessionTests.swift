import Codecs
import Protobuf
import Reconnect
import Sessions
import Testing

/// service-profiles §1 (pycentral 2.0a25) and issue 16 "Aruba Central".
@Suite struct CentralSessionTests {
    /// §1.1: URL vectors (the verified prefix case, quote_plus filters, the scheme always wss).
    @Test(arguments: [
        ("https://127.0.0.1:8443/prefix/", "location", [String](),
         "wss://127.0.0.1:8443/prefix/network-services/v1alpha1/location"),
        ("https://127.0.0.1:34979", "audit-trail-events", ["CONFIG", "FIRMWARE"],
         "wss://127.0.0.1:34979/network-services/v1alpha1/audit-trail-events?event-types=CONFIG%2CFIRMWARE"),
        ("https://h", "audit-trail-events", ["A", "B C"],
         "wss://h/network-services/v1alpha1/audit-trail-events?event-types=A%2CB+C"),
        ("http://us1.api.central.arubanetworks.com/", "clients-events", [],
         "wss://us1.api.central.arubanetworks.com/network-monitoring/v1/clients-events"),
        ("us1.api.central.arubanetworks.com", "alert-events", [],
         "wss://us1.api.central.arubanetworks.com/network-notifications/v1/alert-events"),
        ("ws://127.0.0.1:9000", "ap-events", [], "ws://127.0.0.1:9000/network-monitoring/v1alpha1/ap-events"),
        ("wss://h/network-services/v1alpha1/geofence", "geofence", ["X"],
         "wss://h/network-services/v1alpha1/geofence?event-types=X"),
        ("wss://h/network-services/v1alpha1/geofence?event-types=Y", "geofence", ["X"],
         "wss://h/network-services/v1alpha1/geofence?event-types=Y"),
    ])
    func urlFollowsPycentralRules(base: String, topic: String, filters: [String], expected: String) throws {
        let url = try CentralSession.url(base: base, topic: CentralTopic.named(topic), filters: filters)
        #expect(url == expected)
    }

    /// §1.1 route table: every topic name picks its service and version.
    @Test func routeTableHasEveryPycentralTopic() throws {
        let routes = CentralTopic.all.map { "\($0.name) \($0.service) \($0.version)" }
        #expect(routes == [
            "audit-trail-events network-services v1alpha1", "location network-services v1alpha1",
            "rssi-events network-services v1alpha1", "geofence network-services v1alpha1",
            "ap-events network-monitoring v1alpha1", "clients-events network-monitoring v1",
            "switch-events network-monitoring v1", "alert-events network-notifications v1",
        ])
        #expect(throws: SessionConfigurationError.self) { try CentralTopic.named("nope") }
    }

    /// §1.2/§1.3: `Authorization: Bearer <token>`, no compression offered; the header prints redacted.
    @Test func requestCarriesBearerTokenRedacted() throws {
        let session = try CentralSession(configuration: CentralConfiguration(baseURL: "https://h"))
        let request = session.request(credentials: Secret("tok-1"))
        #expect(request.headers.map(\.name) == ["Authorization"])
        #expect(request.headers[0].value.revealed == "Bearer tok-1")
        #expect(!request.offersDeflate)
        #expect(!request.description.contains("tok-1"))
        #expect(session.keepalive == PingKeepalive(interval: .seconds(10), timeout: .seconds(5)))
    }

    /// The 206-byte audit-trail example of §1.4.
    static let example = hexBytes("""
        0a056576742d31120f2f2f63656e7472616c2f61756469741a03312e30220b61756469742d747261696c428b010a29747970
        652e676f6f676c65617069732e636f6d2f6175646974747261696c2e4175646974547261696c125e0a03742d311080d0eab6
        b7331a065550444154452206636f6e666967420b0a04736974651203732d315205666972737462037376636a271a2512230a
        0e0a047373696412061a04636f72700a110a04766c616e120911000000000000244052146170706c69636174696f6e2f7072
        6f746f627566
        """)

    /// §1.4: a binary message is a CloudEvent whose `proto_data.value` is the topic message; garbage (`0a ff ff`)
    /// and a text frame are skipped and the next event on the same connection is delivered.
    @Test func garbageIsSkippedAndConnectionContinues() throws {
        #expect(Self.example.count == 206)
        var harness = LoopHarness(try CentralSession(configuration: CentralConfiguration(baseURL: "https://h")))
        harness.input(.start)
        harness.open()
        harness.receive(binary: [0x0a, 0xff, 0xff])
        harness.receive("not protobuf")
        harness.receive(binary: Self.example)
        #expect(harness.statusTrace == ["connecting", "connected"])
        let notices = harness.deliveries.compactMap { if case let .skipped(notice) = $0 { return notice.code.rawValue } else { return nil } }
        #expect(notices.count == 2)
        #expect(notices.last == "central-text-message")
        let event = try #require(harness.events.first)
        #expect(harness.events.count == 1)
        #expect(event.cloudEvent.id == "evt-1")
        #expect(event.cloudEvent.source == "//central/audit")
        guard case let .auditTrail(trail) = event.payload else { Issue.record("not audit trail"); return }
        #expect(trail.tenantID == "t-1")
        #expect(trail.occurredOn == 1_767_225_600_000)
        #expect(trail.action == "UPDATE")
        #expect(trail.category == "config")
        #expect(trail.description == "first")
        #expect(trail.serviceName == "svc")
    }

    /// §1.4: ap-events picks the message by the Any type URL's full name (here `audittrail.AuditTrail`, which
    /// pycentral's symbol database also holds); a fixed topic decodes the value as its own message whatever the
    /// URL says; an ap-events type URL naming nothing is skipped (pycentral logs "Unknown ap-events message type").
    /// CloudEvent{id: "e", proto_data: Any{type_url: "garbage", value: StreamLocationMessage{wifi_client_location{}}}}.
    static let locationEvent: [UInt8] = [0x0A, 0x01, 0x65, 0x42, 0x0D, 0x0A, 0x07] + Array("garbage".utf8)
        + [0x12, 0x02, 0x0A, 0x00]

    @Test(arguments: [("ap-events", "audittrail.AuditTrail", "tenant_id", example),
                      ("location", "network_services.location.v1alpha1.StreamLocationMessage", "wifi_client_location",
                       locationEvent)])
    func otherTopicsDeliverTheirTypedMessage(topic: String, typeName: String, field: String, bytes: [UInt8]) throws {
        let configuration = CentralConfiguration(baseURL: "https://h", topic: try CentralTopic.named(topic))
        var harness = LoopHarness(try CentralSession(configuration: configuration))
        harness.input(.start)
        harness.open()
        harness.receive(binary: bytes)
        let event = try #require(harness.events.first)
        guard case let .message(view) = event.payload else { Issue.record("expected a typed message"); return }
        #expect(view.typeName == typeName)
        #expect(view[field] != nil)
    }

    @Test func apEventsWithAnUnknownTypeURLAreSkipped() throws {
        let configuration = CentralConfiguration(baseURL: "https://h", topic: try CentralTopic.named("ap-events"))
        var harness = LoopHarness(try CentralSession(configuration: configuration))
        harness.input(.start)
        harness.open()
        // CloudEvent{id: "e", proto_data: Any{type_url: "ap.apinfo"}}: wrongly cased, so no message.
        harness.receive(binary: [0x0A, 0x01, 0x65, 0x42, 0x0B, 0x0A, 0x09] + Array("ap.apinfo".utf8))
        let notices = harness.deliveries.compactMap { if case let .skipped(notice) = $0 { return notice.code.rawValue } else { return nil } }
        #expect(notices == ["unknown-any-type"])
        #expect(harness.events.isEmpty)
    }

    /// §1.7 table / issue: 401 → refresh once and retry with the new token; a second 401 right after gives up.
    @Test(arguments: SessionProfile.allCases)
    func unauthorizedRefreshesOnceThenGivesUp(profile: SessionProfile) throws {
        let configuration = CentralConfiguration(baseURL: "https://h", profile: profile)
        var harness = LoopHarness(try CentralSession(configuration: configuration), tokens: ["tok-1", "tok-2"])
        harness.input(.start)
        harness.close(.httpStatus(401))
        #expect(harness.credentialFetches == 2)
        harness.advanceToNextConnect()
        #expect(harness.connectCount == 2)
        #expect(harness.lastConnect?.1.headers[0].value.revealed == "Bearer tok-2")
        harness.close(.httpStatus(401))
        #expect(harness.termination == .failed("http-401"))
        #expect(harness.credentialFetches == 2)
    }

    /// A refresh that itself fails stops the stream (pycentral "Token refresh failed" → fatal).
    @Test func failedRefreshGivesUp() throws {
        var harness = LoopHarness(try CentralSession(configuration: CentralConfiguration(baseURL: "https://h")), tokens: ["tok-1"])
        harness.input(.start)
        harness.close(.httpStatus(401))
        #expect(harness.termination == .failed(.credentialsRefreshFailed))
    }

    /// §1.7: 403 is fatal in both profiles; 429/5xx fatal in compatible, retried with `Retry-After` recommended.
    @Test func handshakeStatusTable() throws {
        for profile in SessionProfile.allCases {
            var harness = LoopHarness(try CentralSession(configuration: CentralConfiguration(baseURL: "https://h", profile: profile)))
            harness.input(.start)
            harness.close(.httpStatus(403))
            #expect(harness.statusTrace == ["connecting", "lost(http-403)", "failed(http-403)"])
        }
        var compatible = LoopHarness(try CentralSession(configuration: CentralConfiguration(baseURL: "https://h", profile: .compatible)))
        compatible.input(.start)
        compatible.close(.httpStatus(503))
        #expect(compatible.termination == .failed("http-503"))

        var recommended = LoopHarness(try CentralSession(configuration: CentralConfiguration(baseURL: "https://h")))
        recommended.input(.start)
        recommended.close(.httpStatus(503, retryAfter: .seconds(7)))
        recommended.close(.httpStatus(429, retryAfter: .seconds(3)))
        #expect(recommended.statusTrace == ["connecting", "lost(http-503)", "reconnecting(1, 7.0)"])
        recommended.advance(by: 7)
        recommended.close(.httpStatus(429, retryAfter: .seconds(3)))
        #expect(recommended.delays == [7, 3])
    }

    /// §1.6/§1.7: a server close of any code, 1000 included, and a ping timeout reconnect after the fixed 5 s.
    @Test func closesOfAnyCodeReconnectAfterFiveSeconds() throws {
        var harness = LoopHarness(try CentralSession(configuration: CentralConfiguration(baseURL: "https://h", profile: .compatible)))
        harness.input(.start)
        for outcome in [ConnectionOutcome.webSocketClose(1000), .webSocketClose(1011), .heartbeatMissed, .tcpRefused, .tls(.untrusted)] {
            harness.open()
            harness.close(outcome)
            harness.advance(by: 5)
        }
        #expect(harness.delays == [5, 5, 5, 5, 5])
        #expect(harness.connectCount == 6)
        #expect(harness.termination == nil)
    }

    /// §1.7 verified: `max_retries=3` → 3 attempts with 2 delays, counted over the stream's life (never reset,
    /// even across successful connections); 0 and 1 → 1 attempt.
    @Test(arguments: [(3, 3), (1, 1), (0, 1)])
    func compatibleMaxRetriesCountsAttemptsOverTheWholeLife(maxRetries: Int, attempts: Int) throws {
        let configuration = CentralConfiguration(baseURL: "https://h", profile: .compatible, maxAttempts: maxRetries)
        var harness = LoopHarness(try CentralSession(configuration: configuration))
        harness.input(.start)
        for _ in 0..<5 {
            harness.open()
            harness.advance(by: 120)
            harness.close(.webSocketClose(1011))
            harness.advance(by: 5)
        }
        #expect(harness.connectCount == attempts)
        #expect(harness.delays.count == attempts - 1)
        #expect(harness.termination == .failed(.retriesExhausted))
        #expect(harness.statusTrace.filter { $0.hasPrefix("reconnecting") } == (0..<(attempts - 1)).map { "reconnecting(\($0 + 1), 5.0)" })
    }

    /// Issue 16: recommended resets the retry counter after a stable connection; a connection that drops at
    /// once keeps counting (pycentral never resets).
    @Test func recommendedRetryCounterResetsAfterStableConnection() throws {
        var harness = LoopHarness(try CentralSession(configuration: CentralConfiguration(baseURL: "https://h")))
        harness.input(.start)
        harness.close(.tcpRefused)
        harness.advanceToNextConnect()
        harness.open()
        harness.advance(by: 1)
        harness.close(.webSocketClose(1011))
        harness.advanceToNextConnect()
        harness.open()
        harness.advance(by: 61)
        harness.close(.webSocketClose(1011))
        let attempts = harness.statuses.compactMap { if case let .reconnecting(attempt, _) = $0 { return attempt } else { return nil } }
        #expect(attempts == [1, 2, 1])
    }

    /// Recommended has a handshake timeout (30 s); compatible hangs for ever (§1.2).
    @Test func attemptTimeoutOnlyInRecommended() throws {
        var recommended = LoopHarness(try CentralSession(configuration: CentralConfiguration(baseURL: "https://h")))
        recommended.input(.start)
        recommended.advance(to: 30)
        #expect(recommended.statusTrace.prefix(2) == ["connecting", "lost(connect-timeout)"])
        var compatible = LoopHarness(try CentralSession(configuration: CentralConfiguration(baseURL: "https://h", profile: .compatible)))
        compatible.input(.start)
        compatible.advance(to: 3600)
        #expect(compatible.statusTrace == ["connecting"])
    }

    /// Issue 16: TLS verified in recommended (a failure gives up), not in compatible (`CERT_NONE`, §1.2).
    @Test func tlsVerificationByProfile() throws {
        let recommended = try CentralSession(configuration: CentralConfiguration(baseURL: "https://h"))
        #expect(!recommended.skipsTLSVerification)
        var harness = LoopHarness(recommended)
        harness.input(.start)
        harness.close(.tls(.untrusted))
        #expect(harness.termination == .failed("tls-untrusted"))
        #expect(try CentralSession(configuration: CentralConfiguration(baseURL: "https://h", profile: .compatible)).skipsTLSVerification)
    }

    /// §1.3: the client-credentials request and its response.
    @Test func tokenRequestIsClientCredentials() throws {
        let request = CentralTokenRequest(url: "https://127.0.0.1:8443/token", clientID: "cid", clientSecret: Secret("csecret"))
        #expect(request.headers.map { "\($0.name): \($0.value.revealed)" } == [
            "Authorization: Basic Y2lkOmNzZWNyZXQ=", "Content-Type: application/x-www-form-urlencoded",
            "Accept: application/json",
        ])
        #expect(String(decoding: request.body, as: UTF8.self) == "grant_type=client_credentials")
        #expect(!request.description.contains("Y2lkOmNzZWNyZXQ="))
        let token = try CentralTokenRequest.accessToken(
            status: 200, body: Array(#"{"access_token":"tok-2","token_type":"Bearer","expires_in":7200}"#.utf8))
        #expect(token.revealed == "tok-2")
        #expect(throws: CentralTokenRequest.ResponseError.self) { try CentralTokenRequest.accessToken(status: 200, body: Array("{}".utf8)) }
        #expect(throws: CentralTokenRequest.ResponseError.self) { try CentralTokenRequest.accessToken(status: 401, body: []) }
    }
}
