import Foundation
import HarnessKit
import MockServers
import Testing
import TransportNIO

/// `harness connect sse|eventstreamer https://…` against the HTTP mocks with TLS (issue 17, the issue 16
/// contract): `--ca-cert` reaches AsyncHTTPClient's TLS, and a refused certificate ends with exit 69 and the
/// same `tls-…` code the WebSocket clients give (`ConnectTLSTests`), one attempt, not retried.
@Suite(.serialized) struct HTTPConnectTLSTests {
    static func run(_ service: MockServiceKind, identity: TLSServerIdentity, trusted: Bool) async throws -> ConnectRun {
        let server = try await startMock(service, tls: identity)
        #expect(server.url.hasPrefix("https://"), "the mock serves TLS")
        let pem = try temporaryFile(identity.certificatePEM)
        defer { try? FileManager.default.removeItem(atPath: pem) }
        let run = await runConnect(service.rawValue) { options in
            options.backoff = "fixed:0.05"
            options.maxEvents = 1
            if service == .sse {
                options.url = server.url + "/api/v1/events"
            } else {
                options.url = server.url
                options.subscription = "123"
            }
            if trusted { options.caCert = pem }
        }
        await server.stop()
        return run
    }

    @Test("each row: the server's certificate, the client's trust, the exit status and the error code",
          arguments: [MockServiceKind.sse, .eventstreamer])
    func certificateTable(service: MockServiceKind) async throws {
        let good = try TLSServerIdentity.selfSigned()
        let wrongHost = try TLSServerIdentity.selfSigned(hosts: ["example.invalid"])
        let expired = try TLSServerIdentity.selfSigned(
            notValidBefore: Date().addingTimeInterval(-3 * ConnectTLSTests.day),
            notValidAfter: Date().addingTimeInterval(-ConnectTLSTests.day))
        let rows: [(String, TLSServerIdentity, Bool, Int32, String?)] = [
            ("trusted by --ca-cert", good, true, 0, nil),
            ("system trust only", good, false, 69, "tls-untrusted"),
            ("wrong host", wrongHost, true, 69, "tls-hostname-mismatch"),
            // BoringSSL (AsyncHTTPClient's verifier) does not say why it refused a chain; the diagnostic
            // handshake (`TLSClientOptions.diagnoseRefusal`) names it, as on `wss://`.
            ("expired", expired, true, 69, "tls-expired"),
        ]
        for (name, identity, trusted, status, code) in rows {
            let run = try await Self.run(service, identity: identity, trusted: trusted)
            #expect(run.status == status, "\(service) \(name): \(run)")
            #expect(run.errorCode == code, "\(service) \(name): \(run)")
            if let code {
                #expect(run.trace == ["connecting", "lost(\(code))", "failed(\(code))"], "\(service) \(name): \(run)")
            } else {
                #expect(run.events.count == 1, "\(service) \(name): \(run)")
            }
        }
    }
}
