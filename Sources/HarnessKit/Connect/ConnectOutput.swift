import Codecs
import Foundation
import Reconnect
import Synchronization

/// The NDJSON `harness connect` prints on stdout (issue 16), one object per line, each written and flushed at
/// once (lines from the status, event and heartbeat tasks never interleave). Nothing else goes to stdout; logs go
/// to `log` (stderr), and never carry a secret (callers pass only redacted text).
public final class ConnectOutput: Sendable {
    private let sink: @Sendable ([UInt8]) -> Void
    private let logSink: @Sendable (String) -> Void
    private let lock = Mutex(())
    /// When the run started; `t` counts from here.
    public let start = ContinuousClock.now

    /// Writes to `sink` (one call per complete line, newline included) and logs to `log`.
    public init(sink: @escaping @Sendable ([UInt8]) -> Void, log: @escaping @Sendable (String) -> Void) {
        self.sink = sink
        logSink = log
    }

    /// stdout and stderr, unbuffered.
    public static func standard() -> ConnectOutput {
        ConnectOutput(
            sink: { bytes in
                bytes.withUnsafeBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    var offset = 0
                    while offset < raw.count {
                        let written = Foundation.write(1, base + offset, raw.count - offset)
                        if written <= 0 { return }
                        offset += written
                    }
                }
            },
            log: { line in FileHandle.standardError.write(Data(("harness connect: " + line + "\n").utf8)) })
    }

    /// Seconds since `start`.
    public var elapsed: Double {
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// One line holding the object whose members `body` writes.
    public func line(_ body: (inout JSONWriter) -> Void) {
        var writer = JSONWriter(capacity: 512)
        writer.beginObject()
        body(&writer)
        writer.endObject()
        writer.endLine()
        let bytes = writer.bytes
        lock.withLock { _ in sink(bytes) }
    }

    /// `{"event": <object>}`: `body` writes the event object's members.
    public func event(_ body: (inout JSONWriter) -> Void) {
        line { writer in
            writer.key("event")
            writer.beginObject()
            body(&writer)
            writer.endObject()
        }
    }

    /// `{"heartbeat": <object>}` (with `--show-heartbeats`).
    public func heartbeat(_ body: (inout JSONWriter) -> Void) {
        line { writer in
            writer.key("heartbeat")
            writer.beginObject()
            body(&writer)
            writer.endObject()
        }
    }

    /// `{"status":…,"attempt":N,"t":…[,"reason":…][,"delay":…]}`. `attempt` is the number of the connection
    /// attempt the line is about (1-based over the run; for `reconnecting`, the attempt about to be made).
    public func status(_ status: ConnectionStatus, attempt: Int) {
        let t = elapsed
        line { writer in
            writer.key("status")
            writer.string(status.name)
            writer.key("attempt")
            writer.int(attempt)
            writer.key("t")
            writer.double((t * 1000).rounded() / 1000)
            if let reason = status.reason {
                writer.key("reason")
                writer.string(reason.rawValue)
            }
            if case let .reconnecting(_, delay) = status {
                let (seconds, attoseconds) = delay.components
                writer.key("delay")
                writer.double(((Double(seconds) + Double(attoseconds) / 1e18) * 1000).rounded() / 1000)
            }
        }
    }

    /// `{"error":{"code":…,"message":…}}`, the last line of a run that gave up or had bad options.
    public func error(code: String, message: String) {
        line { writer in
            writer.key("error")
            writer.beginObject()
            writer.key("code")
            writer.string(code)
            writer.key("message")
            writer.string(message)
            writer.endObject()
        }
    }

    /// A log line on stderr.
    public func log(_ text: String) { logSink(text) }
}
