import Dispatch

/// Runs an async peer (e.g. an `AsyncSequence`-based decoder) to completion from the synchronous runner: the
/// work runs as one task on the global executor while the calling thread waits; returns its item count.
func runBlocking(_ body: @escaping @Sendable () async -> Int) -> Int {
    let box = RunBlockingResult()
    let done = DispatchSemaphore(value: 0)
    Task {
        box.value = await body()
        done.signal()
    }
    done.wait()
    return box.value
}

/// The task's result, handed across the semaphore (written once before `signal`, read after `wait`).
final class RunBlockingResult: @unchecked Sendable {
    var value = 0
}
