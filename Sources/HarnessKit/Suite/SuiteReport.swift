import Codecs
import Foundation

/// A suite run's verdicts: what `harness replay --json` and `harness verify --json` write and `harness report
/// merge` reads and writes (docs/SHARDING.md). One document per run or shard.
public struct SuiteReport: Sendable, Equatable {
    /// Which command produced it; decides the entries' key (`fixtures` or `scenarios`).
    public enum Suite: String, Sendable, Equatable {
        case replay, verify

        var entriesKey: String { self == .replay ? "fixtures" : "scenarios" }
    }

    /// One fixture's or scenario's verdict.
    public struct Entry: Sendable, Equatable {
        /// `pass`, `fail` or (verify) `expected-failure`; only `fail` fails a run.
        public static let verdicts: Set<String> = ["pass", "fail", "expected-failure"]

        public var name: String
        /// The scenario's service (verify only).
        public var service: String?
        public var verdict: String
        public var details: [String]
        public var seconds: Double

        public init(name: String, service: String? = nil, verdict: String, details: [String], seconds: Double) {
            self.name = name
            self.service = service
            self.verdict = verdict
            self.details = details
            self.seconds = seconds
        }
    }

    public var suite: Suite
    /// The verified client's name (verify only).
    public var client: String?
    /// The shard this run covered; nil for a whole (or merged) run.
    public var shard: Shard?
    public var entries: [Entry]

    public init(suite: Suite, client: String? = nil, shard: Shard? = nil, entries: [Entry]) {
        self.suite = suite
        self.client = client
        self.shard = shard
        self.entries = entries
    }

    /// How many entries failed.
    public var failed: Int { entries.filter { $0.verdict == "fail" }.count }

    /// `{"suite":S,["client":C,]["shard":"I/N",]"fixtures"|"scenarios":[{"name",["service",]"verdict","details","seconds"}…]}`.
    public func json() -> [UInt8] {
        var writer = JSONWriter(capacity: 4096)
        writer.beginObject()
        writer.key("suite")
        writer.string(suite.rawValue)
        if let client {
            writer.key("client")
            writer.string(client)
        }
        if let shard {
            writer.key("shard")
            writer.string(shard.description)
        }
        writer.key(suite.entriesKey)
        writer.beginArray()
        for entry in entries {
            writer.beginObject()
            writer.key("name")
            writer.string(entry.name)
            if let service = entry.service {
                writer.key("service")
                writer.string(service)
            }
            writer.key("verdict")
            writer.string(entry.verdict)
            writer.key("details")
            writer.beginArray()
            for detail in entry.details { writer.string(detail) }
            writer.endArray()
            writer.key("seconds")
            writer.double((entry.seconds * 1000).rounded() / 1000)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        writer.endLine()
        return writer.bytes
    }

    /// The verdict table: one line per entry (name, verdict, seconds, first detail; every detail of a non-pass).
    public func table() -> String {
        let width = max(8, entries.map(\.name.count).max() ?? 8)
        var text = ""
        for entry in entries {
            let name = entry.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let kind = entry.verdict.padding(toLength: 16, withPad: " ", startingAt: 0)
            text += "\(name)  \(kind) \(String(format: "%5.1f", entry.seconds)) s  \(entry.details.first ?? "")\n"
            for detail in entry.details.dropFirst() where entry.verdict != "pass" {
                text += String(repeating: " ", count: width + 28) + detail + "\n"
            }
        }
        let wall = entries.map(\.seconds).reduce(0, +)
        let noun = suite == .replay ? "fixtures" : "scenarios"
        text += "\(entries.count) \(noun), \(String(format: "%.1f", wall)) s of \(suite == .replay ? "fixture" : "scenario") time\n"
        return text
    }
}
