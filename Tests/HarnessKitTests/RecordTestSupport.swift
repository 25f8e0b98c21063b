import Codecs
import Foundation
@testable import HarnessKit
import MockServers
import Synchronization
import TransportNIO

/// One service of the record round trip: the mock's settings and the `harness connect` options that reach it.
struct RecordCase: Sendable, CustomStringConvertible {
    var service: String
    var tokens: [String] = []
    var user: String?
    var password: String?
    var tls = false
    /// The connect options after the URL (`{ca}` is replaced by the mock's CA file).
    var arguments: [String]
    /// Strings that must never be in a written file (credentials as configured and as sent).
    var secrets: [String]

    var description: String { "\(service)\(tls ? " (TLS)" : "")" }

    static let all: [RecordCase] = [
        RecordCase(service: "central", tokens: ["tok-central-1"], tls: true,
                   arguments: ["--token", "tok-central-1", "--ca-cert", "{ca}"], secrets: ["tok-central-1"]),
        RecordCase(service: "eisy", user: "admin", password: "pw-eisy-secret",
                   arguments: ["--user", "admin", "--password", "pw-eisy-secret"],
                   secrets: ["pw-eisy-secret", Data("admin:pw-eisy-secret".utf8).base64EncodedString()]),
        RecordCase(service: "stream",
                   arguments: ["--api-key", "key-stream-123", "--user-id", "alice",
                               "--api-secret", "ssssssssssssssssssssssssssssssss"],
                   secrets: ["key-stream-123", "ssssssssssssssssssssssssssssssss"]),
        RecordCase(service: "sse", tokens: ["tok-sse-1"], arguments: ["--token", "tok-sse-1"], secrets: ["tok-sse-1"]),
        RecordCase(service: "eventstreamer", arguments: ["--subscription", "123"], secrets: []),
    ]

    /// The services that are plain by default, over TLS (the mock's generated certificate as `--ca-cert`).
    static let overTLS: [RecordCase] = all.filter { !$0.tls }.map { item in
        var copy = item
        copy.tls = true
        copy.arguments += ["--ca-cert", "{ca}"]
        return copy
    }

    static func named(_ service: String) -> RecordCase { all.first { $0.service == service } ?? all[0] }
}

/// A running in-process mock (as `harness verify` starts one) with its kept log lines and CA file.
struct RecordMock {
    var server: MockServer
    var ca: String?

    /// Starts `kind` with the case's credentials, `faults` and `fixture` (a folder, e.g. a recording).
    static func start(_ item: RecordCase, faults: [String] = [], fixture: String? = nil, count: Int? = nil) async throws -> RecordMock {
        guard let kind = MockServiceKind(rawValue: item.service) else { throw RecordTestError("unknown service") }
        var options = MockServerOptions()
        options.fixturesRoot = connectFixturesRoot
        options.fixture = fixture
        options.tokens = item.tokens
        options.user = item.user
        options.password = item.password
        options.rate = 50
        options.count = count
        options.faults = try faults.map { text in
            do throws(FaultSpecError) { return try FaultSpec.parse(text) } catch { throw RecordTestError("fault \(text)") }
        }
        var ca: String?
        if item.tls {
            let identity = try TLSServerIdentity.selfSigned()
            let path = NSTemporaryDirectory() + "harness-record-test-\(UUID().uuidString).pem"
            try identity.writeCertificatePEM(to: path)
            ca = path
            options.tls = TLSServeOptions.mockTLSProvider(TLSServerOptions(identity: identity))
        }
        let log = try ServerLog(path: nil, keepLines: true)
        let server = try await MockServer.start(try kind.makeService(options: options), options: options, log: log)
        return RecordMock(server: server, ca: ca)
    }

    /// The URL `harness connect <service>` takes (sse: the stream path).
    func url(_ service: String) -> String { service == "sse" ? server.url + "/events" : server.url }

