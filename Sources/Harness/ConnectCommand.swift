import ArgumentParser
import Foundation
import HarnessKit

/// `harness connect central|eisy|stream|sse|eventstreamer URL [options]`: runs our client for the service and prints NDJSON
/// (events, status changes, a last error line when it gives up). Exit 0 stopped, 69 gave up, 64 bad options.
/// The logic is `HarnessKit.ConnectRunner`, the options `HarnessKit.ConnectArguments`; this file only maps them.
struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Connect a service client and print NDJSON (central, eisy, stream, sse, eventstreamer).")

    @Argument(help: "Service: central, eisy, stream, sse, eventstreamer.") var service: String
    @Argument(help: "The service's base URL (wss://HOST[:PORT] or https://HOST[:PORT]); sse: the stream URL.") var url: String
    @OptionGroup var connect: ConnectArguments

    func run() async throws {
        let ready = connect.options(url: url)
        let service = self.service
        let runner = ConnectRunner()
        let sources = stopOnSignals { runner.stop() }
        let status = await runner.run(service: service, options: ready, output: .standard())
        sources.forEach { $0.cancel() }
        if status != 0 { throw ExitCode(status) }
    }
}

/// Ignores SIGINT/SIGTERM and calls `stop` when one arrives; cancel the sources when done.
func stopOnSignals(_ stop: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    return [SIGINT, SIGTERM].map { number in
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { stop() }
        source.resume()
        return source
    }
}
