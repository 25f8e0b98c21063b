import Foundation
import HarnessKit
import MockServers
import Synchronization
import TransportNIO

/// The repository's `Fixtures/` folder, found from this file.
let connectFixturesRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Fixtures").path
}()

/// One run of `harness connect` in-process: the exit status and the NDJSON lines it printed, parsed.
struct ConnectRun: CustomStringConvertible {
    var status: Int32
    var lines: [[String: Any]]
    var logs: [String]

    var events: [[String: Any]] { lines.compactMap { $0["event"] as? [String: Any] } }
    var statuses: [[String: Any]] { lines.filter { $0["status"] != nil } }
    /// `name` or `name(reason)` per status line.
    var trace: [String] {
        statuses.map { line in
            let name = line["status"] as? String ?? "?"
            if name == "reconnecting" { return name }
            if let reason = line["reason"] as? String { return "\(name)(\(reason))" }
            return name
        }
    }
    var errorCode: String? { (lines.last?["error"] as? [String: Any])?["code"] as? String }
    /// The `delay` of every `reconnecting` line.
    var delays: [Double] { statuses.filter { $0["status"] as? String == "reconnecting" }.compactMap { $0["delay"] as? Double } }

    var description: String { "exit \(status), trace \(trace), error \(errorCode ?? "-"), \(events.count) events" }
}

/// Runs `ConnectRunner` like the CLI does, stopping it (as SIGTERM would) after `timeout` of real time so a
/// broken client cannot hang the suite; every line must be one JSON object.
func runConnect(_ service: String, timeout: Duration = .seconds(20), _ configure: (inout ConnectOptions) -> Void) async -> ConnectRun {
    var options = ConnectOptions()
    configure(&options)
    let ready = options
    let collected = Mutex<[String]>([])
    let logs = Mutex<[String]>([])
    let output = ConnectOutput(
        sink: { bytes in collected.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } },
        log: { line in logs.withLock { $0.append(line) } })
    let runner = ConnectRunner()
    let watchdog = Task {
        try? await Task.sleep(for: timeout)
        if !Task.isCancelled { runner.stop() }
    }
    let status = await runner.run(service: service, options: ready, output: output)
    watchdog.cancel()
    let lines = collected.withLock { $0 }.map { text -> [String: Any] in
        precondition(text.hasSuffix("\n") && text.filter { $0 == "\n" }.count == 1, "not one line: \(text)")
        let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return object ?? ["unparsable": text]
    }
    return ConnectRun(status: status, lines: lines, logs: logs.withLock { $0 })
}

/// A mock server of `kind` on 127.0.0.1 with short timings (20 events/s, eisy quiet 0.2 s).
func startMock(
    _ kind: MockServiceKind, faults: [String] = [], tls: TLSServerIdentity? = nil,
    configure: (inout MockServerOptions) -> Void = { _ in }
) async throws -> MockServer {
    var options = MockServerOptions()
    options.fixturesRoot = connectFixturesRoot
    options.rate = 20
    options.quietSeconds = 0.2
    options.faults = try faults.map { spec throws(FaultSpecError) in try FaultSpec.parse(spec) }
    if let tls { options.tls = TLSServeOptions.mockTLSProvider(TLSServerOptions(identity: tls)) }
    configure(&options)
    let service = try kind.makeService(options: options)
    return try await MockServer.start(service, options: options, log: try ServerLog(path: nil, keepLines: true))
}

/// A temporary file holding `text`, removed by the caller.
func temporaryFile(_ text: String, name: String = "connect") throws -> String {
    let path = NSTemporaryDirectory() + "/\(name)-\(UUID().uuidString).pem"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}
