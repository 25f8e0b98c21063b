import Reconnect
import Synchronization

/// The bounded hand-over between a connection's reads and the consumer: at most `limit` events wait; a
/// producer that finds it full is suspended until the consumer takes one, so a slow consumer stops the
/// transport's reads (backpressure) and memory stays bounded by `limit` events.
///
/// Only the live generation may deliver; revoking a generation wakes its suspended producers with
/// `CancellationError`, so nothing from a replaced connection reaches the consumer. Single consumer.
///
/// A driver that decodes on its own task (the WebSocket session driver) uses the other door: it `offer`s
/// without waiting, and its socket reader calls `waitForRoom()` before each read, so at most `limit` events
/// plus one per message in flight are held.
final class EventInbox<Event: Sendable>: Sendable {
    private struct Producer {
        var id: UInt64
        var generation: Generation
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var buffer: [Event] = []
        var head = 0
        var liveGeneration: Generation?
        var producers: [Producer] = []
        var consumer: CheckedContinuation<Event?, any Error>?
        var finished = false
        var failure: ReconnectFailure?
        var consumerGone = false
        var nextID: UInt64 = 0
        var roomWaiters: [(id: UInt64, continuation: CheckedContinuation<Void, Never>)] = []

        var count: Int { buffer.count - head }

        /// The readers waiting for room, when there is room now.
        mutating func takeRoomWaiters(limit: Int) -> [CheckedContinuation<Void, Never>] {
            guard count < limit, !roomWaiters.isEmpty else { return [] }
            let waiters = roomWaiters.map(\.continuation)
            roomWaiters = []
            return waiters
        }

        mutating func popFirst() -> Event? {
            guard head < buffer.count else { return nil }
            let event = buffer[head]
            head += 1
            if head >= 64, head * 2 >= buffer.count {
                buffer.removeFirst(head)
                head = 0
            }
            return event
        }
    }

    private enum SendStep { case delivered(CheckedContinuation<Event?, any Error>?), wait, refused }
    private enum ProducerRegistration { case parked, room, refused }
    private enum TakeStep { case event(Event, Producer?), end(ReconnectFailure?), wait }
    private enum ConsumerRegistration { case parked(Producer?), event(Event, Producer?), end(ReconnectFailure?) }

    private let state = Mutex(State())
    private let limit: Int
    private let onConsumerCancelled: @Sendable () -> Void

    init(limit: Int, onConsumerCancelled: @escaping @Sendable () -> Void) {
        self.limit = max(limit, 1)
        self.onConsumerCancelled = onConsumerCancelled
    }

    /// Lets `generation` deliver, and revokes the one before it.
    func accept(_ generation: Generation) {
        let woken = state.withLock { state -> [Producer] in
            state.liveGeneration = generation
            let stale = state.producers.filter { $0.generation != generation }
            state.producers.removeAll { $0.generation != generation }
            return stale
        }
        for producer in woken { producer.continuation.resume(throwing: CancellationError()) }
    }

    /// Stops `generation` from delivering; its suspended producers get `CancellationError`.
    func revoke(_ generation: Generation) {
        let woken = state.withLock { state -> [Producer] in
            if state.liveGeneration == generation { state.liveGeneration = nil }
            let stale = state.producers.filter { $0.generation == generation }
            state.producers.removeAll { $0.generation == generation }
            return stale
        }
        for producer in woken { producer.continuation.resume(throwing: CancellationError()) }
    }

    /// Whether a producer of `generation` is waiting for room (the consumer, not the peer, is slow).
    func isProducerWaiting(_ generation: Generation) -> Bool {
        state.withLock { state in state.producers.contains { $0.generation == generation } }
    }

    /// Whether `limit` or more events wait for the consumer.
    var isFull: Bool { state.withLock { $0.count >= limit } }

    /// Hands `event` to the consumer without waiting and without a generation check (the caller gates both);
    /// dropped once the inbox is finished.
    func offer(_ event: Event) {
        let consumer = state.withLock { state -> CheckedContinuation<Event?, any Error>? in
            guard !state.finished else { return nil }
            if let consumer = state.consumer {
                state.consumer = nil
                return consumer
            }
            state.buffer.append(event)
            return nil
        }
        consumer?.resume(returning: event)
    }

