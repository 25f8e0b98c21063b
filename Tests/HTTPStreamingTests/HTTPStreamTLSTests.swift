import Foundation
import HTTPStreaming
import Reconnect
import SSE
import Testing
import TransportNIO

/// `https://` streams between `HTTPEventStream` (AsyncHTTPClient) and TransportNIO's in-process TLS server with a
/// certificate generated at start, one rule per test: TransportNIO's `TLSClientOptions` decide trust exactly as on
/// the WebSocket path, and every refusal is `HTTPStreamError.Kind.tls` with TransportNIO's code (RFC 5280 §6 path
/// validation, RFC 6125 §6 host names, the pin), classified as a TLS outcome, with no request sent.
@Suite("HTTPEventStream: TLS with TransportNIO's options")
struct HTTPStreamTLSTests {
    /// One event, then the body ends by closing the connection.
    static let script: @Sendable (ReceivedRequest) -> [ServerStep] = { _ in
        [sseHead(), .text("data: over TLS\n\n"), .close]
    }

    /// Streams from a TLS server presenting `identity` to `host` (the server listens on 127.0.0.1; `localhost`
    /// reaches it by name) with `trust`; returns the outcome and how many requests the server read.
    static func stream(
        server identity: TLSServerIdentity, trust: TLSClientOptions.Trust, host: String = "127.0.0.1",
        namesRefusals: Bool = true
    ) async throws -> (Outcome<SSEItem<SSEEvent>>, Int) {
        try await withStream(
            serverTLS: TLSServerOptions(identity: identity), clientTLS: TLSClientOptions(trust: trust),
            namesRefusals: namesRefusals, script: script
        ) { stream, server in
            var outcome = Outcome<SSEItem<SSEEvent>>()
            var body = SSEBodyDecoder()
            do {
                outcome.end = try await stream.run(
                    .serverSentEvents(url: "https://\(host):\(server.port)/events"), decoder: &body,
                    onItem: { outcome.items.append($0) })
            } catch {
                outcome.error = error
            }
            return (outcome, server.requests.count)
        }
    }

    static let delivered: [SSEItem<SSEEvent>] = [.event(SSEEvent(data: "over TLS"))]

    @Test("the generated certificate trusted as an extra root streams, by IP address and by DNS name with SNI")
    func trustedExtraRootStreams() async throws {
        let identity = try TLSServerIdentity.selfSigned()
        for host in ["127.0.0.1", "localhost"] {
            let (outcome, requests) = try await Self.stream(
                server: identity, trust: .additionalRoots(identity.certificateChain), host: host)
            #expect(outcome.error == nil, "\(host): \(String(describing: outcome.error))")
            #expect(outcome.items == Self.delivered)
            #expect(requests == 1)
        }
    }

    @Test("a self-signed certificate not in the trust store fails tls-untrusted before any request is sent")
    func untrustedFails() async throws {
        let identity = try TLSServerIdentity.selfSigned()
        let (outcome, requests) = try await Self.stream(server: identity, trust: .system)
        let error = try #require(outcome.streamError, "\(String(describing: outcome.error))")
        #expect(error.code == "tls-untrusted", "\(error)")
        #expect(error.connectionOutcome == .tls(.untrusted))
        #expect(requests == 0)
        #expect(outcome.items.isEmpty)
    }

    @Test("a trusted certificate out of its validity dates is named tls-expired / tls-not-yet-valid with the date (RFC 5280 §4.1.2.5); without the options, BoringSSL's bare tls-untrusted")
    func outOfDateCertificatesAreNamed() async throws {
        let day: TimeInterval = 86_400
        let now = Date()
        let expired = try TLSServerIdentity.selfSigned(
            notValidBefore: now.addingTimeInterval(-3 * day), notValidAfter: now.addingTimeInterval(-day))
        let early = try TLSServerIdentity.selfSigned(
            notValidBefore: now.addingTimeInterval(day), notValidAfter: now.addingTimeInterval(3 * day))
        let rows: [(String, TLSServerIdentity, Bool, String, Date?)] = [
            ("expired", expired, true, "tls-expired", now.addingTimeInterval(-day)),
            ("not yet valid", early, true, "tls-not-yet-valid", now.addingTimeInterval(day)),
            ("expired, no options to name it", expired, false, "tls-untrusted", nil),
        ]
        for (name, identity, names, code, date) in rows {
            let (outcome, requests) = try await Self.stream(
                server: identity, trust: .additionalRoots(identity.certificateChain), namesRefusals: names)
            let error = try #require(outcome.streamError, "\(name): \(String(describing: outcome.error))")
            #expect(error.code == code, "\(name): \(error)")
            #expect(error.connectionOutcome == .tls(code == "tls-untrusted" ? .untrusted : .expired), "\(name)")
            #expect(requests == 0, "\(name): the diagnostic handshake sends no request")
            guard case let .tls(tls) = error.kind else { continue }
            switch (tls, date) {
            case let (.expired(at), date?), let (.notYetValid(at), date?):
                #expect(abs(at.timeIntervalSince(date)) < 2, "\(name): \(at) vs \(date)")
            case let (.untrusted(reason), nil):
                #expect(reason.contains("CERTIFICATE_VERIFY_FAILED"), "\(name): \(reason)")
            default:
                Issue.record("\(name): \(tls)")
            }
        }
    }

    @Test("a trusted certificate for another host name fails tls-hostname-mismatch naming the host")
    func wrongHostFails() async throws {
        let identity = try TLSServerIdentity.selfSigned(hosts: ["stream.example"])
        let (outcome, requests) = try await Self.stream(
            server: identity, trust: .additionalRoots(identity.certificateChain))
        let error = try #require(outcome.streamError, "\(String(describing: outcome.error))")
        #expect(error.code == "tls-hostname-mismatch", "\(error)")
        if case let .tls(tls) = error.kind { #expect(tls == .hostnameMismatch(host: "127.0.0.1")) }
        #expect(error.connectionOutcome == .tls(.hostnameMismatch))
        #expect(requests == 0)
    }

    @Test("a pinned fingerprint streams without a host name match; another fingerprint fails tls-pin-mismatch")
    func pinPassesAndFails() async throws {
        let identity = try TLSServerIdentity.selfSigned(hosts: ["device.lan"])
        let (pinned, pinnedRequests) = try await Self.stream(server: identity, trust: .pinned(identity.leaf.fingerprint))
        #expect(pinned.error == nil, "\(String(describing: pinned.error))")
        #expect(pinned.items == Self.delivered)
        #expect(pinnedRequests == 1)

        let other = try TLSServerIdentity.selfSigned(hosts: ["device.lan"])
        let (refused, refusedRequests) = try await Self.stream(server: identity, trust: .pinned(other.leaf.fingerprint))
        let error = try #require(refused.streamError, "\(String(describing: refused.error))")
        #expect(error.code == "tls-pin-mismatch", "\(error)")
        if case let .tls(tls) = error.kind {
            #expect(tls == .pinMismatch(expected: other.leaf.fingerprint, presented: identity.leaf.fingerprint))
        }
        #expect(error.connectionOutcome == .tls(.untrusted))
        #expect(refusedRequests == 0, "no request byte may reach a server that is not the pinned one")
    }

    @Test("insecure, the named opt-out, streams from any certificate")
    func insecureStreams() async throws {
        let identity = try TLSServerIdentity.selfSigned(hosts: ["stream.example"])
        let (outcome, _) = try await Self.stream(server: identity, trust: .insecure)
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.items == Self.delivered)
    }
}
