import Foundation
import HarnessKit
import Testing

// The README's "replay recorded fixtures" snippet, verbatim (ReadmeSnippetsMatchTests holds the two equal).
func failedFixtures(under root: URL) throws(FixtureError) -> [String] {
    let runner = ReplayRunner()                              // recorded, whole, 1-byte and seeded chunkings
    var failed: [String] = []
    for folder in Fixture.discover(under: root) {
        let fixture = try Fixture.load(directory: folder, name: folder.lastPathComponent)
        if runner.replay(fixture).failure != nil { failed.append(fixture.name) }
    }
    return failed
}

@Suite struct ReadmeSnippetTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every bundled fixture replays, as `harness replay` reports them.
    @Test func readmeReplaySnippetPassesTheBundledFixtures() throws {
        #expect(try failedFixtures(under: Self.repository.appendingPathComponent("Fixtures")) == [])
    }

    /// A fixture whose expected output is wrong is reported by the snippet (a broken fixture fails it).
    @Test func readmeReplaySnippetReportsAWrongExpectation() throws {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("readme-snippet-\(ProcessInfo.processInfo.globallyUniqueString)")
        let broken = scratch.appendingPathComponent("mixed")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.copyItem(
            at: Self.repository.appendingPathComponent("Fixtures/utf8-lines/mixed"), to: broken)
        let expected = broken.appendingPathComponent("expected.ndjson")
        var bytes = try Data(contentsOf: expected)
        bytes.append(contentsOf: Array(#"{"line":"not in the input"}"#.utf8) + [0x0A])
        try bytes.write(to: expected)
        #expect(try failedFixtures(under: scratch) == ["mixed"])
    }

    /// Each ```swift block of README.md, without its imports, is in one of the ReadmeSnippetTests files, so
    /// `swift test` compiles and runs exactly what the README shows.
    @Test func readmeSwiftSnippetsAreTheTestedOnes() throws {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let tested = try ["ProtobufTests", "SSETests", "HarnessKitTests"].map {
            try String(contentsOf: Self.repository.appendingPathComponent("Tests/\($0)/ReadmeSnippetTests.swift"),
                       encoding: .utf8)
        }.joined(separator: "\n")
        let blocks = readme.components(separatedBy: "```swift\n").dropFirst().compactMap {
            $0.components(separatedBy: "```").first
        }
        #expect(blocks.count == 3)
        for block in blocks {
            let code = block.split(separator: "\n", omittingEmptySubsequences: false)
                .drop { $0.hasPrefix("import ") || $0.isEmpty }
                .joined(separator: "\n")
            #expect(tested.contains(code), "README snippet not in a ReadmeSnippetTests file:\n\(code)")
        }
    }
}
