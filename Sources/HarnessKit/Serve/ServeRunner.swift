import MockServers

/// `harness serve <service>`: builds the service, starts it and hands back the running server (the CLI prints
/// its URL, waits for SIGTERM/SIGINT and stops it).
public enum ServeRunner {
    /// Starts `kind` with `options`, logging to `options`' log path.
    public static func start(_ kind: MockServiceKind, options: MockServerOptions, logPath: String?) async throws
        -> MockServer
    {
        let log = try ServerLog(path: logPath)
        let service = try kind.makeService(options: options)
        return try await MockServer.start(service, options: options, log: log)
    }
}
