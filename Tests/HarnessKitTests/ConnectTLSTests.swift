import Foundation
import HarnessKit
import MockServers
import Testing
import TransportNIO

/// `harness connect` over `wss://` against the mocks with `--tls` (issue 14 §1, issue 16): `--ca-cert` and
/// `--pin-sha256` reach the client's TLS, and every certificate refusal ends with exit 69 and its `tls-…` code.
@Suite(.serialized) struct ConnectTLSTests {
    enum Trust: Sendable {
        case none, caCert, pin, wrongPin
    }

    /// A certificate that is not the server's, for the wrong pin.
    static let other: TLSServerIdentity? = try? TLSServerIdentity.selfSigned()

    static func run(identity: TLSServerIdentity, trust: Trust, service: MockServiceKind = .stream,
                    profile: String = "recommended") async throws -> ConnectRun {
        let server = try await startMock(service, tls: identity) { $0.user = "admin"; $0.password = "secret" }
        let pem = try temporaryFile(identity.certificatePEM)
        defer { try? FileManager.default.removeItem(atPath: pem) }
        let run = await runConnect(service.rawValue) { options in
            if service == .eisy {
                ConnectContractTests.eisy(server, &options)
            } else {
                ConnectContractTests.stream(server, &options)
            }
            options.maxEvents = 1
            options.profile = profile == "compatible" ? .compatible : .recommended
            switch trust {
            case .none: break
            case .caCert: options.caCert = pem
            case .pin: options.pinSHA256 = identity.leaf.fingerprint.description
            case .wrongPin: options.pinSHA256 = (other?.leaf.fingerprint.description) ?? ""
            }
        }
        await server.stop()
        return run
    }

    static let day: TimeInterval = 86400

    /// Each row: the server's certificate, the client's trust, the exit status and the error code (nil: none).
    @Test func certificateTable() async throws {
        let good = try TLSServerIdentity.selfSigned()
        let wrongHost = try TLSServerIdentity.selfSigned(hosts: ["example.invalid"])
        let expired = try TLSServerIdentity.selfSigned(
            notValidBefore: Date().addingTimeInterval(-3 * Self.day), notValidAfter: Date().addingTimeInterval(-Self.day))
        let rows: [(String, TLSServerIdentity, Trust, Int32, String?)] = [
            ("trusted by --ca-cert", good, .caCert, 0, nil),
            ("pinned", good, .pin, 0, nil),
            ("system trust only", good, .none, 69, "tls-untrusted"),
            ("wrong pin", good, .wrongPin, 69, "tls-untrusted"),
            ("wrong host", wrongHost, .caCert, 69, "tls-hostname-mismatch"),
            ("expired", expired, .caCert, 69, "tls-expired"),
        ]
        for (name, identity, trust, status, code) in rows {
            let run = try await Self.run(identity: identity, trust: trust)
            #expect(run.status == status, "\(name): \(run)")
            #expect(run.errorCode == code, "\(name): \(run)")
            if code != nil {
                // A certificate failure is not retried: one attempt, then failed.
                #expect(run.trace == ["connecting", "lost(\(code ?? ""))", "failed(\(code ?? ""))"], "\(name): \(run)")
            }
        }
    }

    /// A `wss://` URL to a plain server: the peer's answer is not TLS, `tls-handshake-failed`.
    @Test func plainServerIsAHandshakeFailure() async throws {
        let server = try await startMock(.stream)
        let run = await runConnect("stream") { options in
            ConnectContractTests.stream(server, &options)
            options.url = server.url.replacingOccurrences(of: "ws://", with: "wss://")
        }
        #expect(run.status == 69, "\(run)")
        #expect(run.errorCode == "tls-handshake-failed", "\(run)")
        await server.stop()
    }

    /// The compatible eisy profile verifies nothing (pyisyox `Controller`'s CERT_NONE, §2.2); the recommended one
    /// refuses the same self-signed certificate.
    @Test func compatibleEisySkipsVerification() async throws {
        let identity = try TLSServerIdentity.selfSigned()
        let compatible = try await Self.run(identity: identity, trust: .none, service: .eisy, profile: "compatible")
        #expect(compatible.status == 0, "\(compatible)")
        let recommended = try await Self.run(identity: identity, trust: .none, service: .eisy)
        #expect(recommended.errorCode == "tls-untrusted", "\(recommended)")
    }
}
