import ArgumentParser
import Foundation
import HarnessKit

/// `harness replay [PATH ...]`: replays every fixture under the paths (default `Fixtures/`) with the recorded,
/// whole, 1-byte and seeded random chunkings; prints a line per fixture and `N passed, N failed`.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Replay recorded fixtures and compare with their expected output.")

    @Argument(help: "Fixture folders or trees to search (default: Fixtures).")
    var paths: [String] = []

    func run() throws {
        let roots = (paths.isEmpty ? ["Fixtures"] : paths).map { URL(fileURLWithPath: $0) }
        let runner = ReplayRunner()
        var passed = 0
        var failed = 0
        var firstFailureShown = false
        for root in roots {
            let folders = Fixture.discover(under: root)
            if folders.isEmpty {
                print("FAIL \(root.path): no fixtures found")
                failed += 1
            }
            for folder in folders {
                let name = folder.path.replacingOccurrences(of: root.deletingLastPathComponent().path + "/", with: "")
                do throws(FixtureError) {
                    let fixture = try Fixture.load(directory: folder, name: name)
                    let outcome = runner.replay(fixture)
                    if let failure = outcome.failure {
                        failed += 1
                        print("FAIL \(name)")
                        if !firstFailureShown {
                            print(failure, terminator: "")
                            firstFailureShown = true
                        }
                    } else {
                        passed += 1
                        print("ok   \(name)")
                    }
                } catch {
                    failed += 1
                    print("FAIL \(name): \(error)")
                }
            }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
