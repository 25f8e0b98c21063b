import Foundation
import SwiftASN1
import X509

/// One X.509 certificate, held as its DER encoding (RFC 5280 §4.1). Built from PEM text or a PEM file, so a
/// broken certificate is refused when the options are built, not at connect time.
public struct TLSCertificate: Sendable, Hashable {
    /// The DER encoding.
    public let derBytes: [UInt8]

    /// Wraps DER bytes, checking that they parse as a certificate.
    public init(derBytes: [UInt8]) throws(TLSError) {
        do {
            _ = try Certificate(derEncoded: derBytes)
        } catch {
            throw .invalidPEM(source: "DER certificate bytes")
        }
        self.derBytes = derBytes
    }

    /// Every `CERTIFICATE` block of PEM text, in order; `source` names the text in errors (a path, "PEM text").
    public static func parsePEM(_ text: String, source: String = "PEM text") throws(TLSError) -> [TLSCertificate] {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: text)
        } catch {
            throw .invalidPEM(source: source)
        }
        var certificates: [TLSCertificate] = []
        for document in documents where document.discriminator == "CERTIFICATE" {
            do {
                certificates.append(try TLSCertificate(derBytes: document.derBytes))
            } catch {
                throw .invalidPEM(source: source)
            }
        }
        guard !certificates.isEmpty else { throw .invalidPEM(source: source) }
        return certificates
    }

    /// Every certificate in the PEM file at `path` (a server's chain, or extra roots to trust).
    public static func loadPEMFile(_ path: String) throws(TLSError) -> [TLSCertificate] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadableFile(path: path) }
        return try parsePEM(String(decoding: data, as: UTF8.self), source: path)
    }

    /// The certificate as one PEM `CERTIFICATE` block (RFC 7468 §5), ending in a newline.
    public var pem: String {
        PEMDocument(type: "CERTIFICATE", derBytes: derBytes).pemString + "\n"
    }

    /// The SHA-256 fingerprint of the DER encoding (what a pin names).
    public var fingerprint: TLSFingerprint { TLSFingerprint(derBytes: derBytes) }
}
