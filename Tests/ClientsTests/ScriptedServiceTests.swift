import Clients
import Codecs
import Protobuf
import Reconnect
import Sessions
import Synchronization
import Testing
import WSFrame
import WebSocketNIO

/// `CentralStream` and `StreamCoordinatorClient` against scripted loopback `WebSocketServer`s (the mock servers
/// for these two services are not in this build): each connection follows the script of its attempt number.
@Suite(.serialized) struct ScriptedServiceTests {
    /// The 206-byte audit-trail example of service-profiles §1.4.
    static let example: [UInt8] = {
        let hex = "0a056576742d31120f2f2f63656e7472616c2f61756469741a03312e30220b61756469742d747261696c428b010a29747970652e676f6f676c65617069732e636f6d2f6175646974747261696c2e4175646974547261696c125e0a03742d311080d0eab6b7331a065550444154452206636f6e666967420b0a04736974651203732d315205666972737462037376636a271a2512230a0e0a047373696412061a04636f72700a110a04766c616e120911000000000000244052146170706c69636174696f6e2f70726f746f627566"
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }()

    /// §1.9's verified run, shortened: an event then close 1011 → reconnect; 401 → token refresh → reconnect with
    /// the new bearer; garbage then an event on the same connection, then 403 → give up.
    @Test func centralRefreshesOn401AndStopsOn403() async throws {
        let upgrades = Mutex<[String]>([])
        var server = WebSocketServerConfiguration()
        server.decideUpgrade = { request in
            let count = upgrades.withLock { list in
                list.append((request.header("Authorization") ?? "") + " " + request.target)
                return list.count
            }
            switch count {
            case 2: return .reject(status: 401, reason: "Unauthorized")
            case 4: return .reject(status: 403, reason: "Forbidden")
            default: return .accept()
            }
        }
        let connections = Mutex(0)
        let listener = try await WebSocketServer.start(configuration: server) { socket in
            let number = connections.withLock { count in
                count += 1
                return count
            }
            if number == 1 {
                try? await socket.send(binary: Self.example)
                _ = try? await socket.close(code: 1011)
            } else {
                try? await socket.send(binary: [0x0a, 0xff, 0xff])
                try? await socket.send(binary: Self.example)
                _ = try? await socket.close(code: 1011)
            }
        }
        let tokens = Mutex(["tok-1", "tok-2"])
        var configuration = CentralConfiguration(baseURL: listener.url, filters: ["CONFIG", "FIRMWARE"])
        configuration.reconnect.policy.backoff = .fixed(.milliseconds(50))
        let stream = try CentralStream(configuration, credentials: {
            Secret(tokens.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] })
        })
        let recorder = StatusRecorder(stream.status)
        var trails: [String] = []
        await #expect(throws: ReconnectFailure(reason: "http-403")) {
            for try await event in stream.events {
                if case let .auditTrail(trail) = event.payload { trails.append(trail.description.string) }
            }
        }
        #expect(trails == ["first", "first"])
        #expect(await recorder.wait { $0.last?.isTerminal == true })
        #expect(recorder.trace == [
            "connecting", "connected", "lost(ws-close-1011)", "reconnecting", "connecting", "lost(http-401)",
            "reconnecting", "connecting", "connected", "lost(ws-close-1011)", "reconnecting", "connecting",
            "lost(http-403)", "failed(http-403)",
        ])
        #expect(upgrades.withLock { $0 } == [
            "Bearer tok-1 /network-services/v1alpha1/audit-trail-events?event-types=CONFIG%2CFIRMWARE",
            "Bearer tok-1 /network-services/v1alpha1/audit-trail-events?event-types=CONFIG%2CFIRMWARE",
            "Bearer tok-2 /network-services/v1alpha1/audit-trail-events?event-types=CONFIG%2CFIRMWARE",
            "Bearer tok-2 /network-services/v1alpha1/audit-trail-events?event-types=CONFIG%2CFIRMWARE",
        ])
        try await listener.stop()
    }

    static let ok = #"{"type":"connection.ok","connection_id":"conn-1","me":{"id":"alice"}}"#

    /// Issue 16: five consecutive drops, each followed by a reconnect (the PR-head defect), then close 1000 stops for
    /// good. Each connection sends `connection.ok` after the auth message and one `message.new`.
    @Test func streamReconnectsAfterEveryDropAndStopsOn1000() async throws {
        let authMessages = Mutex<[String]>([])
        let connections = Mutex(0)
        let listener = try await WebSocketServer.start { socket in
            let number = connections.withLock { count in
                count += 1
                return count
            }
            var messages = socket.messages.makeAsyncIterator()
            if case let .text(auth)? = try? await messages.next() { authMessages.withLock { $0.append(auth) } }
            try? await socket.send(text: Self.ok)
            try? await socket.send(text: #"{"type":"message.new","n":\#(number)}"#)
            _ = try? await socket.close(code: number <= 5 ? 1011 : 1000)
        }
        var configuration = StreamCoordinatorConfiguration(baseURL: listener.url.replacingOccurrences(of: "ws://", with: "http://"),
                                                           apiKey: "key123", userID: "alice")
        configuration.reconnect.policy.backoff = .fixed(.milliseconds(50))
        let client = try StreamCoordinatorClient(configuration, credentials: { Secret("jwt") })
        let recorder = StatusRecorder(client.status)
        var numbers: [String] = []
        for try await event in client.events {
            if case let .number(n)? = event.object["n"] { numbers.append(n.text) }
        }
        #expect(numbers == ["1", "2", "3", "4", "5", "6"])
        #expect(await recorder.wait { $0.last?.isTerminal == true })
        #expect(recorder.statuses.filter { $0 == .connected }.count == 6)
        #expect(recorder.statuses.last == .stopped("ws-close-1000"))
        #expect(authMessages.withLock { $0.count } == 6)
        #expect(authMessages.withLock { $0.first } == #"{"token":"jwt","user_details":{"id":"alice"}}"#)
        try await listener.stop()
    }
}
