import Codecs
import ISYXML
import Reconnect
import Sessions
import Testing

/// service-profiles §2 (pyisyox 6.0.1) and issue 16 "eisy / IoX".
@Suite struct EisySessionTests {
    static let statusFrame = #"<?xml version="1.0" encoding="UTF-8"?><Event seqnum="16" sid="uuid:1" timestamp="2026-05-05T18:52:41.875777-07:00"><control>ST</control><action uom="100" prec="0">0</action><node>42 92 8C 1</node><eventInfo></eventInfo><fmtAct>Off</fmtAct><fmtName>Status</fmtName></Event>"#
    static let heartbeat90 = "<Event seqnum=\"5\" sid=\"uuid:1\"><control>_0</control><action>90</action><node></node><eventInfo></eventInfo></Event>"

    static func local(_ profile: SessionProfile = .recommended, path: String = EisyConfiguration.restSubscribePath) throws -> EisySession {
        try EisySession(configuration: EisyConfiguration(
            baseURL: "https://127.0.0.1:8443", path: path, authentication: .local(user: "admin"), profile: profile))
    }

    static func portal(_ profile: SessionProfile = .recommended, path: String = EisyConfiguration.restSubscribePath) throws -> EisySession {
        try EisySession(configuration: EisyConfiguration(
            baseURL: "https://eisy.local:443", path: path, authentication: .portal, profile: profile))
    }

    /// §2.1: `https` → `wss`, `http` → `ws`, trailing `/` removed, the path appended.
    @Test(arguments: [
        ("https://eisy.local:8443", "/rest/subscribe", "wss://eisy.local:8443/rest/subscribe"),
        ("http://127.0.0.1:8080/", "/rest/subscribe", "ws://127.0.0.1:8080/rest/subscribe"),
        ("https://eisy.local:443", "/api/events/subscribe", "wss://eisy.local:443/api/events/subscribe"),
        ("ws://127.0.0.1:9000", "/rest/subscribe", "ws://127.0.0.1:9000/rest/subscribe"),
    ])
    func urlFollowsPyisyoxRules(base: String, path: String, expected: String) throws {
        #expect(try EisySession.url(base: base, path: path) == expected)
    }

    /// §2.2 verified: local `Basic YWRtaW46c2VjcmV0` (admin:secret); portal `Bearer <token>`.
    @Test func authorizationHeaders() throws {
        let local = try Self.local().request(credentials: Secret("secret"))
        #expect(local.headers.map { "\($0.name): \($0.value.revealed)" } == ["Authorization: Basic YWRtaW46c2VjcmV0"])
        #expect(!local.description.contains("YWRtaW46c2VjcmV0"))
        let portal = try Self.portal().request(credentials: Secret("jwt-1"))
        #expect(portal.headers[0].value.revealed == "Bearer jwt-1")
        #expect(!portal.offersDeflate)
    }

