import AsyncHTTPClient
import EventStreamer
import HTTPStreaming
import NIOPosix
import SSE
import TransportNIO

/// Runs `body` with a scripted server and an `HTTPEventStream` on a fresh `HTTPClient`, shutting both down after.
func withStream<R>(
    timeouts: HTTPStreamTimeouts = HTTPStreamTimeouts(connect: .seconds(5), responseHead: .seconds(5), idleRead: .seconds(5)),
    clock: some Clock<Duration> = ContinuousClock(),
    serverTLS: TLSServerOptions? = nil, clientTLS: TLSClientOptions = TLSClientOptions(), namesRefusals: Bool = true,
    script: @escaping @Sendable (ReceivedRequest) -> [ServerStep],
    _ body: (HTTPEventStream, ScriptedHTTPServer) async throws -> R
) async throws -> R {
    let server = try await ScriptedHTTPServer.start(tls: serverTLS, script)
    let client = HTTPClient(
        eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
        configuration: HTTPEventStream.clientConfiguration(timeouts: timeouts, tls: clientTLS))
    let stream = HTTPEventStream(client: client, timeouts: timeouts, clock: clock, tls: namesRefusals ? clientTLS : nil)
    do {
        let result = try await body(stream, server)
        try await client.shutdown()
        await server.stop()
        return result
    } catch {
        try? await client.shutdown()
        await server.stop()
        throw error
    }
}

/// Items delivered and how the run ended.
struct Outcome<Item: Sendable> {
    var items: [Item] = []
    var end: HTTPStreamEnd?
    var error: (any Error)?
    var opened: [HTTPStreamHead] = []

    var streamError: HTTPStreamError? { error as? HTTPStreamError }
}

/// Runs an SSE request to `path` and collects everything.
func runSSE(
    _ stream: HTTPEventStream, _ server: ScriptedHTTPServer, path: String = "/events",
    decoder: SSEDecoder = SSEDecoder(), onItem: (SSEItem<SSEEvent>) async throws -> Void = { _ in }
) async -> Outcome<SSEItem<SSEEvent>> {
    var outcome = Outcome<SSEItem<SSEEvent>>()
    var body = SSEBodyDecoder(decoder)
    do {
        outcome.end = try await stream.run(
            .serverSentEvents(url: server.url + path), decoder: &body,
            onOpen: { outcome.opened.append($0) },
            onItem: { item in
                outcome.items.append(item)
                try await onItem(item)
            })
    } catch {
        outcome.error = error
    }
    return outcome
}

/// Runs an NDJSON request to `path` and collects everything.
func runNDJSON(
    _ stream: HTTPEventStream, _ server: ScriptedHTTPServer, path: String = "/stream",
    decoder: EventStreamDecoder = EventStreamDecoder(),
    onItem: (EventStreamDecoder.Item) async throws -> Void = { _ in }
) async -> Outcome<EventStreamDecoder.Item> {
    var outcome = Outcome<EventStreamDecoder.Item>()
    var body = EventStreamBodyDecoder(decoder)
    do {
        outcome.end = try await stream.run(
            .ndjson(url: server.url + path), decoder: &body,
            onItem: { item in
                outcome.items.append(item)
                try await onItem(item)
            })
    } catch {
        outcome.error = error
    }
    return outcome
}

/// Thrown by a consumer that wants to stop.
struct ConsumerStop: Error {}

/// Real elapsed time of `body`.
func measure<R>(_ body: () async throws -> R) async rethrows -> (R, Duration) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try await body()
    return (result, start.duration(to: clock.now))
}
