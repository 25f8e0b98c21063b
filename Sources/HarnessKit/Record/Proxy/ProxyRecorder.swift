import Foundation
import MockServers
import TransportNIO

/// The options of proxy mode, `harness record <service> --listen [--upstream URL] --out DIR [--fault SPEC …]`
/// (issue 18): a user's own client connects to us, we connect to the upstream and record what passes.
public struct ProxyRecordOptions: Sendable {
    /// `--out`, `--allow-secret-in-payload`, and of the connect options: the upstream URL (`url`, which
    /// `--upstream` sets), `--ca-cert` / `--pin-sha256` (trust for the upstream), `--duration`, `--max-events`.
    public var record = RecordOptions()
    /// Address and port to listen on (0: ephemeral).
    public var host = "127.0.0.1"
    public var port = 0
    /// TLS for the listening side: `--tls`, `--cert`/`--key`, `--cert-out`. It is on whenever the upstream is
    /// `wss://` or `https://`, so a client that only speaks TLS (pycentral) can use the proxy.
    public var tls = TLSServeOptions()
    /// `--fault` values, counted on the upstream's messages (`ProxyFaults`).
    public var faults: [String] = []

    public init() {}
}

/// Runs proxy mode: prints `{"listening":"<url>"}` (the URL to point the client at: our address with the
/// upstream's path) as stdout's first line, records until `stop()`, `--duration` or `--max-events` content
/// messages, then writes the fixture folder as `harness record URL` does, each client's WebSocket messages kept
/// with their credentials redacted. Exit: 0, 64 bad options, 65 a secret in the payload, 69 nothing recorded
/// or the listener cannot start, 73 the folder cannot be written.
public final class ProxyRecorder: Sendable {
    private let stopSignal = AsyncStream<Void>.makeStream()

    public init() {}

    /// Ends the recording (SIGINT/SIGTERM).
    public func stop() { stopSignal.continuation.yield() }

    public func run(service: String, options: ProxyRecordOptions, output: ConnectOutput) async -> Int32 {
        let listener: ProxyListener
        let url: String
        do throws(RecordError) {
            guard let kind = RecordService(rawValue: service) else {
                throw RecordError(code: "unsupported-service",
                                  message: "service '\(service.prefix(32))' is not central, eisy, stream, sse or eventstreamer",
                                  exitStatus: 64)
            }
            try RecordRunner.checkOutput(options.record.out)
            let specs = try ProxyFaults.parse(options.faults, service: kind)
            let upstream = try Self.upstream(options.record.connect)
            var tls = options.tls
            if upstream.tls != nil { tls.enabled = true }
            let serverTLS: TLSServerOptions?
            do { serverTLS = try tls.makeServerOptions() } catch {
                throw RecordError(code: "bad-option", message: "--tls: \(error)", exitStatus: 64)
            }
            listener = ProxyListener(service: kind, upstream: upstream, specs: specs, tls: serverTLS)
            let port: Int
            do { port = try await listener.start(host: options.host, port: options.port) } catch {
                throw RecordError(code: "listen-failed", message: "cannot listen on \(options.host):\(options.port)", exitStatus: 69)
            }
            let scheme = kind.isWebSocket ? (serverTLS == nil ? "ws" : "wss") : (serverTLS == nil ? "http" : "https")
            let path = URLComponents(string: options.record.connect.url)?.percentEncodedPath ?? ""
            url = "\(scheme)://\(options.host):\(port)\(path)"
        } catch {
            output.error(code: error.code, message: error.message)
            return error.exitStatus
        }
        output.line { writer in
            writer.key("listening"); writer.string(url)
        }
        await waitForEnd(listener, options.record.connect)
        await listener.stop()
        let (connections, secrets) = listener.recordings
        let redacted = connections.map { Self.redact($0, secrets: RecordSecrets.searchable(secrets)) }
        do throws(RecordError) {
            guard let kind = RecordService(rawValue: service) else { return 64 }
            var recordOptions = options.record
            recordOptions.proxied = true
            let written = try RecordRunner.write(kind, connections: redacted, observedSecrets: secrets, options: recordOptions)
            output.log("recorded \(written) connection(s) to \(options.record.out)")
        } catch {
            output.error(code: error.code, message: error.message)
            return error.exitStatus
        }
        return 0
    }

    /// Returns on `stop()`, after `--duration`, or once `--max-events` content messages went to clients.
    private func waitForEnd(_ listener: ProxyListener, _ options: ConnectOptions) async {
        let deadline = options.duration.map { ContinuousClock.now + .milliseconds(Int64(($0 * 1000).rounded())) }
        let stops = stopSignal.stream
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in stops { return }
            }
            group.addTask {
                while !Task.isCancelled {
                    if let maxEvents = options.maxEvents, listener.messagesForwarded >= maxEvents { return }
                    if let deadline, ContinuousClock.now >= deadline { return }
                    try? await Task.sleep(for: .milliseconds(20))
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// The upstream from the URL: host, port (the scheme's default), TLS with the connect options' trust.
    static func upstream(_ options: ConnectOptions) throws(RecordError) -> ProxyListener.Upstream {
        guard !options.url.isEmpty else {
            throw RecordError(code: "missing-option", message: "--upstream URL (or the URL argument) is missing", exitStatus: 64)
        }
        guard let components = URLComponents(string: options.url), let host = components.host, !host.isEmpty,
              let scheme = components.scheme?.lowercased(), ["ws", "wss", "http", "https"].contains(scheme) else {
            throw RecordError(code: "bad-option", message: "--upstream must be a ws, wss, http or https URL", exitStatus: 64)
        }
        let secure = scheme == "wss" || scheme == "https"
        let port = components.port ?? (secure ? 443 : 80)
        var tls: TLSClientOptions?
        if secure {
            do throws(ConnectUsageError) { tls = TLSClientOptions(trust: try options.tlsTrust() ?? .system) } catch {
                throw RecordError(code: error.code, message: error.message, exitStatus: 64)
            }
        }
        let authority = components.port.map { "\(host):\($0)" } ?? host
        return ProxyListener.Upstream(host: host, port: port, tls: tls, authority: authority)
    }

    /// The client's messages with every secret's bytes replaced by `[redacted]`.
    static func redact(_ connection: RecordedConnection, secrets: [[UInt8]]) -> RecordedConnection {
        var copy = connection
        for index in copy.clientMessages.indices {
            guard var content = copy.clientMessages[index].content else { continue }
            for secret in secrets { content = replace(secret, in: content) }
            copy.clientMessages[index].content = content
        }
        return copy
    }

    static func replace(_ needle: [UInt8], in haystack: [UInt8]) -> [UInt8] {
        guard !needle.isEmpty, needle.count <= haystack.count else { return haystack }
        let mark = Array("[redacted]".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(haystack.count)
        var index = 0
        while index < haystack.count {
            if index &+ needle.count <= haystack.count, haystack[index] == needle[0],
               haystack[index..<(index &+ needle.count)].elementsEqual(needle) {
                out += mark
                index &+= needle.count
            } else {
                out.append(haystack[index])
                index &+= 1
            }
        }
        return out
    }
}
