import Foundation
import HarnessKit
import MockServers
import Synchronization
import Testing
import TransportNIO
import WebSocketNIO

/// An OAuth token endpoint (service-profiles §1.3) as a `MockService`: records each request (method, path,
/// `Authorization`, body) and answers with the next scripted status and JSON body (the last one repeats).
final class TokenEndpoint: MockService {
    let scheme = "http"
    private let answers: Mutex<[(Int, String)]>
    private let seen = Mutex<[String]>([])

    init(_ answers: [(Int, String)]) { self.answers = Mutex(answers) }

    var requests: [String] { seen.withLock { $0 } }

    func handle(_ request: MockRequest, on connection: MockConnection, context: MockContext) async {
        let line = "\(request.method) \(request.path) \(request.header("authorization") ?? "-") "
            + String(decoding: request.body, as: UTF8.self)
        seen.withLock { $0.append(line) }
        let (status, body) = answers.withLock { list in list.count > 1 ? list.removeFirst() : list[0] }
        try? await connection.write(HTTPResponseBytes.json(status: status, body, keepAlive: false))
    }
}

/// `harness connect central` against a scripted loopback Central (the Central mock is not in this build): a
/// `WebSocketServer` whose upgrade answers follow a script per attempt, each accepted connection sending the
/// §1.4 audit-trail example; the token endpoint a `TokenEndpoint` over TLS.
@Suite(.serialized) struct ConnectCentralTests {
    /// The 206-byte audit-trail example of service-profiles §1.4.
    static let example: [UInt8] = {
        let hex = "0a056576742d31120f2f2f63656e7472616c2f61756469741a03312e30220b61756469742d747261696c428b010a29747970652e676f6f676c65617069732e636f6d2f6175646974747261696c2e4175646974547261696c125e0a03742d311080d0eab6b7331a065550444154452206636f6e666967420b0a04736974651203732d315205666972737462037376636a271a2512230a0e0a047373696412061a04636f72700a110a04766c616e120911000000000000244052146170706c69636174696f6e2f70726f746f627566"
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }()

    /// A Central whose attempt k gets `script[k-1]` (0 = accept; past the end: accept); records each
    /// `Authorization`.
    final class Central: Sendable {
        let server: WebSocketServer
        private let upgrades: Recorder

        var authorizations: [String] { upgrades.lines }

        init(script: [Int]) async throws {
            let upgrades = Recorder()
            var configuration = WebSocketServerConfiguration()
            configuration.decideUpgrade = { request in
                let count = upgrades.append(request.header("Authorization") ?? "-")
                let status = count <= script.count ? script[count - 1] : 0
                return status == 0 ? .accept() : .reject(status: status, reason: "Scripted")
            }
            self.upgrades = upgrades
            server = try await WebSocketServer.start(configuration: configuration) { socket in
                try? await socket.send(binary: ConnectCentralTests.example)
                do { for try await _ in socket.messages {} } catch {}
            }
        }
    }

    /// Lines recorded from any thread.
    final class Recorder: Sendable {
        private let state = Mutex<[String]>([])
        var lines: [String] { state.withLock { $0 } }
        /// Appends `line`; returns how many there are now.
        func append(_ line: String) -> Int { state.withLock { $0.append(line); return $0.count } }
    }

    struct Setup {
        let central: Central
        let tokens: TokenEndpoint
        let tokenServer: MockServer
        let caCert: String
    }

