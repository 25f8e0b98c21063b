import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import X509

/// Where the verifier leaves the reason it refused a certificate, so the handshake handler can report it in
/// place of BoringSSL's generic `CERTIFICATE_VERIFY_FAILED`. One per connection.
final class TLSFailureSlot: Sendable {
    private let box = NIOLockedValueBox<TLSError?>(nil)

    func record(_ error: TLSError) { box.withLockedValue { if $0 == nil { $0 = error } } }
    var recorded: TLSError? { box.withLockedValue { $0 } }
}

/// Checks the server's certificate chain in place of BoringSSL's verifier (swift-nio-ssl's custom verification
/// callback), so a refusal names its reason: path validation with swift-certificates' RFC 5280 policy against
/// the system store plus extra roots, or one pinned fingerprint. The host name is checked afterwards by
/// swift-nio-ssl (RFC 6125), which reports a mismatch on its own.
struct PeerCertificateVerifier: Sendable {
    enum Mode: Sendable {
        case roots(extra: [Certificate])
        case pinned(TLSFingerprint)
    }

    let mode: Mode
    let slot: TLSFailureSlot

    /// swift-nio-ssl's callback: `chain` is as the peer sent it, leaf first.
    func verify(_ chain: [NIOSSLCertificate], promise: EventLoopPromise<NIOSSLVerificationResult>) {
        var encoded: [[UInt8]] = []
        for certificate in chain {
            guard let der = try? certificate.toDERBytes() else {
                refuse(.untrusted(reason: "a certificate in the chain cannot be encoded"), promise: promise)
                return
            }
            encoded.append(der)
        }
        guard let leaf = encoded.first else {
            refuse(.untrusted(reason: "the server sent no certificate"), promise: promise)
            return
        }
        switch mode {
        case .pinned(let pin):
            let presented = TLSFingerprint(derBytes: leaf)
            if presented == pin {
                promise.succeed(.certificateVerified)
            } else {
                refuse(.pinMismatch(expected: pin, presented: presented), promise: promise)
            }
        case .roots(let extra):
            let slot = self.slot
            let presented = encoded
            promise.completeWithTask {
                if let failure = await Self.validate(chain: presented, extraRoots: extra) {
                    slot.record(failure)
                    return .failed
                }
                return .certificateVerified
            }
        }
    }

    private func refuse(_ error: TLSError, promise: EventLoopPromise<NIOSSLVerificationResult>) {
        slot.record(error)
        promise.succeed(.failed)
    }

    /// RFC 5280 path validation of `chain` (leaf first; the rest are candidate intermediates) at the current
    /// time; nil when a path to a trusted root meets the policy, else the reason.
    static func validate(chain: [[UInt8]], extraRoots: [Certificate]) async -> TLSError? {
        var certificates: [Certificate] = []
        for der in chain {
            guard let certificate = try? Certificate(derEncoded: der) else {
                return .untrusted(reason: "a certificate in the chain does not parse")
            }
            certificates.append(certificate)
        }
        guard let leaf = certificates.first else { return .untrusted(reason: "the server sent no certificate") }
        let roots = CertificateStore.systemTrustRoots.appending(contentsOf: extraRoots)
        var verifier = Verifier(rootCertificates: roots) { RFC5280Policy() }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(certificates.dropFirst()))
        switch result {
        case .validCertificate:
            return nil
        case .couldNotValidate(let failures):
            return classify(failures, now: Date())
        }
    }

    /// Names the reason for a failed validation: no path to a trusted root at all is `untrusted`; paths that
    /// reach a trusted root but hold a certificate outside its validity are `expired` / `notYetValid`; any other
    /// policy failure on such a path is `untrusted` with the policy's reason.
    static func classify(_ failures: [CertificateValidationResult.PolicyFailure], now: Date) -> TLSError {
        guard let first = failures.first else {
            return .untrusted(reason: "no chain to a trusted root")
        }
        for failure in failures {
            for certificate in failure.chain {
                if now > certificate.notValidAfter { return .expired(notValidAfter: certificate.notValidAfter) }
                if now < certificate.notValidBefore {
                    return .notYetValid(notValidBefore: certificate.notValidBefore)
                }
            }
        }
        return .untrusted(reason: first.policyFailureReason.description)
    }
}
