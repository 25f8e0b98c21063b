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

/// How a stream that gave up ends its `events`: `for try await` throws this with the `failed(reason)` status's
/// stable reason (`http-403`, `tls-untrusted`, `retries-exhausted`, `token-expired`, …).
public struct StreamFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public let reason: ReasonCode
    public init(reason: ReasonCode) { self.reason = reason }
    public var description: String { "stream failed: \(reason)" }
}

/// Runs a `SessionLoop` over real WebSocket connections (ARCHITECTURE.md `Clients/`: transport ⇄ session ⇄
/// supervisor ⇄ clock). One task owns the loop; socket readers, timers and the credential provider post into
/// its mailbox, tagged with their generation, so nothing from a replaced socket acts.
///
/// - `events`: the service's typed events, bounded (`eventBufferLimit`): the socket reader waits for room, so a
///   slow consumer stops socket reads. Ends after a stop; throws `StreamFailure` when the stream gave up.
/// - `statuses`: every status change; keeps the newest 256 for a late reader. `notices`: heartbeats and skipped
///   messages, newest 256.
/// - `stop()`: closes the live socket with 1000 and ends the sequences.
public final class WebSocketSessionStream<Session: ServiceSession>: Sendable {
    public typealias Event = Session.Connection.Event

    public let statuses: AsyncStream<ConnectionStatus>
    public let notices: AsyncStream<ClientNotice<Event>>
    let buffer: ClientEventBuffer<Event>
    private let mailbox: AsyncStream<Message>.Continuation
    private let state: SharedBox
    private let task: Mutex<Task<Void, Never>?>

    enum Message: Sendable {
        case loop(SessionLoopInput)
        case socket(Generation, WebSocket)
    }

    struct Shared: Sendable {
        var lastEventAt: MonotonicInstant?
        var status: ConnectionStatus?
    }

    /// What the driver task and the API both read.
    final class SharedBox: Sendable {
        private let lock = Mutex(Shared())
        func withLock<R: Sendable>(_ body: (inout Shared) -> R) -> R { lock.withLock { body(&$0) } }
    }

    /// Starts connecting at once.
    public init<C: Clock>(
        session: Session, credentials: @escaping CredentialProvider, clock: C,
        client: WebSocketClientConfiguration = WebSocketClientConfiguration(),
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(), eventBufferLimit: Int = 64
    ) where C.Duration == Duration {
        let (mailboxStream, mailbox) = AsyncStream.makeStream(of: Message.self)
        let (statuses, statusContinuation) = AsyncStream.makeStream(
            of: ConnectionStatus.self, bufferingPolicy: .bufferingNewest(256))
        let (notices, noticeContinuation) = AsyncStream.makeStream(
            of: ClientNotice<Event>.self, bufferingPolicy: .bufferingNewest(256))
        let buffer = ClientEventBuffer<Event>(limit: eventBufferLimit)
        let state = SharedBox()
        self.statuses = statuses
        self.notices = notices
        self.buffer = buffer
        self.mailbox = mailbox
        self.state = state
        let driver = Driver(
            loop: SessionLoop(session: session, random: random), clock: clock, origin: clock.now,
            credentials: credentials, client: client, mailbox: mailbox, buffer: buffer, state: state,
            statuses: statusContinuation, notices: noticeContinuation)
        task = Mutex(Task { await driver.run(mailboxStream) })
    }

    /// The events, in order (single consumer).
    public var events: Events { Events(buffer: buffer) }

    /// When the last service event arrived, on the stream's clock from its creation; nil before the first.
    public var lastEventAt: MonotonicInstant? { state.withLock { $0.lastEventAt } }

    /// The last status reported.
    public var currentStatus: ConnectionStatus? { state.withLock { $0.status } }

    /// Stops for good (status `stopped(stop-requested)`), closing the live socket with 1000; returns when done.
    public func stop() async {
        mailbox.yield(.loop(.stop))
        await finished()
    }

    /// Waits until the stream ended (by itself or by `stop()`).
    public func finished() async {
        let running = task.withLock { $0 }
        await running?.value
    }

    /// The consumer's events.
    public struct Events: AsyncSequence, Sendable {
        let buffer: ClientEventBuffer<Event>
        public func makeAsyncIterator() -> Iterator { Iterator(buffer: buffer) }
        public struct Iterator: AsyncIteratorProtocol {
            let buffer: ClientEventBuffer<Event>
            public mutating func next() async throws -> Event? { try await buffer.next() }
        }
    }

