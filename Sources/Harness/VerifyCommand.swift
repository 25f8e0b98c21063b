import ArgumentParser
import Codecs
import Foundation
import HarnessKit

/// `harness verify [SCENARIO-PATTERN ...] [--client CMD] [--shard I/N] [--json FILE] [--list]` (issue 18, docs/VERIFY.md): runs
/// the scenarios against our client in-process or an external one; verdict table on stderr, `N passed, N failed` on stdout, exit 1 on a failure.
/// The logic is `HarnessKit.VerifyRunner`; this file only maps arguments and prints.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Run the conformance scenarios (Scenarios/<service>/*.json) against our clients.")

    @Argument(help: "Scenario names with * and ? (e.g. 'sse/*'), .json files or folders; none: every scenario.")
    var patterns: [String] = []
    @Option(help: "Write every verdict as JSON here.") var json: String?
    @Flag(help: "List the selected scenarios and exit.") var list = false
    @Option(help: "Scenarios run at once.") var parallel: Int = 4
    @Option(help: "Run this external client (through /bin/sh -c, HARNESS_* environment) instead of ours.")
    var client: String?
    @Option(help: "The client's name in expectedFailures (default: CMD's script basename).")
    var clientName: String?
    @Option(help: "Run only shard I of N (1-based, assigned by scenario name; docs/SHARDING.md).")
    var shard: String?

    func run() async throws {
        let selected = try parseShard(shard, command: "verify")
        let scenarios = ScenarioCatalog.select(patterns, shard: selected)
        if list {
            for item in scenarios {
                switch item {
                case let .success(scenario): print("\(scenario.name)\t\(scenario.description)")
                case let .failure(failure): print("\(failure.name)\t\(failure.error.code)")
                }
            }
            return
        }
        guard !scenarios.isEmpty || (selected != nil && !ScenarioCatalog.select(patterns).isEmpty) else {
            FileHandle.standardError.write(Data("harness verify: no scenario matches\n".utf8))
            throw ExitCode(64)
        }
        let chosen: any VerifyClient = client.map { ExternalClient(command: $0, name: clientName) } ?? InProcessClient()
        var runner = VerifyRunner(client: chosen)
        runner.parallel = max(1, parallel)
        let total = scenarios.count
        let done = DoneCounter()
        let terminal = isatty(2) != 0
        let verdicts = await runner.run(scenarios) { _ in
            let count = done.next()
            if terminal { FileHandle.standardError.write(Data("\r\(count)/\(total) scenarios".utf8)) }
        }
        if terminal { FileHandle.standardError.write(Data("\r".utf8)) }
        let report = SuiteReport(verdicts: verdicts, client: chosen.name, shard: selected)
        FileHandle.standardError.write(Data(report.table().utf8))
        if let json { try writeReport(report, to: json, command: "verify") }
        let failed = verdicts.filter { $0.kind == .fail }.count
        print("\(verdicts.count - failed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}

/// Counts finished scenarios for the progress line.
private final class DoneCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.withLock { count += 1; return count } }
}
