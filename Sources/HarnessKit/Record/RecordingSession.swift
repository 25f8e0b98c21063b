import Codecs
import Reconnect
import Sessions

/// A WebSocket service session with a tap on its connections (issue 18, `harness record`): every message the
/// session receives goes to `RecordingTap` exactly as received (payload and text/binary kind, one read per
/// message: the boundaries a `--messages` fixture keeps), then to the service's own connection, whose answers
/// pass unchanged. The request's credentials (header values, `?token=`/`api_key` query values) are noted as
/// secrets. Nothing of the service's behaviour changes: the wrapper only observes.
struct RecordingSession<Base: ServiceSession>: ServiceSession {
    let base: Base
    let tap: RecordingTap

    var reconnect: SupervisorConfiguration { base.reconnect }
    var keepalive: PingKeepalive? { base.keepalive }
    var skipsTLSVerification: Bool { base.skipsTLSVerification }

    func request(credentials: Secret) -> SessionRequest {
        let request = base.request(credentials: credentials)
        tap.noteSecret(credentials.revealed)
        for header in request.headers where header.isSensitive { tap.noteSecret(header.value.revealed) }
        for value in RecordSecrets.credentialQueryValues(request.url) { tap.noteSecret(value) }
        return request
    }

    func connection(credentials: Secret) -> RecordingConnection<Base.Connection> {
        tap.noteSecret(credentials.revealed)
        tap.begin()
        return RecordingConnection(base: base.connection(credentials: credentials), tap: tap)
    }
}

/// One connection of `RecordingSession`: reports the open (101), each received message and each sent one.
struct RecordingConnection<Base: SessionConnection>: SessionConnection {
    typealias Event = Base.Event
    var base: Base
    let tap: RecordingTap

    mutating func opened(now: MonotonicInstant) -> [SessionAction] {
        tap.opened(status: 101, headers: [])
        return noteSends(base.opened(now: now))
    }

    mutating func receive(_ kind: SessionMessageKind, _ bytes: [UInt8], now: MonotonicInstant) -> SessionReceipt<Event> {
        bytes.withUnsafeBytes { tap.read($0, isText: kind == .text) }
        var receipt = base.receive(kind, bytes, now: now)
        receipt.actions = noteSends(receipt.actions)
        return receipt
    }

    mutating func tick(now: MonotonicInstant) -> [SessionAction] { noteSends(base.tick(now: now)) }

    var nextDeadline: MonotonicInstant? { base.nextDeadline }

    private func noteSends(_ actions: [SessionAction]) -> [SessionAction] {
        for case let .send(frame) in actions { tap.clientSent(byteCount: frame.bytes.count) }
        return actions
    }
}
