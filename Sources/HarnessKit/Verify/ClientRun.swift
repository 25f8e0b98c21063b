import Codecs

/// What one client run produced for the comparison: its stdout lines (parsed, with the harness's arrival time),
/// contract violations, how it ended and the tail of its logs.
public struct ClientRun: Sendable {
    /// One stdout line and when it arrived (seconds since the client started).
    public struct Line: Sendable {
        public var t: Double
        public var value: JSONValue
    }

    public var lines: [Line] = []
    /// Lines that break the connect contract (docs/VERIFY.md "Clients"), in order.
    public var violations: [String] = []
    /// Exit status; nil when the client was still running at the time limit.
    public var exit: Int32?
    public var logTail: [String] = []
    public var elapsed: Double = 0

    public var events: [JSONValue] { lines.compactMap { $0.value["event"] } }
    public var statuses: [Line] { lines.filter { $0.value["status"] != nil } }

    /// Adds one stdout line: a contract object, or a violation.
    mutating func take(_ bytes: some Collection<UInt8>, at t: Double) {
        guard let value = try? JSONValue.parse(Array(bytes)), case let .object(members) = value else {
            violations.append("stdout line \(lines.count + violations.count + 1) is not a JSON object: \(String(decoding: bytes.prefix(80), as: UTF8.self))")
            return
        }
        let keys = Set(members.map(\.key))
        if keys.isDisjoint(with: ["event", "status", "error", "heartbeat"]) {
            violations.append("stdout line \(lines.count + violations.count + 1) is not a contract object")
            return
        }
        if let status = value["status"] {
            let known = ["connecting", "syncing", "connected", "lost", "reconnecting", "stopped", "failed"]
            guard case let .string(name) = status, known.contains(name) else {
                var text = JSONWriter(capacity: 32)
                text.value(status)
                violations.append("unknown status \(text.string.prefix(80))")
                return
            }
            if ["lost", "stopped", "failed"].contains(name), value["reason"] == nil {
                violations.append("\(name) without a reason")
            }
        }
        lines.append(Line(t: t, value: value))
    }

    /// Checks how the run ended against its last lines (exit 69 needs `failed` and a last error line).
    mutating func checkEnd() {
        let failed = statuses.contains { $0.value["status"] == .string("failed") }
        let lastIsError = lines.last?.value["error"] != nil
        switch exit {
        case 69?: if !(failed && lastIsError) { violations.append("exit 69 without failed(…) and a last error line") }
        case 0?: if failed || lines.contains(where: { $0.value["error"] != nil }) { violations.append("exit 0 after failed/error") }
        case nil: break
        case let other?: violations.append("exit status \(other)")
        }
    }

    /// Status lines as the scenario spells them: `name` or `name(reason)`.
    public var trace: [String] {
        statuses.compactMap { line in
            guard case let .string(name)? = line.value["status"] else { return nil }
            if name != "reconnecting", case let .string(reason)? = line.value["reason"] { return "\(name)(\(reason))" }
            return name
        }
    }
}
