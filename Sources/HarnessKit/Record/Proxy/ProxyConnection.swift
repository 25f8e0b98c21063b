import Codecs
import MockServers
import Reconnect
import WSFrame

/// One connection through the recording proxy (issue 18, `harness record --listen`), sans-I/O: client bytes
/// and upstream bytes in (with the time, in milliseconds since the proxy started), `ProxyAction`s out. It
/// forwards the bytes unchanged (`ProxyRequest` says what the head changes), finds message boundaries in the
/// upstream's stream with our scanners, injects the attempt's faults at those boundaries, and records the
/// stream request's connection as `harness record` does: what the client was sent (after faults), decoded.
struct ProxyConnection: Sendable {
    let service: RecordService
    let specs: [FaultSpec]
    let upstreamAuthority: String
    /// Numbers stream attempts across the proxy's connections (1, 2, 3, … in arrival order).
    let nextAttempt: @Sendable () -> Int
    let startMilliseconds: Double

    var requestReader = HTTPHeadReader(limit: 64 << 10)
    var request: ProxyRequest?
    /// The stream attempt's number; nil for control-plane requests (forwarded, not recorded, no faults).
    private(set) var attempt: Int?
    var faults = AttemptFaults([], attempt: 0)
    /// The recording of this connection (stream attempts only).
    private(set) var record: RecordedConnection?
    /// Credential values seen on this connection.
    private(set) var secrets: Set<String> = []

    var server = ProxyServerSide()
    /// Decodes the client's WebSocket frames (server role) for the recording.
    var clientDecoder: WebSocketDecoder?
    /// Client bytes that arrived before the upgrade answer said how to decode them.
    var earlyClientBytes: [UInt8] = []
    /// A drop, close or stall ended forwarding; nothing more goes either way.
    private(set) var halted = false
    /// The client started the closing handshake (RFC 6455 §7.1.2): the server's close is its answer, and the
    /// recording ends as the client's leaving, not as a server close.
    private var clientSentClose = false

    init(service: RecordService, specs: [FaultSpec], upstreamAuthority: String, startMilliseconds: Double,
         nextAttempt: @escaping @Sendable () -> Int) {
        self.service = service
        self.specs = specs
        self.upstreamAuthority = upstreamAuthority
        self.startMilliseconds = startMilliseconds
        self.nextAttempt = nextAttempt
    }

    /// Content messages forwarded whole to the client on this connection.
    var messagesSent: Int { server.sent }

    func elapsed(_ now: Double) -> Double { ((now - startMilliseconds) * 10).rounded() / 10 }

    /// Bytes from the client.
    mutating func clientBytes(_ bytes: [UInt8], now: Double) -> [ProxyAction] {
        guard !halted else { return [] }
        guard request == nil else {
            if service.isWebSocket { observeClientFrames(bytes, now: now) }
            return [.toServer(bytes)]
        }
        let used: Int?
        do throws(WebSocketHandshakeError) {
            used = try requestReader.feed(bytes: bytes)
        } catch {
            // Not HTTP we can read: passed on as it is, not recorded.
            request = ProxyRequest(head: HTTPRequestHead(method: "?", target: "/", headers: []), service: service,
                                   upstreamAuthority: upstreamAuthority)
            return [.toServer(bytes)]
        }
        guard let used, let headBytes = requestReader.head else { return [] }
        let rest = Array(bytes[min(used, bytes.count)...])
        guard let head = try? HTTPHeadReader.parseRequest(headBytes) else {
            request = ProxyRequest(head: HTTPRequestHead(method: "?", target: "/", headers: []), service: service,
                                   upstreamAuthority: upstreamAuthority)
            return [.toServer(headBytes + rest)]
        }
        let parsed = ProxyRequest(head: head, service: service, upstreamAuthority: upstreamAuthority)
        request = parsed
        secrets.formUnion(parsed.secrets)
        var actions: [ProxyAction] = []
        if parsed.isStream {
            let number = nextAttempt()
            attempt = number
            faults = AttemptFaults(specs, attempt: number)
            var recorded = RecordedConnection()
            recorded.request = (head.method, parsed.redactedTarget)
            for spec in faults.active { recorded.faults.append((spec.text, elapsed(now))) }
            record = recorded
            if let status = faults.status {
                let time = elapsed(now)
                halted = true
                record?.endReason = ReasonCode("http-\(status.code)")
                record?.endMilliseconds = time
                let retry = status.retryAfter.map { [("Retry-After", String($0))] } ?? []
                let body = "{\"error\":\"the recording proxy answered with status \(status.code) (fault)\"}"
                return [.toClient(HTTPResponseBytes.json(status: status.code, body, headers: retry, keepAlive: false)), .closeBoth]
            }
            if let wait = faults.slowAcceptMilliseconds { actions.append(.delay(milliseconds: wait)) }
            server.configure(service: service, faults: faults)
        } else {
            server.configure(service: service, faults: AttemptFaults([], attempt: 0))
        }
        actions.append(.toServer(parsed.forwardedHead + rest))
        if service.isWebSocket, !rest.isEmpty { observeClientFrames(rest, now: now) }
        return actions
    }

