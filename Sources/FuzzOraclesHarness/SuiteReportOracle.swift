import FuzzOracles
import HarnessKit

/// The suite report reader (`SuiteReport.parse`, docs/SHARDING.md) on arbitrary bytes (`FuzzSuiteReport`).
/// Holds: it accepts or refuses with a kebab-case `report-*` code; an accepted report's verdicts are known, its
/// shard is in range, and what `json()` writes reads back and writes the same bytes again (seconds are written to the
/// millisecond, so the first write may round).
public enum SuiteReportOracle {
    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        let report: SuiteReport
        do throws(ReportError) { report = try SuiteReport.parse(Array(input), source: "fuzz.json") } catch {
            try HarnessOracleChecks.code(error.code, prefix: "report-")
            return
        }
        guard report.entries.allSatisfy({ SuiteReport.Entry.verdicts.contains($0.verdict) }) else {
            throw FuzzViolation("unknown verdict accepted")
        }
        if let shard = report.shard, !(1...shard.count).contains(shard.index) {
            throw FuzzViolation("shard \(shard.index)/\(shard.count) accepted")
        }
        let again: SuiteReport
        do throws(ReportError) { again = try SuiteReport.parse(report.json(), source: "again.json") } catch {
            throw FuzzViolation("our own report JSON is refused: \(error.code)")
        }
        guard again.json() == report.json(), again.entries.map(\.name) == report.entries.map(\.name) else {
            throw FuzzViolation("report changed through json() and back")
        }
    }
}
