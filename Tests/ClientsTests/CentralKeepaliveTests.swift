@testable import Clients
import Codecs
import Reconnect
import Sessions
import Testing
import WSFrame
import WebSocketNIO

/// Central's keep-alive at the session level, in virtual time and on the wire (service-profiles §1.5: "ping
/// every 10 s with an empty payload", "pong deadline 5 s", "detected 5.0 s after the unanswered ping"; §1.7: a
/// ping timeout reconnects): the session's `keepalive` becomes the codec timer of the attempt's client
/// configuration (as `WebSocketSessionStream` builds it), whose bytes and failure are checked here; the failure's
/// outcome then drives the session's reconnect. The same rule against the Central mock's `stall` fault:
/// `CentralClientFaultTests`.
struct CentralKeepaliveTests {
    static func at(_ seconds: Double) -> MonotonicInstant { MonotonicInstant(nanoseconds: UInt64(seconds * 1e9)) }

    /// The codec connection an attempt of `profile` runs with, opened at t = 0.
    static func codec(_ profile: SessionProfile) throws -> WebSocketConnection {
        let session = try CentralSession(configuration: CentralConfiguration(baseURL: "https://127.0.0.1:8443", profile: profile))
        let configuration = WebSocketSessionStream<CentralSession>.clientConfiguration(
            WebSocketClientConfiguration(), session: session, request: session.request(credentials: Secret("tok-1")))
        return WebSocketConnection(role: .client, configuration: configuration.connection, now: at(0))
    }

    /// A deliberately broken session without the keep-alive: the ping check above must fail on it.
    @Test("negative control: without the session's keepalive no ping goes out at t = 10 s")
    func brokenSessionSendsNoPing() throws {
        var configuration = CentralConfiguration(baseURL: "https://127.0.0.1:8443")
        configuration.keepalive = nil
        let session = try CentralSession(configuration: configuration)
        let client = WebSocketSessionStream<CentralSession>.clientConfiguration(
            WebSocketClientConfiguration(), session: session, request: session.request(credentials: Secret("tok-1")))
        var connection = WebSocketConnection(role: .client, configuration: client.connection, now: Self.at(0))
        connection.tick(now: Self.at(10))
        #expect(Self.maskedPingPayload(connection.pendingWrites) == nil)
    }

    /// Everything the connection has to report, ending with the failure it threw (nil: none).
    static func drain(_ connection: inout WebSocketConnection) -> (events: [WebSocketEvent], failure: WebSocketConnectionError?) {
        var events: [WebSocketEvent] = []
        do throws(WebSocketConnectionError) {
            while let event = try connection.next() { events.append(event) }
        } catch {
            return (events, error)
        }
        return (events, nil)
    }

    /// RFC 6455 §5.2/§5.5.2: one client ping frame (FIN + opcode 0x9, the mask bit, a length of at most 125, the
    /// 4-byte masking key, the masked payload); its unmasked payload, nil when `bytes` is not exactly that. Our
    /// codec's keep-alive pings carry a counter (pycentral's are empty, §1.5), so a stale pong cannot count.
    static func maskedPingPayload(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 6, bytes[0] == 0x89, bytes[1] & 0x80 != 0 else { return nil }
        let length = Int(bytes[1] & 0x7F)
        guard length <= 125, bytes.count == 6 + length else { return nil }
        let key = Array(bytes[2..<6])
        return bytes[6...].enumerated().map { $0.element ^ key[$0.offset % 4] }
    }

    /// The server's pong echoing `payload` (RFC 6455 §5.5.3), unmasked.
    static func pong(_ payload: [UInt8]) -> [UInt8] { [0x8A, UInt8(payload.count)] + payload }

    @Test("§1.5: the ping frame goes out at t = 10 s, not before", arguments: SessionProfile.allCases)
    func pingAtTenSeconds(profile: SessionProfile) throws {
        var connection = try Self.codec(profile)
        #expect(connection.nextDeadline == Self.at(10))
        connection.tick(now: Self.at(9.999))
        #expect(connection.pendingWrites.isEmpty)
        connection.tick(now: Self.at(10))
        #expect(Self.maskedPingPayload(connection.pendingWrites) != nil)
        #expect(connection.nextDeadline == Self.at(15))
    }

    @Test("§1.5: no pong within 5 s: the connection is lost at t = 15 s as heartbeat-missed, not earlier",
          arguments: SessionProfile.allCases)
    func lossAtFifteenSecondsWithoutPong(profile: SessionProfile) throws {
        var connection = try Self.codec(profile)
        connection.tick(now: Self.at(10))
        connection.clearPendingWrites()
        connection.tick(now: Self.at(14.999))
        #expect(Self.drain(&connection).failure == nil)
        connection.tick(now: Self.at(15))
        let failure = try #require(Self.drain(&connection).failure)
        #expect(failure == WebSocketConnectionError(.keepaliveTimeout))
        #expect(WebSocketOutcome.streamFailure(failure) == .heartbeatMissed)
    }

    @Test("§1.5: a pong in time keeps the connection; the next ping follows at t = 20 s", arguments: SessionProfile.allCases)
    func pongInTimeKeepsTheConnection(profile: SessionProfile) throws {
        var connection = try Self.codec(profile)
        connection.tick(now: Self.at(10))
        let payload = try #require(Self.maskedPingPayload(connection.pendingWrites))
        connection.clearPendingWrites()
        connection.feed(Self.pong(payload), now: Self.at(12))
        #expect(Self.drain(&connection).events == [.pong(payload)])
        connection.tick(now: Self.at(15))
        #expect(Self.drain(&connection).failure == nil)
        #expect(connection.nextDeadline == Self.at(20))
        connection.tick(now: Self.at(20))
        #expect(Self.maskedPingPayload(connection.pendingWrites) != nil)
    }

    @Test("§1.7: the ping timeout reconnects after pycentral's fixed 5 s (compatible)")
    func pingTimeoutReconnects() throws {
        let session = try CentralSession(configuration: CentralConfiguration(baseURL: "https://h", profile: .compatible))
        var loop = SessionLoop(session: session, random: SystemRandomNumberGenerator())
        _ = loop.handle(.start, now: Self.at(0))
        let connect = loop.handle(.credentials(Secret("tok-1")), now: Self.at(0))
        let generation = try #require(connect.compactMap { action -> Generation? in
            if case let .connect(generation, _) = action { return generation }
            return nil
        }.first)
        _ = loop.handle(.opened(generation), now: Self.at(0))
        let lost = loop.handle(.closed(generation, .heartbeatMissed), now: Self.at(15))
        let statuses = lost.compactMap { action -> ConnectionStatus? in
            if case let .status(status) = action { return status }
            return nil
        }
        #expect(statuses.map(\.name) == ["lost", "reconnecting"])
        #expect(statuses.first?.reason == "heartbeat-missed")
        guard case let .reconnecting(_, delay)? = statuses.last else { return }
        #expect(delay == .seconds(5))
    }
}
