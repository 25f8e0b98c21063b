import CAllocationCounter
import Foundation
import Testing

/// Allocation thresholds (issue 13 §4, after swift-nio's and swift-http-types' `Thresholds/`): each case's heap
/// allocation count for a fixed input is committed in `Thresholds/<codec>.json`, and a case that allocates more
/// than its threshold fails. Counts are exact and deterministic (a malloc counter per thread,
/// `CAllocationCounter`), measured in the build configuration `swift test` uses (debug), so they are budgets for
/// regressions, not the release figures of `Benchmarks/README.md`.
///
/// `ALLOCATION_THRESHOLDS=DIR` reads the thresholds from DIR instead (the CI step uses it to show a tightened
/// threshold fails); `ALLOCATION_THRESHOLDS_RECORD=1` writes the measured counts as the new thresholds.
struct AllocationBudget {
    let codec: String
    private(set) var measured: [(name: String, count: UInt64)] = []

    init(codec: String) { self.codec = codec }

    /// True when allocations are counted (not under a sanitizer, whose malloc replaces the counter's).
    static var isCounting: Bool { allocation_counter_is_active() != 0 }

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var thresholdsDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["ALLOCATION_THRESHOLDS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return repository.appendingPathComponent("Tests/AllocationTests/Thresholds")
    }

    /// Runs `body` once to warm up (runtime metadata, lazily built tables), then counts the allocations of a
    /// second run on this thread. `body` returns a checksum so the work cannot be dropped.
    mutating func measure(_ name: String, _ body: () -> Int) {
        let warmUp = body()
        let before = allocation_counter_thread_allocations()
        let checksum = body()
        let count = allocation_counter_thread_allocations() &- before
        #expect(checksum == warmUp && checksum != 0, "\(codec)/\(name): the two runs did different work")
        measured.append((name, count))
    }

    /// Compares every measured case with its threshold (or records them all).
    func check() throws {
        let file = Self.thresholdsDirectory.appendingPathComponent("\(codec).json")
        if ProcessInfo.processInfo.environment["ALLOCATION_THRESHOLDS_RECORD"] == "1" {
            var object: [String: UInt64] = [:]
            for (name, count) in measured { object[name] = count }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            try (data + Data("\n".utf8)).write(to: file)
            return
        }
        let data = try Data(contentsOf: file)
        let thresholds = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Int])
        for (name, count) in measured {
            guard let threshold = thresholds[name] else {
                Issue.record("\(codec)/\(name): no threshold in \(file.path) (measured \(count) allocations)")
                continue
            }
            #expect(count <= UInt64(max(threshold, 0)),
                    "\(codec)/\(name): \(count) allocations, threshold \(threshold)")
        }
        let stale = Set(thresholds.keys).subtracting(measured.map(\.name))
        #expect(stale.isEmpty, "\(codec): thresholds for cases that no longer exist: \(stale.sorted())")
    }
}
