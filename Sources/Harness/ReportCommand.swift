import ArgumentParser
import Foundation
import HarnessKit

/// `harness report merge FILE... [--json OUT]` (docs/SHARDING.md): merges the `--json` reports of a sharded
/// `replay` or `verify` run; verdict table on stderr, `N passed, N failed` on stdout, exit 1 on a failed entry,
/// 64 (nothing written) when an input is unreadable or the shards do not add up to one whole run.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Work with the JSON verdict reports of replay and verify.",
        subcommands: [Merge.self])

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge", abstract: "Merge the shard reports of one replay or verify run into the whole run's.")

        @Argument(help: "The shard reports (replay --json or verify --json outputs).")
        var files: [String] = []
        @Option(help: "Write the merged report here.")
        var json: String?

        func run() throws {
            let merged: SuiteReport
            do throws(ReportError) {
                var inputs: [(source: String, report: SuiteReport)] = []
                for file in files { inputs.append((file, try SuiteReport.load(path: file))) }
                merged = try SuiteReport.merge(inputs)
            } catch {
                FileHandle.standardError.write(Data("harness report merge: \(error)\n".utf8))
                throw ExitCode(64)
            }
            FileHandle.standardError.write(Data(merged.table().utf8))
            if let json { try writeReport(merged, to: json, command: "report merge") }
            print("\(merged.entries.count - merged.failed) passed, \(merged.failed) failed")
            if merged.failed > 0 { throw ExitCode(1) }
        }
    }
}
