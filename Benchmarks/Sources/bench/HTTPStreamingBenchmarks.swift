import AsyncHTTPClient
import Foundation
import HTTPStreaming
import NIOCore
import NIOPosix
import OpenAPIRuntime
import SSE

/// SSE over loopback HTTP, end to end on the client side: `HTTPEventStream` + `SSEBodyDecoder` (owned `SSEEvent`
/// Strings) vs swift-openapi-runtime's `asDecodedServerSentEvents()` on the same AsyncHTTPClient response body,
/// each body `ByteBuffer` copied to the `ArraySlice<UInt8>` that `OpenAPIRuntime.HTTPBody` carries (what
/// swift-openapi-async-http-client's transport does: `HTTPBody(response.body.map { $0.readableBytesView })`).
///
/// Same server, same `HTTPClient`, same run: the server is this executable started again as a child process
/// (`bench serve-sse-body`), so the process CPU time the runner measures is the client's only. Each run is one GET
/// of a 10 MB `text/event-stream` body of typical events (the SSE suite's `typicalEvents`), read to its end.
enum HTTPStreamingBenchmarks {
    static let suite = BenchmarkSuite(codec: "http-sse") {
        let body = SSEBenchmarks.typicalEvents(bytes: 10_000_000)
        guard let server = BenchServer.start() else {
            FileHandle.standardError.write(Data("http-sse: could not start the server process\n".utf8))
            return []
        }
        let client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            configuration: HTTPEventStream.clientConfiguration())
        let stream = HTTPEventStream(client: client)
        let url = "http://127.0.0.1:\(server.port)/events"
        let name = "typical, Strings, loopback HTTP (10 MB: event, id, ~100-byte JSON data)"
        return [
            BenchmarkCase(
                codec: "http-sse", name: name, bytes: body.body.count, items: body.events,
                ours: Contender(name: "HTTPEventStream + SSEDecoder") {
                    runBlocking {
                        var events = 0
                        var dataBytes = 0
                        var decoder = SSEBodyDecoder()
                        do {
                            _ = try await stream.run(.serverSentEvents(url: url), decoder: &decoder) { item in
                                if case let .event(event) = item {
                                    events += 1
                                    dataBytes &+= event.data.utf8.count
                                }
                            }
                        } catch {
                            return -1
                        }
                        return dataBytes > 0 ? events : 0
                    }
                },
                peer: Contender(name: "AHC + openapi-runtime SSE") {
                    runBlocking {
                        var events = 0
                        var dataBytes = 0
                        do {
                            var request = HTTPClientRequest(url: url)
                            request.headers.add(name: "Accept", value: "text/event-stream")
                            let response = try await client.execute(request, timeout: .seconds(60))
                            guard response.status == .ok else { return -1 }
                            let bytes = response.body.map { ArraySlice($0.readableBytesView) }
                            for try await event in bytes.asDecodedServerSentEvents() {
                                events += 1
                                dataBytes &+= event.data?.utf8.count ?? 0
                            }
                        } catch {
                            return -1
                        }
                        return dataBytes > 0 ? events : 0
                    }
                })
        ]
    }

    /// The child process: serves the prepared responses (`BenchRoutes`: Content-Length, one pre-built buffer per
    /// path shared by every response) to every request on 127.0.0.1, prints its port, and exits when its standard
    /// input closes (the parent died or finished) or after ten minutes.
    static func serve() -> Never {
        let routes = BenchRoutes.make()
        do {
            let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(BodyServerHandler(routes: routes))
                    }
                }
                .bind(host: "127.0.0.1", port: 0).wait()
            FileHandle.standardOutput.write(Data("\(channel.localAddress?.port ?? 0)\n".utf8))
        } catch {
            exit(1)
        }
        Thread.detachNewThread {
            _ = FileHandle.standardInput.readDataToEndOfFile()
            exit(0)
        }
        Thread.sleep(forTimeInterval: 600)
        exit(0)
    }
}

/// Answers each request (head up to its blank line, then `Content-Length` body bytes skipped) with the
/// response prepared for its path; keeps the connection open.
final class BodyServerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let routes: BenchRoutes
    var pending: [UInt8] = []
    var skip = 0

    init(routes: BenchRoutes) { self.routes = routes }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        while true {
            if skip > 0 {
                let dropped = min(skip, pending.count)
                pending.removeFirst(dropped)
                skip -= dropped
                if skip > 0 { return }
            }
            guard let end = Self.headEnd(pending) else { return }
            let head = String(decoding: pending[0..<end], as: UTF8.self)
            pending.removeFirst(end)
            skip = Self.contentLength(head)
            context.writeAndFlush(wrapOutboundOut(routes.response(for: head)), promise: nil)
        }
    }

    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    static func contentLength(_ head: String) -> Int {
        for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
            return Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }
}

/// The bench server's responses: the 10 MB SSE body at any path, the Event Streamer NDJSON bodies at
/// `/subscriptions/{one,ten}/stream` (with `X-Connection-Id`), and a bulk-ack reply to every POST.
struct BenchRoutes: Sendable {
    let sse: ByteBuffer
    let streamerOne: ByteBuffer
    let streamerTen: ByteBuffer
    let ack: ByteBuffer

    static func make() -> BenchRoutes {
        let ndjson = ["Content-Type: application/x-ndjson", "X-Connection-Id: 550e8400-e29b-41d4-a716-446655440000"]
        let ackBody = Array(#"{"total_batches":0,"acknowledged_batches":0,"failed_batches":0,"failed_batch_ids":[],"total_events_acknowledged":0,"connection_id":"550e8400-e29b-41d4-a716-446655440000","timestamp":"2024-05-23T10:30:00.000Z"}"#.utf8)
        return BenchRoutes(
            sse: response(["Content-Type: text/event-stream"], SSEBenchmarks.typicalEvents(bytes: 10_000_000).body),
            streamerOne: response(ndjson, EventStreamerClientBenchmarks.body(eventsPerBatch: 1)),
            streamerTen: response(ndjson, EventStreamerClientBenchmarks.body(eventsPerBatch: 10)),
            ack: response(["Content-Type: application/json"], ackBody))
    }

    static func response(_ headers: [String], _ body: [UInt8]) -> ByteBuffer {
        var head = "HTTP/1.1 200 OK\r\n"
        for header in headers { head += header + "\r\n" }
        var buffer = ByteBuffer(string: head + "Content-Length: \(body.count)\r\n\r\n")
        buffer.writeBytes(body)
        return buffer
    }

    func response(for head: String) -> ByteBuffer {
        if head.hasPrefix("POST ") { return ack }
        if head.hasPrefix("GET /subscriptions/one/stream") { return streamerOne }
        if head.hasPrefix("GET /subscriptions/ten/stream") { return streamerTen }
        return sse
    }
}

/// The server child process, started once per bench run.
struct BenchServer {
    let process: Process
    let input: Pipe
    let port: Int

    static func start() -> BenchServer? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["serve-sse-body"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        do { try process.run() } catch { return nil }
        var line: [UInt8] = []
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard let first = byte.first else { return nil }
            if first == 10 { break }
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)), port > 0 else { return nil }
        return BenchServer(process: process, input: input, port: port)
    }
}