    /// Bytes from the upstream service.
    mutating func serverBytes(_ bytes: [UInt8], now: Double) -> [ProxyAction] {
        guard !halted else { return [] }
        let step = server.receive(bytes, recording: record != nil)
        apply(step, now: now)
        return step.actions
    }

    /// The upstream closed its connection.
    mutating func serverClosed(now: Double) -> [ProxyAction] {
        guard !halted else { return [] }
        halted = true
        let step = server.finish()
        apply(step, now: now)
        return step.actions + [.closeBoth]
    }

    /// The upstream could not be reached: the client gets 502 (RFC 9110 §15.6.3) and the connection ends.
    mutating func upstreamFailed(now: Double) -> [ProxyAction] {
        guard !halted else { return [] }
        halted = true
        end("http-502", now: now)
        let body = "{\"error\":\"the recording proxy could not reach the upstream\"}"
        return [.toClient(HTTPResponseBytes.json(status: 502, body, keepAlive: false)), .closeBoth]
    }

    /// The client closed its connection (or left after a stall).
    mutating func clientClosed(now: Double) -> [ProxyAction] {
        end("client-closed", now: now)
        halted = true
        return [.closeBoth]
    }

    /// The proxy is stopping: the connection ends here (`stop-requested`), whatever its sockets report next.
    mutating func stopRequested(now: Double) {
        end("stop-requested", now: now)
        halted = true
    }

    /// The recording as it stands (an attempt still open at the proxy's stop ends as `stop-requested`).
    func finalRecord(now: Double) -> RecordedConnection? {
        guard var record else { return nil }
        if record.endReason == nil {
            record.endReason = "stop-requested"
            record.endMilliseconds = elapsed(now)
        }
        return record
    }

    private mutating func end(_ reason: ReasonCode, now: Double) {
        let time = elapsed(now)
        guard record != nil, record?.endReason == nil else { return }
        record?.endReason = clientSentClose && reason.rawValue.hasPrefix("ws-close-") ? "client-closed" : reason
        record?.endMilliseconds = time
    }

    /// Folds what the server side saw into the recording and applies its halting outcome.
    private mutating func apply(_ step: ProxyServerSide.Step, now: Double) {
        let time = elapsed(now)
        if let opened = step.opened, record != nil {
            record?.openStatus = opened.status
            record?.openMilliseconds = time
            record?.headers = opened.headers.filter { RecordSecrets.replayableHeaders.contains($0.name.lowercased()) }
        }
        if let refused = step.refusedStatus { end(ReasonCode("http-\(refused)"), now: now) }
        for read in step.reads {
            record?.reads.append(.init(bytes: read.bytes, isText: read.isText, milliseconds: time))
        }
        if step.opened?.status == 101 {
            let deflate = step.negotiatedDeflate
            clientDecoder = WebSocketDecoder(.init(role: .server, deflate: deflate))
            if !earlyClientBytes.isEmpty {
                let early = earlyClientBytes
                earlyClientBytes = []
                observeClientFrames(early, now: now)
            }
        }
        if step.halted { halted = true }
        if let ending = step.ending { end(ending, now: now) }
    }

    /// Records the client's WebSocket messages (content kept; credentials it carries become secrets).
    private mutating func observeClientFrames(_ bytes: [UInt8], now: Double) {
        guard record != nil else { return }
        guard clientDecoder != nil else {
            if earlyClientBytes.count < 1 << 20 { earlyClientBytes += bytes }
            return
        }
        clientDecoder?.feed(bytes)
        while true {
            guard let event = (try? clientDecoder?.next()) ?? nil else { return }
            if case .close = event { clientSentClose = true }
            guard case .message(let message) = event else { continue }
            let (content, isText): ([UInt8], Bool) = switch message {
            case .text(let text): (Array(text.utf8), true)
            case .binary(let data): (data, false)
            }
            if isText { secrets.formUnion(ProxySecretScan.credentialMembers(content)) }
            let time = elapsed(now)
            let after = record?.reads.count ?? 0
            record?.clientMessages.append(.init(
                milliseconds: time, afterReads: after, byteCount: content.count,
                content: content, isText: isText))
        }
    }
}

/// Credentials inside a client's JSON message (Stream's first message carries the user token,
/// service-profiles §5).
enum ProxySecretScan {
    static let credentialKeys: Set<String> = ["token", "access_token", "api_key", "apikey", "password", "secret", "jwt", "authorization"]

    /// The string values of credential-named members anywhere in `bytes` if it is JSON.
    static func credentialMembers(_ bytes: [UInt8]) -> Set<String> {
        guard let value = try? JSONValue.parse(bytes) else { return [] }
        var found: Set<String> = []
        collect(value, into: &found, depth: 0)
        return found
    }

    private static func collect(_ value: JSONValue, into found: inout Set<String>, depth: Int) {
        guard depth < 32 else { return }
        if let members = value.objectMembers {
            for member in members {
                if credentialKeys.contains(member.key.lowercased()), let text = member.value.stringValue, !text.isEmpty {
                    found.insert(text)
                }
                collect(member.value, into: &found, depth: depth + 1)
            }
        } else if let items = value.arrayValue {
            for item in items { collect(item, into: &found, depth: depth + 1) }
        }
    }
}
