import NIOConcurrencyHelpers
import NIOCore

/// What a service's request handler shares with the server: options, the log, attempt numbering and the
/// generic handling of the attempt-level faults (`refuse`, `slow-accept`, `status`, `drip`).
public final class MockContext: Sendable {
    public let options: MockServerOptions
    public let log: ServerLog
    private let attempts = NIOLockedValueBox(0)
    let listener: MockListener

    init(options: MockServerOptions, log: ServerLog, listener: MockListener) {
        self.options = options
        self.log = log
        self.listener = listener
    }

    /// The number of the latest stream attempt (0 before the first); control-plane lines carry it as `conn`.
    public var latestAttempt: Int { attempts.withLockedValue { $0 } }

    /// Starts stream attempt k+1 for `request`: logs `connect` and each fault that selects it, then applies
    /// `refuse` (reset + listener closed), `slow-accept` (wait), `drip` and `status` (answers with the code,
    /// logged as `reject`). Returns the attempt and its faults, or nil when a fault consumed the attempt.
    public func beginAttempt(_ request: MockRequest, on connection: MockConnection) async -> (Int, AttemptFaults)? {
        let attempt = attempts.withLockedValue { value -> Int in
            value += 1
            return value
        }
        let faults = AttemptFaults(options.faults, attempt: attempt)
        log.record(conn: attempt, "connect")
        for spec in faults.active { log.record(conn: attempt, "fault", [("fault", .string(spec.text))]) }
        if let ms = faults.refuseMilliseconds {
            // The listener goes first, so a client's immediate retry (aiohttp retries a GET once when the
            // connection closes before any response) is refused by the kernel too.
            await listener.refuse(for: .milliseconds(Int64(ms)))
            await connection.reset()
            log.record(conn: attempt, "drop", [("reason", .string("refuse"))])
            return nil
        }
        if let ms = faults.slowAcceptMilliseconds {
            try? await Task.sleep(for: .milliseconds(ms))
        }
        if faults.drip { connection.startDripping() }
        if let status = faults.status {
            var headers: [(String, String)] = []
            if let seconds = status.retryAfter { headers.append(("Retry-After", String(seconds))) }
            let body = #"{"detail":"injected fault: status \#(status.code)"}"#
            log.record(conn: attempt, "reject", requestFields(request) + [("status", .int(status.code))])
            try? await connection.write(HTTPResponseBytes.json(status: status.code, body, headers: headers,
                                                               keepAlive: false))
            await connection.close()
            return nil
        }
        return (attempt, faults)
    }

    /// `method`, `path` and `query` of a request, for `request`/`upgrade`/`reject` lines.
    public func requestFields(_ request: MockRequest) -> [(String, LogValue)] {
        [("method", .string(request.method)), ("path", .string(request.path)), ("query", .object(request.loggedQuery))]
    }
}
