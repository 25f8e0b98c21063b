import Codecs
import NIOCore
import Reconnect
import Sessions
import Synchronization
import TransportNIO
import WSFrame
import WebSocketNIO

/// Something a stream reports besides events: a heartbeat (it fed liveness) or a message that was skipped.
public enum ClientNotice<Event: Sendable>: Sendable {
    /// A heartbeat or keep-alive (eisy `_0`, Stream `health.check` and `connection.ok`).
    case heartbeat(Event)
    /// A garbage message, reported and skipped; the connection goes on.
    case skipped(SessionNotice)
}

/// Runs a `SessionLoop` over real WebSocket connections (ARCHITECTURE.md `Clients/`: transport ⇄ session ⇄
/// supervisor ⇄ clock) on the same `DriverRuntime` as `ReconnectingStream` (mailbox, timer, event inbox,
/// statuses). One task owns the loop; socket readers, timers and the credential provider post into its
/// mailbox, tagged with their generation, so nothing from a replaced socket acts.
///
/// - `events`: the service's typed events, bounded (`eventBufferLimit`): the socket reader waits for room, so a
///   slow consumer stops socket reads. Ends after a stop (or when the consuming task is cancelled); throws
///   `ReconnectFailure` when the stream gave up.
/// - `statuses`: every status change; keeps the newest 256 for a late reader. `notices`: heartbeats and skipped
///   messages, newest 256.
/// - `stop()`: closes the live socket with 1000 and ends the sequences.
public final class WebSocketSessionStream<Session: ServiceSession>: Sendable {
    public typealias Event = Session.Connection.Event
    /// The consumer's events: the same sequence as `ReconnectingStream`'s.
    public typealias Events = ReconnectingStream<Event>.Events

    public let statuses: AsyncStream<ConnectionStatus>
    public let notices: AsyncStream<ClientNotice<Event>>
    let runtime: DriverRuntime<Event, Message>
    private let lastEvent: SharedValue<MonotonicInstant?>

    enum Message: Sendable {
        case loop(SessionLoopInput)
        case socket(Generation, WebSocket)
    }

    /// Starts connecting at once.
    public init<C: Clock>(
        session: Session, credentials: @escaping CredentialProvider, clock: C,
        client: WebSocketClientConfiguration = WebSocketClientConfiguration(),
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(), eventBufferLimit: Int = 64
    ) where C.Duration == Duration {
        let runtime = DriverRuntime<Event, Message>(
            clock: clock, eventLimit: eventBufferLimit, statusLimit: 256, stop: .loop(.stop))
        let (notices, noticeContinuation) = AsyncStream.makeStream(
            of: ClientNotice<Event>.self, bufferingPolicy: .bufferingNewest(256))
        let lastEvent = SharedValue<MonotonicInstant?>(nil)
        statuses = runtime.statuses
        self.notices = notices
        self.runtime = runtime
        self.lastEvent = lastEvent
        let driver = Driver(
            loop: SessionLoop(session: session, random: random), runtime: runtime, credentials: credentials,
            client: client, lastEvent: lastEvent, notices: noticeContinuation)
        runtime.run { await driver.run() }
    }

    /// The events, in order (single consumer).
    public var events: Events { Events(inbox: runtime.inbox) }

    /// When the last service event arrived, on the stream's clock from its creation; nil before the first.
    public var lastEventAt: MonotonicInstant? { lastEvent.get() }

    /// The last status reported.
    public var currentStatus: ConnectionStatus? { runtime.currentStatus }

    /// Stops for good (status `stopped(stop-requested)`), closing the live socket with 1000; returns when done.
    public func stop() async {
        await runtime.stop()
    }

    /// Waits until the stream ended (by itself or by `stop()`).
    public func finished() async {
        await runtime.finished()
    }

    /// The single task that owns the loop.
    struct Driver: Sendable {
        var loop: SessionLoop<Session>
        let runtime: DriverRuntime<Event, Message>
        let credentials: CredentialProvider
        let client: WebSocketClientConfiguration
        let lastEvent: SharedValue<MonotonicInstant?>
        let notices: AsyncStream<ClientNotice<Event>>.Continuation

        func now() -> MonotonicInstant { runtime.now() }

