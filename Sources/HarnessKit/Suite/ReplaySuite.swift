import Foundation

/// `harness replay`'s run (docs/CLI.md): every fixture under each root, or only one shard's (nil: all), replayed by
/// `ReplayRunner`; a root holding no fixture is a failing entry named by its path.
public enum ReplaySuite {
    /// One replayed fixture: its entry, and the runner's full mismatch report when it failed.
    public typealias Progress = (_ entry: SuiteReport.Entry, _ failure: String?) -> Void

    /// Replays the fixtures under `roots` that belong to `shard`, calling `progress` after each, in discovery order.
    public static func run(roots: [URL], shard: Shard? = nil, runner: ReplayRunner = ReplayRunner(), progress: Progress = { _, _ in }) -> SuiteReport {
        var entries: [SuiteReport.Entry] = []
        for root in roots {
            let folders = Fixture.discover(under: root)
            if folders.isEmpty {
                let entry = SuiteReport.Entry(name: root.path, verdict: "fail", details: ["no fixtures found"], seconds: 0)
                if shard?.contains(entry.name) ?? true {
                    entries.append(entry)
                    progress(entry, nil)
                }
                continue
            }
            let prefix = root.deletingLastPathComponent().path + "/"
            for folder in folders {
                let name = folder.path.hasPrefix(prefix) ? String(folder.path.dropFirst(prefix.count)) : folder.path
                guard shard?.contains(name) ?? true else { continue }
                let started = ContinuousClock.now
                var failure: String?
                var details: [String] = []
                do throws(FixtureError) {
                    let fixture = try Fixture.load(directory: folder, name: name)
                    failure = runner.replay(fixture).failure
                    details = failure.map { text in text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
                } catch {
                    details = ["\(error)"]
                    failure = ""
                }
                let elapsed = ContinuousClock.now - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                let entry = SuiteReport.Entry(name: name, verdict: failure == nil ? "pass" : "fail", details: details, seconds: seconds)
                entries.append(entry)
                progress(entry, failure)
            }
        }
        return SuiteReport(suite: .replay, shard: shard, entries: entries)
    }
}
