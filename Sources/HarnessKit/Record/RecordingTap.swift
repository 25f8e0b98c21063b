import Reconnect
import Synchronization

/// Collects a `harness record` run as our client's transport sees it: the WebSocket session wrapper
/// (`RecordingSession`) and the HTTP clients' `HTTPBodyTap` report attempts, opens, reads and sent messages;
/// the status stream reports how each attempt ended. Attempts are sequential, so every `lost` (and the terminal
/// status) ends the oldest attempt that has not ended yet, even when the status arrives a little later than the
/// next attempt's first read. Credentials the client used are kept as secrets, to be kept out of the fixture.
public final class RecordingTap: Sendable {
    struct State {
        var connections: [RecordedConnection] = []
        var starts: [ContinuousClock.Instant] = []
        var secrets: Set<String> = []
    }

    private let state = Mutex(State())
    private let clock = ContinuousClock()

    public init() {}

    /// The connections recorded so far.
    public var connections: [RecordedConnection] { state.withLock { $0.connections } }
    /// Every credential value the client used (tokens as sent, minted JWTs, header values).
    public var observedSecrets: Set<String> { state.withLock { $0.secrets } }

    /// Milliseconds since the start of connection `index`, rounded to 0.1 ms.
    private func elapsed(_ state: State, _ index: Int) -> Double {
        let duration = clock.now - state.starts[index]
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return (ms * 10).rounded() / 10
    }

    /// A new attempt began.
    public func begin() {
        state.withLock { state in
            state.connections.append(RecordedConnection())
            state.starts.append(clock.now)
        }
    }

    /// Remembers a credential value so it can be kept out of the fixture.
    public func noteSecret(_ value: String) {
        guard !value.isEmpty else { return }
        state.withLock { _ = $0.secrets.insert(value) }
    }

    /// The latest attempt opened with `status`; `headers` are filtered to the replayable ones.
    public func opened(status: Int, headers: [(name: String, value: String)]) {
        state.withLock { state in
            guard let last = state.connections.indices.last else { return }
            state.connections[last].openStatus = status
            state.connections[last].openMilliseconds = elapsed(state, last)
            state.connections[last].headers = headers.filter { RecordSecrets.replayableHeaders.contains($0.name.lowercased()) }
        }
    }

    /// One read of the latest attempt.
    public func read(_ bytes: UnsafeRawBufferPointer, isText: Bool?) {
        let copy = [UInt8](bytes)
        state.withLock { state in
            guard let last = state.connections.indices.last else { return }
            state.connections[last].reads.append(.init(bytes: copy, isText: isText, milliseconds: elapsed(state, last)))
        }
    }

    /// The client sent a message of `byteCount` bytes on the latest attempt.
    public func clientSent(byteCount: Int) {
        state.withLock { state in
            guard let last = state.connections.indices.last else { return }
            state.connections[last].clientMessages.append(.init(
                milliseconds: elapsed(state, last), afterReads: state.connections[last].reads.count, byteCount: byteCount))
        }
    }

    /// A status change: `lost` ends the oldest open attempt, `stopped`/`failed` every one still open.
    public func status(_ status: ConnectionStatus) {
        state.withLock { state in
            let open = state.connections.indices.filter { state.connections[$0].endReason == nil }
            switch status {
            case let .lost(reason):
                guard let first = open.first else { return }
                state.connections[first].endReason = reason
                state.connections[first].endMilliseconds = elapsed(state, first)
            case let .stopped(reason), let .failed(reason):
                for index in open {
                    state.connections[index].endReason = reason
                    state.connections[index].endMilliseconds = elapsed(state, index)
                }
            default:
                break
            }
        }
    }
}
