import ArgumentParser
import Foundation

/// Subcommands beyond decode/replay (servers, conformance drivers), one file each.
let extraSubcommands: [any ParsableCommand.Type] = [ServeCommand.self, AutobahnCommand.self, TLSCheckCommand.self]

/// Runs `body` to completion from a synchronous `run()` (the root command is synchronous); the work runs on the
/// concurrency pool and NIO's threads while this thread waits.
func runBlocking(_ body: @escaping @Sendable () async throws -> Void) throws {
    let outcome = BlockingOutcome()
    let done = DispatchSemaphore(value: 0)
    Task {
        do {
            try await body()
        } catch {
            outcome.set(error)
        }
        done.signal()
    }
    done.wait()
    if let error = outcome.get() { throw error }
}

/// The error (if any) a `runBlocking` body ended with, handed across threads.
private final class BlockingOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var error: (any Error)?

    func set(_ error: any Error) { lock.withLock { self.error = error } }
    func get() -> (any Error)? { lock.withLock { error } }
}
