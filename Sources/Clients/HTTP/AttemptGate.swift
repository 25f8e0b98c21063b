import Synchronization

/// Runs a client's connection attempts strictly one after another: an attempt starts only once the one before it
/// has returned. The reconnect driver starts the next attempt after *cancelling* a replaced one (idle timeout,
/// stop), not after it returned; without the gate the replaced attempt could still move the shared resume point
/// (a hand-over that won just before the cancel, an SSE checkpoint) after the next attempt read it, so the next
/// request would resume from an older point and repeat events (issue 17, exactly-once). A replaced attempt is
/// cancelled, so the wait is its cancellation's, bounded by the transport's own deadlines.
final class AttemptGate: Sendable {
    /// Completes when the latest attempt (and every one before it) has returned.
    private let tail = Mutex<Task<Void, Never>?>(nil)

    /// Waits for the previous attempt to return (not cut short by cancellation: reading the resume point early is
    /// the bug), then runs `body`; throws `CancellationError` instead when this attempt was cancelled meanwhile.
    func run<R: Sendable>(_ body: () async throws -> R) async throws -> R {
        let (done, signal) = AsyncStream.makeStream(of: Void.self)
        defer { signal.finish() }
        let previous = tail.withLock { tail -> Task<Void, Never>? in
            let previous = tail
            tail = Task {
                await previous?.value
                for await _ in done {}
            }
            return previous
        }
        await previous?.value
        try Task.checkCancellation()
        return try await body()
    }
}
