import Codecs
import ISYXML
import NIOConcurrencyHelpers

/// The eisy (IoX 6) mock (service-profiles §2): WebSocket on `/rest/subscribe` (raw XML text frames) and
/// `/api/events/subscribe` (`{"type":"event","data":…}` envelopes, plus the fixture's `spolisy` envelope).
/// Auth: `Basic` (`--user`/`--password`; without them any Basic credential) or `Bearer` (a `--token`, or one the
/// portal endpoints issued); anything else gets 401. On each connection: the replay burst (the fixture's first
/// 40 frames — seqnum from 0, `_28`, `_5 0`, `_5 1`, a `_1 8` subscription key, `_20`, `_3`, `_1`, `_26`, …),
/// `quietSeconds` of silence (pyisyox promotes SYNCING to CONNECTED after 1 s without frames), then live frames
/// (the fixture's later frames looping), and `_0` heartbeats every `heartbeatSeconds` (default 30; action = the
/// interval). `seqnum` restarts at 0 per connection and counts every event; `sid` is `uuid:<attempt>`. Portal:
/// `POST /api/login` and `POST /api/jwt/refresh` answer `{"successful":true,"data":{"accessToken","refreshToken"}}`
/// with far-future JWTs (`exp` 2100-01-01).
public final class EisyMock: MockService {
    public let scheme = "ws"
    /// The replay burst's events (seqnum reassigned per connection).
    public let burst: [ISYEventContent]
    /// The live events, looping.
    public let live: [LiveFrame]
    let tokens: TokenBook
    let user: String?
    let password: String?
    private let state = NIOLockedValueBox(State())

    struct State {
        var highest = 0
        var portalAccess: [String] = []
        var portalRefresh: Set<String> = []
        var revoked: Set<String> = []
    }

    /// A live frame: an event, or another envelope (sent only on the envelope path).
    public enum LiveFrame: Sendable {
        case event(ISYEventContent)
        case envelope(type: String, data: String)
    }

    /// Serves the frames of the eisy fixture `fixture` (a `--messages` capture).
    public init(fixture: FixtureInput, tokens: [String], user: String?, password: String?) throws(MockServerError) {
        guard fixture.codec == "isy" else {
            throw MockServerError(.fixtureUnusable, "\(fixture.directory) is a \(fixture.codec) fixture, not isy")
        }
        let payloads = fixture.messages ? fixture.messagePayloads() : [fixture.input]
        var burst: [ISYEventContent] = []
        var live: [LiveFrame] = []
        let decoder = ISYFrameDecoder()
        for payload in payloads {
            let frame: LiveFrame? = payload.withUnsafeBytes { raw in
                try? decoder.decode(raw) { frame -> LiveFrame? in
                    switch frame {
                    case .event(let view): return .event(Self.content(view))
                    case .ignored(let type):
                        let name = String(decoding: type, as: UTF8.self)
                        guard !name.isEmpty, let envelope = try? JSONValue.parse(Array(raw)),
                              case .string(let data)? = envelope["data"] else { return nil }
                        return .envelope(type: name, data: data)
                    }
                } ?? nil
            }
            guard let frame else { continue }
            if case .event(let event) = frame, live.isEmpty, (event.seqnum ?? 0) == burst.count {
                burst.append(event)
            } else if case .event(let event) = frame, event.control == "_0" {
                continue
            } else {
                live.append(frame)
            }
        }
        guard !burst.isEmpty || !live.isEmpty else {
            throw MockServerError(.fixtureUnusable, "\(fixture.directory) has no eisy frames")
        }
        if !burst.contains(where: { $0.control == "_1" && $0.action == "8" }) {
            burst.insert(ISYEventContent(control: "_1", action: "8", eventInfo: "E8E7BC14.2B06"),
                         at: min(3, burst.count))
        }
        self.burst = burst
        self.live = live.isEmpty ? burst.map { .event($0) } : live
        self.tokens = TokenBook(tokens, allValid: true)
        self.user = user
        self.password = password
    }

    static func content(_ view: ISYEventView) -> ISYEventContent {
        ISYEventContent(seqnum: view.seqnum, sid: view.sid, timestamp: view.timestamp, control: view.string(.control) ?? "",
                        action: view.action ?? "", uom: view.uom, prec: view.prec, node: view.node ?? "",
                        eventInfo: view.eventInfo, fmtAct: view.fmtAct, fmtName: view.fmtName)
    }

