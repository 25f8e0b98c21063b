/// `harness connect` exit statuses (issue 16), sysexits(3) numbering.
public enum ConnectExitCode {
    /// Stopped: by the service's stop rule, `--max-events`, `--duration` or SIGINT/SIGTERM.
    public static let stopped: Int32 = 0
    /// Bad options (`EX_USAGE`).
    public static let usage: Int32 = 64
    /// Gave up (`EX_UNAVAILABLE`): a fatal status, a non-recoverable service error, retries exhausted, TLS failure;
    /// printed after a last `{"error":{…}}` line.
    public static let gaveUp: Int32 = 69
}

/// A `harness connect` option that cannot be used (exit 64, printed as an error line).
public struct ConnectUsageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable code: `bad-option`, `missing-option`, `conflicting-options`, `unsupported-service`, or the
    /// parser's own (`backoff-…`, `unsupported-url-scheme`, `unknown-topic`, …).
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
