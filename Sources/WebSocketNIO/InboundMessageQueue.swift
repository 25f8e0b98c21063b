import NIOConcurrencyHelpers
import WSFrame

/// The hand-off between the channel handler (event loop, producer) and the application's `for try await` loop
/// (consumer). It bounds what is decoded ahead of the application and tells the handler when to resume, so a slow
/// consumer stops socket reads instead of growing memory.
///
/// With `capacity == 0` (lockstep) the handler decodes only while the application waits in `next()`: a message
/// is processed completely (e.g. echoed) before anything behind it on the wire, including a protocol error.
final class InboundMessageQueue: Sendable {
    private struct State {
        var buffer: [WebSocketMessage] = []
        var head = 0
        var waiter: CheckedContinuation<WebSocketMessage?, any Error>?
        var end: Result<Void, any Error>?
        var producerStalled = false
        var consumerGone = false

        var count: Int { buffer.count - head }

        mutating func popFirst() -> WebSocketMessage? {
            guard head < buffer.count else { return nil }
            let message = buffer[head]
            head += 1
            if head == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                head = 0
            }
            return message
        }
    }

    /// Most messages decoded ahead of the application; 0 = lockstep.
    let capacity: Int
    private let state = NIOLockedValueBox(State())
    /// Called (from the consumer's thread) when a stalled producer may continue; hops to the event loop.
    private let onDemand: @Sendable () -> Void

    init(capacity: Int, onDemand: @escaping @Sendable () -> Void) {
        self.capacity = max(0, capacity)
        self.onDemand = onDemand
    }

    /// Producer: true when another message may be decoded now; otherwise marks the producer stalled, and
    /// `onDemand` fires once the consumer makes room.
    func hasRoom() -> Bool {
        state.withLockedValue { state in
            if state.consumerGone || state.end != nil { return true }
            let room = state.waiter != nil || (capacity > 0 && state.count < capacity)
            if !room { state.producerStalled = true }
            return room
        }
    }

    /// Producer: delivers `message` to a waiting consumer or buffers it (dropped when the consumer has gone).
    func offer(_ message: WebSocketMessage) {
        let waiter: CheckedContinuation<WebSocketMessage?, any Error>? = state.withLockedValue { state in
            if state.consumerGone || state.end != nil { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.buffer.append(message)
            return nil
        }
        waiter?.resume(returning: message)
    }

    /// Producer: no more messages; the consumer gets the buffered ones, then nil (or `error`).
    func finish(_ error: (any Error)? = nil) {
        let waiter: CheckedContinuation<WebSocketMessage?, any Error>? = state.withLockedValue { state in
            guard state.end == nil else { return nil }
            state.end = error.map { .failure($0) } ?? .success(())
            guard state.count == 0, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return waiter
        }
        guard let waiter else { return }
        if let error { waiter.resume(throwing: error) } else { waiter.resume(returning: nil) }
    }

    /// Messages decoded and not yet taken by the application (for tests of the memory bound).
    var bufferedCount: Int { state.withLockedValue { $0.count } }

    /// Consumer: the application stopped iterating; later messages are discarded so control frames still flow.
    func consumerTerminated() {
        let resume = state.withLockedValue { state in
            state.consumerGone = true
            state.buffer.removeAll()
            state.head = 0
            defer { state.producerStalled = false }
            return state.producerStalled
        }
        if resume { onDemand() }
    }

    /// Consumer: the next message, nil after a clean end; throws the connection's failure.
    func next() async throws -> WebSocketMessage? {
        enum Immediate {
            case message(WebSocketMessage, resumeProducer: Bool)
            case end(Result<Void, any Error>)
            case wait
        }
        let immediate: Immediate = state.withLockedValue { state in
            if let message = state.popFirst() {
                let resume = state.producerStalled && capacity > 0 && state.count < capacity
                if resume { state.producerStalled = false }
                return .message(message, resumeProducer: resume)
            }
            if let end = state.end { return .end(end) }
            return .wait
        }
        switch immediate {
        case .message(let message, let resumeProducer):
            if resumeProducer { onDemand() }
            return message
        case .end(let end):
            try end.get()
            return nil
        case .wait:
            break
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<WebSocketMessage?, any Error>) in
                enum Registration {
                    case registered(resumeProducer: Bool)
                    case message(WebSocketMessage)
                    case end(Result<Void, any Error>)
                    case cancelled
                }
                let registration: Registration = state.withLockedValue { state in
                    if let message = state.popFirst() { return .message(message) }
                    if let end = state.end { return .end(end) }
                    if Task.isCancelled { return .cancelled }
                    state.waiter = continuation
                    defer { state.producerStalled = false }
                    return .registered(resumeProducer: state.producerStalled)
                }
                switch registration {
                case .registered(let resumeProducer):
                    if resumeProducer { onDemand() }
                case .message(let message):
                    continuation.resume(returning: message)
                case .end(.success):
                    continuation.resume(returning: nil)
                case .end(.failure(let error)):
                    continuation.resume(throwing: error)
                case .cancelled:
                    continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let waiter = state.withLockedValue { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
