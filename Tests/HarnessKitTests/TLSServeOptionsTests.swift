import Foundation
import HarnessKit
import Testing
import TransportNIO

/// The `--tls [--cert --key] [--cert-out]` rules every `harness serve` mock shares (issue 15's serve contract).
@Suite struct TLSServeOptionsTests {
    static func options(tls: Bool, cert: String? = nil, key: String? = nil, out: String? = nil) -> TLSServeOptions {
        var options = TLSServeOptions()
        options.enabled = tls
        options.certificatePath = cert
        options.keyPath = key
        options.certificateOutputPath = out
        return options
    }

    @Test(arguments: [
        (options(tls: false, cert: "c.pem", key: "k.pem"), "--cert: needs --tls"),
        (options(tls: false, key: "k.pem"), "--key: needs --tls"),
        (options(tls: false, out: "o.pem"), "--cert-out: needs --tls"),
        (options(tls: true, cert: "c.pem"), "--cert: needs --key"),
        (options(tls: true, key: "k.pem"), "--key: needs --cert"),
    ])
    func inconsistentOptionsAreRefusedNamingTheOption(options: TLSServeOptions, line: String) {
        #expect {
            try options.validate()
        } throws: { error in
            (error as? TLSServeOptions.UsageError)?.description == line
        }
    }

    @Test func withoutTLSThereAreNoServerOptions() throws {
        #expect(try Self.options(tls: false).makeServerOptions() == nil)
    }

    @Test func tlsWithoutCertificateGeneratesOneForLoopbackAndWritesItsPEM() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("streamcodecs-tls-serve-\(UUID().uuidString).pem").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = try #require(try Self.options(tls: true, out: path).makeServerOptions())
        let written = try TLSCertificate.loadPEMFile(path)
        #expect(written == server.identity.certificateChain)
        #expect(written.count == 1)
    }

    @Test func unreadableCertificateFileIsATypedError() {
        #expect {
            try Self.options(tls: true, cert: "/nonexistent/c.pem", key: "/nonexistent/k.pem").makeServerOptions()
        } throws: { error in
            (error as? TLSError)?.code == "tls-unreadable-file"
        }
    }
}
