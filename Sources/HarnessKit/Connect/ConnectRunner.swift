import Clients
import Codecs
import Foundation
import Reconnect
import Sessions
import Synchronization
import WebSocketNIO

/// Runs one `harness connect` service client and prints its NDJSON (issue 16): events, heartbeats (with
/// `--show-heartbeats`) and every status change on stdout; skipped messages as log lines on stderr. Ends on the
/// service's stop rule, `--max-events`, `--duration` or `stop()` (signals) with exit 0, or gives up with a last
/// error line and exit 69.
public final class ConnectRunner: Sendable {
    let stopper = Mutex<(@Sendable () async -> Void)?>(nil)
    let stopRequested = Mutex(false)
    /// `harness record`'s tap on the client's transport and statuses; nil for `harness connect`.
    let tap: RecordingTap?

    public init() { tap = nil }

    /// A runner whose client reports to `tap` (WebSocket sessions wrapped in `RecordingSession`, the HTTP
    /// clients' `HTTPBodyTap`, every status).
    init(tap: RecordingTap) { self.tap = tap }

    /// `session`, wrapped in the recording tap when there is one.
    func tapped<S: ServiceSession>(_ session: S) -> RecordingSession<S>? {
        tap.map { RecordingSession(base: session, tap: $0) }
    }

    /// Drives `session` over WebSocket, through the tap when recording.
    func driveSession<S: ServiceSession>(
        _ session: S, credentials: @escaping CredentialProvider, client: WebSocketClientConfiguration,
        options: ConnectOptions, output: ConnectOutput,
        render: @escaping @Sendable (S.Connection.Event, inout JSONWriter) throws -> Void
    ) async -> Int32 {
        if let recording = tapped(session) {
            return await drive(
                WebSocketSessionStream(session: recording, credentials: credentials, clock: ContinuousClock(), client: client),
                options: options, output: output, render: render)
        }
        return await drive(
            WebSocketSessionStream(session: session, credentials: credentials, clock: ContinuousClock(), client: client),
            options: options, output: output, render: render)
    }

    /// Asks the running client to stop (SIGINT/SIGTERM); safe before `run` starts.
    public func stop() {
        stopRequested.withLock { $0 = true }
        if let stop = stopper.withLock({ $0 }) { Task { await stop() } }
    }

    /// Connects `service` (`central`, `eisy`, `stream`, `sse`, `eventstreamer`) with `options`; returns the exit
    /// status.
    public func run(service: String, options: ConnectOptions, output: ConnectOutput) async -> Int32 {
        do throws(ConnectUsageError) {
            try options.validate()
            let client = try options.webSocketClient()
            if options.idleTimeout != nil, !["sse", "eventstreamer"].contains(service) {
                throw ConnectUsageError(code: "bad-option", message: "--idle-timeout is an sse and eventstreamer option")
            }
            switch service {
            case "central":
                let (session, credentials, oauth) = try CentralConnect.session(options, output: output)
                let status = await driveSession(
                    session, credentials: credentials, client: client, options: options, output: output,
                    render: CentralConnect.render)
                await oauth?.shutdown()
                return status
            case "eisy":
                let (session, credentials, portal) = try EisyConnect.session(options)
                let status = await driveSession(
                    session, credentials: credentials, client: client, options: options, output: output,
                    render: EisyConnect.render)
                await portal?.shutdown()
                return status
            case "stream":
                let (session, credentials) = try StreamConnect.session(options)
                return await driveSession(
                    session, credentials: credentials, client: client, options: options, output: output,
                    render: StreamConnect.render)
            case "sse", "eventstreamer":
                return try await runHTTP(service: service, options: options, output: output)
            default:
                throw ConnectUsageError(
                    code: "unsupported-service",
                    message: "service '\(service.prefix(32))' is not central, eisy, stream, sse or eventstreamer")
            }
        } catch {
            output.error(code: error.code, message: error.message)
            return ConnectExitCode.usage
        }
    }

    /// Prints the stream's happenings until it ends.
    func drive<S: ServiceSession>(
        _ stream: WebSocketSessionStream<S>, options: ConnectOptions, output: ConnectOutput,
        render: @escaping @Sendable (S.Connection.Event, inout JSONWriter) throws -> Void
    ) async -> Int32 {
        stopper.withLock { $0 = { await stream.stop() } }
        if stopRequested.withLock({ $0 }) { await stream.stop() }
        let statusTask = Task {
            var attempt = 0
            var last: ConnectionStatus?
            for await status in stream.statuses {
                switch status {
                case .connecting: attempt += 1
                default: break
                }
                let shown = if case .reconnecting = status { attempt + 1 } else { attempt }
                tap?.status(status)
                output.status(status, attempt: shown)
                last = status
            }
            return last
        }
        let noticeTask = Task {
            for await notice in stream.notices {
                switch notice {
                case let .heartbeat(event):
                    guard options.showHeartbeats else { continue }
                    var failed = false
                    output.heartbeat { writer in
                        do { try render(event, &writer) } catch { failed = true }
                    }
                    if failed { output.log("a heartbeat could not be rendered") }
                case let .skipped(notice):
                    output.log("skipped message: \(notice.code): \(notice.message)")
                }
            }
        }
        var durationTask: Task<Void, Never>?
        if let duration = options.duration {
            durationTask = Task {
                try? await Task.sleep(for: .milliseconds(Int64((duration * 1000).rounded())))
                if !Task.isCancelled { await stream.stop() }
            }
        }
        var failure: ReconnectFailure?
        var count = 0
        do {
            for try await event in stream.events {
                var rendered = JSONWriter(capacity: 512)
                do {
                    rendered.beginObject()
                    try render(event, &rendered)
                    rendered.endObject()
                } catch {
                    output.log("an event could not be rendered: \(error)")
                    continue
                }
                let bytes = rendered.bytes
                output.line { writer in
                    writer.key("event")
                    bytes.withUnsafeBytes { writer.raw(bytes: $0) }
                }
                count += 1
                if let maxEvents = options.maxEvents, count >= maxEvents {
                    await stream.stop()
                    break
                }
            }
        } catch let error as ReconnectFailure {
            failure = error
        } catch {
            failure = ReconnectFailure(reason: "unclassified-error")
        }
        await stream.finished()
        durationTask?.cancel()
        let last = await statusTask.value
        await noticeTask.value
        if case let .failed(reason)? = last {
            output.error(code: reason.rawValue, message: "gave up: \(reason)")
            return ConnectExitCode.gaveUp
        }
        if let failure {
            output.error(code: failure.reason.rawValue, message: "gave up: \(failure.reason)")
            return ConnectExitCode.gaveUp
        }
        return ConnectExitCode.stopped
    }
}
