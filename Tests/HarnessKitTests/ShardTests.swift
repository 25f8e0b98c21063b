import Foundation
@testable import HarnessKit
import Testing

/// `--shard I/N` (issue 20, docs/SHARDING.md): strict parsing, a stable FNV-1a assignment by name, and shards
/// that partition a suite: pairwise disjoint, and together exactly the whole run.
@Suite struct ShardTests {
    @Test("--shard values are read as I/N with 1 <= I <= N <= 1024, else refused with their code", arguments: [
        ("1/1", "1/1"), ("2/4", "2/4"), ("4/4", "4/4"), ("1024/1024", "1024/1024"), ("007/8", "7/8"),
        ("0/4", "shard-out-of-range"), ("5/4", "shard-out-of-range"), ("1/0", "shard-out-of-range"),
        ("1/1025", "shard-out-of-range"), ("x", "shard-malformed"), ("1", "shard-malformed"),
        ("1/2/3", "shard-malformed"), (" 1/2", "shard-malformed"), ("-1/2", "shard-malformed"),
        ("+1/2", "shard-malformed"), ("1/", "shard-malformed"), ("99999999999999999999/2", "shard-malformed"),
        ("１/2", "shard-malformed"),
    ])
    func shardParsing(text: String, expected: String) {
        do {
            #expect(try Shard(parsing: text).description == expected)
        } catch {
            #expect(error.code == expected)
        }
    }

    /// Vectors from the FNV reference test suite (draft-eastlake-fnv, FNV-1a 64-bit).
    @Test("names are assigned by FNV-1a 64 of their UTF-8 bytes", arguments: [
        ("", 0xcbf2_9ce4_8422_2325 as UInt64), ("a", 0xaf63_dc4c_8601_ec8c), ("foobar", 0x8594_4171_f739_67e8),
    ])
    func fnvVectors(text: String, hash: UInt64) {
        #expect(Shard.fnv1a64(text) == hash)
        #expect(Shard.index(of: text, count: 7) == Int(hash % 7) + 1)
    }

    static var scenarioNames: [String] {
        ScenarioCatalog.all(under: VerifyTests.scenariosRoot).map(\.name)
    }

    static var fixtureNames: [String] {
        let root = URL(fileURLWithPath: connectFixturesRoot)
        let prefix = root.deletingLastPathComponent().path + "/"
        return Fixture.discover(under: root).map { String($0.path.dropFirst(prefix.count)) }
    }

    @Test("the shards of the scenario catalogue and of the fixtures are disjoint and their union is the whole", arguments: 1...7)
    func shardsPartitionTheSuites(count: Int) throws {
        for names in [Self.scenarioNames, Self.fixtureNames] {
            #expect(names.count > 20)
            var union: [String] = []
            for index in 1...count {
                let shard = try Shard(index: index, count: count)
                union += names.filter { shard.contains($0) }
            }
            #expect(union.sorted() == names.sorted())
            #expect(Set(union).count == union.count)
        }
    }

    @Test("verify's selection with --shard is the catalogue's names in that shard, loaded")
    func verifySelectionHonoursTheShard() throws {
        let whole = ScenarioCatalog.select(["sse/*"], root: VerifyTests.scenariosRoot)
        var union: [String] = []
        for index in 1...3 {
            let shard = try Shard(index: index, count: 3)
            let part = ScenarioCatalog.select(["sse/*"], root: VerifyTests.scenariosRoot, shard: shard)
            for item in part {
                let scenario = try item.get()
                #expect(shard.contains(scenario.name))
                union.append(scenario.name)
            }
        }
        #expect(union.sorted() == whole.compactMap { try? $0.get().name }.sorted())
        #expect(union.count > 5)
    }

    @Test("replaying the fixtures in 3 shards and merging the reports gives the whole run's verdicts")
    func shardedReplayMergesToTheWholeRun() throws {
        let roots = [URL(fileURLWithPath: connectFixturesRoot)]
        let whole = ReplaySuite.run(roots: roots)
        var parts: [(source: String, report: SuiteReport)] = []
        for index in 1...3 {
            let shard = try Shard(index: index, count: 3)
            let part = ReplaySuite.run(roots: roots, shard: shard)
            #expect(part.shard == shard)
            // Through the JSON file format, as a CI matrix hands the reports to the merge job.
            parts.append(("shard\(index)", try SuiteReport.parse(part.json(), source: "shard\(index)")))
        }
        let merged = try SuiteReport.merge(parts)
        #expect(merged.shard == nil)
        #expect(merged.entries.map(\.name) == whole.entries.map(\.name).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(merged.entries.map { "\($0.name) \($0.verdict)" }.sorted() == whole.entries.map { "\($0.name) \($0.verdict)" }.sorted())
        #expect(whole.failed == 0)
        #expect(whole.entries.count == Self.fixtureNames.count)
    }
}
