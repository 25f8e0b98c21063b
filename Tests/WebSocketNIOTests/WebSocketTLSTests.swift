import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import TransportNIO
import WebSocketNIO

/// `wss://` between our client and our in-process TLS server on loopback, one rule per test: what is trusted
/// connects, every refusal is the typed `TLSError` naming its reason (RFC 5280 §6 path validation and validity,
/// RFC 6125 §6 host names, the pin), and faults from a "TLS" server end within the handshake timeout.
@Suite struct WebSocketTLSTests {
    /// A TLS echo server presenting `identity`.
    static func startServer(_ identity: TLSServerIdentity) async throws -> WebSocketServer {
        var configuration = WebSocketServerConfiguration()
        configuration.transportSecurity = TLSServerOptions(identity: identity)
        return try await WebSocketServer.start(configuration: configuration) { socket in
            do {
                for try await message in socket.messages { try await socket.send(message) }
            } catch {}
        }
    }

    static func client(_ trust: TLSClientOptions.Trust, handshakeTimeout: Duration = .seconds(10),
                       logger: Logger = Logger(label: "test")) -> WebSocketClient {
        var configuration = WebSocketClientConfiguration()
        configuration.transportSecurity = TLSClientOptions(
            trust: trust, handshakeTimeout: handshakeTimeout, logger: logger)
        return WebSocketClient(configuration: configuration)
    }

    /// Connects, sends one text message and expects it back, then closes cleanly.
    static func expectEcho(_ client: WebSocketClient, url: String) async throws {
        let socket = try await client.connect(to: url)
        var iterator = socket.messages.makeAsyncIterator()
        try await socket.send(text: "over TLS")
        #expect(try await iterator.next() == .text("over TLS"))
        let info = try await socket.close(code: 1000, reason: "")
        #expect(info.wasClean)
    }

    /// Expects `connect` to fail with the `TLSError` whose code is `code`; returns it.
    @discardableResult
    static func expectFailure(_ code: String, _ client: WebSocketClient, url: String) async -> TLSError? {
        do {
            let socket = try await client.connect(to: url)
            _ = try? await socket.close()
            Issue.record("connected, expected \(code)")
            return nil
        } catch let error as TLSError {
            #expect(error.code == code, "\(error)")
            return error
        } catch {
            Issue.record("expected TLSError \(code), got \(type(of: error)): \(error)")
            return nil
        }
    }

    @Test func generatedCertificateTrustedAsExtraRootConnects() async throws {
        let identity = try TLSServerIdentity.selfSigned()
        let server = try await Self.startServer(identity)
        #expect(server.url.hasPrefix("wss://127.0.0.1:"))
        try await Self.expectEcho(Self.client(.additionalRoots(identity.certificateChain)), url: server.url)
        try await server.stop()
    }

    @Test func hostNameIsMatchedAgainstDNSNamesWithSNI() async throws {
        let identity = try TLSServerIdentity.selfSigned()
        let server = try await Self.startServer(identity)
        try await Self.expectEcho(
            Self.client(.additionalRoots(identity.certificateChain)), url: "wss://localhost:\(server.port)/")
        try await server.stop()
    }

