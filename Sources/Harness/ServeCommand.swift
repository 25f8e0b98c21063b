import ArgumentParser
import Foundation
import HarnessKit
import MockServers
import TransportNIO
import WebSocketNIO

/// `harness serve central|eisy|stream|eventstreamer|sse|echo [options]`: a mock server for one service (or the
/// WebSocket echo server Autobahn's fuzzingclient uses). Prints the base URL as stdout's first line and nothing
/// else on stdout; runs until SIGTERM or SIGINT. Options and behaviour: `Sources/MockServers/Docs/mock-servers.md`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run a mock server (central, eisy, stream, eventstreamer, sse, echo).")

    @Argument(help: "Service: central, eisy, stream, eventstreamer, sse, echo.")
    var kind: String

    @Option(help: "TCP port (0 = an ephemeral port).")
    var port: Int = 0

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Flag(help: "Serve TLS (wss:// or https://); central always does.")
    var tls = false

    @Option(help: "Certificate chain PEM for --tls, leaf first (default: a generated self-signed one for 127.0.0.1 and localhost).")
    var cert: String?

    @Option(help: "Private key PEM for --cert.")
    var key: String?

    @Option(name: .customLong("cert-out"), help: "Write the served certificate's PEM here (for clients to trust).")
    var certOut: String?

    @Option(name: .customLong("token"), help: "A credential the mock accepts (repeatable; order matters).")
    var tokens: [String] = []

    @Option(help: "eisy Basic auth user (with --password).")
    var user: String?

    @Option(help: "eisy Basic auth password.")
    var password: String?

    @Option(help: "Fixture folder (format v1) to serve instead of the bundled one.")
    var fixture: String?

    @Option(help: "Content events per second per connection (0 = as fast as the client reads; default 2).")
    var rate: Double = 2

    @Option(help: "Serve this many content events, then end each stream.")
    var count: Int?

    @Option(name: .customLong("fault"), help: "KIND[:ARG][@K | @K-] (repeatable; see the fault grammar).")
    var faults: [String] = []

    @Option(help: "Write the NDJSON server log here.")
    var log: String?

    @Option(help: "Seconds between the service's keep-alives (SSE comment, eisy _0, heartbeat lines, health.check).")
    var heartbeat: Double?

    @Option(help: "SSE: send 'retry: MS' at the start of each stream.")
    var retry: Int?

    @Option(help: "eisy: seconds of quiet between the replay burst and live events (default 2.5).")
    var quiet: Double = 2.5

    @Flag(help: "echo: accept permessage-deflate offers (RFC 7692).")
    var deflate = false

    @Option(name: .customLong("max-message"), help: "echo: message size limit in bytes (default 32 MiB).")
    var maxMessage: Int = 32 << 20

    func validate() throws {
        let kinds = MockServiceKind.allCases.map(\.rawValue) + ["echo"]
        guard kinds.contains(kind) else {
            throw ValidationError("<service>: unknown service '\(kind)' (known: \(kinds.joined(separator: ", ")))")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port: must be 0...65535") }
        guard rate.isFinite, rate >= 0 else { throw ValidationError("--rate: must be a number >= 0") }
        if let count, count < 0 { throw ValidationError("--count: must be >= 0") }
        if let heartbeat, !(heartbeat.isFinite && heartbeat > 0) {
            throw ValidationError("--heartbeat: must be a number of seconds > 0")
        }
        if let retry, retry < 0 { throw ValidationError("--retry: must be >= 0") }
        guard quiet.isFinite, quiet >= 0 else { throw ValidationError("--quiet: must be a number >= 0") }
        do {
            try tlsOptions.validate()
        } catch {
            throw ValidationError(error.description)
        }
        if (user == nil) != (password == nil) { throw ValidationError("--user: --user and --password go together") }
        for text in faults {
            do { _ = try FaultSpec.parse(text) } catch { throw ValidationError("--fault: \(error.message)") }
        }
    }

    func run() async throws {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        if kind == "echo" {
            try await runEcho()
            return
        }
        guard let service = MockServiceKind(rawValue: kind) else { throw ExitCode(64) }
        var options = MockServerOptions()
        options.tls = try tlsServerOptions().map(TLSServeOptions.mockTLSProvider)
        options.host = host
        options.port = port
        options.tokens = tokens
        options.user = user
        options.password = password
        options.fixture = fixture
        options.rate = rate
        options.count = count
        options.faults = faults.compactMap { try? FaultSpec.parse($0) }
        options.heartbeatSeconds = heartbeat
        options.retryMilliseconds = retry
        options.quietSeconds = quiet
        let ready = options
        let logPath = log
        let server: MockServer
        do {
            server = try await ServeRunner.start(service, options: ready, logPath: logPath)
        } catch let error as MockServerError {
            let option = switch error.kind {
            case .logUnwritable: "--log"
            case .fixtureUnusable: "--fixture"
            case .bindFailed: "--port"
            case .invalidOption: "<service>"
            }
            FileHandle.standardError.write(Data("harness serve: \(option): \(error.message)\n".utf8))
            throw ExitCode(64)
        }
        FileHandle.standardOutput.write(Data((server.url + "\n").utf8))
        await waitForTermination()
        await server.stop()
    }

    /// `--tls`, `--cert`, `--key`, `--cert-out` as the options every mock shares. `central` always serves TLS:
    /// pycentral only speaks `wss://` (service-profiles §1.1).
    private var tlsOptions: TLSServeOptions {
        var options = TLSServeOptions()
        options.enabled = tls || kind == MockServiceKind.central.rawValue
        options.certificatePath = cert
        options.keyPath = key
        options.certificateOutputPath = certOut
        return options
    }

    /// The server's TLS settings (nil without `--tls`), the generated certificate written to `--cert-out`; an
    /// unusable certificate or key file prints one line on stderr and exits with status 64.
    private func tlsServerOptions() throws -> TLSServerOptions? {
        do {
            return try tlsOptions.makeServerOptions()
        } catch {
            FileHandle.standardError.write(Data("harness serve: --tls: \(error)\n".utf8))
            throw ExitCode(64)
        }
    }

    private func runEcho() async throws {
        var echoConfiguration = WebSocketServerConfiguration.echoServer(maxMessageSize: maxMessage)
        echoConfiguration.acceptDeflate = deflate
        echoConfiguration.transportSecurity = try tlsServerOptions()
        let configuration = echoConfiguration
        let host = self.host
        let port = self.port
        let server = try await WebSocketServer.start(host: host, port: port, configuration: configuration) {
            socket in
            await echo(socket)
        }
        FileHandle.standardOutput.write(Data((server.url + "\n").utf8))
        await waitForTermination()
        try await server.stop()
    }
}

/// Echoes every message of `socket` back with the same type until the connection ends.
private func echo(_ socket: WebSocket) async {
    do {
        for try await message in socket.messages {
            try await socket.send(message)
        }
    } catch {
        // The peer broke the protocol or went away; the codec already sent the right close code.
    }
}

/// Returns once SIGTERM or SIGINT arrives.
private func waitForTermination() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let once = ResumeOnce(continuation)
        for signalNumber in [SIGTERM, SIGINT] {
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { once.resume() }
            source.resume()
            SignalSources.keep(source)
        }
    }
}

/// Resumes a continuation at most once.
private final class ResumeOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?

    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }

    func resume() {
        let pending = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            defer { continuation = nil }
            return continuation
        }
        pending?.resume()
    }
}

/// Keeps the signal sources alive for the life of the process.
private enum SignalSources {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
    private static let lock = NSLock()

    static func keep(_ source: any DispatchSourceSignal) { lock.withLock { sources.append(source) } }
}
