import Codecs
import NIOConcurrencyHelpers

/// The Stream coordinator mock (service-profiles §5, GetStream PR #236 `StreamWS`): WebSocket on
/// `GET /api/v2/connect?api_key=…&stream-auth-type=jwt&X-Stream-Client=…`; the first client frame must be the auth
/// message `{"token":…,"user_details":{…}}`; the reply is `connection.ok` with a `connection_id`, or
/// `connection.error` with code 40 (TOKEN_EXPIRED) when the token is not valid (a `--token` list, or revoked by
/// `expire-token`), then close 1008. Then `message.new` events (synthesized: no Stream fixture exists), a
/// `health.check` event in answer to each client `[{"type":"health.check",…}]` and every `heartbeatSeconds`
/// (default 30) anyway. Close 1000 only for "stop for good" (`close:1000`).
public final class StreamCoordinatorMock: MockService {
    public let scheme = "ws"
    let tokens: TokenBook
    private let state = NIOLockedValueBox((highest: 0, revoked: Set<String>()))

    public init(tokens: [String]) {
        self.tokens = TokenBook(tokens, allValid: true)
    }

    public func handle(_ request: MockRequest, on connection: MockConnection, context: MockContext) async {
        guard request.method == "GET", request.path == "/api/v2/connect" else {
            try? await connection.write(HTTPResponseBytes.json(status: 404, #"{"code":16,"message":"not found"}"#))
            return
        }
        guard let (attempt, faults) = await context.beginAttempt(request, on: connection) else { return }
        guard let socket = await WebSocketUpgrade.accept(request, on: connection, context: context, attempt: attempt,
                                                          fields: [("auth", .string("missing"))]) else { return }
        let replies = ReplyQueue()
        let connectionID = "conn-\(attempt)"
        let authResult = NIOLockedValueBox<(String?, Int?)?>(nil)
        let tokens = self.tokens
        let reader = Task { [state] in
            await WebSocketUpgrade.readInbound(socket, context: context, attempt: attempt) { item in
                guard case .text(let text) = item else { return [("opcode", .string("binary"))] }
                let value = try? JSONValue.parse(Array(text.utf8))
                if authResult.withLockedValue({ $0 == nil }) {
                    // The auth message: its token is never logged, only whether it was valid.
                    var token: String?
                    if case .string(let t)? = value?["token"] { token = t }
                    let revoked = token.map { t in state.withLockedValue { $0.revoked.contains(t) } } ?? true
                    let index = token.flatMap(tokens.check)
                    let valid = token != nil && !revoked && (tokens.isOpen || index != nil)
                    authResult.withLockedValue { $0 = (valid ? token : nil, index) }
                    var fields: [(String, LogValue)] = [("type", .string("auth")),
                                                         ("auth", .string(valid ? "accepted" : (token == nil ? "missing" : "rejected")))]
                    if let index { fields.append(("token", .int(index))) }
                    return fields
                }
                var isHealthCheck = false
                if case .array(let list)? = value, case .object? = list.first, list.first?["type"] == .string("health.check") {
                    isHealthCheck = true
                } else if value?["type"] == .string("health.check") {
                    isHealthCheck = true
                }
                if isHealthCheck { replies.push(Self.healthCheck(connectionID)) }
                return [("type", .string(isHealthCheck ? "health.check" : "other")),
                        ("base64", .string(Base64.encode(Array(text.utf8))))]
            }
        }
        // Wait (at most 10 s, websockets' open_timeout) for the auth message.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while authResult.withLockedValue({ $0 == nil }), socket.connection.isActive, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        guard let (token, _) = authResult.withLockedValue({ $0 }) else {
            await socket.close(code: 1008, reason: "no auth message")
            await reader.value
            return
        }
        let start = state.withLockedValue { $0.highest } + 1
        var source = StreamSource(mock: self, connectionID: connectionID, authorized: token != nil, next: start,
                                  count: context.options.count)
        var runner = ScriptRunner(attempt: attempt, faults: faults, context: context)
        runner.heartbeat = context.options.heartbeatSeconds ?? 30
        if let token {
            runner.onTokenExpired = { [weak self] in _ = self?.state.withLockedValue { $0.revoked.insert(token) } }
        }
        await runner.run(&source, sink: WebSocketSink(socket: socket, replies: replies, finishCode: token == nil ? 1008 : 1000))
        await socket.connection.close()
        await reader.value
    }

    func noteSent(_ position: Int) { state.withLockedValue { $0.highest = max($0.highest, position) } }

    static let createdAt = "2026-11-22T12:00:00.000000Z"

    static func healthCheck(_ connectionID: String) -> ScriptEvent {
        let text = #"{"type":"health.check","connection_id":"\#(connectionID)","cid":"*","created_at":"\#(createdAt)"}"#
        return ScriptEvent(payload: Array(text.utf8), fields: [("type", .string("health.check"))])
    }
}

/// `connection.ok` (or `connection.error` 40 and the end), then `message.new` events from `next` on.
struct StreamSource: ScriptSource {
    let mock: StreamCoordinatorMock
    let connectionID: String
    let authorized: Bool
    var next: Int
    let count: Int?
    var greeted = false

    mutating func nextBurst(_ form: EventForm) -> ScriptEvent? {
        guard !greeted else { return nil }
        greeted = true
        let created = StreamCoordinatorMock.createdAt
        if authorized {
            let text = #"{"type":"connection.ok","connection_id":"\#(connectionID)","created_at":"\#(created)","me":{"id":"alice","role":"user","created_at":"\#(created)","updated_at":"\#(created)","banned":false,"online":true,"teams":[],"custom":{}}}"#
            return ScriptEvent(payload: Array(text.utf8), fields: [("type", .string("connection.ok"))])
        }
        let text = #"{"type":"connection.error","connection_id":"","created_at":"\#(created)","error":{"code":40,"message":"JWTAuth error: token is expired (exp)","StatusCode":401,"duration":"","more_info":"https://getstream.io/chat/docs/api_errors_response","details":[]}}"#
        return ScriptEvent(payload: Array(text.utf8), fields: [("type", .string("connection.error"))])
    }

    mutating func nextContent(_ form: EventForm) -> ScriptEvent? {
        guard authorized else { return nil }
        if let count, next > count { return nil }
        let p = next
        next += 1
        mock.noteSent(p)
        switch form {
        case .normal, .badDeflate:
            let text = #"{"type":"message.new","cid":"messaging:general","message":{"id":"m\#(p)","text":"hello \#(p)","user":{"id":"bob"}},"created_at":"\#(StreamCoordinatorMock.createdAt)"}"#
            return ScriptEvent(payload: Array(text.utf8), fields: [("type", .string("message.new")), ("id", .string("m\(p)"))])
        case .garbage:
            return ScriptEvent(payload: Array(#"{"type":"message.new","#.utf8), fields: [("type", .string("garbage"))])
        case .oversize:
            let pad = String(repeating: "x", count: MockLimits.oversizeBytes)
            return ScriptEvent(payload: Array(#"{"type":"message.new","pad":"\#(pad)"}"#.utf8),
                               fields: [("type", .string("oversize"))])
        }
    }

    mutating func heartbeat(_ form: EventForm) -> ScriptEvent? {
        authorized ? StreamCoordinatorMock.healthCheck(connectionID) : nil
    }
}
