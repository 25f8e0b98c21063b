import Codecs
import Reconnect
import Sessions
import Testing

/// service-profiles §5 (getstream PR #236 `StreamWS`, stream-video-js §5.7) and issue 16 "Stream coordinator".
@Suite struct StreamCoordinatorSessionTests {
    static let ok = #"{"type":"connection.ok","connection_id":"conn-1","created_at":"2026-11-22T12:00:00.000000Z","me":{"id":"alice"}}"#
    static let expired = #"{"type":"connection.error","connection_id":"","created_at":"x","error":{"code":40,"message":"JWTAuth error: token is expired (exp)","StatusCode":401}}"#
    static let healthCheck = #"{"type":"health.check","connection_id":"conn-1","cid":"*","created_at":"x"}"#
    static let messageNew = #"{"type":"message.new","cid":"messaging:general","message":{"id":"m1","text":"hello","user":{"id":"bob"}}}"#

    static func session(_ profile: SessionProfile = .recommended, staticToken: Bool = false) throws -> StreamCoordinatorSession {
        try StreamCoordinatorSession(configuration: StreamCoordinatorConfiguration(
            baseURL: "http://127.0.0.1:3030", apiKey: "key123", userID: "alice", profile: profile, staticToken: staticToken))
    }

    /// §5.1 verified URL; `https` → `wss`; the base path is replaced.
    @Test func urlIsConnectWithQuery() throws {
        #expect(try StreamCoordinatorSession.url(
            base: "http://127.0.0.1:33003", apiKey: "key123", clientName: "stream-python-client-0.0.0-pr236-85bfa1f")
            == "ws://127.0.0.1:33003/api/v2/connect?api_key=key123&stream-auth-type=jwt&X-Stream-Client=stream-python-client-0.0.0-pr236-85bfa1f")
        #expect(try StreamCoordinatorSession.url(base: "https://chat.stream-io-api.com/some/path/", apiKey: "k y", clientName: "c")
            == "wss://chat.stream-io-api.com/api/v2/connect?api_key=k+y&stream-auth-type=jwt&X-Stream-Client=c")
        let request = try Self.session().request(credentials: Secret("jwt"))
        #expect(request.headers.isEmpty)
        #expect(request.offersDeflate)
        #expect(request.redactedURL.contains("api_key=REDACTED"))
    }

    /// §5.3: the first frame is `{"token": <JWT>, "user_details": {"id": user_id}}` (or the given details).
    @Test func authMessageIsFirst() throws {
        var configuration = StreamCoordinatorConfiguration(baseURL: "http://h", apiKey: "k", userID: "alice")
        configuration.userDetails = .object([JSONMember("id", .string("alice")), JSONMember("name", .string("Alice"))])
        for (session, details) in [
            (try Self.session(), JSONValue.object([JSONMember("id", .string("alice"))])),
            (try StreamCoordinatorSession(configuration: configuration), configuration.userDetails!),
        ] {
            var harness = LoopHarness(session, tokens: ["jwt-1"])
            harness.input(.start)
            harness.open()
            let sent = try #require(harness.sentTexts.first)
            #expect(try JSONValue.parse(Array(sent.utf8)) == .object([
                JSONMember("token", .string("jwt-1")), JSONMember("user_details", details),
            ]))
            #expect(harness.statusTrace == ["connecting"])
        }
    }

    /// §5.3: `connection.ok` accepts (not an event); its `connection_id` goes into the array heartbeat 25 s later.
    @Test func connectionOkAcceptsAndHeartbeatCarriesConnectionID() throws {
        var harness = LoopHarness(try Self.session())
        harness.input(.start)
        harness.open()
        harness.receive(Self.ok)
        #expect(harness.statusTrace == ["connecting", "connected"])
        #expect(harness.events.isEmpty)
        harness.advance(to: 24.9)
        #expect(harness.sentTexts.count == 1)
        harness.receive(Self.messageNew)
        harness.advance(to: 25)
        #expect(harness.sentTexts.last == #"[{"type":"health.check","client_id":"conn-1"}]"#)
        #expect(harness.events.map(\.type) == ["message.new"])
    }

    /// §5.7 (recommended): the client's health check is re-armed by each received `health.check`; §5.4
    /// (compatible): it fires every 25 s from connect whatever arrives.
    @Test func healthCheckRearmedOnlyInRecommended() throws {
        for (profile, expected) in [(SessionProfile.recommended, [40.0, 65.0]), (.compatible, [25.0, 50.0])] {
            var harness = LoopHarness(try Self.session(profile))
            harness.input(.start)
            harness.open()
            harness.receive(Self.ok)
            harness.advance(to: 15)
            harness.receive(Self.healthCheck)
            var sentAt: [Double] = []
            var sent = harness.sentTexts.count
            while harness.t < 66 {
                harness.advance(by: 0.5)
                if harness.sentTexts.count > sent {
                    sent = harness.sentTexts.count
                    sentAt.append(harness.t)
                    harness.receive(Self.messageNew)
                }
            }
            #expect(sentAt == expected, "profile \(profile)")
        }
    }

    /// §5.7: dead 35 s after the last message (recommended); §5.4: the PR checks at its 25 s ticks, so silence
    /// from the open is noticed at the second tick (50 s).
    @Test func silenceIsDeath() throws {
        var recommended = LoopHarness(try Self.session())
        recommended.input(.start)
        recommended.open()
        recommended.receive(Self.ok)
        recommended.advance(to: 5)
        recommended.receive(Self.messageNew)
        recommended.advance(to: 39.9)
        #expect(recommended.statuses.last == .connected)
        recommended.advance(to: 40)
        #expect(recommended.statuses.suffix(2).first == .lost("heartbeat-missed"))

        var compatible = LoopHarness(try Self.session(.compatible))
        compatible.input(.start)
        compatible.open()
        compatible.receive(Self.ok)
        compatible.advance(to: 49.9)
        #expect(compatible.statuses.last == .connected)
        #expect(compatible.sentTexts.count == 2)
        compatible.advance(to: 50)
        #expect(compatible.statuses.suffix(2).first == .lost("heartbeat-missed"))
    }

    /// §5.5: code 40 → a new token from the provider and a reconnect; with a static token → give up; another
    /// error code → give up.
    @Test func tokenExpiredRefreshes() throws {
        var harness = LoopHarness(try Self.session(), tokens: ["jwt-1", "jwt-2"])
        harness.input(.start)
        harness.open()
        harness.receive(Self.expired)
        #expect(harness.credentialFetches == 2)
        harness.advance(by: 10)
        harness.open()
        harness.receive(Self.ok)
        #expect(harness.sentTexts.last?.contains("jwt-2") == true)
        #expect(harness.statusTrace.prefix(2) == ["connecting", "lost(token-expired)"])
        #expect(harness.statusTrace.suffix(2) == ["connecting", "connected"])

        var fixed = LoopHarness(try Self.session(staticToken: true), tokens: ["jwt-1", "jwt-2"])
        fixed.input(.start)
        fixed.open()
        fixed.receive(Self.expired)
        #expect(fixed.termination == .failed("token-expired"))
        #expect(fixed.credentialFetches == 1)

        var other = LoopHarness(try Self.session())
        other.input(.start)
        other.open()
        other.receive(#"{"type":"connection.error","error":{"code":2,"message":"bad"}}"#)
        #expect(other.termination == .failed("stream-error-2"))
    }

    /// §5.5: close 1000 stops for good; every other close reconnects.
    @Test(arguments: SessionProfile.allCases)
    func close1000StopsOtherClosesReconnect(profile: SessionProfile) throws {
        var harness = LoopHarness(try Self.session(profile))
        harness.input(.start)
        harness.open()
        harness.receive(Self.ok)
        harness.close(.webSocketClose(1011))
        harness.advance(by: 10)
        harness.open()
        harness.receive(Self.ok)
        harness.close(.webSocketClose(1006))
        harness.advance(by: 10)
        harness.open()
        harness.receive(Self.ok)
        harness.close(.webSocketClose(1000))
        #expect(harness.termination == .stopped("ws-close-1000"))
        #expect(harness.connectCount == 3)
    }

    /// Issue 16: five consecutive drops, each followed by a reconnect (the PR-head `StreamChatWS` reconnected once
    /// and then stuck, §5.8).
    @Test(arguments: SessionProfile.allCases)
    func fiveConsecutiveDropsEachReconnect(profile: SessionProfile) throws {
        var harness = LoopHarness(try Self.session(profile))
        harness.input(.start)
        for drop in 1...5 {
            harness.open()
            harness.receive(Self.ok)
            harness.receive(Self.messageNew)
            #expect(harness.statuses.last == .connected, "before drop \(drop)")
            harness.close(.webSocketClose(1006))
            harness.advance(by: 10)
        }
        harness.open()
        harness.receive(Self.ok)
        #expect(harness.connectCount == 6)
        #expect(harness.statuses.filter { $0 == .connected }.count == 6)
        #expect(harness.events.count == 5)
        let attempts = harness.statuses.compactMap { if case let .reconnecting(attempt, _) = $0 { return attempt } else { return nil } }
        #expect(attempts == [1, 1, 1, 1, 1])
    }

    /// Frames from a replaced connection are never delivered (the `ws_id` guard, §5.5).
    @Test func staleGenerationIsIgnored() throws {
        var harness = LoopHarness(try Self.session())
        harness.input(.start)
        harness.open()
        harness.receive(Self.ok)
        let old = harness.generation
        harness.close(.webSocketClose(1011))
        harness.advance(by: 10)
        harness.input(.message(old, .text, Array(Self.messageNew.utf8)))
        harness.input(.closed(old, .webSocketClose(1000)))
        #expect(harness.events.isEmpty)
        #expect(harness.termination == nil)
    }

    /// §5.7 `retryInterval(n)`: `floor(U·(max−min)+min)` ms, `max = min(500+2000n, 5000)`,
    /// `min = min(max(250, 2000(n−1)), 5000)`: n=1 [250, 2500), n=2 [2000, 4500), n≥3 [4000|5000…] capped at 5000.
    /// §5.5 compatible: `min(0.25·2^(k−1), 5)·(1+U)`: [0.25, 0.5), [0.5, 1), [1, 2), [2, 4), [4, 8), and 5 per outage.
    @Test func backoffRangesFollowTheProfiles() throws {
        for seed in UInt64(1)...40 {
            var harness = LoopHarness(try Self.session(), seed: seed)
            harness.input(.start)
            for _ in 0..<4 {
                harness.close(.tcpRefused)
                harness.advance(by: 10)
            }
            let d = harness.delays
            #expect(d.count == 4)
            #expect((0.25..<2.5).contains(d[0]) && (2.0..<4.5).contains(d[1]) && (4.0..<5.0).contains(d[2]) && d[3] == 5.0)

            var compatible = LoopHarness(try Self.session(.compatible), seed: seed)
            compatible.input(.start)
            for _ in 0..<6 {
                compatible.close(.tcpRefused)
                compatible.advance(by: 10)
            }
            let c = compatible.delays
            #expect(c.count == 5)
            for (index, range) in [0.25..<0.5, 0.5..<1, 1..<2, 2..<4, 4..<8].enumerated() where index < c.count {
                #expect(range.contains(c[index]))
            }
            #expect(compatible.termination == .failed(.retriesExhausted))
        }
    }

    /// Garbage after the first reply is skipped (bad JSON, a JSON array); before it, it fails the attempt.
    @Test func garbageHandling() throws {
        var harness = LoopHarness(try Self.session())
        harness.input(.start)
        harness.open()
        harness.receive(Self.ok)
        harness.receive("{not json")
        harness.receive("[1,2]")
        harness.receive(Self.messageNew)
        #expect(harness.events.count == 1)
        #expect(harness.statuses.last == .connected)

        var early = LoopHarness(try Self.session())
        early.input(.start)
        early.open()
        early.receive("[1,2]")
        #expect(early.statusTrace.prefix(2) == ["connecting", "lost(stream-unexpected-first-message)"])
    }

    /// RFC 4231 test case 2 for HMAC-SHA256, and a token checked against Python's `hmac`/`base64` (PyJWT's
    /// construction: header `{"alg":"HS256","typ":"JWT"}`, compact claims).
    @Test func jwtIsHS256() {
        let token = StreamJWT.mint(userID: "alice", secret: Secret(String(repeating: "s", count: 32)), issuedAt: 1_767_225_595)
        #expect(token.revealed
            == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiYWxpY2UiLCJpYXQiOjE3NjcyMjU1OTV9.Wwu6NOzcntWyk6lDHExvSTlaxDIF6qEUsAt7P8Fkv-w")
    }
}
