import Codecs
import Foundation
import MockServers

/// The repository's `Fixtures/` folder, found from this file (tests never read outside the repository).
let fixturesRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Fixtures").path
}()

/// Starts `service` on an ephemeral loopback port with an in-memory log.
func startMock(_ makeService: (MockServerOptions) throws -> any MockService,
               configure: (inout MockServerOptions) throws -> Void = { _ in }) async throws -> MockServer {
    var options = MockServerOptions()
    options.fixturesRoot = fixturesRoot
    options.rate = 0
    try configure(&options)
    let log = try ServerLog(path: nil, keepLines: true)
    return try await MockServer.start(try makeService(options), options: options, log: log)
}

/// The log's lines parsed.
func logLines(_ server: MockServer) -> [JSONValue] {
    server.context.log.lines.compactMap { try? JSONValue.parse(Array($0.utf8)) }
}

/// Log lines with `"event": name`.
func logEvents(_ server: MockServer, _ name: String) -> [JSONValue] {
    logLines(server).filter { $0["event"] == .string(name) }
}

/// Waits (at most `timeout`) until the log has a line for which `match` holds.
func waitForLog(_ server: MockServer, timeout: Duration = .seconds(5), _ match: (JSONValue) -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if logLines(server).contains(where: match) { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return false
}

/// A GET request's bytes.
func getRequest(_ target: String, headers: [(String, String)] = []) -> [UInt8] {
    var text = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    for (name, value) in headers { text += "\(name): \(value)\r\n" }
    return Array((text + "\r\n").utf8)
}

/// Sends `request` on a fresh connection and returns the response once the server closed (or `timeout`).
func exchange(_ port: Int, _ request: [UInt8], timeout: Duration = .seconds(5)) async throws
    -> (response: RawHTTPResponse?, bytes: [UInt8], closed: Bool, reads: Int)
{
    let peer = try await RawTCPPeer.connect(port: port)
    try await peer.write(request)
    let (bytes, closed, reads) = await peer.receivedUntilClose(timeout: timeout)
    await peer.close()
    return (RawHTTPResponse(bytes), bytes, closed, reads)
}

/// Reads the expected NDJSON of a fixture (the reference peer's view of what it sent).
func expectedLines(_ fixture: String) throws -> [JSONValue] {
    let text = try String(contentsOfFile: fixturesRoot + "/" + fixture + "/expected.ndjson", encoding: .utf8)
    return try text.split(separator: "\n").map { line throws in try JSONValue.parse(Array(line.utf8)) }
}

extension JSONValue {
    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}
