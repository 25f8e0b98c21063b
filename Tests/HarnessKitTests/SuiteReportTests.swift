import Foundation
@testable import HarnessKit
import Testing

/// `harness report merge` (issue 20, docs/SHARDING.md): reports are read strictly, shards must add up to one
/// whole run, and a failure in any shard fails the merged verdict.
@Suite struct SuiteReportTests {
    static func entry(_ name: String, _ verdict: String = "pass") -> SuiteReport.Entry {
        SuiteReport.Entry(name: name, service: "sse", verdict: verdict, details: verdict == "pass" ? [] : ["why"], seconds: 0.25)
    }

    static func shard(_ text: String, _ names: [String], verdict: String = "pass", client: String = "ours", suite: SuiteReport.Suite = .verify) -> (source: String, report: SuiteReport) {
        let shard = text.isEmpty ? nil : try? Shard(parsing: text)
        let entries = names.map { entry($0, verdict) }.map { item in
            var copy = item
            if suite == .replay { copy.service = nil }
            return copy
        }
        return ("r\(text)", SuiteReport(suite: suite, client: suite == .verify ? client : nil, shard: shard, entries: entries))
    }

    @Test("the report document is the documented shape and reads back as written")
    func documentShape() throws {
        let report = SuiteReport(suite: .verify, client: "ours", shard: try Shard(parsing: "2/3"), entries: [Self.entry("sse/a"), Self.entry("sse/b", "fail")])
        let text = String(decoding: report.json(), as: UTF8.self)
        #expect(text == #"{"suite":"verify","client":"ours","shard":"2/3","scenarios":[{"name":"sse/a","service":"sse","verdict":"pass","details":[],"seconds":0.25},{"name":"sse/b","service":"sse","verdict":"fail","details":["why"],"seconds":0.25}]}"# + "\n")
        #expect(try SuiteReport.parse(report.json(), source: "x") == report)
        #expect(report.failed == 1)
    }

    @Test("merging refuses inputs that are not the shards of one whole run, with a stable code", arguments: [
        ([shard("1/3", ["a"]), shard("3/3", ["c"])], "report-shard-missing"),
        ([shard("1/2", ["a"]), shard("1/2", ["b"]), shard("2/2", ["c"])], "report-shard-duplicate"),
        ([shard("1/2", ["a"]), shard("2/3", ["b"])], "report-shard-mismatch"),
        ([shard("1/2", ["a"]), shard("", ["b"])], "report-shard-mismatch"),
        ([shard("1/2", ["a"]), shard("2/2", ["a"])], "report-duplicate-entry"),
        ([shard("1/2", ["a"]), shard("2/2", ["b"], client: "theirs")], "report-client-mismatch"),
        ([shard("1/2", ["a"]), shard("2/2", ["b"], suite: .replay)], "report-suite-mismatch"),
        ([], "report-no-input"),
    ])
    func mergeRefusals(inputs: [(source: String, report: SuiteReport)], code: String) {
        do {
            _ = try SuiteReport.merge(inputs)
            Issue.record("merged; expected \(code)")
        } catch {
            #expect(error.code == code)
        }
    }

    @Test("complete shards merge into one report sorted by name, and a failure in one shard fails the whole")
    func mergeOfCompleteShards() throws {
        let passing = try SuiteReport.merge([Self.shard("2/2", ["sse/b", "eisy/z"]), Self.shard("1/2", ["sse/a"])])
        #expect(passing.entries.map(\.name) == ["eisy/z", "sse/a", "sse/b"])
        #expect(passing.failed == 0 && passing.shard == nil && passing.client == "ours")
        let failing = try SuiteReport.merge([Self.shard("1/2", ["sse/a"]), Self.shard("2/2", ["sse/b"], verdict: "fail")])
        #expect(failing.failed == 1)
        let unsharded = try SuiteReport.merge([Self.shard("", ["sse/a"]), Self.shard("", ["eisy/a"])])
        #expect(unsharded.entries.count == 2)
    }

    @Test("a deliberately broken client's failure in its shard fails the merged verify report")
    func brokenClientFailsTheMergedRun() async throws {
        var reports: [(source: String, report: SuiteReport)] = []
        let runner = VerifyTests.runner(BrokenClient(broken: .dropsEveryThird))
        for index in 1...2 {
            let shard = try Shard(index: index, count: 2)
            let scenarios = ScenarioCatalog.select(["sse/last-event-id", "stream/baseline"], root: VerifyTests.scenariosRoot, shard: shard)
            #expect(scenarios.count == 1)
            let verdicts = await runner.run(scenarios)
            reports.append(("s\(index)", SuiteReport(verdicts: verdicts, client: "broken", shard: shard)))
        }
        let merged = try SuiteReport.merge(reports)
        #expect(merged.entries.map(\.name) == ["sse/last-event-id", "stream/baseline"])
        #expect(merged.failed == 2)
    }

    @Test("each malformed report document is refused with its stable code", arguments: [
        ("{", "report-not-json"),
        ("[]", "report-malformed"),
        (#"{"suite":"verify"}"#, "report-malformed"),
        (#"{"suite":"tests","scenarios":[]}"#, "report-malformed"),
        (#"{"suite":"replay","scenarios":[]}"#, "report-malformed"),
        (#"{"suite":"verify","scenarios":[],"shrad":"1/2"}"#, "report-malformed"),
        (#"{"suite":"verify","shard":"3/2","scenarios":[]}"#, "report-malformed"),
        (#"{"suite":"verify","scenarios":[{"name":"a","verdict":"ok"}]}"#, "report-malformed"),
        (#"{"suite":"replay","fixtures":[{"name":"a","verdict":"expected-failure"}]}"#, "report-malformed"),
        (#"{"suite":"verify","scenarios":[{"name":"a","verdict":"pass","seconds":-1}]}"#, "report-malformed"),
        (#"{"suite":"verify","scenarios":[{"name":"a","verdict":"pass","details":[1]}]}"#, "report-malformed"),
        (#"{"suite":"verify","scenarios":[{"verdict":"pass"}]}"#, "report-malformed"),
    ])
    func malformedReports(document: String, code: String) {
        do {
            _ = try SuiteReport.parse(Array(document.utf8), source: "t")
            Issue.record("parsed; expected \(code)")
        } catch {
            #expect(error.code == code)
        }
    }
}
