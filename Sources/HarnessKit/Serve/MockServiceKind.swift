import MockServers

/// The services `harness serve` can mock (besides `echo`, which is WebSocketNIO's echo server).
public enum MockServiceKind: String, Sendable, CaseIterable {
    case central
    case eisy
    case stream
    case eventstreamer
    case sse

    /// The bundled fixture served by default, relative to the fixtures root.
    public var defaultFixture: String? {
        switch self {
        case .central: return "central/audit-trail-stream"
        case .eisy: return "isy/eisy6-api-events-subscribe"
        case .stream: return nil
        case .eventstreamer: return "eventstreamer/stream-heartbeats-batches-error"
        case .sse: return "sse/starlette-keepalive-json"
        }
    }

    /// Builds the service with its fixture content (`--fixture` or the default); a `harness record` folder as
    /// `--fixture` is served back as recorded (`RecordedMock`).
    public func makeService(options: MockServerOptions) throws(MockServerError) -> any MockService {
        if let path = options.fixture, let recording = try RecordedSession.load(path) {
            return try RecordedMock(recording: recording, service: rawValue)
        }
        func fixture() throws(MockServerError) -> FixtureInput {
            let path = options.fixture ?? defaultFixture.map { options.fixturesRoot + "/" + $0 } ?? ""
            return try FixtureInput.load(path)
        }
        switch self {
        case .sse:
            return try SSEMock(fixture: try fixture(), tokens: options.tokens)
        case .eventstreamer:
            return try EventStreamerMock(fixture: try fixture())
        case .eisy:
            return try EisyMock(fixture: try fixture(), tokens: options.tokens, user: options.user,
                                password: options.password)
        case .stream:
            if let fixture = options.fixture {
                throw MockServerError(.fixtureUnusable, "stream serves synthesized events; no fixture format for it (\(fixture))")
            }
            return StreamCoordinatorMock(tokens: options.tokens)
        case .central:
            return try CentralMock(fixture: try fixture(), tokens: options.tokens)
        }
    }
}
