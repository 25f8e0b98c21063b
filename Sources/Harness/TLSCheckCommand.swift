import ArgumentParser
import Codecs
import Foundation
import HarnessKit
import TransportNIO
import WebSocketNIO

/// `harness tls-check URL [--ca PEM | --pin SHA256 | --insecure] [--send TEXT]`: opens a `wss://` (or `ws://`)
/// connection with our client, sends TEXT and waits for the first message back (an echo server's answer).
/// Prints `{"url":…,"received":…}`, or `{"error":{"code":…,"message":…,"offset":null}}` and exits with status 1;
/// a TLS refusal shows its `tls-…` code. For checking what our client accepts from a server (CI interop, a LAN
/// device's certificate).
struct TLSCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tls-check", abstract: "Connect our WebSocket client to URL, send a message and print the reply.")

    @Argument(help: "wss:// or ws:// URL.")
    var url: String

    @Option(help: "Also trust the certificates in this PEM file as roots.")
    var ca: String?

    @Option(help: "Accept only the certificate with this SHA-256 fingerprint (hex, colons allowed).")
    var pin: String?

    @Flag(help: "Accept any certificate (no verification; logs a warning).")
    var insecure = false

    @Option(help: "Text message to send.")
    var send: String = "tls-check"

    @Option(help: "TLS handshake timeout in seconds.")
    var timeout: Double = 10

    func run() async throws {
        let trust: TLSClientOptions.Trust
        do {
            trust = try self.trust()
        } catch {
            FileHandle.standardError.write(Data("harness tls-check: \(error)\n".utf8))
            throw ExitCode(64)
        }
        var configuration = WebSocketClientConfiguration()
        configuration.transportSecurity = TLSClientOptions(
            trust: trust, handshakeTimeout: .milliseconds(Int64(max(timeout, 0.001) * 1000)))
        let client = WebSocketClient(configuration: configuration)
        let url = self.url
        let text = send
        let output = TLSCheckOutput()
        do {
            let socket = try await client.connect(to: url)
            try await socket.send(text: text)
            var iterator = socket.messages.makeAsyncIterator()
            let reply = try await iterator.next()
            _ = try? await socket.close(code: 1000, reason: "")
            var writer = JSONWriter(capacity: 256)
            writer.beginObject()
            writer.key("url")
            writer.string(url)
            writer.key("received")
            switch reply {
            case .text(let received): writer.string(received)
            case .binary(let bytes): writer.string("<\(bytes.count) binary bytes>")
            case nil: writer.null()
            }
            writer.endObject()
            writer.endLine()
            output.set(writer.bytes, failed: false)
        } catch {
            var writer = JSONWriter(capacity: 256)
            let codecError = error as? any CodecError
            writer.beginObject()
            writer.key("error")
            writer.beginObject()
            writer.key("code")
            writer.string(codecError?.code ?? "connect-failed")
            writer.key("message")
            writer.string(codecError?.message ?? "\(error)")
            writer.key("offset")
            writer.null()
            writer.endObject()
            writer.endObject()
            writer.endLine()
            output.set(writer.bytes, failed: true)
        }
        let (bytes, failed) = output.get()
        FileHandle.standardOutput.write(Data(bytes))
        if failed { throw ExitCode(1) }
    }

    /// The trust choice from `--ca`, `--pin`, `--insecure` (at most one).
    private func trust() throws -> TLSClientOptions.Trust {
        let chosen = [ca != nil, pin != nil, insecure].filter { $0 }.count
        guard chosen <= 1 else { throw ValidationError("--ca, --pin and --insecure exclude each other") }
        if let ca { return .additionalRoots(try TLSCertificate.loadPEMFile(ca)) }
        if let pin { return .pinned(try TLSFingerprint(hex: pin)) }
        return insecure ? .insecure : .system
    }
}

/// The line `tls-check` prints, handed from the async body to the command's thread.
private final class TLSCheckOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private var failed = false

    func set(_ bytes: [UInt8], failed: Bool) { lock.withLock { (self.bytes, self.failed) = (bytes, failed) } }
    func get() -> ([UInt8], Bool) { lock.withLock { (bytes, failed) } }
}
