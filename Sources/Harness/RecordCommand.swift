import ArgumentParser
import Foundation
import HarnessKit

/// `harness record central|eisy|stream|sse|eventstreamer URL --out DIR [connect options]` (issue 18): connects
/// like `harness connect` (same options, same NDJSON on stdout) and writes what the transport read as a fixture
/// folder that `harness replay DIR` and `harness serve <service> --fixture DIR` take. Exit 0 stopped, 69 gave
/// up (the recording is still written), 64 bad options, 65 a secret in the payload, 73 DIR not writable. The
/// logic is `HarnessKit.RecordRunner`; this file only maps arguments.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a live stream as a replayable fixture (central, eisy, stream, sse, eventstreamer).")

    @Argument(help: "Service: central, eisy, stream, sse, eventstreamer.") var service: String
    @Argument(help: "The service's URL, as for harness connect (with --listen: the upstream, unless --upstream).")
    var url: String?
    @Option(help: "The fixture folder to write (must not exist, or be empty).") var out: String
    @Flag(help: "Proxy mode: listen for a client of your own, connect it to the upstream, record what passes.")
    var listen = false
    @Option(help: "Proxy mode: the upstream service URL.") var upstream: String?
    @Option(help: "Proxy mode: address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Proxy mode: TCP port (0 = an ephemeral port).") var port: Int = 0
    @Flag(help: "Proxy mode: listen with TLS (always on when the upstream is wss:// or https://).") var tls = false
    @Option(help: "Proxy mode: certificate chain PEM for TLS (default: a generated self-signed one).") var cert: String?
    @Option(help: "Proxy mode: private key PEM for --cert.") var key: String?
    @Option(name: .customLong("cert-out"), help: "Proxy mode: write the listener's certificate PEM here.") var certOut: String?
    @Option(name: .customLong("fault"), help: "Proxy mode: KIND[:ARG][@K | @K-] at the upstream's message boundaries (repeatable).")
    var faults: [String] = []
    @Flag(name: .customLong("allow-secret-in-payload"), help: "Write the recording even if a secret's bytes are in the payload.")
    var allowSecretInPayload = false
    @OptionGroup var connect: ConnectArguments

    func validate() throws {
        if !listen {
            guard url != nil else { throw ValidationError("<url>: missing (or use --listen)") }
            let proxyOnly: [(String, Bool)] = [
                ("--upstream", upstream != nil), ("--tls", tls), ("--cert", cert != nil), ("--key", key != nil),
                ("--cert-out", certOut != nil), ("--fault", !faults.isEmpty), ("--port", port != 0),
            ]
            if let (flag, _) = proxyOnly.first(where: { $0.1 }) { throw ValidationError("\(flag): needs --listen") }
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port: must be 0...65535") }
    }

    func run() async throws {
        if listen {
            try await runProxy()
            return
        }
        var options = RecordOptions()
        options.connect = connect.options(url: url ?? "")
        options.out = out
        options.allowSecretInPayload = allowSecretInPayload
        let ready = options
        let service = self.service
        let runner = RecordRunner()
        let sources = stopOnSignals { runner.stop() }
        let status = await runner.run(service: service, options: ready, output: .standard())
        sources.forEach { $0.cancel() }
        if status != 0 { throw ExitCode(status) }
    }

    /// Proxy mode (`--listen`): `HarnessKit.ProxyRecorder`.
    private func runProxy() async throws {
        var options = ProxyRecordOptions()
        options.record.connect = connect.options(url: upstream ?? url ?? "")
        options.record.out = out
        options.record.allowSecretInPayload = allowSecretInPayload
        options.host = host
        options.port = port
        options.tls.enabled = tls
        options.tls.certificatePath = cert
        options.tls.keyPath = key
        options.tls.certificateOutputPath = certOut
        options.faults = faults
        let ready = options
        let service = self.service
        let recorder = ProxyRecorder()
        let sources = stopOnSignals { recorder.stop() }
        let status = await recorder.run(service: service, options: ready, output: .standard())
        sources.forEach { $0.cancel() }
        if status != 0 { throw ExitCode(status) }
    }
}
