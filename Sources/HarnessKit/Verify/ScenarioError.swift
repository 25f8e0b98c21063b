/// Why a scenario file cannot run (docs/VERIFY.md "Scenarios"): a stable code and a message naming the file and
/// field. Such a scenario's verdict is `fail` with the code; nothing of it is run.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `scenario-unreadable`, `scenario-not-json`, `scenario-not-object`, `scenario-unknown-field`,
    /// `scenario-missing-field`, `scenario-wrong-type`, `scenario-invalid-value`, `scenario-unknown-service`,
    /// `scenario-bad-fault`, `scenario-bad-connect-args`.
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
