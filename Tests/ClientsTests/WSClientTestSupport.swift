import Clients
import Foundation
import Reconnect
import Synchronization

/// The repository's `Fixtures/` folder, found from this file.
let wsFixturesRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Fixtures").path
}()

/// Records a stream's statuses as they come.
final class StatusRecorder: Sendable {
    private let seen = Mutex<[ConnectionStatus]>([])

    init<S: AsyncSequence & Sendable>(_ statuses: S) where S.Element == ConnectionStatus {
        Task {
            do { for try await status in statuses { self.seen.withLock { $0.append(status) } } } catch {}
        }
    }

    var statuses: [ConnectionStatus] { seen.withLock { $0 } }

    /// Names with reasons: `connecting`, `lost(http-503)`, `reconnecting`, …
    var trace: [String] {
        statuses.map { if case .reconnecting = $0 { "reconnecting" } else { $0.description } }
    }

    /// Waits (at most `timeout` of real time, polling every 10 ms) until `match` holds for the trace.
    func wait(timeout: Duration = .seconds(10), _ match: ([ConnectionStatus]) -> Bool) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if match(statuses) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return match(statuses)
    }
}

/// Takes up to `count` events, failing after `timeout`.
func takeEvents<S: AsyncSequence & Sendable>(_ events: S, count: Int, timeout: Duration = .seconds(10)) async -> [S.Element]
    where S.Element: Sendable {
    await withTaskGroup(of: [S.Element]?.self) { group in
        group.addTask {
            var taken: [S.Element] = []
            do {
                for try await event in events {
                    taken.append(event)
                    if taken.count >= count { break }
                }
            } catch {}
            return taken
        }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first ?? []
    }
}
