import Codecs
import NIOConcurrencyHelpers
import Sessions

/// The Aruba Central streaming mock (service-profiles §1, what a mock must do: §1.8): WebSocket upgrades on
/// `GET …/{service}/{version}/{event}` for every topic pycentral knows (`CentralTopic.all`, any path prefix),
/// the `event-types` query recorded; `Authorization: Bearer` checked against the `--token`s (the first is valid
/// at start; without `--token` any Bearer is accepted); a missing, unknown or revoked token gets 401 (pycentral
/// refreshes on it, §1.3). Each accepted connection gets the fixture's CloudEvents as binary frames
/// (`CentralContent`), pings answered by the codec (pongs echo the payload). `POST …/token` on the same port is
/// the OAuth2 client-credentials endpoint pycentral calls after a 401 (`CentralTokenEndpoint`): each call makes
/// the next configured token valid and returns it. Served over TLS (`wss://`) when the options carry TLS.
public final class CentralMock: MockService {
    public let scheme = "ws"
    public let content: CentralContent
    let tokens: TokenBook
    private let state = NIOLockedValueBox(State())

    struct State {
        /// The highest content position sent by any connection (a fresh connection starts after it).
        var highest = 0
        /// Bearer credentials revoked by `expire-token` (compared by value, never logged).
        var revoked: Set<String> = []
        /// Tokens issued by refreshes when no `--token` is configured.
        var openIssued = 0
    }

    /// Serves the CloudEvents of the Central fixture `fixture`, accepting `tokens` (in rotation order).
    public init(fixture: FixtureInput, tokens: [String]) throws(MockServerError) {
        content = try CentralContent(fixture: fixture)
        self.tokens = TokenBook(tokens)
    }

    public func handle(_ request: MockRequest, on connection: MockConnection, context: MockContext) async {
        if request.method == "POST", CentralTokenEndpoint.matches(request.path) {
            await CentralTokenEndpoint.answer(request, on: connection, context: context, issue: issueNext)
            return
        }
        guard let topic = CentralRoute.topic(for: request.path) else {
            try? await connection.write(HTTPResponseBytes.json(status: 404, #"{"message":"no such stream"}"#))
            return
        }
        guard request.method == "GET" else {
            try? await connection.write(HTTPResponseBytes.json(status: 405, #"{"message":"GET only"}"#))
            return
        }
        guard let (attempt, faults) = await context.beginAttempt(request, on: connection) else { return }
        let (auth, presented, index) = authenticate(request)
        var fields: [(String, LogValue)] = [("topic", .string(topic.name)), ("auth", .string(auth.rawValue))]
        if let index { fields.append(("token", .int(index))) }
        if let filters = request.queryValue("event-types") {
            fields.append(("event_types", .strings(filters.split(separator: ",").map(String.init))))
        }
        guard auth == .accepted, let presented else {
            await WebSocketUpgrade.reject(request, on: connection, context: context, attempt: attempt, status: 401,
                                          fields: fields, headers: [("WWW-Authenticate", #"Bearer error="invalid_token""#)],
                                          body: #"{"message":"Unauthorized"}"#)
            return
        }
        guard let socket = await WebSocketUpgrade.accept(request, on: connection, context: context, attempt: attempt,
                                                          fields: fields) else { return }
        let reader = Task {
            await WebSocketUpgrade.readInbound(socket, context: context, attempt: attempt) { item in
                if case .text(let text) = item { return [("opcode", .string("text")), ("base64", .string(Base64.encode(Array(text.utf8))))] }
                if case .binary(let bytes) = item { return [("opcode", .string("binary")), ("base64", .string(Base64.encode(bytes)))] }
                return nil
            }
        }
        var source = CentralSource(mock: self, next: state.withLockedValue { $0.highest } + 1,
                                   count: context.options.count)
        var runner = ScriptRunner(attempt: attempt, faults: faults, context: context)
        runner.onTokenExpired = { [weak self] in _ = self?.state.withLockedValue { $0.revoked.insert(presented) } }
        await runner.run(&source, sink: WebSocketSink(socket: socket))
        await socket.connection.close()
        await reader.value
    }

    /// `(outcome, the Bearer token when accepted, index of the configured token presented)`.
    func authenticate(_ request: MockRequest) -> (AuthOutcome, String?, Int?) {
        guard let header = request.header("authorization") else { return (.missing, nil, nil) }
        guard let token = bearerToken(header), !token.isEmpty else { return (.rejected, nil, nil) }
        let index = tokens.tokens.firstIndex(of: token)
        if state.withLockedValue({ $0.revoked.contains(token) }) { return (.rejected, nil, index) }
        if tokens.isOpen || tokens.check(token) != nil { return (.accepted, token, index) }
        return (.rejected, nil, index)
    }

    /// A refresh: the next configured token becomes valid (its index and value), or a generated one when no
    /// `--token` is configured (index nil); nil when every configured token was issued.
    func issueNext() -> (index: Int?, token: String)? {
        if tokens.isOpen {
            let n = state.withLockedValue { state -> Int in
                state.openIssued += 1
                return state.openIssued
            }
            return (nil, "mock-token-\(n)")
        }
        guard let index = tokens.issueNext() else { return nil }
        return (index, tokens.tokens[index])
    }

    func noteSent(_ position: Int) { state.withLockedValue { $0.highest = max($0.highest, position) } }
}

/// One connection's content: positions from `next` on, up to `count`; no burst, no application keep-alive
/// (Central has none, §1.5).
struct CentralSource: ScriptSource {
    let mock: CentralMock
    var next: Int
    let count: Int?

    mutating func nextBurst(_ form: EventForm) -> ScriptEvent? { nil }

    mutating func nextContent(_ form: EventForm) -> ScriptEvent? {
        if let count, next > count { return nil }
        let (id, payload) = mock.content.message(at: next, form: form)
        mock.noteSent(next)
        next += 1
        return ScriptEvent(payload: payload, fields: [("id", .string(id))], binary: true)
    }

    mutating func heartbeat(_ form: EventForm) -> ScriptEvent? { nil }
}