    /// The single task that owns the loop.
    struct Driver<C: Clock>: Sendable where C.Duration == Duration {
        var loop: SessionLoop<Session>
        let clock: C
        let origin: C.Instant
        let credentials: CredentialProvider
        let client: WebSocketClientConfiguration
        let mailbox: AsyncStream<Message>.Continuation
        let buffer: ClientEventBuffer<Event>
        let state: SharedBox
        let statuses: AsyncStream<ConnectionStatus>.Continuation
        let notices: AsyncStream<ClientNotice<Event>>.Continuation

        func now() -> MonotonicInstant { MonotonicInstant.zero + origin.duration(to: clock.now) }

        consuming func run(_ inputs: AsyncStream<Message>) async {
            var sockets: [Generation: WebSocket] = [:]
            var readers: [Generation: Task<Void, Never>] = [:]
            var timer: Task<Void, Never>?
            var termination: Termination?
            var pending = loop.handle(.start, now: now())
            var iterator = inputs.makeAsyncIterator()
            while true {
                for action in pending {
                    switch action {
                    case let .status(status):
                        state.withLock { $0.status = status }
                        statuses.yield(status)
                    case .fetchCredentials:
                        let provider = credentials
                        let mailbox = mailbox
                        Task {
                            do { mailbox.yield(.loop(.credentials(try await provider()))) } catch {
                                mailbox.yield(.loop(.credentialsFailed))
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
                            state.withLock { $0.lastEventAt = at }
                            buffer.yield(event)
                        case let .heartbeat(event): notices.yield(.heartbeat(event))
                        case let .skipped(notice): notices.yield(.skipped(notice))
                        case .ignored: break
                        }
                    case let .waitUntil(instant):
                        timer?.cancel()
                        let clock = clock
                        let deadline = origin.advanced(by: instant.duration(since: .zero))
                        let mailbox = mailbox
                        timer = Task {
                            do {
                                try await clock.sleep(until: deadline, tolerance: nil)
                                mailbox.yield(.loop(.tick))
                            } catch {}
                        }
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
                    if case .tick = input, let live = loop.liveGeneration, buffer.isFull {
                        // The reader waits for the consumer: not silence from the peer.
                        pending = loop.handle(.consumerBusy(live), now: now())
                    }
                    pending += loop.handle(input, now: now())
                }
            }
            timer?.cancel()
            mailbox.finish()
            for (_, reader) in readers { reader.cancel() }
            for (_, socket) in sockets { _ = try? await socket.close(code: 1000) }
            if case let .failed(reason) = termination {
                buffer.finish(failure: StreamFailure(reason: reason))
            } else {
                buffer.finish(failure: nil)
            }
            statuses.finish()
            notices.finish()
        }

        /// One attempt: connect, hand the socket to the loop, read messages (waiting for room in the consumer's
        /// buffer before each), report how it ended.
        func connect(_ generation: Generation, _ request: SessionRequest) -> Task<Void, Never> {
            var configuration = client
            configuration.headers += request.headers.map { HTTPHeaderField(name: $0.name, value: $0.value.revealed) }
            if !request.offersDeflate { configuration.deflate = nil }
            if loop.session.skipsTLSVerification, var tls = configuration.transportSecurity as? TLSClientOptions,
               tls.trust == .system {
                // A compatible profile whose seed client runs with CERT_NONE, and no explicit trust given.
                tls.trust = .insecure
                configuration.transportSecurity = tls
            }
            if let keepalive = loop.session.keepalive {
                configuration.connection.keepalive = .init(interval: keepalive.interval, timeout: keepalive.timeout)
            }
            let mailbox = mailbox
            let buffer = buffer
            let url = request.url
            return Task {
                let socket: WebSocket
                do {
                    socket = try await WebSocketClient(configuration: configuration).connect(to: url)
                } catch {
                    mailbox.yield(.loop(.closed(generation, WebSocketOutcome.connectFailure(error))))
                    return
                }
                mailbox.yield(.socket(generation, socket))
                do {
                    var messages = socket.messages.makeAsyncIterator()
                    while !Task.isCancelled {
                        await buffer.waitForRoom()
                        guard let message = try await messages.next() else { break }
                        switch message {
                        case let .text(text): mailbox.yield(.loop(.message(generation, .text, Array(text.utf8))))
                        case let .binary(bytes): mailbox.yield(.loop(.message(generation, .binary, bytes)))
                        }
                    }
                    if Task.isCancelled { return }
                    let info = try await socket.closed()
                    mailbox.yield(.loop(.closed(generation, .webSocketClose(info.code ?? (info.wasClean ? 1005 : 1006)))))
                } catch let error as WebSocketConnectionError {
                    mailbox.yield(.loop(.closed(generation, WebSocketOutcome.streamFailure(error))))
                } catch {
                    mailbox.yield(.loop(.closed(generation, WebSocketOutcome.connectFailure(error))))
                }
            }
        }
    }
}
