import Foundation
@testable import HarnessKit
import Testing

/// `harness verify` (issue 18, docs/VERIFY.md): scenario files are read strictly, the built-in scenarios pass for
/// our client, and deliberately broken clients fail the scenarios they should.
@Suite struct VerifyTests {
    static let scenariosRoot = connectFixturesRoot.replacingOccurrences(of: "/Fixtures", with: "/Scenarios")

    static func scenario(_ name: String) throws -> Scenario {
        try ScenarioParser.load(path: scenariosRoot + "/" + name + ".json", name: name)
    }

    static func runner(_ client: any VerifyClient) -> VerifyRunner {
        var runner = VerifyRunner(client: client)
        runner.fixturesRoot = connectFixturesRoot
        return runner
    }

    @Test("each malformed scenario document is refused with its stable code", arguments: [
        ("[1]", "scenario-not-object"),
        ("{", "scenario-not-json"),
        (#"{"service":"sse","expct":{}}"#, "scenario-unknown-field"),
        (#"{"description":"x"}"#, "scenario-missing-field"),
        (#"{"service":"ftp"}"#, "scenario-unknown-service"),
        (#"{"service":"sse","timeLimit":"10"}"#, "scenario-wrong-type"),
        (#"{"service":"sse","timeLimit":0}"#, "scenario-invalid-value"),
        (#"{"service":"sse","mock":{"faults":["drop-after"]}}"#, "scenario-bad-fault"),
        (#"{"service":"sse","connect":["--no-such-option"]}"#, "scenario-bad-connect-args"),
        (#"{"service":"sse","expect":{"events":{"delivery":"most-of-the-time"}}}"#, "scenario-invalid-value"),
        (#"{"service":"sse","expect":{"delays":{"values":[[2,1]]}}}"#, "scenario-wrong-type"),
    ])
    func malformedScenario(document: String, code: String) {
        #expect(throws: ScenarioError.self) { try ScenarioParser.parse(Array(document.utf8), name: "t") }
        do {
            _ = try ScenarioParser.parse(Array(document.utf8), name: "t")
        } catch {
            #expect(error.code == code)
        }
    }

    @Test("names select with * and ?", arguments: [
        ("sse/*", "sse/drop-mid", true), ("*/drop-*", "eisy/drop-after", true), ("sse/?rop-mid", "sse/drop-mid", true),
        ("sse/*", "eisy/drop-mid", false), ("central/status-401", "central/status-401-refresh", false),
    ])
    func patterns(pattern: String, name: String, matches: Bool) {
        #expect(ScenarioCatalog.matches(pattern, name) == matches)
    }

    @Test("the built-in matrix has at least 60 scenarios and every file reads")
    func matrixReads() {
        let all = ScenarioCatalog.select([], root: Self.scenariosRoot)
        #expect(all.count >= 60)
        for item in all {
            if case let .failure(failure) = item { Issue.record("\(failure.name): \(failure.error)") }
        }
    }

    @Test("our client passes; one that drops every 3rd event, one that retries a 403, and one that ignores the resume point fail",
          arguments: [
              ("sse/last-event-id", Broken.none, true), ("sse/last-event-id", .dropsEveryThird, false),
              ("stream/baseline", .dropsEveryThird, false),
              ("central/status-403-stop", Broken.none, true), ("central/status-403-stop", .retriesAfterGivingUp, false),
              ("sse/last-event-id", .forgetsResumePoint, false),
              ("eventstreamer/resume-token", Broken.none, true), ("eventstreamer/resume-token", .forgetsResumePoint, false),
          ])
    func brokenClientsFail(name: String, broken: Broken, passes: Bool) async throws {
        let verdict = await Self.runner(BrokenClient(broken: broken)).verdict(try Self.scenario(name))
        #expect((verdict.kind == .pass) == passes, "\(verdict.details)")
    }
}

enum Broken: Sendable { case none, dropsEveryThird, retriesAfterGivingUp, forgetsResumePoint }

/// Our client with one deliberate defect, to show that the harness can fail a client.
struct BrokenClient: VerifyClient {
    let name = "broken"
    let broken: Broken

    func run(_ target: ClientTarget) async -> ClientRun {
        switch broken {
        case .none:
            return await InProcessClient().run(target)
        case .dropsEveryThird:
            var run = await InProcessClient().run(target)
            var seen = 0
            run.lines.removeAll { line in
                guard line.value["event"] != nil else { return false }
                seen += 1
                return seen % 3 == 0
            }
            return run
        case .retriesAfterGivingUp:
            var run = await InProcessClient().run(target)
            for _ in 0..<2 where run.exit == 69 {
                let again = await InProcessClient().run(target)
                run.lines.removeAll { $0.value["error"] != nil }
                run.lines += again.lines
                run.exit = again.exit
            }
            return run
        case .forgetsResumePoint:
            // Gives up at the first outage and starts a fresh client, never told where the last one ended.
            var run = ClientRun()
            let wanted = target.arguments.firstIndex(of: "--max-events").flatMap { Int(target.arguments[$0 + 1]) } ?? 8
            for _ in 0..<3 where run.events.count < wanted {
                var single = target
                var arguments = target.arguments
                if let index = arguments.firstIndex(of: "--max-events") { arguments.removeSubrange(index...(index + 1)) }
                single.arguments = arguments + ["--max-retries", "0", "--max-events", String(wanted - run.events.count)]
                let part = await InProcessClient().run(single)
                run.lines += part.lines.filter { $0.value["error"] == nil && $0.value["status"]?.stringValue != "failed" }
                run.exit = part.exit == 69 ? 0 : part.exit
            }
            return run
        }
    }
}
