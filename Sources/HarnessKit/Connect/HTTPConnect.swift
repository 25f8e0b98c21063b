import Clients
import Codecs
import EventStreamer
import Foundation
import Reconnect
import Sessions
import TransportNIO

/// `harness connect sse|eventstreamer URL` (issue 17): the HTTP clients behind the shared `harness connect`
/// contract of issue 16 (NDJSON events and status lines, exit 0/69/64).
extension ConnectRunner {
    func runHTTP(service: String, options: ConnectOptions, output: ConnectOutput) async throws(ConnectUsageError) -> Int32 {
        var http = try HTTPConnect.httpConfiguration(options)
        if let tap {
            http.bodyTap = HTTPBodyTap(
                attemptStarted: { tap.begin() },
                opened: { status, headers in tap.opened(status: status, headers: headers) },
                read: { bytes in tap.read(bytes, isText: nil) })
        }
        if service == "sse" {
            let client = try HTTPConnect.sseClient(options, http: http)
            return await driveHTTP(
                events: client.events, statuses: client.status, heartbeats: nil,
                stop: { await client.stop() }, finished: { await client.finished() },
                options: options, output: output, render: HTTPConnect.renderSSE)
        }
        let client = try HTTPConnect.eventStreamerClient(options, http: http)
        let heartbeats = AsyncStream<Void> { continuation in
            let task = Task {
                for await notice in client.notices {
                    switch notice {
                    case .heartbeat: continuation.yield()
                    case let .serviceError(error):
                        output.log("error line: \(error.errorCode) (recoverable: \(error.recoverable))")
                    case let .rejectedLine(code, message, line):
                        output.log("skipped line \(line): \(code): \(message)")
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return await driveHTTP(
            events: client.events, statuses: client.status, heartbeats: heartbeats,
            stop: { await client.stop() }, finished: { await client.finished() },
            options: options, output: output, render: HTTPConnect.renderBatch)
    }

    /// Prints an HTTP client's happenings until it ends; the same lines and exit statuses as `drive`.
    func driveHTTP<Events: AsyncSequence & Sendable>(
        events: Events, statuses: AsyncStream<ConnectionStatus>, heartbeats: AsyncStream<Void>?,
        stop: @escaping @Sendable () async -> Void, finished: @escaping @Sendable () async -> Void,
        options: ConnectOptions, output: ConnectOutput,
        render: @escaping @Sendable (Events.Element, inout JSONWriter) -> Void
    ) async -> Int32 where Events.Element: Sendable {
        stopper.withLock { $0 = stop }
        if stopRequested.withLock({ $0 }) { await stop() }
        let statusTask = Task {
            var attempt = 0
            var last: ConnectionStatus?
            for await status in statuses {
                if case .connecting = status { attempt += 1 }
                let shown = if case .reconnecting = status { attempt + 1 } else { attempt }
                tap?.status(status)
                output.status(status, attempt: shown)
                last = status
            }
            return last
        }
        let heartbeatTask = Task {
            guard let heartbeats else { return }
            for await _ in heartbeats where options.showHeartbeats {
                output.heartbeat { writer in
                    writer.key("type")
                    writer.string("heartbeat")
                }
            }
        }
        var durationTask: Task<Void, Never>?
        if let duration = options.duration {
            durationTask = Task {
                try? await Task.sleep(for: .milliseconds(Int64((duration * 1000).rounded())))
                if !Task.isCancelled { await stop() }
            }
        }
        var failure: ReasonCode?
        var count = 0
        do {
            for try await event in events {
                output.line { writer in
                    writer.key("event")
                    writer.beginObject()
                    render(event, &writer)
                    writer.endObject()
                }
                count += 1
                if let maxEvents = options.maxEvents, count >= maxEvents {
                    await stop()
                    break
                }
            }
        } catch let error as ReconnectFailure {
            failure = error.reason
        } catch {
            failure = "unclassified-error"
        }
        await finished()
        durationTask?.cancel()
        let last = await statusTask.value
        heartbeatTask.cancel()
        if case let .failed(reason)? = last { failure = reason }
        if let failure {
            output.error(code: failure.rawValue, message: "gave up: \(failure)")
            return ConnectExitCode.gaveUp
        }
        return ConnectExitCode.stopped
    }
}

/// Option mapping and rendering for the HTTP clients.
enum HTTPConnect {
    /// `--ca-cert` (added to the system roots); `--pin-sha256` cannot be expressed on AsyncHTTPClient.
    static func httpConfiguration(_ options: ConnectOptions) throws(ConnectUsageError) -> HTTPClientConfiguration {
        if options.pinSHA256 != nil {
            throw ConnectUsageError(
                code: "bad-option", message: "--pin-sha256 is not supported by the HTTP clients (use --ca-cert)")
        }
        var http = HTTPClientConfiguration()
        if let caCert = options.caCert {
            do throws(TLSError) {
                http.tls = TLSClientOptions(trust: .additionalRoots(try TLSCertificate.loadPEMFile(caCert)))
            } catch {
                throw ConnectUsageError(code: error.code, message: "--ca-cert: \(error.message)")
            }
        }
        return http
    }

    /// `--header` values as session headers (credential headers stay marked sensitive).
    static func headers(_ options: ConnectOptions) throws(ConnectUsageError) -> [HTTPSessionHeader] {
        try options.parsedHeaders().map { HTTPSessionHeader($0.name, $0.value.revealed, isSensitive: $0.isSensitive) }
    }

    /// `--backoff` and `--max-retries` applied to a policy.
    static func apply(_ options: ConnectOptions, to policy: inout ReconnectPolicy) throws(ConnectUsageError) {
        var reconnect = SupervisorConfiguration(policy: policy)
        try options.apply(to: &reconnect)
        policy = reconnect.policy
    }

    static func sseClient(_ options: ConnectOptions, http: HTTPClientConfiguration) throws(ConnectUsageError) -> SSEClient {
        if options.subscription != nil || options.resumeToken != nil || options.noAutoAck {
            throw ConnectUsageError(
                code: "bad-option", message: "--subscription, --resume-token and --no-auto-ack are eventstreamer options")
        }
        var configuration = SSESessionConfiguration.profile(options.profile, url: options.url)
        configuration.headers = try headers(options)
        configuration.lastEventID = options.lastEventID ?? ""
        if let idle = options.idleTimeout { configuration.idleTimeout = .milliseconds(Int64((idle * 1000).rounded())) }
        try apply(options, to: &configuration.policy)
        do throws(TLSError) {
            return try SSEClient(configuration, credentials: options.tokenProvider(), http: http)
        } catch {
            throw ConnectUsageError(code: error.code, message: error.message)
        }
    }

    static func eventStreamerClient(
        _ options: ConnectOptions, http: HTTPClientConfiguration
    ) throws(ConnectUsageError) -> EventStreamerClient {
        guard let subscription = options.subscription, !subscription.isEmpty else {
            throw ConnectUsageError(code: "missing-option", message: "eventstreamer needs --subscription ID")
        }
        if options.lastEventID != nil {
            throw ConnectUsageError(code: "bad-option", message: "--last-event-id is an sse option")
        }
        var configuration = EventStreamerSessionConfiguration.profile(
            options.profile, baseURL: options.url, subscriptionID: subscription)
        configuration.headers = try headers(options)
        configuration.resumeToken = options.resumeToken
        if options.noAutoAck { configuration.acknowledgement = .manual }
        if let idle = options.idleTimeout { configuration.idleTimeout = .milliseconds(Int64((idle * 1000).rounded())) }
        try apply(options, to: &configuration.policy)
        do throws(TLSError) {
            return try EventStreamerClient(configuration, credentials: options.tokenProvider(), http: http)
        } catch {
            throw ConnectUsageError(code: error.code, message: error.message)
        }
    }

    /// As `harness decode sse` prints an event: `{"event":<type>,"data":<data>,"id":<last event id>}`.
    @Sendable static func renderSSE(_ event: SSEStreamEvent, _ writer: inout JSONWriter) {
        writer.key("event")
        writer.string(event.event.type)
        writer.key("data")
        writer.string(event.event.data)
        writer.key("id")
        writer.string(event.event.lastEventID)
    }

    /// As `harness decode eventstreamer` prints a batch (the SDK's `model_dump(mode="json")`).
    @Sendable static func renderBatch(_ batch: StreamingEventBatch, _ writer: inout JSONWriter) {
        ModelDumpWriter.writeMembers(of: .eventBatch(batch), to: &writer)
    }
}
