/// Why `harness report merge` refuses its inputs (docs/SHARDING.md): it prints the code and exits 64, writing
/// nothing, so a CI job never publishes a merged verdict that silently lacks a shard.
public struct ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `report-unreadable`, `report-too-large`, `report-not-json`, `report-malformed`, `report-no-input`,
    /// `report-suite-mismatch`, `report-client-mismatch`, `report-shard-mismatch`, `report-shard-duplicate`,
    /// `report-shard-missing`, `report-duplicate-entry`.
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