        consuming func run() async {
            var sockets: [Generation: WebSocket] = [:]
            var readers: [Generation: Task<Void, Never>] = [:]
            var timer = DriverTimer<Message>(posting: .loop(.tick))
            var termination: Termination?
            var pending = loop.handle(.start, now: now())
            var iterator = runtime.mailbox.makeAsyncIterator()
            while true {
                for action in pending {
                    switch action {
                    case let .status(status):
                        runtime.report(status)
                    case .fetchCredentials:
                        let provider = credentials
                        let runtime = runtime
                        Task {
                            do { runtime.post(.loop(.credentials(try await provider()))) } catch {
                                runtime.post(.loop(.credentialsFailed))
                            }
                        }
                    case let .connect(generation, request):
                        readers[generation] = connect(generation, request)
                    case let .send(generation, frame):
                        if let socket = sockets[generation] {
                            try? await socket.send(text: String(decoding: frame.bytes, as: UTF8.self))
                        }
                    case let .close(generation, code, _):
                        readers.removeValue(forKey: generation)?.cancel()
                        if let socket = sockets.removeValue(forKey: generation) {
                            Task { _ = try? await socket.close(code: code) }
                        }
                    case let .deliver(delivery):
                        switch delivery {
                        case let .event(event):
                            let at = now()
                            lastEvent.set(at)
                            runtime.inbox.offer(event)
                        case let .heartbeat(event): notices.yield(.heartbeat(event))
                        case let .skipped(notice): notices.yield(.skipped(notice))
                        case .ignored: break
                        }
                    case let .waitUntil(instant):
                        timer.arm(at: instant, on: runtime)
                    case let .finished(end):
                        termination = end
                    }
                }
                if termination != nil { break }
                guard let message = await iterator.next() else { break }
                switch message {
                case let .socket(generation, socket):
                    if loop.liveGeneration == generation {
                        sockets[generation] = socket
                        pending = loop.handle(.opened(generation), now: now())
                    } else {
                        Task { _ = try? await socket.close(code: 1000) }
                        pending = []
                    }
                case let .loop(input):
                    if case let .closed(generation, _) = input {
                        sockets[generation] = nil
                        readers[generation] = nil
                    }
                    pending = []
                    if case .tick = input, let live = loop.liveGeneration, runtime.inbox.isFull {
                        // The reader waits for the consumer: not silence from the peer.
                        pending = loop.handle(.consumerBusy(live), now: now())
                    }
                    pending += loop.handle(input, now: now())
                }
            }
            timer.cancel()
            runtime.closeMailbox()
            for (_, reader) in readers { reader.cancel() }
            for (_, socket) in sockets { _ = try? await socket.close(code: 1000) }
            runtime.end(termination)
            notices.finish()
        }

        /// One attempt: connect, hand the socket to the loop, read messages (waiting for room in the consumer's
        /// buffer before each), report how it ended.
        func connect(_ generation: Generation, _ request: SessionRequest) -> Task<Void, Never> {
            let configuration = WebSocketSessionStream.clientConfiguration(client, session: loop.session, request: request)
            let runtime = runtime
            let url = request.url
            return Task {
                let socket: WebSocket
                do {
                    socket = try await WebSocketClient(configuration: configuration).connect(to: url)
                } catch {
                    runtime.post(.loop(.closed(generation, WebSocketOutcome.connectFailure(error))))
                    return
                }
                runtime.post(.socket(generation, socket))
                do {
                    var messages = socket.messages.makeAsyncIterator()
                    while !Task.isCancelled {
                        await runtime.inbox.waitForRoom()
                        guard let message = try await messages.next() else { break }
                        switch message {
                        case let .text(text): runtime.post(.loop(.message(generation, .text, Array(text.utf8))))
                        case let .binary(bytes): runtime.post(.loop(.message(generation, .binary, bytes)))
                        }
                    }
                    if Task.isCancelled { return }
                    let info = try await socket.closed()
                    runtime.post(.loop(.closed(generation, .webSocketClose(info.code ?? (info.wasClean ? 1005 : 1006)))))
                } catch let error as WebSocketConnectionError {
                    runtime.post(.loop(.closed(generation, WebSocketOutcome.streamFailure(error))))
                } catch {
                    runtime.post(.loop(.closed(generation, WebSocketOutcome.connectFailure(error))))
                }
            }
        }
    }
}

extension WebSocketSessionStream {
    /// What one attempt's `WebSocketClient` runs with: `base` plus the session's request headers, its deflate
    /// offer, its TLS rule (compatible profiles of `CERT_NONE` seed clients: unverified unless a trust was given)
    /// and its ping keep-alive for the codec (`WebSocketConnection`'s timer: Central's 10 s / 5 s, §1.5).
    static func clientConfiguration(
        _ base: WebSocketClientConfiguration, session: Session, request: SessionRequest
    ) -> WebSocketClientConfiguration {
        var configuration = base
        configuration.headers += request.headers.map { HTTPHeaderField(name: $0.name, value: $0.value.revealed) }
        if !request.offersDeflate { configuration.deflate = nil }
        if session.skipsTLSVerification, var tls = configuration.transportSecurity as? TLSClientOptions,
           tls.trust == .system {
            // A compatible profile whose seed client runs with CERT_NONE, and no explicit trust given.
            tls.trust = .insecure
            configuration.transportSecurity = tls
        }
        if let keepalive = session.keepalive {
            configuration.connection.keepalive = .init(interval: keepalive.interval, timeout: keepalive.timeout)
        }
        return configuration
    }
}