    /// Returns once fewer than `limit` events wait for the consumer, the inbox is finished or the task is
    /// cancelled.
    func waitForRoom() async {
        let id = state.withLock { state -> UInt64 in
            state.nextID &+= 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.finished || state.count < limit || Task.isCancelled { return true }
                    state.roomWaiters.append((id, continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let index = state.roomWaiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.roomWaiters.remove(at: index).continuation
            }
            waiter?.resume()
        }
    }

    /// Hands `event` to the consumer, waiting while the buffer is full. Throws `CancellationError` when
    /// `generation` is not (or no longer) live or the inbox is finished.
    func send(_ event: Event, generation: Generation) async throws {
        let step = state.withLock { state -> SendStep in
            guard !state.finished, state.liveGeneration == generation else { return .refused }
            if let consumer = state.consumer {
                state.consumer = nil
                return .delivered(consumer)
            }
            guard state.count < limit, state.producers.isEmpty else { return .wait }
            state.buffer.append(event)
            return .delivered(nil)
        }
        switch step {
        case let .delivered(consumer):
            consumer?.resume(returning: event)
            return
        case .refused:
            throw CancellationError()
        case .wait:
            break
        }
        let id = state.withLock { state -> UInt64 in
            state.nextID &+= 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let registration = state.withLock { state -> ProducerRegistration in
                    guard !state.finished, state.liveGeneration == generation, !Task.isCancelled else { return .refused }
                    if state.count < limit, state.producers.isEmpty, state.consumer == nil { return .room }
                    state.producers.append(Producer(id: id, generation: generation, continuation: continuation))
                    return .parked
                }
                switch registration {
                case .parked: break
                case .room: continuation.resume()
                case .refused: continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let producer = state.withLock { state -> Producer? in
                guard let index = state.producers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.producers.remove(at: index)
            }
            producer?.continuation.resume(throwing: CancellationError())
        }
        // Room was made for us (or the consumer is waiting): deliver now, still only while live.
        let consumer = try state.withLock { state -> CheckedContinuation<Event?, any Error>? in
            guard !state.finished, state.liveGeneration == generation else { throw CancellationError() }
            if let consumer = state.consumer {
                state.consumer = nil
                return consumer
            }
            state.buffer.append(event)
            return nil
        }
        consumer?.resume(returning: event)
    }

    /// Ends the inbox: buffered events are still handed out, then the consumer sees the end (or `failure`).
    func finish(failure: ReconnectFailure?) {
        var readers: [CheckedContinuation<Void, Never>] = []
        let (consumer, producers) = state.withLock { state -> (CheckedContinuation<Event?, any Error>?, [Producer]) in
            guard !state.finished else { return (nil, []) }
            state.finished = true
            state.failure = failure
            let producers = state.producers
            state.producers = []
            readers = state.roomWaiters.map(\.continuation)
            state.roomWaiters = []
            let consumer = state.count == 0 ? state.consumer : nil
            if consumer != nil { state.consumer = nil }
            return (consumer, producers)
        }
        for producer in producers { producer.continuation.resume(throwing: CancellationError()) }
        for reader in readers { reader.resume() }
        if let consumer {
            if let failure { consumer.resume(throwing: failure) } else { consumer.resume(returning: nil) }
        }
    }

    /// The next event, nil at the end; throws the failure the stream ended with. Cancelling the consuming task
    /// ends the sequence and stops the stream.
    func next() async throws -> Event? {
        if Task.isCancelled {
            consumerCancelled()
            return nil
        }
        var readers: [CheckedContinuation<Void, Never>] = []
        let step = state.withLock { state -> TakeStep in
            if state.consumerGone { return .end(nil) }
            if let event = state.popFirst() {
                let producer = state.producers.isEmpty ? nil : state.producers.removeFirst()
                readers = state.takeRoomWaiters(limit: limit)
                return .event(event, producer)
            }
            if state.finished {
                let failure = state.failure
                state.failure = nil
                state.consumerGone = true
                return .end(failure)
            }
            return .wait
        }
        for reader in readers { reader.resume() }
        switch step {
        case let .event(event, producer):
            producer?.continuation.resume()
            return event
        case let .end(failure):
            if let failure { throw failure }
            return nil
        case .wait:
            break
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Event?, any Error>) in
                var readers: [CheckedContinuation<Void, Never>] = []
                let registration = state.withLock { state -> ConsumerRegistration in
                    if state.consumerGone || Task.isCancelled { return .end(nil) }
                    defer { readers = state.takeRoomWaiters(limit: limit) }
                    if let event = state.popFirst() {
                        return .event(event, state.producers.isEmpty ? nil : state.producers.removeFirst())
                    }
                    if state.finished {
                        let failure = state.failure
                        state.failure = nil
                        state.consumerGone = true
                        return .end(failure)
                    }
                    state.consumer = continuation
                    // A producer parked on a full buffer that has since drained gets to hand over directly.
                    return .parked(state.producers.isEmpty ? nil : state.producers.removeFirst())
                }
                for reader in readers { reader.resume() }
                switch registration {
                case let .parked(producer): producer?.continuation.resume()
                case let .event(event, producer):
                    producer?.continuation.resume()
                    continuation.resume(returning: event)
                case let .end(failure):
                    if let failure { continuation.resume(throwing: failure) } else { continuation.resume(returning: nil) }
                }
            }
        } onCancel: {
            consumerCancelled()
        }
    }

    private func consumerCancelled() {
        let consumer = state.withLock { state -> CheckedContinuation<Event?, any Error>? in
            state.consumerGone = true
            let consumer = state.consumer
            state.consumer = nil
            return consumer
        }
        consumer?.resume(returning: nil)
        onConsumerCancelled()
    }
}
