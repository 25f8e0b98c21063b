import Codecs
import Foundation
import MockServers
import TransportNIO

/// `harness verify` (issue 18, docs/VERIFY.md): per scenario, starts the service's in-process mock with the
/// fault script, runs the client against it and compares; the verdicts in order.
public struct VerifyRunner: Sendable {
    /// One scenario's outcome.
    public struct Verdict: Sendable {
        public enum Kind: String, Sendable { case pass, fail, expectedFailure = "expected-failure" }
        public var name: String
        public var service: String
        public var kind: Kind
        public var details: [String]
        public var seconds: Double
    }

    public var client: any VerifyClient
    /// Folder holding the bundled fixtures the mocks serve.
    public var fixturesRoot = "Fixtures"
    /// Scenarios run at once (each waits mostly on its mock's pacing).
    public var parallel = 4

    public init(client: any VerifyClient) { self.client = client }

    /// Runs `scenarios` (or records their load errors), at most `parallel` at a time; verdicts in input order.
    public func run(_ scenarios: [Result<Scenario, ScenarioLoadFailure>], progress: @escaping @Sendable (Verdict) -> Void = { _ in }) async -> [Verdict] {
        var verdicts = [Verdict?](repeating: nil, count: scenarios.count)
        await withTaskGroup(of: (Int, Verdict).self) { group in
            var next = 0
            func start() {
                guard next < scenarios.count else { return }
                let index = next
                next += 1
                let item = scenarios[index]
                group.addTask {
                    switch item {
                    case let .success(scenario): return (index, await self.verdict(scenario))
                    case let .failure(failure):
                        return (index, Verdict(name: failure.name, service: "", kind: .fail,
                                               details: ["\(failure.error.code): \(failure.error.message)"], seconds: 0))
                    }
                }
            }
            for _ in 0..<max(1, parallel) { start() }
            while let (index, verdict) = await group.next() {
                verdicts[index] = verdict
                progress(verdict)
                start()
            }
        }
        return verdicts.compactMap { $0 }
    }

    /// One scenario: mock up, client run, mock down, comparison.
    public func verdict(_ scenario: Scenario) async -> Verdict {
        let started = ContinuousClock.now
        var details: [String]
        do {
            let (server, ca) = try await startMock(scenario)
            let target = self.target(scenario, url: server.url, ca: ca)
            let run = await client.run(target)
            try? await Task.sleep(for: .milliseconds(100))
            await server.stop()
            let log = server.context.log.lines.compactMap { try? JSONValue.parse(Array($0.utf8)) }
            details = ScenarioCheck.differences(scenario, run: run, log: log)
            if !details.isEmpty, !run.logTail.isEmpty { details.append("log: " + run.logTail.suffix(3).joined(separator: " | ")) }
            if let ca { try? FileManager.default.removeItem(atPath: ca) }
        } catch {
            details = ["mock-start-failed: \(error)"]
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var kind: Verdict.Kind = details.isEmpty ? .pass : .fail
        if let reason = scenario.expectedFailures[client.name] {
            if kind == .fail {
                kind = .expectedFailure
                details.insert("known defect of \(client.name): \(reason)", at: 0)
            } else {
                details.append("note: listed as an expected failure of \(client.name) but passed (stale expectation)")
            }
        }
        return Verdict(name: scenario.name, service: scenario.service, kind: kind, details: details, seconds: seconds)
    }

    private func startMock(_ scenario: Scenario) async throws -> (MockServer, String?) {
        guard let kind = MockServiceKind(rawValue: scenario.service) else { throw ScenarioError("scenario-unknown-service", scenario.service) }
        var options = MockServerOptions()
        options.fixturesRoot = fixturesRoot
        options.tokens = scenario.mock.tokens
        options.user = scenario.mock.user
        options.password = scenario.mock.password
        options.rate = scenario.mock.rate
        options.count = scenario.mock.count
        options.faults = scenario.mock.faults.compactMap { try? FaultSpec.parse($0) }
        options.heartbeatSeconds = scenario.mock.heartbeat
        options.retryMilliseconds = scenario.mock.retry
        options.quietSeconds = scenario.mock.quiet
        var ca: String?
        if scenario.mock.tls || kind == .central {
            let identity = try TLSServerIdentity.selfSigned()
            let path = NSTemporaryDirectory() + "harness-verify-\(UUID().uuidString).pem"
            try identity.writeCertificatePEM(to: path)
            ca = path
            options.tls = TLSServeOptions.mockTLSProvider(TLSServerOptions(identity: identity))
        }
        let log = try ServerLog(path: nil, keepLines: true)
        return (try await MockServer.start(try kind.makeService(options: options), options: options, log: log), ca)
    }

    /// The client's view of the mock: URL, CA, token and the options with placeholders replaced.
    func target(_ scenario: Scenario, url: String, ca: String?) -> ClientTarget {
        let origin = url.replacingOccurrences(of: "wss://", with: "https://").replacingOccurrences(of: "ws://", with: "http://")
        let token = scenario.mock.tokens.first
        let arguments = scenario.connect.map { argument in
            argument.replacingOccurrences(of: "{url}", with: url).replacingOccurrences(of: "{origin}", with: origin)
                .replacingOccurrences(of: "{token}", with: token ?? "").replacingOccurrences(of: "{ca}", with: ca ?? "")
        }
        return ClientTarget(
            service: scenario.service, url: scenario.service == "sse" ? url + "/api/v1/events" : url,
            caCertificatePath: ca, token: token, arguments: arguments, scenario: scenario.name, timeLimit: scenario.timeLimit)
    }
}

/// A scenario file that could not be read, by name.
public struct ScenarioLoadFailure: Error, Sendable {
    public var name: String
    public var error: ScenarioError
}
