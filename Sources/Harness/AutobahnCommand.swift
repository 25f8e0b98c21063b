import ArgumentParser
import Foundation
import WebSocketNIO

/// `harness autobahn [--server URL] [--agent NAME]`: runs our WebSocket client through Autobahn|Testsuite's
/// fuzzingserver protocol: `/getCaseCount`, then `/runCase?case=N&agent=A` echoing every message with its type,
/// then `/updateReports?agent=A` so the suite writes its reports.
struct AutobahnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autobahn", abstract: "Run the WebSocket client against Autobahn's fuzzingserver.")

    @Option(help: "The fuzzingserver's URL.")
    var server: String = "ws://127.0.0.1:9001"

    @Option(help: "Agent name in the reports.")
    var agent: String = "StreamCodecs"

    @Flag(help: "Print one line per case on stderr.")
    var verbose = false

    func run() async throws {
        let base = server.hasSuffix("/") ? String(server.dropLast()) : server
        let agent = self.agent.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? self.agent
        let verbose = self.verbose
        let client = WebSocketClient(configuration: .autobahn)
        let count = try await caseCount(client: client, url: "\(base)/getCaseCount")
        log("autobahn: \(count) cases at \(base)")
        let start = Date()
        for index in 1...max(count, 1) where count > 0 {
            let caseStart = Date()
            let outcome = await runCase(client: client, url: "\(base)/runCase?case=\(index)&agent=\(agent)")
            if verbose {
                log("autobahn: case \(index)/\(count) \(outcome) \(Int(Date().timeIntervalSince(caseStart) * 1000)) ms")
            }
        }
        let socket = try await client.connect(to: "\(base)/updateReports?agent=\(agent)")
        for try await _ in socket.messages {}
        log("autobahn: \(count) cases run in \(Int(Date().timeIntervalSince(start))) s; reports updated")
    }
}

/// `/getCaseCount`: the server sends the count as one text message, then closes.
private func caseCount(client: WebSocketClient, url: String) async throws -> Int {
    let socket = try await client.connect(to: url)
    var count: Int?
    for try await message in socket.messages {
        if case .text(let text) = message { count = Int(text.trimmingCharacters(in: .whitespaces)) }
    }
    guard let count else { throw ValidationError("no case count from \(url)") }
    return count
}

/// One case: echo every message until the connection ends; returns how it ended, for the log.
private func runCase(client: WebSocketClient, url: String) async -> String {
    let socket: WebSocket
    do {
        socket = try await client.connect(to: url)
    } catch {
        return "connect failed: \(error)"
    }
    do {
        for try await message in socket.messages {
            try await socket.send(message)
        }
    } catch {
        _ = try? await socket.closed()
        return "failed: \(error)"
    }
    let info = try? await socket.closed()
    return "closed \(info.map { "\($0.code.map(String.init) ?? "-") clean=\($0.wasClean)" } ?? "?")"
}

private func log(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
