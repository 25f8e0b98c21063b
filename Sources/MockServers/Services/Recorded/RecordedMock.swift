import Codecs
import NIOConcurrencyHelpers
import WSFrame

/// Serves a `harness record` folder back (issue 18, `harness serve <service> --fixture DIR`): stream attempt k
/// gets recorded connection k's messages in order, at their recorded times (each wait capped at 1 s), a
/// WebSocket message only once the client has sent as many messages as it had when it was recorded (Stream's
/// `auth` before `connection.ok`, at most 2 s), and then ends as connection k ended: its close code, a drop (TCP
/// closed without a close frame or last chunk), the body's last chunk, a refused status, or (where the recorder
/// stopped) open until the client leaves. Attempts after the last recorded connection open and stay quiet.
/// Credentials are not checked (a recording carries none); control-plane POSTs (Event Streamer acks and
/// heartbeats) get 200. Attempt faults (`refuse`, `status`, `slow-accept`, `drip`) still apply; each message
/// sent is logged as `sent` with its `base64`.
public final class RecordedMock: MockService {
    /// `ws` or `http`, by the recorded service.
    public let scheme: String
    /// What is served.
    public let recording: RecordedSession
    let isWebSocket: Bool

    /// Serves `recording` for `service` (`ws` for central, eisy and stream; `http` for sse and eventstreamer).
    public init(recording: RecordedSession, service: String) throws(MockServerError) {
        guard recording.service == service else {
            throw MockServerError(.fixtureUnusable, "the recording is of \(recording.service), not \(service)")
        }
        self.recording = recording
        isWebSocket = ["central", "eisy", "stream"].contains(service)
        scheme = isWebSocket ? "ws" : "http"
    }

    public func handle(_ request: MockRequest, on connection: MockConnection, context: MockContext) async {
        guard request.method == "GET" else {
            context.log.record(conn: context.latestAttempt, "request", context.requestFields(request) + [("status", .int(200))])
            try? await connection.write(HTTPResponseBytes.json(status: 200, #"{"acknowledged":true}"#))
            return
        }
        guard let (attempt, _) = await context.beginAttempt(request, on: connection) else { return }
        let recorded = attempt <= recording.connections.count ? recording.connections[attempt - 1] : nil
        let served = recorded ?? RecordedSession.Connection(
            openStatus: isWebSocket ? 101 : 200, openMilliseconds: 0,
            headers: recording.connections.last?.headers ?? [], messages: [], ending: .stop)
        if case .status(let status) = served.ending {
            context.log.record(conn: attempt, "reject", context.requestFields(request) + [("status", .int(status))])
            try? await connection.write(HTTPResponseBytes.json(
                status: status, #"{"detail":"recorded status \#(status)"}"#, keepAlive: false))
            await connection.close()
            return
        }
        if isWebSocket {
            await serveWebSocket(served, request: request, on: connection, context: context, attempt: attempt)
        } else {
            await serveBody(served, request: request, on: connection, context: context, attempt: attempt)
        }
    }

    /// A WebSocket connection: upgrade, messages (after the client's), the recorded end.
    func serveWebSocket(_ served: RecordedSession.Connection, request: MockRequest, on connection: MockConnection,
                        context: MockContext, attempt: Int) async {
        guard let socket = await WebSocketUpgrade.accept(request, on: connection, context: context, attempt: attempt,
                                                          fields: [("recording", .bool(true))]) else { return }
        let received = NIOLockedValueBox(0)
        let reader = Task {
            await WebSocketUpgrade.readInbound(socket, context: context, attempt: attempt) { _ in
                received.withLockedValue { $0 += 1 }
                return [("recording", .bool(true))]
            }
        }
        let encoder = socket.makeEncoder()
        let start = ContinuousClock.now
        for message in served.messages {
            var waited = 0
            while received.withLockedValue({ $0 }) < message.clientMessagesBefore, waited < 200, connection.isActive {
                try? await Task.sleep(for: .milliseconds(10))
                waited += 1
            }
            await Self.wait(until: message.milliseconds, since: start)
            var frame: [UInt8] = []
            let opcode: WebSocketOpcode = message.isText == false ? .binary : .text
            do {
                try message.payload.withUnsafeBytes { try encoder.writeMessage(opcode, payload: $0, into: &frame) }
                try await connection.write(frame)
            } catch {
                break
            }
            Self.logSent(message.payload, context: context, attempt: attempt)
        }
        switch served.ending {
        case .close(let code): await socket.close(code: UInt16(clamping: code))
        case .drop: await connection.close()
        case .end: await socket.close(code: 1000, reason: "end of stream")
        case .stop, .status: await connection.waitClosed()
        }
        await reader.value
    }

    /// An HTTP stream: the recorded head (status, replayable headers), one chunk per read, the recorded end.
    func serveBody(_ served: RecordedSession.Connection, request: MockRequest, on connection: MockConnection,
                   context: MockContext, attempt: Int) async {
        context.log.record(conn: attempt, "request", context.requestFields(request) + [("status", .int(served.openStatus)),
                                                                                       ("recording", .bool(true))])
        let headers = served.headers + [("Connection", "keep-alive"), ("Transfer-Encoding", "chunked")]
        do { try await connection.write(HTTPResponseBytes.head(status: served.openStatus, headers: headers)) } catch { return }
        let start = ContinuousClock.now
        for message in served.messages {
            await Self.wait(until: message.milliseconds, since: start)
            do { try await connection.write(HTTPResponseBytes.chunk(message.payload)) } catch { return }
            Self.logSent(message.payload, context: context, attempt: attempt)
        }
        switch served.ending {
        case .end:
            try? await connection.write(HTTPResponseBytes.lastChunk)
            await connection.close()
        case .drop, .close: await connection.close()
        case .stop, .status: await connection.waitClosed()
        }
    }

    /// Sleeps until `milliseconds` after `start`, at most 1 s (nil: no wait).
    static func wait(until milliseconds: Double?, since start: ContinuousClock.Instant) async {
        guard let milliseconds else { return }
        let due = start + .microseconds(Int64(max(0, milliseconds) * 1000))
        let remaining = due - ContinuousClock.now
        guard remaining > .zero else { return }
        try? await Task.sleep(for: min(remaining, .seconds(1)))
    }

    /// Logs one served payload as a `sent` line.
    static func logSent(_ payload: [UInt8], context: MockContext, attempt: Int) {
        context.log.record(conn: attempt, "sent", [("recording", .bool(true)), ("base64", .string(Base64.encode(payload)))])
    }
}
