import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// What a TLS server presents: its certificate chain (leaf first) and the leaf's private key. Either loaded from
/// PEM files or a self-signed certificate generated at start, whose PEM a client can then trust exactly.
public struct TLSServerIdentity: Sendable {
    /// The chain sent to clients, leaf first.
    public let certificateChain: [TLSCertificate]
    let privateKey: NIOSSLPrivateKey

    /// The leaf certificate (what a client trusts or pins).
    public var leaf: TLSCertificate { certificateChain[0] }

    /// The chain as PEM text, leaf first: write it where a client reads its extra trusted roots.
    public var certificatePEM: String { certificateChain.map(\.pem).joined() }

    /// Writes `certificatePEM` to `path` (replacing the file), e.g. for `harness serve --cert-out`.
    public func writeCertificatePEM(to path: String) throws(TLSError) {
        guard FileManager.default.createFile(atPath: path, contents: Data(certificatePEM.utf8)) else {
            throw .unreadableFile(path: path)
        }
    }

    /// Loads a certificate chain PEM file (leaf first) and its private key PEM file (PKCS#8, SEC1 or PKCS#1).
    public static func pemFiles(certificate certificatePath: String, key keyPath: String) throws(TLSError)
        -> TLSServerIdentity
    {
        let chain = try TLSCertificate.loadPEMFile(certificatePath)
        guard let keyData = FileManager.default.contents(atPath: keyPath) else {
            throw .unreadableFile(path: keyPath)
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: Array(keyData), format: .pem)
        } catch {
            throw .invalidPEM(source: keyPath)
        }
        return TLSServerIdentity(certificateChain: chain, privateKey: key)
    }

    /// Generates a P-256 key and a self-signed certificate for `hosts` (IP literals become IP address names,
    /// others DNS names, RFC 5280 §4.2.1.6), valid from `notValidBefore` to `notValidAfter` (default: an hour
    /// ago to 30 days ahead; tests pass past dates to get an expired certificate). The certificate is its own
    /// CA (basic constraints CA, key usage digitalSignature + keyCertSign, extended key usage serverAuth, subject
    /// and authority key identifiers), the shape OpenSSL, BoringSSL and swift-certificates accept as a trust
    /// anchor that is also the server's leaf.
    public static func selfSigned(
        hosts: [String] = ["127.0.0.1", "localhost"], notValidBefore: Date? = nil, notValidAfter: Date? = nil
    ) throws(TLSError) -> TLSServerIdentity {
        let now = Date()
        let start = notValidBefore ?? now.addingTimeInterval(-3600)
        let end = notValidAfter ?? now.addingTimeInterval(30 * 86400)
        let key = P256.Signing.PrivateKey()
        do {
            let names = try hosts.map { host throws -> GeneralName in
                if let address = IPAddressBytes(host) {
                    return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(address.bytes)))
                }
                return .dnsName(host)
            }
            let name = try DistinguishedName {
                CommonName(hosts.first ?? "StreamCodecs test server")
                OrganizationName("StreamCodecs self-signed")
            }
            let keyIdentifier = ArraySlice(Insecure.SHA1.hash(data: key.publicKey.derRepresentation))
            let certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: .init(key.publicKey),
                notValidBefore: start,
                notValidAfter: end,
                issuer: name,
                subject: name,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                    Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
                    try ExtendedKeyUsage([.serverAuth])
                    SubjectKeyIdentifier(keyIdentifier: keyIdentifier)
                    AuthorityKeyIdentifier(keyIdentifier: keyIdentifier)
                    SubjectAlternativeNames(names)
                },
                issuerPrivateKey: .init(key)
            )
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            let leaf = try TLSCertificate(derBytes: serializer.serializedBytes)
            let privateKey = try NIOSSLPrivateKey(bytes: Array(key.pemRepresentation.utf8), format: .pem)
            return TLSServerIdentity(certificateChain: [leaf], privateKey: privateKey)
        } catch let error as TLSError {
            throw error
        } catch {
            throw .certificateSetupFailed(reason: "cannot generate a self-signed certificate: \(error)")
        }
    }
}

/// The 4 or 16 bytes of an IPv4 or IPv6 literal, or nil for a host name.
struct IPAddressBytes {
    let bytes: [UInt8]

    init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            return nil
        }
    }
}
