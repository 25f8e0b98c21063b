import Codecs
import Reconnect
import Synchronization

/// What a transport closure gets for one connection attempt: its generation, the credentials, and the calls
/// that report progress to the supervisor. Everything it does is tagged with its generation, so after the
/// connection has been replaced its calls change nothing (`deliver` throws `CancellationError`).
public struct StreamConnection<Event: Sendable>: Sendable {
    /// This attempt's generation.
    public let generation: Generation
    let driver: StreamDriverLink<Event>

    /// The current credentials: fetched from the provider on first use, replaced after each refresh. Throws
    /// (an error mapped to `credentials-unavailable`) when the provider fails; nil when the stream has none.
    public func credentials() async throws -> Secret? {
        try await driver.credentials()
    }

    /// The connection is open and accepted by the service (handshake done, first reply checked).
    public func opened() { driver.post(.opened(generation)) }

    /// The service's initial replay is over (ends `syncing` early).
    public func synced() { driver.post(.synced(generation)) }

    /// Hands an event to the consumer, suspending while its buffer is full (so the transport stops reading).
    /// Counts as traffic. Throws `CancellationError` once this connection is replaced or the stream ends.
    public func deliver(_ event: Event) async throws {
        driver.noteTraffic(generation)
        try await driver.inbox.send(event, generation: generation)
    }

    /// Traffic that is not an event (a heartbeat, a keep-alive comment, a pong): feeds liveness only. Cheap: a
    /// clock read and a lock, no message.
    public func noteTraffic() { driver.noteTraffic(generation) }

    /// The server set its reconnection time (SSE `retry:`): it replaces the computed delay from now on.
    public func serverDirectedDelay(_ delay: Duration) { driver.post(.serverDirectedDelay(generation, delay)) }

    /// The service announced how long silence may last on this connection (nil: back to the configured rule).
    public func livenessWindow(_ window: Duration?) { driver.post(.livenessWindow(generation, window)) }
}

/// The shared state between the driver loop and its connections: the runtime (mailbox, inbox, clock), the
/// credential cache and the last traffic.
final class StreamDriverLink<Event: Sendable>: Sendable {
    typealias Message = DriverMessage

    struct Traffic {
        var generation: Generation
        var at: MonotonicInstant
    }

    let runtime: DriverRuntime<Event, Message>
    private let provider: CredentialProvider?
    private let cachedCredentials = Mutex<Secret?>(nil)
    private let traffic = Mutex<Traffic?>(nil)

    init(runtime: DriverRuntime<Event, Message>, provider: CredentialProvider?) {
        self.runtime = runtime
        self.provider = provider
    }

    var inbox: EventInbox<Event> { runtime.inbox }

    func now() -> MonotonicInstant { runtime.now() }

    func post(_ message: Message) { runtime.post(message) }

    func noteTraffic(_ generation: Generation) {
        let instant = now()
        traffic.withLock { $0 = Traffic(generation: generation, at: instant) }
    }

    /// The last traffic recorded.
    func lastTraffic() -> Traffic? { traffic.withLock { $0 } }

    func credentials() async throws -> Secret? {
        if let cached = cachedCredentials.withLock({ $0 }) { return cached }
        guard let provider else { return nil }
        do {
            let secret = try await provider()
            cachedCredentials.withLock { $0 = secret }
            return secret
        } catch {
            throw CredentialsUnavailable()
        }
    }

    func refreshCredentials() {
        guard let provider else {
            post(.refreshFailed)
            return
        }
        Task {
            do {
                let secret = try await provider()
                self.cachedCredentials.withLock { $0 = secret }
                self.post(.refreshed)
            } catch {
                self.post(.refreshFailed)
            }
        }
    }
}

/// What connections, timers and the credential task tell the driver loop.
enum DriverMessage: Sendable {
    case opened(Generation)
    case synced(Generation)
    case ended(Generation, ConnectionOutcome)
    case serverDirectedDelay(Generation, Duration)
    case livenessWindow(Generation, Duration?)
    case tick
    case refreshed
    case refreshFailed
    case stop
}