    @Test func generatedCertificateRoundTripsThroughItsPEMFile() async throws {
        let identity = try TLSServerIdentity.selfSigned()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString).pem").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try identity.writeCertificatePEM(to: path)
        let roots = try TLSCertificate.loadPEMFile(path)
        #expect(roots == identity.certificateChain)
        let server = try await Self.startServer(identity)
        try await Self.expectEcho(Self.client(.additionalRoots(roots)), url: server.url)
        try await server.stop()
    }

    @Test func selfSignedCertificateNotInTheSystemStoreIsUntrusted() async throws {
        let server = try await Self.startServer(try .selfSigned())
        let error = await Self.expectFailure("tls-untrusted", Self.client(.system), url: server.url)
        #expect(error?.isRetryable == false)
        #expect(error?.isCertificateFailure == true)
        try await server.stop()
    }

    @Test func trustingAnotherCertificateDoesNotTrustThisOne() async throws {
        let server = try await Self.startServer(try .selfSigned())
        let other = try TLSServerIdentity.selfSigned()
        await Self.expectFailure("tls-untrusted", Self.client(.additionalRoots(other.certificateChain)), url: server.url)
        try await server.stop()
    }

    @Test func trustedCertificateForAnotherHostIsAHostnameMismatch() async throws {
        let identity = try TLSServerIdentity.selfSigned(hosts: ["other.example", "127.0.0.2"])
        let server = try await Self.startServer(identity)
        let error = await Self.expectFailure(
            "tls-hostname-mismatch", Self.client(.additionalRoots(identity.certificateChain)), url: server.url)
        #expect(error == .hostnameMismatch(host: "127.0.0.1"))
        #expect(error?.isRetryable == false)
        try await server.stop()
    }

    @Test func trustedCertificatePastItsNotAfterIsExpired() async throws {
        let now = Date()
        let notAfter = now.addingTimeInterval(-86400)
        let identity = try TLSServerIdentity.selfSigned(
            notValidBefore: now.addingTimeInterval(-30 * 86400), notValidAfter: notAfter)
        let server = try await Self.startServer(identity)
        let error = await Self.expectFailure(
            "tls-expired", Self.client(.additionalRoots(identity.certificateChain)), url: server.url)
        if case .expired(let date) = error {
            #expect(abs(date.timeIntervalSince(notAfter)) < 1)
        }
        #expect(error?.isRetryable == false)
        try await server.stop()
    }

    @Test func trustedCertificateBeforeItsNotBeforeIsNotYetValid() async throws {
        let now = Date()
        let identity = try TLSServerIdentity.selfSigned(
            notValidBefore: now.addingTimeInterval(86400), notValidAfter: now.addingTimeInterval(30 * 86400))
        let server = try await Self.startServer(identity)
        await Self.expectFailure(
            "tls-not-yet-valid", Self.client(.additionalRoots(identity.certificateChain)), url: server.url)
        try await server.stop()
    }

    @Test func pinnedFingerprintOfTheServedCertificateConnects() async throws {
        // A pin names one certificate: not in any store, for another host, and expired, it is still accepted.
        let now = Date()
        let identity = try TLSServerIdentity.selfSigned(
            hosts: ["eisy.local"], notValidBefore: now.addingTimeInterval(-10 * 86400),
            notValidAfter: now.addingTimeInterval(-86400))
        let server = try await Self.startServer(identity)
        try await Self.expectEcho(Self.client(.pinned(identity.leaf.fingerprint)), url: server.url)
        let colonless = try TLSFingerprint(hex: identity.leaf.fingerprint.description.replacingOccurrences(of: ":", with: ""))
        try await Self.expectEcho(Self.client(.pinned(colonless)), url: server.url)
        try await server.stop()
    }

    @Test func pinnedFingerprintOfAnotherCertificateIsAPinMismatch() async throws {
        let identity = try TLSServerIdentity.selfSigned()
        let other = try TLSServerIdentity.selfSigned()
        let server = try await Self.startServer(identity)
        let error = await Self.expectFailure("tls-pin-mismatch", Self.client(.pinned(other.leaf.fingerprint)), url: server.url)
        #expect(error == .pinMismatch(expected: other.leaf.fingerprint, presented: identity.leaf.fingerprint))
        #expect(error?.isRetryable == false)
        try await server.stop()
    }

    @Test func insecureAcceptsAnyCertificateAndLogsAWarning() async throws {
        let records = NIOLockedValueBox<[(Logger.Level, String)]>([])
        let logger = Logger(label: "tls-test") { _ in RecordingLogHandler(records: records) }
        let server = try await Self.startServer(try .selfSigned(hosts: ["other.example"]))
        try await Self.expectEcho(Self.client(.insecure, logger: logger), url: server.url)
        let warnings = records.withLockedValue { $0 }.filter { $0.0 == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.1.contains("insecure") == true)
        try await server.stop()
    }

    @Test func verifyingClientsLogNothing() async throws {
        let records = NIOLockedValueBox<[(Logger.Level, String)]>([])
        let logger = Logger(label: "tls-test") { _ in RecordingLogHandler(records: records) }
        let identity = try TLSServerIdentity.selfSigned()
        let server = try await Self.startServer(identity)
        try await Self.expectEcho(Self.client(.additionalRoots(identity.certificateChain), logger: logger), url: server.url)
        #expect(records.withLockedValue { $0 }.isEmpty)
        try await server.stop()
    }

    @Test func garbageInsteadOfAServerHelloIsAHandshakeFailure() async throws {
        let server = try await RawTCPServer.start(.send(Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8)))
        let start = ContinuousClock.now
        let error = await Self.expectFailure(
            "tls-handshake-failed", Self.client(.system, handshakeTimeout: .seconds(60)),
            url: "wss://127.0.0.1:\(server.port)/")
        // Well before the 60 s handshake timeout: the garbage itself ends the handshake (bound loose for loaded CI).
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(error?.message.contains("WRONG_VERSION_NUMBER") == true, "\(String(describing: error))")
        await server.stop()
    }

    @Test func serverThatSaysNothingFailsAtTheHandshakeTimeout() async throws {
        let server = try await RawTCPServer.start(.silent)
        let start = ContinuousClock.now
        let error = await Self.expectFailure(
            "tls-handshake-timeout", Self.client(.system, handshakeTimeout: .milliseconds(300)),
            url: "wss://127.0.0.1:\(server.port)/")
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(5), "\(elapsed)")
        #expect(error?.isRetryable == true)
        await server.stop()
    }

    @Test func serverThatClosesAtOnceIsClosedDuringHandshake() async throws {
        let server = try await RawTCPServer.start(.closeImmediately)
        let error = await Self.expectFailure(
            "tls-closed-during-handshake", Self.client(.system, handshakeTimeout: .seconds(5)),
            url: "wss://127.0.0.1:\(server.port)/")
        #expect(error?.isRetryable == true)
        await server.stop()
    }

    @Test func plainClientAgainstTLSServerDoesNotHangIt() async throws {
        // The server's handshake handler refuses the cleartext upgrade request; a later TLS client still connects.
        let identity = try TLSServerIdentity.selfSigned()
        let server = try await Self.startServer(identity)
        let plainURL = server.url.replacingOccurrences(of: "wss://", with: "ws://")
        var configuration = WebSocketClientConfiguration()
        configuration.handshakeTimeout = .seconds(5)
        await #expect(throws: (any Error).self) {
            _ = try await WebSocketClient(configuration: configuration).connect(to: plainURL)
        }
        try await Self.expectEcho(Self.client(.additionalRoots(identity.certificateChain)), url: server.url)
        try await server.stop()
    }
}

/// Keeps every log record's level and message, for checking what a component logged.
struct RecordingLogHandler: LogHandler {
    let records: NIOLockedValueBox<[(Logger.Level, String)]>
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        records.withLockedValue { $0.append((event.level, event.message.description)) }
    }
}
