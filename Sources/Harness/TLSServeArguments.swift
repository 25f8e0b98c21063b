import ArgumentParser
import Foundation
import HarnessKit
import TransportNIO

/// `--tls [--cert PEM --key PEM] [--cert-out PEM]`, shared by every `harness serve` mock (`@OptionGroup`).
struct TLSServeArguments: ParsableArguments {
    @Flag(help: "Serve TLS (wss:// or https://); without --cert a self-signed certificate for 127.0.0.1 and localhost is generated.")
    var tls = false

    @Option(help: "Certificate chain PEM file (leaf first); needs --key and --tls.")
    var cert: String?

    @Option(help: "Private key PEM file for --cert.")
    var key: String?

    @Option(name: .customLong("cert-out"), help: "Write the served certificate's PEM here (for clients to trust).")
    var certOut: String?

    var options: TLSServeOptions {
        var options = TLSServeOptions()
        options.enabled = tls
        options.certificatePath = cert
        options.keyPath = key
        options.certificateOutputPath = certOut
        return options
    }

    /// The server's TLS settings, or nil without `--tls`. A bad combination or unusable file prints one line on
    /// stderr and exits with status 64.
    func serverOptions() throws -> TLSServerOptions? {
        do {
            return try options.makeServerOptions()
        } catch {
            throw usage("\(error)")
        }
    }

    private func usage(_ line: String) -> ExitCode {
        FileHandle.standardError.write(Data("harness serve: \(line)\n".utf8))
        return ExitCode(64)
    }
}
