import Codecs
import Foundation
import Synchronization

/// What a client is told about the mock it must connect to (the `--client` environment, docs/VERIFY.md).
public struct ClientTarget: Sendable {
    public var service: String
    /// What `harness connect <service> URL` takes (sse: the stream URL).
    public var url: String
    public var caCertificatePath: String?
    public var token: String?
    /// The scenario's `connect` options, placeholders replaced.
    public var arguments: [String]
    public var scenario: String
    public var timeLimit: Double
}

/// A client under test: runs once against a target and returns its NDJSON.
public protocol VerifyClient: Sendable {
    /// The name `expectedFailures` lists (`ours` for the in-process client).
    var name: String { get }
    func run(_ target: ClientTarget) async -> ClientRun
}

/// Our own client, in-process: the `ConnectRunner` `harness connect` runs, stopped at the time limit.
public struct InProcessClient: VerifyClient {
    public let name = "ours"

    public init() {}

    public func run(_ target: ClientTarget) async -> ClientRun {
        let collected = Mutex(ClientRun())
        let clock = ContinuousClock()
        let start = clock.now
        @Sendable func seconds() -> Double {
            let (whole, atto) = (clock.now - start).components
            return Double(whole) + Double(atto) / 1e18
        }
        let output = ConnectOutput(
            sink: { bytes in
                let t = seconds()
                collected.withLock { $0.take(bytes.last == 0x0A ? bytes.dropLast() : bytes[...], at: t) }
            },
            log: { line in collected.withLock { run in run.logTail = Array((run.logTail + [line]).suffix(8)) } })
        var options: ConnectOptions
        do {
            options = try ConnectArguments.parse(target.arguments).options(url: target.url)
        } catch {
            var run = ClientRun()
            run.violations.append("connect options: \(ConnectArguments.message(for: error))")
            return run
        }
        if options.caCert == nil, let ca = target.caCertificatePath { options.caCert = ca }
        let runner = ConnectRunner()
        let ready = options
        let limit = Task {
            try? await Task.sleep(for: .milliseconds(Int64(target.timeLimit * 1000)))
            if !Task.isCancelled { runner.stop() }
        }
        let status = await runner.run(service: target.service, options: ready, output: output)
        limit.cancel()
        var run = collected.withLock { $0 }
        run.elapsed = seconds()
        run.exit = run.elapsed >= target.timeLimit ? nil : status
        run.checkEnd()
        return run
    }
}
