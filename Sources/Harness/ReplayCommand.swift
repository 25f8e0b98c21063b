import ArgumentParser
import Foundation
import HarnessKit

/// `harness replay [PATH ...] [--shard I/N] [--json FILE]`: replays every fixture under the paths (default
/// `Fixtures/`) with the recorded, whole, 1-byte and seeded random chunkings; prints a line per fixture and
/// `N passed, N failed`. The logic is `HarnessKit.ReplaySuite`; this file only maps arguments and prints.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Replay recorded fixtures and compare with their expected output.")

    @Argument(help: "Fixture folders or trees to search (default: Fixtures).")
    var paths: [String] = []
    @Option(help: "Replay only shard I of N (1-based, assigned by fixture name; docs/SHARDING.md).")
    var shard: String?
    @Option(help: "Write every verdict as JSON here (for harness report merge).")
    var json: String?

    func run() throws {
        let selected = try parseShard(shard, command: "replay")
        let roots = (paths.isEmpty ? ["Fixtures"] : paths).map { URL(fileURLWithPath: $0) }
        var firstFailureShown = false
        let report = ReplaySuite.run(roots: roots, shard: selected) { entry, failure in
            guard entry.verdict == "fail" else {
                print("ok   \(entry.name)")
                return
            }
            if let failure, !failure.isEmpty {
                print("FAIL \(entry.name)")
                if !firstFailureShown {
                    print(failure, terminator: "")
                    firstFailureShown = true
                }
            } else {
                print("FAIL \(entry.name): \(entry.details.first ?? "")")
            }
        }
        if let json { try writeReport(report, to: json, command: "replay") }
        print("\(report.entries.count - report.failed) passed, \(report.failed) failed")
        if report.failed > 0 { throw ExitCode(1) }
    }
}