    static func setup(script: [Int], tokenAnswers: [(Int, String)] = [(200, #"{"access_token":"tok-2","token_type":"Bearer","expires_in":7200}"#)]) async throws -> Setup {
        let central = try await Central(script: script)
        let tokens = TokenEndpoint(tokenAnswers)
        let identity = try TLSServerIdentity.selfSigned()
        var options = MockServerOptions()
        options.tls = TLSServeOptions.mockTLSProvider(TLSServerOptions(identity: identity))
        let tokenServer = try await MockServer.start(tokens, options: options, log: try ServerLog(path: nil))
        return Setup(central: central, tokens: tokens, tokenServer: tokenServer, caCert: try temporaryFile(identity.certificatePEM))
    }

    static func teardown(_ setup: Setup) async {
        try? await setup.central.server.stop()
        await setup.tokenServer.stop()
        try? FileManager.default.removeItem(atPath: setup.caCert)
    }

    static func options(_ setup: Setup, _ options: inout ConnectOptions) {
        options.url = setup.central.server.url
        options.token = "tok-1"
        options.clientID = "cid"
        options.clientSecret = "csecret"
        options.tokenURL = setup.tokenServer.url + "/as/token.oauth2"
        options.caCert = setup.caCert
        options.backoff = "fixed:0.05"
        options.maxEvents = 1
    }

    /// §1.3: a handshake 401 → one client-credentials POST (Basic `cid:csecret`, `grant_type=client_credentials`)
    /// over TLS trusted by `--ca-cert` → the next attempt carries the new bearer; the event is the MessageToDict.
    @Test func unauthorizedRefreshesViaClientCredentials() async throws {
        let setup = try await Self.setup(script: [401])
        let run = await runConnect("central") { Self.options(setup, &$0) }
        #expect(run.status == 0, "\(run)")
        #expect(run.trace == [
            "connecting", "lost(http-401)", "reconnecting", "connecting", "connected", "stopped(stop-requested)",
        ], "\(run)")
        #expect(setup.central.authorizations == ["Bearer tok-1", "Bearer tok-2"])
        #expect(setup.tokens.requests == [
            "POST /as/token.oauth2 Basic \(Data("cid:csecret".utf8).base64EncodedString()) grant_type=client_credentials",
        ])
        #expect(run.events.first?["description"] as? String == "first", "\(run.events)")
        #expect(run.events.first?["tenant_id"] as? String == "t-1")
        await Self.teardown(setup)
    }

    /// Without a starting token the first one is fetched from the endpoint.
    @Test func firstTokenFetchedWithoutToken() async throws {
        let setup = try await Self.setup(script: [])
        let run = await runConnect("central") { options in
            Self.options(setup, &options)
            options.token = nil
        }
        #expect(run.status == 0, "\(run)")
        #expect(setup.central.authorizations == ["Bearer tok-2"])
        #expect(setup.tokens.requests.count == 1)
        await Self.teardown(setup)
    }

    /// Refresh at most once per attempt: a second 401 with the fresh token gives up (exit 69, `http-401`).
    @Test func secondUnauthorizedGivesUp() async throws {
        let setup = try await Self.setup(script: [401, 401])
        let run = await runConnect("central") { Self.options(setup, &$0) }
        #expect(run.status == 69, "\(run)")
        #expect(run.errorCode == "http-401", "\(run)")
        #expect(setup.tokens.requests.count == 1)
        await Self.teardown(setup)
    }

    /// A refused token request stops the stream (pycentral: "Token refresh failed", fatal).
    @Test func refusedTokenRequestGivesUp() async throws {
        let setup = try await Self.setup(script: [401], tokenAnswers: [(400, #"{"error":"invalid_client"}"#)])
        let run = await runConnect("central") { Self.options(setup, &$0) }
        #expect(run.status == 69, "\(run)")
        #expect(run.errorCode == "credentials-refresh-failed", "\(run)")
        await Self.teardown(setup)
    }

    /// `--ca-cert` covers the token endpoint: without it the endpoint's self-signed certificate is refused and
    /// the refresh fails.
    @Test func tokenEndpointTLSIsVerified() async throws {
        let setup = try await Self.setup(script: [401])
        let run = await runConnect("central") { options in
            Self.options(setup, &options)
            options.caCert = nil
        }
        #expect(run.errorCode == "credentials-refresh-failed", "\(run)")
        #expect(setup.tokens.requests.isEmpty)
        await Self.teardown(setup)
    }

    /// §1.7 vs issue 16, per profile: other 4xx stop in both; 429/5xx stop pycentral (compatible) but are retried
    /// by the recommended profile.
    @Test(arguments: [
        (403, "recommended", Int32(69), "http-403"),
        (403, "compatible", Int32(69), "http-403"),
        (503, "recommended", Int32(0), nil),
        (429, "recommended", Int32(0), nil),
        (503, "compatible", Int32(69), "http-503"),
        (429, "compatible", Int32(69), "http-429"),
    ] as [(Int, String, Int32, String?)])
    func statusPerProfile(status: Int, profile: String, exit: Int32, code: String?) async throws {
        let setup = try await Self.setup(script: [status])
        let run = await runConnect("central") { options in
            Self.options(setup, &options)
            options.profile = profile == "compatible" ? .compatible : .recommended
        }
        #expect(run.status == exit, "\(run)")
        #expect(run.errorCode == code, "\(run)")
        #expect(setup.tokens.requests.isEmpty)
        await Self.teardown(setup)
    }
}
