extension SuiteReport {
    /// Merges shard reports into the whole run's (docs/SHARDING.md): one suite and client; either every input
    /// is a shard of the same N and each of 1…N appears exactly once, or none is a shard (disjoint selections);
    /// no name twice. Entries sorted by name; the result has no shard.
    public static func merge(_ reports: [(source: String, report: SuiteReport)]) throws(ReportError) -> SuiteReport {
        guard let first = reports.first else { throw ReportError("report-no-input", "no report to merge") }
        for (source, report) in reports.dropFirst() {
            guard report.suite == first.report.suite else {
                throw ReportError("report-suite-mismatch", "\(source) is a \(report.suite.rawValue) report, \(first.source) a \(first.report.suite.rawValue) one")
            }
            guard report.client == first.report.client else {
                throw ReportError("report-client-mismatch", "\(source) verified client '\(report.client ?? "")', \(first.source) '\(first.report.client ?? "")'")
            }
        }
        let sharded = reports.filter { $0.report.shard != nil }
        if !sharded.isEmpty {
            guard sharded.count == reports.count else {
                let whole = reports.first { $0.report.shard == nil }?.source ?? ""
                throw ReportError("report-shard-mismatch", "\(whole) is not a shard but other inputs are")
            }
            let count = first.report.shard?.count ?? 1
            var sources: [Int: String] = [:]
            for (source, report) in reports {
                guard let shard = report.shard, shard.count == count else {
                    throw ReportError("report-shard-mismatch", "\(source) is shard \(report.shard?.description ?? "-") but \(first.source) is one of \(count)")
                }
                if let other = sources[shard.index] {
                    throw ReportError("report-shard-duplicate", "\(source) and \(other) are both shard \(shard)")
                }
                sources[shard.index] = source
            }
            let missing = (1...count).filter { sources[$0] == nil }
            guard missing.isEmpty else {
                throw ReportError("report-shard-missing", "shard \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing")
            }
        }
        var seen: [String: String] = [:]
        var entries: [Entry] = []
        for (source, report) in reports {
            for entry in report.entries {
                if let other = seen[entry.name] {
                    throw ReportError("report-duplicate-entry", "'\(entry.name.prefix(96))' is in \(other) and \(source)")
                }
                seen[entry.name] = source
                entries.append(entry)
            }
        }
        entries.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return SuiteReport(suite: first.report.suite, client: first.report.client, shard: nil, entries: entries)
    }
}
