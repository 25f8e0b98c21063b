// Shows that ThreadSanitizer on Linux reports a "Swift access race" inside `Synchronization.Mutex.withLock` for a
// program with no race (4 threads append under the lock; the count is always 80000): the stdlib's Mutex waits on
// futex(2), which TSan does not intercept, so it sees no happens-before between the critical sections.
// docs/TSAN.md. Run: swiftc -sanitize=thread -g scripts/tsan-mutex-false-positive.swift -o /tmp/m && /tmp/m
import Synchronization
import Foundation

final class Box: Sendable {
    let state = Mutex<[Int]>([])
}
let box = Box()
let group = DispatchGroup()
for t in 0..<4 {
    DispatchQueue.global().async(group: group) {
        for i in 0..<20000 { box.state.withLock { $0.append(t * 100000 + i) } }
    }
}
group.wait()
print(box.state.withLock { $0.count })
