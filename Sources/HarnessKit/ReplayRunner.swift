import Foundation
import StreamTesting

/// Replays fixtures: each is decoded with its recorded chunking, whole, 1 byte at a time and with seeded random
/// chunkings; every run must reproduce the expected NDJSON and exit status byte for byte.
public struct ReplayRunner: Sendable {
    /// Seeds for the random chunkings (fixed so failures reproduce).
    public var seeds: [UInt64] = [1, 2, 3]

    public init() {}

    /// The outcome of one fixture.
    public struct Outcome: Sendable {
        public var name: String
        /// Nil when every chunking matched; otherwise a report of the first mismatch.
        public var failure: String?
    }

    /// The chunkings a fixture is replayed with.
    public func chunkings(for fixture: Fixture) -> [Chunking] {
        var list: [Chunking] = []
        if let chunks = fixture.chunks { list.append(.recorded(chunks)) }
        list.append(.whole)
        list.append(.fixed(1))
        for seed in seeds { list.append(.random(seed: seed, maxPiece: 64)) }
        return list
    }

    /// Replays one fixture.
    public func replay(_ fixture: Fixture) -> Outcome {
        for chunking in chunkings(for: fixture) {
            var options = fixture.options
            options.chunkSize = nil
            let result = DecodeDriver.run(
                codecName: fixture.codec, options: options, input: fixture.input, chunking: chunking)
            if result.output != fixture.expected || result.exitStatus != fixture.expectedExit {
                return Outcome(name: fixture.name, failure: Self.report(
                    chunking: chunking, expected: fixture.expected, actual: result.output,
                    expectedExit: fixture.expectedExit, actualExit: result.exitStatus))
            }
        }
        return Outcome(name: fixture.name, failure: nil)
    }

    /// A short diff: the first differing line, expected then actual.
    static func report(chunking: Chunking, expected: [UInt8], actual: [UInt8], expectedExit: Int32, actualExit: Int32) -> String {
        let expectedLines = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var text = "  chunking: \(chunking)\n"
        if expectedExit != actualExit { text += "  exit status: expected \(expectedExit), got \(actualExit)\n" }
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let want = index < expectedLines.count ? String(expectedLines[index]) : nil
            let got = index < actualLines.count ? String(actualLines[index]) : nil
            if want != got {
                text += "  first difference at output line \(index + 1):\n"
                text += "  - \(want ?? "<no line>")\n"
                text += "  + \(got ?? "<no line>")\n"
                break
            }
        }
        return text
    }
}
