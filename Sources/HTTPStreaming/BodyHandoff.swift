import NIOConcurrencyHelpers
import NIOCore

/// A one-element rendezvous between the task that reads the response (head, then body buffers) and the task that
/// decodes and delivers: `send` returns only once the consumer has taken the element, so the reader asks
/// AsyncHTTPClient for the next buffer only when the consumer is done with the previous one, and
/// AsyncHTTPClient stops reading the socket (its body sequence has a high watermark of one read burst).
/// `fail` ends both sides with an error (the first one wins); cancellation of either side fails it.
final class BodyHandoff: Sendable {
    enum Element: Sendable {
        case head(HTTPStreamHead)
        case chunk(ByteBuffer)
    }

    private struct State {
        var slot: Element?
        var failure: (any Error)?
        var finished = false
        var consumer: CheckedContinuation<Element?, any Error>?
        var producer: CheckedContinuation<Void, any Error>?
    }

    private let state = NIOLockedValueBox(State())

    /// Hands `element` over and waits until the consumer took it. Throws the failure once the handoff failed.
    func send(_ element: Element) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Action { case fail(any Error), deliver(CheckedContinuation<Element?, any Error>), wait }
                let action: Action = state.withLockedValue { state in
                    if let failure = state.failure { return .fail(failure) }
                    if let consumer = state.consumer {
                        state.consumer = nil
                        return .deliver(consumer)
                    }
                    state.slot = element
                    state.producer = continuation
                    return .wait
                }
                switch action {
                case let .fail(error): continuation.resume(throwing: error)
                case let .deliver(consumer):
                    consumer.resume(returning: element)
                    continuation.resume()
                case .wait: break
                }
            }
        } onCancel: {
            self.fail(CancellationError())
        }
    }

    /// The next element; nil once the reader finished and everything was taken. Throws the failure.
    func next() async throws -> Element? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Element?, any Error>) in
                enum Action {
                    case take(Element, CheckedContinuation<Void, any Error>?), fail(any Error), end, wait
                }
                let action: Action = state.withLockedValue { state in
                    if let element = state.slot {
                        state.slot = nil
                        let producer = state.producer
                        state.producer = nil
                        return .take(element, producer)
                    }
                    if let failure = state.failure { return .fail(failure) }
                    if state.finished { return .end }
                    state.consumer = continuation
                    return .wait
                }
                switch action {
                case let .take(element, producer):
                    continuation.resume(returning: element)
                    producer?.resume()
                case let .fail(error): continuation.resume(throwing: error)
                case .end: continuation.resume(returning: nil)
                case .wait: break
                }
            }
        } onCancel: {
            self.fail(CancellationError())
        }
    }

    /// The reader is done: after the element in the slot (if any), `next` returns nil.
    func finish() {
        let consumer: CheckedContinuation<Element?, any Error>? = state.withLockedValue { state in
            state.finished = true
            guard state.slot == nil else { return nil }
            let consumer = state.consumer
            state.consumer = nil
            return consumer
        }
        consumer?.resume(returning: nil)
    }

    /// Ends both sides with `error`, unless a failure or the end came first. An element still in the slot is
    /// dropped: the failure is the newer news.
    func fail(_ error: any Error) {
        let waiting: (CheckedContinuation<Element?, any Error>?, CheckedContinuation<Void, any Error>?, (any Error)?) =
            state.withLockedValue { state in
                guard state.failure == nil, !state.finished else { return (nil, nil, nil) }
                state.failure = error
                state.slot = nil
                let waiting = (state.consumer, state.producer)
                state.consumer = nil
                state.producer = nil
                return (waiting.0, waiting.1, error)
            }
        guard let error = waiting.2 else { return }
        waiting.0?.resume(throwing: error)
        waiting.1?.resume(throwing: error)
    }
}
