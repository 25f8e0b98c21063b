import NIOConcurrencyHelpers
import WSFrame

/// The hand-off between the channel handler (event loop, producer) and the application's `for try await` loop
/// (consumer). It bounds what is decoded ahead of the application and tells the handler when to resume, so a slow
/// consumer stops socket reads instead of growing memory.
///
/// With `capacity == 0` (lockstep) the handler decodes only while the application waits in `next()`: a message
/// is processed completely (e.g. echoed) before anything behind it on the wire, including a protocol error.
///
/// Hand-off costs are paid per batch, not per message: `offer` only buffers, and `deliver()` (once per read the
/// handler processes) wakes a waiting consumer, which then drains the batch without suspending; a stalled
/// producer is resumed at the low-water mark (half the capacity), not as soon as one message is taken.
final class InboundMessageQueue: Sendable {
    private struct State {
        var buffer: [WebSocketMessage] = []
        var head = 0
        /// Payload bytes of the buffered messages.
        var bytes = 0
        var waiter: CheckedContinuation<WebSocketMessage?, any Error>?
        var end: Result<Void, any Error>?
        var producerStalled = false
        var consumerGone = false

        var count: Int { buffer.count - head }

        /// Room for one more message: below capacity, or (lockstep) a consumer waiting on an empty buffer. A
        /// producer told no is marked stalled and resumed through `onDemand`.
        mutating func hasRoom(capacity: Int, byteCapacity: Int) -> Bool {
            if consumerGone || end != nil { return true }
            let room = (count < capacity && bytes < byteCapacity) || (waiter != nil && count == 0)
            if !room { producerStalled = true }
            return room
        }

        /// The consumer has taken a message: resume a stalled producer once the buffer is down to the low-water
        /// mark (half of both capacities), so it is resumed once per batch, not once per message; in lockstep
        /// only a waiting consumer resumes it.
        mutating func takeResume(capacity: Int, byteCapacity: Int) -> Bool {
            guard producerStalled, capacity > 0, count <= capacity / 2, bytes <= byteCapacity / 2 else {
                return false
            }
            producerStalled = false
            return true
        }

        mutating func popFirst() -> WebSocketMessage? {
            guard head < buffer.count else { return nil }
            let message = buffer[head]
            head += 1
            bytes -= message.byteCount
            if head == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                head = 0
            }
            return message
        }
    }

    /// Most messages decoded ahead of the application; 0 = lockstep.
    let capacity: Int
    /// Payload bytes decoded ahead after which the producer stops (so at most this plus one message is held).
    let byteCapacity: Int
    private let state = NIOLockedValueBox(State())
    /// Called (from the consumer's thread) when a stalled producer may continue; hops to the event loop.
    private let onDemand: @Sendable () -> Void

    init(capacity: Int, byteCapacity: Int, onDemand: @escaping @Sendable () -> Void) {
        self.capacity = max(0, capacity)
        self.byteCapacity = max(1, byteCapacity)
        self.onDemand = onDemand
    }

    /// Producer: true when another message may be decoded now; otherwise marks the producer stalled, and
    /// `onDemand` fires once the consumer makes room.
    func hasRoom() -> Bool {
        state.withLockedValue { state in
            if state.consumerGone || state.end != nil { return true }
            return state.hasRoom(capacity: capacity, byteCapacity: byteCapacity)
        }
    }

    /// Producer: buffers `message` for the consumer (dropped when the consumer has gone) and says whether another
    /// may be decoded now, as `hasRoom()` would. The consumer is woken by `deliver()`.
    func offer(_ message: WebSocketMessage) -> Bool {
        state.withLockedValue { state in
            if state.consumerGone || state.end != nil { return true }
            state.buffer.append(message)
            state.bytes += message.byteCount
            return state.hasRoom(capacity: capacity, byteCapacity: byteCapacity)
        }
    }

    /// Producer: wakes a waiting consumer with the first buffered message (the rest it takes without waiting).
    func deliver() {
        let wake: (CheckedContinuation<WebSocketMessage?, any Error>, WebSocketMessage)? = state.withLockedValue {
            state in
            guard let waiter = state.waiter, let message = state.popFirst() else { return nil }
            state.waiter = nil
            return (waiter, message)
        }
        if let (waiter, message) = wake { waiter.resume(returning: message) }
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
        deliver()
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
            state.bytes = 0
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
                return .message(message, resumeProducer: state.takeResume(capacity: capacity, byteCapacity: byteCapacity))
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
