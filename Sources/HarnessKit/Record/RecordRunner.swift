import Foundation

/// The options of `harness record <service> URL --out DIR [connect options]` (issue 18).
public struct RecordOptions: Sendable {
    /// Every `harness connect` option (URL, credentials, trust, `--duration`, `--max-events`, …).
    public var connect = ConnectOptions()
    /// The fixture folder to write; must not exist yet, or be empty.
    public var out = ""
    /// Write the recording even when a secret's bytes appear in the payload.
    public var allowSecretInPayload = false
    /// Recorded by the proxy (`--listen`) from a client of the user's, not by our client: the manifests say so.
    public var proxied = false

    public init() {}
}

/// Runs `harness record`: our service client (the `harness connect` runner, so the same URL forms, options,
/// NDJSON on stdout and stop rules) with a tap on its transport, then writes the fixture folder
/// (`RecordingWriter`) once the client has stopped. Exit: the client's status (0 stopped, 69 gave up: the
/// recording of what happened until then is still written), 64 bad options, 65 a secret in the payload
/// (`secret-in-payload`, nothing written unless `allowSecretInPayload`), 73 the folder cannot be written.
public final class RecordRunner: Sendable {
    let tap = RecordingTap()
    let connect: ConnectRunner

    public init() { connect = ConnectRunner(tap: tap) }

    /// Asks the running client to stop (SIGINT/SIGTERM); the recording is then written.
    public func stop() { connect.stop() }

    /// Records `service` with `options`; returns the exit status.
    public func run(service: String, options: RecordOptions, output: ConnectOutput) async -> Int32 {
        guard let kind = RecordService(rawValue: service) else {
            output.error(
                code: "unsupported-service",
                message: "service '\(service.prefix(32))' is not central, eisy, stream, sse or eventstreamer")
            return ConnectExitCode.usage
        }
        do throws(RecordError) {
            try Self.checkOutput(options.out)
        } catch {
            output.error(code: error.code, message: error.message)
            return error.exitStatus
        }
        let status = await connect.run(service: service, options: options.connect, output: output)
        if status == ConnectExitCode.usage { return status }
        do throws(RecordError) {
            let written = try write(kind, options: options)
            output.log("recorded \(written) connection(s) to \(options.out)")
        } catch {
            output.error(code: error.code, message: error.message)
            return error.exitStatus
        }
        return status
    }

    /// The files of the recording, checked against the secrets rule, then written.
    func write(_ service: RecordService, options: RecordOptions) throws(RecordError) -> Int {
        try Self.write(service, connections: tap.connections, observedSecrets: tap.observedSecrets, options: options)
    }

    /// Writes `connections` as the fixture folder `options.out`, refusing when a configured or observed secret's
    /// bytes are in any file (unless `allowSecretInPayload`); returns the number of connections.
    static func write(_ service: RecordService, connections: [RecordedConnection], observedSecrets: Set<String>,
                      options: RecordOptions) throws(RecordError) -> Int {
        guard !connections.isEmpty else {
            throw RecordError(code: "nothing-recorded", message: "no connection attempt was made", exitStatus: 69)
        }
        let writer = RecordingWriter(
            service: service, decodeOptions: service.decodeOptions(options.connect),
            path: URLComponents(string: options.connect.url)?.path ?? "", recordedAt: timestamp(),
            proxied: options.proxied)
        let files = writer.files(for: connections)
        if !options.allowSecretInPayload {
            let secrets = RecordSecrets.searchable(RecordSecrets.configured(options.connect).union(observedSecrets))
            for (index, connection) in connections.enumerated() {
                for read in connection.reads where RecordSecrets.contains(read.bytes, anyOf: secrets) {
                    throw RecordError.secretInPayload("the payload of connection \(index + 1)")
                }
            }
            for file in files where RecordSecrets.contains(file.bytes, anyOf: secrets) {
                throw RecordError.secretInPayload(file.path)
            }
        }
        let manager = FileManager.default
        let root = URL(fileURLWithPath: options.out)
        do {
            try manager.createDirectory(at: root, withIntermediateDirectories: true)
            for file in files {
                let url = root.appendingPathComponent(file.path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.bytes).write(to: url)
            }
        } catch {
            throw RecordError(code: "out-unwritable", message: "cannot write \(options.out)", exitStatus: RecordExitCode.cannotWrite)
        }
        return connections.count
    }

    /// `--out` is given and names no file and no non-empty folder (a recording never mixes with old files).
    static func checkOutput(_ path: String) throws(RecordError) {
        guard !path.isEmpty else {
            throw RecordError(code: "missing-option", message: "--out DIR is missing", exitStatus: ConnectExitCode.usage)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        let empty = isDirectory.boolValue && ((try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty ?? false)
        guard empty else {
            throw RecordError(code: "out-exists", message: "--out \(path) exists and is not an empty folder",
                              exitStatus: ConnectExitCode.usage)
        }
    }

    /// Now, ISO 8601 UTC to the second.
    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }
}