    /// §2.1/§7: on `/api/events/subscribe` with a portal token the recommended profile sends `{"auth":{"token":…}}`
    /// first; pyisyox (compatible) sends nothing; `/rest/subscribe` and local auth send nothing.
    @Test func authFrameOnlyOnJSONPathWithPortal() throws {
        let cases: [(EisySession, [String])] = [
            (try Self.portal(path: EisyConfiguration.apiEventsSubscribePath), [#"{"auth":{"token":"jwt-1"}}"#]),
            (try Self.portal(.compatible, path: EisyConfiguration.apiEventsSubscribePath), []),
            (try Self.portal(), []),
            (try Self.local(path: EisyConfiguration.apiEventsSubscribePath), []),
        ]
        for (session, expected) in cases {
            var harness = LoopHarness(session, tokens: ["jwt-1"])
            harness.input(.start)
            harness.open()
            #expect(harness.sentTexts == expected)
        }
    }

    /// §2.4: raw XML and the JSON envelope decode to the same typed `ISYEvent`; another envelope type is ignored;
    /// malformed XML and binary frames never end the connection; a stray `&` is tolerated.
    @Test func framesDecodeInPlaceAndBadFramesAreSkipped() throws {
        var harness = LoopHarness(try Self.local())
        harness.input(.start)
        harness.open()
        harness.receive(Self.statusFrame)
        var envelope = JSONWriter()
        envelope.beginObject()
        envelope.key("type")
        envelope.string("event")
        envelope.key("data")
        envelope.string(Self.statusFrame)
        envelope.endObject()
        harness.receive(envelope.string)
        harness.receive(#"{"type":"spolisy","data":"{\"status\":\"inactive\"}"}"#)
        harness.receive("<Event><control>_7</control><action>1</action><node></node><eventInfo>NUM.107=24&VAL.111=1</eventInfo></Event>")
        harness.receive("<Event><control>ST</unclosed>")
        harness.receive(binary: [0x00, 0x01])
        harness.receive(Self.statusFrame)
        let events = harness.events
        #expect(events.count == 4)
        #expect(events[0].seqnum == 16)
        #expect(events[0].control == .property("ST"))
        #expect(events[0].action == "0")
        #expect(events[0].node == "42 92 8C 1")
        #expect(events[0].uom == "100")
        #expect(events[0].fmtName == "Status")
        #expect(events[1].node == "42 92 8C 1")
        #expect(events[2].eventInfo == "NUM.107=24&VAL.111=1")
        let skipped = harness.deliveries.filter { if case .skipped = $0 { return true } else { return false } }
        #expect(skipped.count == 1)
        #expect(harness.statusTrace == ["connecting", "syncing"])
    }

    /// §2.5: `syncing` until no frame for 1 s, then `connected`; a single frame at open → connected 1 s later.
    @Test func syncingEndsAfterOneSecondQuiet() throws {
        var harness = LoopHarness(try Self.local())
        harness.input(.start)
        harness.open()
        harness.receive(Self.statusFrame)
        harness.advance(to: 0.4)
        harness.receive(Self.statusFrame)
        harness.advance(to: 1.3)
        #expect(harness.statusTrace == ["connecting", "syncing"])
        harness.advance(to: 1.4)
        #expect(harness.statusTrace == ["connecting", "syncing", "connected"])
    }

    /// §2.5: a replay that never goes quiet is promoted at the 10 s cap.
    @Test func syncingIsCappedAtTenSeconds() throws {
        var harness = LoopHarness(try Self.local())
        harness.input(.start)
        harness.open()
        for step in 1...30 {
            harness.advance(to: Double(step) * 0.5)
            harness.receive(Self.statusFrame)
            if Double(step) * 0.5 < 10 { #expect(harness.statuses.last == .syncing) }
        }
        #expect(harness.statusTrace == ["connecting", "syncing", "connected"])
        let connectedAt = harness.actions.firstIndex { if case .status(.connected) = $0 { return true } else { return false } }
        #expect(connectedAt != nil)
    }

    /// §2.6: delays 1, 2, 5, 10, 30, then 60 s for good; reset when a socket opens (the next retry waits 1 s).
    @Test(arguments: SessionProfile.allCases)
    func scheduleBackoffResetsOnOpen(profile: SessionProfile) throws {
        var harness = LoopHarness(try Self.local(profile))
        harness.input(.start)
        for _ in 0..<8 {
            harness.close(.tcpRefused)
            harness.advanceToNextConnect()
        }
        harness.open()
        harness.close(.webSocketClose(1000))
        harness.advanceToNextConnect()
        harness.close(.httpStatus(503))
        #expect(harness.delays == [1, 2, 5, 10, 30, 60, 60, 60, 1, 2])
    }

    /// §2.3: local 401 gives up without asking for credentials (RECONNECT_FAILED); portal 401 refreshes once
    /// and reconnects with the new bearer.
    @Test func unauthorizedLocalStopsPortalRefreshes() throws {
        var local = LoopHarness(try Self.local(), tokens: ["secret", "other"])
        local.input(.start)
        local.close(.httpStatus(401))
        #expect(local.termination == .failed("http-401"))
        #expect(local.credentialFetches == 1)

        var portal = LoopHarness(try Self.portal(), tokens: ["jwt-1", "jwt-2"])
        portal.input(.start)
        portal.close(.httpStatus(401))
        portal.advanceToNextConnect()
        #expect(portal.credentialFetches == 2)
        #expect(portal.lastConnect?.1.headers[0].value.revealed == "Bearer jwt-2")
        #expect(portal.termination == nil)
    }

    /// §2.6 vs issue: 403/404 are retried by pyisyox (compatible) and give up in recommended.
    @Test func forbiddenByProfile() throws {
        var compatible = LoopHarness(try Self.local(.compatible))
        compatible.input(.start)
        compatible.close(.httpStatus(403))
        #expect(compatible.delays == [1])
        var recommended = LoopHarness(try Self.local())
        recommended.input(.start)
        recommended.close(.httpStatus(404))
        #expect(recommended.termination == .failed("http-404"))
    }

    /// Issue 16: the `_0` heartbeat (action = seconds to the next) is not an event; silence for twice its
    /// interval is death and reconnects (recommended); pyisyox (compatible) never notices.
    @Test func heartbeatSetsLivenessWindow() throws {
        var harness = LoopHarness(try Self.local())
        harness.input(.start)
        harness.open()
        harness.advance(to: 2)
        harness.receive(Self.heartbeat90)
        #expect(harness.events.isEmpty)
        #expect(harness.deliveries.count == 1)
        harness.advance(to: 181.9)
        #expect(harness.statuses.last == .connected)
        harness.advance(to: 182)
        #expect(harness.statusTrace.suffix(2) == ["lost(heartbeat-missed)", "reconnecting(1, 1.0)"])

        var compatible = LoopHarness(try Self.local(.compatible))
        compatible.input(.start)
        compatible.open()
        compatible.receive(Self.heartbeat90)
        compatible.advance(to: 10_000)
        #expect(compatible.statuses.last == .connected)
    }

    /// Each received heartbeat re-arms the window: heartbeats every 30 s keep the connection.
    @Test func regularHeartbeatsKeepConnection() throws {
        var harness = LoopHarness(try Self.local())
        harness.input(.start)
        harness.open()
        for step in 0..<20 {
            harness.advance(to: Double(step) * 30)
            harness.receive(Self.heartbeat90)
        }
        #expect(harness.statuses.last == .connected)
        #expect(harness.connectCount == 1)
    }

    /// §2.3: the portal login and refresh bodies and reply.
    @Test func portalAuthRequests() throws {
        #expect(String(decoding: EisyPortalAuth.loginBody(username: "u@example.invalid", password: Secret("pw")), as: UTF8.self)
            == #"{"username":"u@example.invalid","password":"pw"}"#)
        #expect(String(decoding: EisyPortalAuth.refreshBody(refreshToken: Secret("r1")), as: UTF8.self) == #"{"refreshToken":"r1"}"#)
        let tokens = try EisyPortalAuth.tokens(
            status: 200, body: Array(#"{"successful":true,"data":{"accessToken":"a1","refreshToken":"r1"}}"#.utf8))
        #expect(tokens.accessToken.revealed == "a1")
        #expect(tokens.refreshToken?.revealed == "r1")
        #expect(throws: EisyPortalAuth.ReplyError.self) {
            try EisyPortalAuth.tokens(status: 200, body: Array(#"{"successful":false}"#.utf8))
        }
    }
}