    public func handle(_ request: MockRequest, on connection: MockConnection, context: MockContext) async {
        switch (request.method, request.path) {
        case ("POST", "/api/login"), ("POST", "/api/jwt/refresh"):
            await portal(request, on: connection, context: context)
        case ("GET", "/rest/subscribe"), ("GET", "/api/events/subscribe"):
            await subscribe(request, envelope: request.path == "/api/events/subscribe", on: connection, context: context)
        default:
            try? await connection.write(HTTPResponseBytes.complete(status: 404, headers: [], body: [], keepAlive: true))
        }
    }

    /// `(auth outcome, credential key for revocation, token index)`.
    func authenticate(_ request: MockRequest) -> (AuthOutcome, String?, Int?) {
        guard let header = request.header("authorization") else { return (.missing, nil, nil) }
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return (.rejected, nil, nil) }
        let scheme = parts[0].lowercased()
        let value = parts[1].trimmingSpaces()
        let revoked = state.withLockedValue { $0.revoked.contains(header) }
        if revoked { return (.rejected, nil, nil) }
        if scheme == "basic" {
            guard let decoded = Base64.decode(value), let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else {
                return (.rejected, nil, nil)
            }
            let givenUser = String(decoding: decoded[..<colon], as: UTF8.self)
            let givenPassword = String(decoding: decoded[(colon + 1)...], as: UTF8.self)
            if let user, let password, givenUser != user || givenPassword != password { return (.rejected, nil, nil) }
            return (.accepted, header, nil)
        }
        if scheme == "bearer" {
            if let index = tokens.check(value) { return (.accepted, header, index) }
            let portal = state.withLockedValue { $0.portalAccess.firstIndex(of: value) }
            if let portal { return (.accepted, header, tokens.tokens.count + portal) }
        }
        return (.rejected, nil, nil)
    }

    private func subscribe(_ request: MockRequest, envelope: Bool, on connection: MockConnection,
                           context: MockContext) async {
        guard let (attempt, faults) = await context.beginAttempt(request, on: connection) else { return }
        let (auth, credential, index) = authenticate(request)
        var fields: [(String, LogValue)] = [("auth", .string(auth.rawValue))]
        if let index { fields.append(("token", .int(index))) }
        guard auth == .accepted else {
            await WebSocketUpgrade.reject(request, on: connection, context: context, attempt: attempt, status: 401,
                                          fields: fields, headers: [("WWW-Authenticate", #"Basic realm="eisy""#)],
                                          body: #"{"successful":false,"message":"Unauthorized"}"#)
            return
        }
        guard let socket = await WebSocketUpgrade.accept(request, on: connection, context: context, attempt: attempt,
                                                          fields: fields) else { return }
        let reader = Task {
            await WebSocketUpgrade.readInbound(socket, context: context, attempt: attempt) { item in
                if case .text(let text) = item { return [("base64", .string(Base64.encode(Array(text.utf8))))] }
                if case .binary(let bytes) = item { return [("base64", .string(Base64.encode(bytes)))] }
                return nil
            }
        }
        let start = state.withLockedValue { $0.highest } + 1
        var source = EisySource(mock: self, envelope: envelope, sid: "uuid:\(attempt)", next: start,
                                count: context.options.count,
                                heartbeatInterval: Int(context.options.heartbeatSeconds ?? 30))
        var runner = ScriptRunner(attempt: attempt, faults: faults, context: context)
        runner.heartbeat = context.options.heartbeatSeconds ?? 30
        runner.quietAfterBurst = context.options.quietSeconds
        if let credential {
            runner.onTokenExpired = { [weak self] in _ = self?.state.withLockedValue { $0.revoked.insert(credential) } }
        }
        await runner.run(&source, sink: WebSocketSink(socket: socket))
        await socket.connection.close()
        await reader.value
    }

    private func portal(_ request: MockRequest, on connection: MockConnection, context: MockContext) async {
        let body = try? JSONValue.parse(request.body)
        let issued: (String, String)? = state.withLockedValue { state in
            if request.path == "/api/jwt/refresh" {
                guard case .string(let refresh)? = body?["refreshToken"], state.portalRefresh.contains(refresh) else {
                    return nil
                }
            } else {
                guard case .string? = body?["username"], case .string? = body?["password"] else { return nil }
            }
            let n = state.portalAccess.count + 1
            let access = Self.jwt(subject: "access-\(n)")
            let refresh = Self.jwt(subject: "refresh-\(n)")
            state.portalAccess.append(access)
            state.portalRefresh.insert(refresh)
            return (access, refresh)
        }
        let status = issued == nil ? 401 : 200
        context.log.record(conn: context.latestAttempt, "request", context.requestFields(request) + [
            ("status", .int(status)), ("auth", .string(issued == nil ? "rejected" : "accepted")),
        ])
        if let (access, refresh) = issued {
            try? await connection.write(HTTPResponseBytes.json(status: 200,
                #"{"successful":true,"data":{"accessToken":"\#(access)","refreshToken":"\#(refresh)"}}"#))
        } else {
            try? await connection.write(HTTPResponseBytes.json(status: 401, #"{"successful":false,"message":"Unauthorized"}"#))
        }
    }

    /// An unsigned-looking HS256 JWT with `exp` 4102444800 (2100-01-01): pyisyox reads `exp` without verifying.
    static func jwt(subject: String) -> String {
        func url(_ text: String) -> String {
            Base64.encode(Array(text.utf8)).replacingOccurrences("+", "-").replacingOccurrences("/", "_")
                .replacingOccurrences("=", "")
        }
        return url(#"{"alg":"HS256","typ":"JWT"}"#) + "." + url(#"{"sub":"\#(subject)","exp":4102444800}"#) + ".mock"
    }

    func noteSent(_ position: Int) { state.withLockedValue { $0.highest = max($0.highest, position) } }
}

extension String {
    func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}

/// One connection's frames: burst, live (global positions), `_0` heartbeats; seqnum counts every event.
struct EisySource: ScriptSource {
    let mock: EisyMock
    let envelope: Bool
    let sid: String
    var next: Int
    let count: Int?
    let heartbeatInterval: Int
    var seqnum = 0
    var burstIndex = 0

    mutating func render(_ event: ISYEventContent, form: EventForm) -> ScriptEvent {
        var event = event
        event.seqnum = seqnum
        event.sid = sid
        var payload: [UInt8]
        switch form {
        case .normal, .badDeflate:
            payload = envelope ? ISYEventEncoder.envelope(event) : ISYEventEncoder.xml(event)
        case .garbage:
            payload = Array(#"<?xml version="1.0" encoding="UTF-8"?><Event seqnum="\#(seqnum)"><control>ST</contr"#.utf8)
        case .oversize:
            event.eventInfo = String(repeating: "x", count: MockLimits.oversizeBytes)
            payload = envelope ? ISYEventEncoder.envelope(event) : ISYEventEncoder.xml(event)
        }
        seqnum += 1
        return ScriptEvent(payload: payload, fields: [("seqnum", .int(event.seqnum ?? 0)), ("control", .string(event.control))])
    }

    mutating func nextBurst(_ form: EventForm) -> ScriptEvent? {
        guard burstIndex < mock.burst.count else { return nil }
        let event = mock.burst[burstIndex]
        burstIndex += 1
        return render(event, form: form)
    }

    mutating func nextContent(_ form: EventForm) -> ScriptEvent? {
        if let count, next > count { return nil }
        var frame = mock.live[(next - 1) % mock.live.count]
        if !envelope, case .envelope = frame {
            next += 1
            frame = mock.live[(next - 1) % mock.live.count]
            if case .envelope = frame { return nil }
        }
        mock.noteSent(next)
        next += 1
        switch frame {
        case .event(let event): return render(event, form: form)
        case .envelope(let type, let data):
            return ScriptEvent(payload: ISYEventEncoder.envelope(type: type, data: data), fields: [("type", .string(type))])
        }
    }

    mutating func heartbeat(_ form: EventForm) -> ScriptEvent? {
        render(ISYEventContent.heartbeat(seqnum: nil, interval: heartbeatInterval), form: form)
    }
}
