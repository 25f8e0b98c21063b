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
    @Argument(help: "The service's URL, as for harness connect.") var url: String
    @Option(help: "The fixture folder to write (must not exist, or be empty).") var out: String
    @Flag(name: .customLong("allow-secret-in-payload"), help: "Write the recording even if a secret's bytes are in the payload.")
    var allowSecretInPayload = false
    @OptionGroup var connect: ConnectArguments

    func run() async throws {
        var options = RecordOptions()
        options.connect = connect.options(url: url)
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
}
