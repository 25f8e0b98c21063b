import Codecs
import Foundation

extension SuiteReport {
    /// Largest report file read (a 10 000-entry run is about 2 MiB).
    public static let maximumFileBytes = 64 << 20

    /// Reads the report at `path` (`-` is not accepted: merge takes files).
    public static func load(path: String) throws(ReportError) -> SuiteReport {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > maximumFileBytes {
            throw ReportError("report-too-large", "\(path): over \(maximumFileBytes) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReportError("report-unreadable", "\(path): cannot read")
        }
        guard data.count <= maximumFileBytes else {
            throw ReportError("report-too-large", "\(path): over \(maximumFileBytes) bytes")
        }
        return try parse(Array(data), source: path)
    }

    /// Reads one report document strictly: unknown fields and wrong types are refused (`report-malformed`).
    public static func parse(_ bytes: [UInt8], source: String) throws(ReportError) -> SuiteReport {
        guard let document = try? JSONValue.parse(bytes) else {
            throw ReportError("report-not-json", "\(source): not one JSON document")
        }
        guard let top = document.objectMembers else { throw malformed(source, "the document is not an object") }
        let suiteName = try string(top, "suite", source) ?? ""
        guard let suite = Suite(rawValue: suiteName) else {
            throw malformed(source, "suite must be \"replay\" or \"verify\"")
        }
        let allowed: Set<String> = ["suite", "client", "shard", suite.entriesKey]
        if let unknown = top.first(where: { !allowed.contains($0.key) }) {
            throw malformed(source, "unknown field '\(unknown.key.prefix(64))' in a \(suite.rawValue) report")
        }
        var shard: Shard?
        if let text = try string(top, "shard", source, required: false) {
            do throws(ShardError) {
                shard = try Shard(parsing: text)
            } catch {
                throw malformed(source, "shard: \(error.message)")
            }
        }
        guard let items = top.first(where: { $0.key == suite.entriesKey })?.value.arrayValue else {
            throw malformed(source, "\(suite.entriesKey) must be an array")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(items.count)
        for (position, item) in items.enumerated() {
            entries.append(try entry(item, suite: suite, at: "\(source): \(suite.entriesKey)[\(position)]"))
        }
        return SuiteReport(suite: suite, client: try string(top, "client", source, required: false), shard: shard, entries: entries)
    }

    private static func entry(_ item: JSONValue, suite: Suite, at path: String) throws(ReportError) -> Entry {
        guard let members = item.objectMembers else { throw ReportError("report-malformed", "\(path): not an object") }
        let allowed: Set<String> = suite == .verify ? ["name", "service", "verdict", "details", "seconds"] : ["name", "verdict", "details", "seconds"]
        if let unknown = members.first(where: { !allowed.contains($0.key) }) {
            throw ReportError("report-malformed", "\(path): unknown field '\(unknown.key.prefix(64))'")
        }
        let name = try string(members, "name", path) ?? ""
        let verdict = try string(members, "verdict", path) ?? ""
        guard Entry.verdicts.contains(verdict), suite == .verify || verdict != "expected-failure" else {
            throw ReportError("report-malformed", "\(path).verdict: '\(verdict.prefix(32))' is not a verdict")
        }
        var details: [String] = []
        if let value = members.first(where: { $0.key == "details" })?.value {
            guard let list = value.arrayValue else { throw ReportError("report-malformed", "\(path).details: must be an array of strings") }
            for detail in list {
                guard let text = detail.stringValue else { throw ReportError("report-malformed", "\(path).details: must be an array of strings") }
                details.append(text)
            }
        }
        var seconds = 0.0
        if let value = members.first(where: { $0.key == "seconds" })?.value {
            guard let number = value.doubleValue, number.isFinite, number >= 0 else {
                throw ReportError("report-malformed", "\(path).seconds: must be a number >= 0")
            }
            seconds = number
        }
        return Entry(name: name, service: try string(members, "service", path, required: false), verdict: verdict, details: details, seconds: seconds)
    }

    private static func string(_ members: [JSONMember], _ key: String, _ path: String, required: Bool = true) throws(ReportError) -> String? {
        guard let value = members.first(where: { $0.key == key })?.value else {
            if required { throw malformed(path, "\(key) is required") }
            return nil
        }
        guard let text = value.stringValue else { throw malformed(path, "\(key) must be a string") }
        return text
    }

    private static func malformed(_ source: String, _ why: String) -> ReportError {
        ReportError("report-malformed", "\(source): \(why)")
    }
}
