import Codecs
import Reconnect
import Sessions
import StreamTesting

/// Drives a `SessionLoop` in virtual time: answers `fetchCredentials` from a queue of tokens (none left: the
/// provider fails), records every action, and advances time one deadline at a time.
struct LoopHarness<Session: ServiceSession> {
    typealias Event = Session.Connection.Event

    var loop: SessionLoop<Session>
    var now = MonotonicInstant.zero
    var tokens: [Secret]
    var actions: [SessionLoopAction<Event>] = []
    var deadline: MonotonicInstant?
    var credentialFetches = 0

    init(_ session: Session, tokens: [String] = ["tok-1"], seed: UInt64 = 1) {
        loop = SessionLoop(session: session, random: SplitMix64(seed: seed))
        self.tokens = tokens.map(Secret.init)
    }

    /// Seconds since the start.
    var t: Double { Double(now.nanoseconds) / 1e9 }

    @discardableResult
    mutating func input(_ input: SessionLoopInput) -> [SessionLoopAction<Event>] {
        var produced = loop.handle(input, now: now)
        var index = 0
        while index < produced.count {
            let action = produced[index]
            index += 1
            actions.append(action)
            switch action {
            case .fetchCredentials:
                credentialFetches += 1
                let answer: SessionLoopInput = tokens.isEmpty ? .credentialsFailed : .credentials(tokens.removeFirst())
                produced += loop.handle(answer, now: now)
            case let .waitUntil(instant):
                deadline = instant
            default:
                break
            }
        }
        if loop.nextDeadline == nil { deadline = nil }
        return produced
    }

    /// Moves time to `seconds` after the start, firing every deadline on the way.
    mutating func advance(to seconds: Double) {
        let target = MonotonicInstant(nanoseconds: UInt64((seconds * 1e9).rounded()))
        while let due = deadline, due <= target {
            now = max(now, due)
            deadline = nil
            input(.tick)
        }
        now = max(now, target)
    }

    mutating func advance(by seconds: Double) { advance(to: t + seconds) }

    /// Fires deadlines one at a time until the next `connect` (the retry wait is over), at most 100 of them.
    mutating func advanceToNextConnect() {
        let before = connectCount
        var steps = 0
        while connectCount == before, let due = deadline, steps < 100 {
            now = max(now, due)
            deadline = nil
            input(.tick)
            steps += 1
        }
    }

    /// The generation and request of the last `connect`.
    var lastConnect: (Generation, SessionRequest)? {
        for action in actions.reversed() { if case let .connect(generation, request) = action { return (generation, request) } }
        return nil
    }

    var generation: Generation {
        lastConnect?.0 ?? Generation(0)
    }

    /// Opens the last requested connection.
    mutating func open() { input(.opened(generation)) }

    mutating func receive(_ text: String) { input(.message(generation, .text, Array(text.utf8))) }

    mutating func receive(binary bytes: [UInt8]) { input(.message(generation, .binary, bytes)) }

    mutating func close(_ outcome: ConnectionOutcome) { input(.closed(generation, outcome)) }

    /// Every status reported, in order.
    var statuses: [ConnectionStatus] {
        actions.compactMap { if case let .status(status) = $0 { return status } else { return nil } }
    }

    /// Status names with reasons, e.g. `connecting`, `lost(http-401)`, `reconnecting(1, 5.0)`.
    var statusTrace: [String] {
        statuses.map { status in
            switch status {
            case let .reconnecting(attempt, delay): "reconnecting(\(attempt), \(seconds(delay)))"
            default: status.description
            }
        }
    }

    /// Messages sent on the wire, as text.
    var sentTexts: [String] {
        actions.compactMap { if case let .send(_, frame) = $0 { return String(decoding: frame.bytes, as: UTF8.self) } else { return nil } }
    }

    /// Deliveries, in order.
    var deliveries: [SessionDelivery<Event>] {
        actions.compactMap { if case let .deliver(delivery) = $0 { return delivery } else { return nil } }
    }

    var events: [Event] {
        deliveries.compactMap { if case let .event(event) = $0 { return event } else { return nil } }
    }

    var connectCount: Int {
        actions.reduce(0) { count, action in if case .connect = action { return count + 1 } else { return count } }
    }

    /// Delays of every `reconnecting` status, in seconds.
    var delays: [Double] {
        statuses.compactMap { if case let .reconnecting(_, delay) = $0 { return seconds(delay) } else { return nil } }
    }

    var termination: Termination? {
        for action in actions.reversed() { if case let .finished(termination) = action { return termination } }
        return nil
    }
}

func seconds(_ duration: Duration) -> Double {
    let (whole, atto) = duration.components
    return Double(whole) + Double(atto) / 1e18
}

func hexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var iterator = hex.unicodeScalars.filter { !$0.properties.isWhitespace }.makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        bytes.append(UInt8(String(high) + String(low), radix: 16) ?? 0)
    }
    return bytes
}