    /// The log lines so far, parsed.
    var log: [JSONValue] { server.context.log.lines.compactMap { try? JSONValue.parse(Array($0.utf8)) } }

    func stop() async {
        await server.stop()
        if let ca { try? FileManager.default.removeItem(atPath: ca) }
    }
}

struct RecordTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One in-process `harness record` run: exit status and the NDJSON lines it printed.
struct RecordRun {
    var status: Int32
    var lines: [JSONValue]
    var logs: [String]
    /// The code of the last `{"error":…}` line.
    var errorCode: String? { lines.last?["error"]?["code"]?.stringValue }
}

/// Runs `RecordRunner` like the CLI does (`harness record <service> URL --out DIR ARGS…`), stopped after
/// `timeout` so a broken recorder cannot hang the suite.
func runRecord(_ item: RecordCase, mock: RecordMock, out: String, extra: [String] = [], allowSecret: Bool = false,
               timeout: Duration = .seconds(20)) async throws -> RecordRun {
    let arguments = (item.arguments + extra).map { $0.replacingOccurrences(of: "{ca}", with: mock.ca ?? "") }
    var options = RecordOptions()
    options.connect = try ConnectArguments.parse(arguments).options(url: mock.url(item.service))
    options.out = out
    options.allowSecretInPayload = allowSecret
    let ready = options
    let collected = Mutex<[String]>([])
    let logs = Mutex<[String]>([])
    let output = ConnectOutput(
        sink: { bytes in collected.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } },
        log: { line in logs.withLock { $0.append(line) } })
    let runner = RecordRunner()
    let watchdog = Task {
        try? await Task.sleep(for: timeout)
        if !Task.isCancelled { runner.stop() }
    }
    let status = await runner.run(service: item.service, options: ready, output: output)
    watchdog.cancel()
    let lines = collected.withLock { $0 }.compactMap { try? JSONValue.parse(Array($0.utf8)) }
    return RecordRun(status: status, lines: lines, logs: logs.withLock { $0 })
}

/// A fresh folder path under the temporary directory (not created).
func recordOutputPath() -> String {
    NSTemporaryDirectory() + "harness-record-\(UUID().uuidString)"
}

enum RecordCompare {
    /// The content events of a decoded NDJSON output, as `ExpectedEvents` keeps them from a mock's log: no error
    /// or `ignored` lines, eisy without its `_0` heartbeats, Stream's `message.new` and Event Streamer's batches.
    static func contentEvents(_ ndjson: [UInt8], service: String) -> [JSONValue] {
        ndjson.split(separator: 0x0A).compactMap { line -> JSONValue? in
            guard let value = try? JSONValue.parse(Array(line)), value["error"] == nil, value["ignored"] == nil else { return nil }
            switch service {
            case "eisy": return value["control"] == .string("_0") ? nil : value
            case "stream": return value["type"] == .string("message.new") ? value : nil
            case "eventstreamer": return value["type"] == .string("event_batch") ? value : nil
            case "sse": return value["comment"] == nil ? value : nil
            default: return value
            }
        }
    }

    /// What the mock's log says it sent whole on its connection `conn`, decoded.
    static func sent(_ log: [JSONValue], service: String, conn: Int) -> [JSONValue] {
        ExpectedEvents.from(log: log, service: service).filter { $0.conn == conn }.map(\.value)
    }

    /// Every regular file under `root`, with its bytes.
    static func files(under root: String) -> [(String, [UInt8])] {
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: root) else { return [] }
        var result: [(String, [UInt8])] = []
        for case let relative as String in walker {
            var isDirectory: ObjCBool = false
            let path = root + "/" + relative
            if manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
               let data = manager.contents(atPath: path) {
                result.append((relative, Array(data)))
            }
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// Whether `needle` occurs in `haystack`, ignoring ASCII case.
    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let lower = haystack.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
        return RecordSecrets.occurs(Array(needle.lowercased().utf8), in: lower)
    }
}
