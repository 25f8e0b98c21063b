import Synchronization

/// The consumer's bounded event buffer: the driver adds without waiting, the socket reader waits for room
/// before it reads the next message (`waitForRoom`), so a slow consumer stops socket reads (WebSocketNIO's own
/// buffer then fills and TCP pushes back). At most `limit` events plus one per in-flight message are held.
final class ClientEventBuffer<Element: Sendable>: Sendable {
    private struct State {
        var items: [Element] = []
        var head = 0
        var consumer: CheckedContinuation<Element?, any Error>?
        var roomWaiters: [CheckedContinuation<Void, Never>] = []
        var finished = false
        var failure: (any Error)?
        var count: Int { items.count - head }
    }

    private enum Answer { case element(Element), end, failure(any Error), wait }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) { self.limit = max(limit, 1) }

    /// Whether the consumer has `limit` or more events waiting (the socket reader is held back).
    var isFull: Bool { state.withLock { $0.count >= limit } }

    /// Adds an event (never waits); dropped after `finish`.
    func yield(_ element: Element) {
        let consumer = state.withLock { state -> CheckedContinuation<Element?, any Error>? in
            guard !state.finished else { return nil }
            if let consumer = state.consumer {
                state.consumer = nil
                return consumer
            }
            state.items.append(element)
            return nil
        }
        consumer?.resume(returning: element)
    }

    /// Returns once fewer than `limit` events wait for the consumer, or the buffer is finished.
    func waitForRoom() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.finished || state.count < limit { return true }
                state.roomWaiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Ends the sequence after the buffered events: with `failure`, the consumer's loop throws it.
    func finish(failure: (any Error)?) {
        let (consumer, waiters, pendingFailure) = state.withLock { state in
            guard !state.finished else { return (nil as CheckedContinuation<Element?, any Error>?, [CheckedContinuation<Void, Never>](), nil as (any Error)?) }
            state.finished = true
            state.failure = failure
            let consumer = state.consumer
            state.consumer = nil
            let waiters = state.roomWaiters
            state.roomWaiters = []
            if consumer != nil { state.failure = nil }
            return (consumer, waiters, failure)
        }
        if let consumer {
            if let pendingFailure { consumer.resume(throwing: pendingFailure) } else { consumer.resume(returning: nil) }
        }
        for waiter in waiters { waiter.resume() }
    }

    /// The next event; nil after a clean finish; throws the failure once.
    func next() async throws -> Element? {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Element?, any Error>) in
            let (answer, waiter) = state.withLock { state -> (Answer, CheckedContinuation<Void, Never>?) in
                if state.count > 0 {
                    let element = state.items[state.head]
                    state.head += 1
                    if state.head > 64, state.head * 2 > state.items.count {
                        state.items.removeFirst(state.head)
                        state.head = 0
                    }
                    let waiter = state.count < limit && !state.roomWaiters.isEmpty ? state.roomWaiters.removeFirst() : nil
                    return (.element(element), waiter)
                }
                if state.finished {
                    if let failure = state.failure {
                        state.failure = nil
                        return (.failure(failure), nil)
                    }
                    return (.end, nil)
                }
                state.consumer = continuation
                let waiter = state.roomWaiters.isEmpty ? nil : state.roomWaiters.removeFirst()
                return (.wait, waiter)
            }
            waiter?.resume()
            switch answer {
            case let .element(element): continuation.resume(returning: element)
            case .end: continuation.resume(returning: nil)
            case let .failure(error): continuation.resume(throwing: error)
            case .wait: break
            }
        }
    }
}
