/// Why `harness record` wrote nothing (issue 18). Printed as the last `{"error":{…}}` line; the message names
/// files, connections and sizes, never a secret's bytes.
public struct RecordError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable code: `secret-in-payload` (exit 65), `out-exists` / `missing-option` (exit 64), `out-unwritable`
    /// (exit 73), `nothing-recorded` (exit 69).
    public let code: String
    public let message: String
    /// The exit status it maps to (sysexits(3), as `harness connect`).
    public let exitStatus: Int32

    public init(code: String, message: String, exitStatus: Int32) {
        self.code = code
        self.message = message
        self.exitStatus = exitStatus
    }

    public var description: String { "\(code): \(message)" }

    /// A configured or observed secret's bytes are in a file about to be written (`EX_DATAERR`).
    static func secretInPayload(_ file: String) -> RecordError {
        RecordError(
            code: "secret-in-payload",
            message: "a configured secret appears in \(file); nothing was written (--allow-secret-in-payload keeps it)",
            exitStatus: 65)
    }
}

/// `harness record` exit statuses beyond `harness connect`'s 0/64/69.
public enum RecordExitCode {
    /// A secret's bytes are in the payload (`EX_DATAERR`).
    public static let secretInPayload: Int32 = 65
    /// The output folder could not be written (`EX_CANTCREAT`).
    public static let cannotWrite: Int32 = 73
}
