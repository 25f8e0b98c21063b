import Codecs
import Foundation
@testable import HarnessKit
import Testing

/// `harness verify --client CMD` (docs/VERIFY.md "Clients"): the command runs through `/bin/sh -c` with the
/// `HARNESS_*` environment, its stdout is read as the connect contract, and it is stopped at the time limit
/// with its whole process group, whatever it leaves running.
@Suite struct ExternalClientTests {
    static func target(limit: Double = 10, arguments: [String] = ["--token", "tok-1", "--max-events", "6"]) -> ClientTarget {
        ClientTarget(service: "sse", url: "http://127.0.0.1:9/api/v1/events", caCertificatePath: "/tmp/ca.pem",
                     token: "tok-1", arguments: arguments, scenario: "sse/baseline", timeLimit: limit)
    }

    @Test("the client name is the basename of CMD's script word, else of its first word", arguments: [
        ("python3 Tests/Interop/adapters/ctfy.py", "ctfy"),
        (".venv-pycentral/bin/python Tests/Interop/adapters/pycentral.py --x", "pycentral"),
        ("sh adapters/harness_connect.sh", "harness_connect"),
        ("node client.js", "client"),
        ("/usr/local/bin/my-client --flag", "my-client"),
        ("  ./run  ", "run"),
        ("", "external"),
    ])
    func clientName(command: String, name: String) {
        #expect(ExternalClient(command: command).name == name)
        #expect(ExternalClient(command: command, name: "given").name == "given")
    }

    @Test("the command sees HARNESS_SERVICE, URL, CA_CERT, TOKEN, CONNECT_ARGS (a JSON array), SCENARIO and TIME_LIMIT")
    func environment() async throws {
        let command = #"printf '{"event":{"service":"%s","url":"%s","ca":"%s","token":"%s","args":%s,"scenario":"%s","limit":"%s"}}\n' "$HARNESS_SERVICE" "$HARNESS_URL" "$HARNESS_CA_CERT" "$HARNESS_TOKEN" "$HARNESS_CONNECT_ARGS" "$HARNESS_SCENARIO" "$HARNESS_TIME_LIMIT""#
        let run = await ExternalClient(command: command).run(Self.target(arguments: ["--token", "tok-1", "--header", #"X-A: "q""#]))
        #expect(run.violations == [])
        #expect(run.exit == 0)
        let expected = try JSONValue.parse(Array(#"""
            {"service":"sse","url":"http://127.0.0.1:9/api/v1/events","ca":"/tmp/ca.pem","token":"tok-1",
             "args":["--token","tok-1","--header","X-A: \"q\""],"scenario":"sse/baseline","limit":"10"}
            """#.utf8))
        #expect(run.events == [expected])
    }

    @Test("at the time limit the whole process group is killed, a background child included, and exit is unknown")
    func timeLimitKillsTheGroup() async {
        let started = ContinuousClock.now
        let run = await ExternalClient(command: #"sleep 60 & echo '{"status":"connecting"}'; sleep 60"#).run(Self.target(limit: 0.5))
        let elapsed = ContinuousClock.now - started
        #expect(run.exit == nil)
        #expect(run.trace == ["connecting"])
        #expect(elapsed < .seconds(20), "SIGTERM at 0.5 s ends sh and both sleeps, long before either sleep's 60 s")
    }

    @Test("a client that exits but leaves a child holding stdout is still running until the time limit")
    func orphanHoldingStdout() async {
        let started = ContinuousClock.now
        let run = await ExternalClient(command: #"echo '{"status":"connecting"}'; sleep 60 & exit 0"#).run(Self.target(limit: 0.5))
        #expect(run.exit == nil)
        #expect(ContinuousClock.now - started < .seconds(6))
    }

    @Test("contract breaks are violations: a line that is not JSON, an unknown status, exit 69 without failed and error",
          arguments: [
              (#"echo hello; exit 0"#, "stdout line 1 is not a JSON object: hello"),
              (#"echo '{"status":"dozing"}'"#, #"unknown status "dozing""#),
              (#"echo '{"status":"lost"}'"#, "lost without a reason"),
              (#"echo '{"status":"connecting"}'; exit 69"#, "exit 69 without failed(…) and a last error line"),
              (#"exit 3"#, "exit status 3"),
          ])
    func contractViolations(command: String, violation: String) async {
        let run = await ExternalClient(command: command).run(Self.target())
        #expect(run.violations == [violation])
    }

    @Test("exit 69 after failed(reason) and an error line keeps the contract; stderr's last lines are kept")
    func givingUp() async {
        let command = #"echo noise >&2; echo '{"status":"failed","reason":"http-403"}'; echo '{"error":{"code":"http-403"}}'; echo last >&2; exit 69"#
        let run = await ExternalClient(command: command).run(Self.target())
        #expect(run.violations == [])
        #expect(run.exit == 69)
        #expect(run.trace == ["failed(http-403)"])
        #expect(run.logTail == ["noise", "last"])
    }

    @Test("a client flooding stdout is stopped at the output limit, with a violation")
    func outputLimit() async {
        var client = ExternalClient(command: #"yes '{"heartbeat":1}'"#)
        client.maxStdoutBytes = 1 << 20
        let started = ContinuousClock.now
        let run = await client.run(Self.target(limit: 30))
        #expect(run.violations.first?.hasPrefix("client-output-too-large") == true)
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test("a line without its newline at exit still counts; stdin is empty")
    func lastLineWithoutNewline() async {
        let run = await ExternalClient(command: #"cat; printf '{"status":"connecting"}'"#).run(Self.target())
        #expect(run.violations == [])
        #expect(run.trace == ["connecting"])
    }

    @Test("runs in parallel do not hold each other's pipes open: each ends when its own command does")
    func parallelRunsEndIndependently() async {
        let started = ContinuousClock.now
        await withTaskGroup(of: Int32?.self) { group in
            for index in 0..<6 {
                group.addTask {
                    await ExternalClient(command: "sleep 0.\(index); exit 0").run(Self.target(limit: 20)).exit
                }
            }
            for await exit in group { #expect(exit == 0) }
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test("a 9 MiB line (an oversize event) is read whole across many pipe reads; one over the line limit is a violation",
          arguments: [(9 << 20, nil), (33 << 20, "client-line-too-long")])
    func longLines(size: Int, violation: String?) async {
        let command = #"python3 -c 'import sys; sys.stdout.write("{\"event\":{\"d\":\"" + "x" * int(sys.argv[1]) + "\"}}\n")' "# + String(size)
        let run = await ExternalClient(command: command).run(Self.target())
        #expect(run.violations.first?.split(separator: ":").first.map(String.init) == violation)
        #expect(run.events.count == (violation == nil ? 1 : 0))
    }
}
