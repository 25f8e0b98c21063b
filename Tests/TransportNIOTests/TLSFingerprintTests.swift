import Testing
import TransportNIO

/// `TLSFingerprint` parsing and computation; the reference value is what `openssl x509 -fingerprint -sha256`
/// printed for `referencePEM`.
@Suite struct TLSFingerprintTests {
    /// An openssl-generated P-256 certificate (`openssl req -x509 … -subj /CN=reference.test`).
    static let referencePEM = """
        -----BEGIN CERTIFICATE-----
        MIIBojCCAUigAwIBAgIUZtjPTZWptIJHJQR3NPjgn6Xt+w8wCgYIKoZIzj0EAwIw
        GTEXMBUGA1UEAwwOcmVmZXJlbmNlLnRlc3QwHhcNMjYxMjAyMDY1MjM5WhcNMzYx
        MTI5MDY1MjM5WjAZMRcwFQYDVQQDDA5yZWZlcmVuY2UudGVzdDBZMBMGByqGSM49
        AgEGCCqGSM49AwEHA0IABGXakl9cXYrAtXoWiqfzOU7VrSrWcta77V00WGe0sIGB
        eemZGSvJSOLIFk4JRUwT5skbYg/Gjla5wqLOTZfdG+mjbjBsMB0GA1UdDgQWBBTP
        xAzaqYOazY/mY4qjLFk39fynCDAfBgNVHSMEGDAWgBTPxAzaqYOazY/mY4qjLFk3
        9fynCDAPBgNVHRMBAf8EBTADAQH/MBkGA1UdEQQSMBCCDnJlZmVyZW5jZS50ZXN0
        MAoGCCqGSM49BAMCA0gAMEUCIF0Gnmspav/mG84EGVxBo3pPJSppaPlOObl/SbI+
        0q4+AiEA4TmT/funPk/bj4TuLVwbFoEhX337fvFDpZwLtLFSyB0=
        -----END CERTIFICATE-----

        """
    static let referenceFingerprint =
        "0A:F7:F9:8E:3D:C1:DD:F6:45:14:EB:66:21:AE:53:2A:6A:19:D0:26:D8:50:9F:D7:BF:9E:3B:01:9F:4F:B4:80"

    @Test func fingerprintOfACertificateIsOpenSSLsSHA256OfItsDER() throws {
        let certificates = try TLSCertificate.parsePEM(Self.referencePEM)
        #expect(certificates.count == 1)
        #expect(certificates[0].fingerprint.description == Self.referenceFingerprint)
        #expect(try certificates[0].fingerprint == TLSFingerprint(hex: Self.referenceFingerprint))
    }

    @Test func pemRoundTripsThroughParseAndRender() throws {
        let certificate = try #require(TLSCertificate.parsePEM(Self.referencePEM).first)
        #expect(certificate.pem == Self.referencePEM)
        #expect(try TLSCertificate.parsePEM(certificate.pem + certificate.pem).count == 2)
    }

    @Test(arguments: [
        referenceFingerprint,
        referenceFingerprint.lowercased(),
        referenceFingerprint.replacingOccurrences(of: ":", with: ""),
        referenceFingerprint.replacingOccurrences(of: ":", with: "").lowercased(),
    ])
    func hexWithOrWithoutColonsInEitherCaseParses(text: String) throws {
        #expect(try TLSFingerprint(hex: text).description == Self.referenceFingerprint)
    }

    @Test(arguments: [
        "",
        String(referenceFingerprint.dropLast(3)),  // 31 bytes
        referenceFingerprint + ":00",  // 33 bytes
        ":" + referenceFingerprint,
        referenceFingerprint + ":",
        referenceFingerprint.replacingOccurrences(of: "0A:F7", with: "0A::F7"),
        referenceFingerprint.replacingOccurrences(of: "0A:F7", with: "0:AF7"),
        referenceFingerprint.replacingOccurrences(of: "0A", with: "0G"),
        referenceFingerprint.replacingOccurrences(of: ":", with: " "),
        "SHA256 Fingerprint=" + referenceFingerprint,
    ])
    func malformedFingerprintIsRefusedWithItsCode(text: String) {
        #expect {
            try TLSFingerprint(hex: text)
        } throws: { error in
            (error as? TLSError)?.code == "tls-invalid-fingerprint"
        }
    }

    @Test func pemWithoutACertificateIsRefused() {
        for text in ["", "hello", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"] {
            #expect {
                try TLSCertificate.parsePEM(text)
            } throws: { error in
                (error as? TLSError)?.code == "tls-invalid-pem"
            }
        }
    }

    @Test func missingPEMFileIsAnUnreadableFileError() {
        #expect {
            try TLSCertificate.loadPEMFile("/nonexistent/streamcodecs-tls-test.pem")
        } throws: { error in
            (error as? TLSError)?.code == "tls-unreadable-file"
        }
    }
}
