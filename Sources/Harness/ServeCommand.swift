import ArgumentParser
import Foundation
import HarnessKit
import WebSocketNIO

/// `harness serve echo [--port N] [--host H] [--deflate] [--tls [--cert PEM --key PEM] [--cert-out PEM]]`: an
/// in-process WebSocket echo server (text as text, binary as binary) for Autobahn's fuzzingclient, TLS interop
/// and manual tests. Prints its URL (`ws://` or `wss://`) as stdout's first line and runs until SIGTERM or SIGINT.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run a mock WebSocket server (echo) and print its URL.")

    @Argument(help: "Server kind: echo.")
    var kind: String

    @Option(help: "TCP port (0 = an ephemeral port).")
    var port: Int = 0

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Flag(help: "Accept permessage-deflate offers (RFC 7692).")
    var deflate = false

    @Option(name: .customLong("max-message"), help: "Message size limit in bytes (default 32 MiB, for Autobahn 9.x).")
    var maxMessage: Int = 32 << 20

    @OptionGroup var tls: TLSServeArguments

    func validate() throws {
        guard kind == "echo" else { throw ValidationError("unknown server kind '\(kind)' (known: echo)") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
    }

    func run() throws {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        var echoConfiguration = WebSocketServerConfiguration.echoServer(maxMessageSize: maxMessage)
        echoConfiguration.acceptDeflate = deflate
        echoConfiguration.transportSecurity = try tls.serverOptions()
        let configuration = echoConfiguration
        let host = self.host
        let port = self.port
        try runBlocking {
            let server = try await WebSocketServer.start(host: host, port: port, configuration: configuration) {
                socket in
                await echo(socket)
            }
            FileHandle.standardOutput.write(Data((server.url + "\n").utf8))
            await waitForTermination()
            try await server.stop()
        }
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
