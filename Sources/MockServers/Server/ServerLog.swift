import Codecs
import NIOConcurrencyHelpers
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value in a log line.
public enum LogValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case strings([String])
    /// An object of string values in the given order (e.g. a request's decoded query parameters).
    case object([(String, String)])
    case null

    public static func == (lhs: LogValue, rhs: LogValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.strings(let a), .strings(let b)): return a == b
        case (.object(let a), .object(let b)): return a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        case (.null, .null): return true
        default: return false
        }
    }
}

/// The mock's `--log` file: NDJSON, one line per server-side happening, in order, each
/// `{"t":<seconds since start>,"conn":<attempt>,"event":"…", …}` (field names in `Docs/mock-servers.md`).
/// Secrets are never written: a credential appears only as the index of the configured token it matched.
/// Thread-safe; every line is flushed at once so a reader (CI) sees it while the server runs.
public final class ServerLog: Sendable {
    /// The FILE pointer is only touched under the lock.
    private struct State: @unchecked Sendable {
        var file: UnsafeMutablePointer<FILE>?
        var lines: [String] = []
        var keepLines: Bool
    }

    private let state: NIOLockedValueBox<State>
    private let start: NIODeadline

    /// A log writing to `path` (nil: no file) and, with `keepLines`, keeping every line in memory (tests).
    public init(path: String?, keepLines: Bool = false) throws(MockServerError) {
        var file: UnsafeMutablePointer<FILE>?
        if let path {
            file = fopen(path, "w")
            if file == nil { throw MockServerError(.logUnwritable, "cannot open log file \(path) for writing") }
        }
        state = NIOLockedValueBox(State(file: file, keepLines: keepLines))
        start = .now()
    }

    deinit {
        state.withLockedValue { state in
            if let file = state.file { fclose(file) }
            state.file = nil
        }
    }

    /// Writes one line for attempt `conn`.
    public func record(conn: Int, _ event: String, _ fields: [(String, LogValue)] = []) {
        let seconds = Double((NIODeadline.now() - start).nanoseconds) / 1e9
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.key("t")
        writer.raw(String(format3(seconds)))
        writer.key("conn")
        writer.int(conn)
        writer.key("event")
        writer.string(event)
        for (key, value) in fields {
            writer.key(key)
            Self.write(value, to: &writer)
        }
        writer.endObject()
        let line = writer.string
        state.withLockedValue { state in
            if let file = state.file {
                fputs(line, file)
                fputs("\n", file)
                fflush(file)
            }
            if state.keepLines { state.lines.append(line) }
        }
    }

    /// The lines written so far (only with `keepLines`).
    public var lines: [String] { state.withLockedValue { $0.lines } }

    private static func write(_ value: LogValue, to writer: inout JSONWriter) {
        switch value {
        case .string(let s): writer.string(s)
        case .int(let i): writer.int(i)
        case .double(let d): writer.double(d)
        case .bool(let b): writer.bool(b)
        case .strings(let list):
            writer.beginArray()
            for s in list { writer.string(s) }
            writer.endArray()
        case .object(let pairs):
            writer.beginObject()
            for (k, v) in pairs {
                writer.key(k)
                writer.string(v)
            }
            writer.endObject()
        case .null: writer.null()
        }
    }
}

/// Seconds with millisecond precision, e.g. `1.250`.
private func format3(_ seconds: Double) -> String {
    let millis = Int((seconds * 1000).rounded())
    let whole = millis / 1000
    let fraction = millis % 1000
    let padded = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
    return "\(whole).\(padded)"
}
