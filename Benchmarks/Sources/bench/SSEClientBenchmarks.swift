import AsyncHTTPClient
import Clients
import Foundation
import HTTPStreaming
import NIOCore
import NIOPosix
import OpenAPIRuntime
import Sessions

/// Issue 17's client comparison: events/s end to end over loopback, from the same server (`bench serve-sse-body`,
/// a child process, so process CPU time is the client's only) on the same `HTTPClient`, each to a `for try await`
/// consumer that touches every event's data: our `SSEClient` (recommended profile: reconnect supervisor, session,
/// `Last-Event-ID` resume point, bounded hand-off to the consumer task) vs AsyncHTTPClient + swift-openapi-runtime
/// `asDecodedServerSentEvents()` on the body (decoding on the consumer's task, no reconnect). One run is one client
/// reading the 10 MB body's events; the client is stopped once the last arrived (it would reconnect at the end).
///
/// The floor case is the least any AHC-based client handing out the peer's Strings must do: read the same body over
/// loopback, and build and free each event's data and ID Strings (at ranges found before timing: nothing parsed,
/// no hand-off).
enum SSEClientBenchmarks {
    static let suite = BenchmarkSuite(codec: "sse-client") {
        let body = SSEBenchmarks.typicalEvents(bytes: 10_000_000)
        guard let server = BenchServer.start() else {
            FileHandle.standardError.write(Data("sse-client: could not start the server process\n".utf8))
            return []
        }
        let client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            configuration: HTTPEventStream.clientConfiguration())
        let url = "http://127.0.0.1:\(server.port)/events"
        let name = "SSEClient vs AHC+openapi (10 MB typical events)"
        let peer = openAPIPeer(url: url, client: client)
        let strings = SSEBenchmarks.floorCase(name: "", body: body).ours
        return [
            BenchmarkCase(
                codec: "sse-client", name: name, bytes: body.body.count, items: body.events,
                ours: Contender(name: "SSEClient for try await") {
                    runBlocking { await consumeSSEClient(url: url, client: client, expected: body.events) }
                },
                peer: peer),
            BenchmarkCase(
                codec: "sse-client", name: "floor: AHC body read + Strings only", bytes: body.body.count,
                items: body.events,
                ours: Contender(name: "AHC body + data/id Strings") {
                    let read = runBlocking { await readBody(url: url, client: client) }
                    return read == body.body.count ? strings.run() : -1
                },
                peer: peer),
        ]
    }

    static func consumeSSEClient(url: String, client: HTTPClient, expected: Int) async -> Int {
        guard let sse = try? SSEClient(.recommended(url: url), http: HTTPClientConfiguration(httpClient: client)) else {
            return -1
        }
        var events = 0
        var dataBytes = 0
        do {
            for try await event in sse.events {
                events += 1
                dataBytes &+= event.event.data.utf8.count
                if events == expected { break }
            }
        } catch {
            events = -1
        }
        await sse.stop()
        return dataBytes > 0 ? events : 0
    }

    static func openAPIPeer(url: String, client: HTTPClient) -> Contender {
        Contender(name: "AHC + openapi-runtime SSE") {
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
        }
    }

    /// The body's byte count, read over AHC and dropped buffer by buffer.
    static func readBody(url: String, client: HTTPClient) async -> Int {
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
            var bytes = 0
            for try await buffer in response.body { bytes &+= buffer.readableBytes }
            return bytes
        } catch {
            return -1
        }
    }
}

/// `EventStreamerClient` batches/s and events/s over loopback (same server process): 20k batches of 1 event and
/// 5k of 10 (the Event Streamer suite's shapes), auto-ack on (one bulk ack on stop). There is no Swift SDK to put
/// beside it; the peer is what an AHC user would write: split the body into lines and `JSONDecoder` each into
/// Codable structs of the same message, on the consumer's task.
enum EventStreamerClientBenchmarks {
    static let batches = [1: 20_000, 10: 5_000]

    static let suite = BenchmarkSuite(codec: "eventstreamer-client") {
        guard let server = BenchServer.start() else {
            FileHandle.standardError.write(Data("eventstreamer-client: could not start the server process\n".utf8))
            return []
        }
        let client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            configuration: HTTPEventStream.clientConfiguration())
        let base = "http://127.0.0.1:\(server.port)"
        return [(1, "one"), (10, "ten")].map { events, subscription in
            let count = batches[events] ?? 0
            let bytes = body(eventsPerBatch: events).count
            return BenchmarkCase(
                codec: "eventstreamer-client", name: "EventStreamerClient, \(count) batches x \(events) event(s)",
                bytes: bytes, items: count,
                ours: Contender(name: "EventStreamerClient") {
                    runBlocking {
                        await consumeClient(base: base, subscription: subscription, client: client, expected: count)
                    }
                },
                peer: Contender(name: "AHC + lines + JSONDecoder") {
                    runBlocking { await decodeLines(url: base + "/subscriptions/\(subscription)/stream", client: client) }
                })
        }
    }

    static func body(eventsPerBatch: Int) -> [UInt8] {
        EventStreamerBenchmarks.body(batches: batches[eventsPerBatch] ?? 0, eventsPerBatch: eventsPerBatch)
    }

    static func consumeClient(base: String, subscription: String, client: HTTPClient, expected: Int) async -> Int {
        let configuration = EventStreamerSessionConfiguration.recommended(baseURL: base, subscriptionID: subscription)
        guard let streamer = try? EventStreamerClient(configuration, http: HTTPClientConfiguration(httpClient: client))
        else { return -1 }
        var batches = 0
        var events = 0
        do {
            for try await batch in streamer.events {
                batches += 1
                for group in batch.events { events &+= group.events.count }
                if batches == expected { break }
            }
        } catch {
            batches = -1
        }
        await streamer.stop()
        return events > 0 ? batches : 0
    }

    static func decodeLines(url: String, client: HTTPClient) async -> Int {
        let decoder = JSONDecoder()
        var batches = 0
        var pending: [UInt8] = []
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
            guard response.status == .ok else { return -1 }
            for try await buffer in response.body {
                pending += buffer.readableBytesView
                var start = 0
                while let end = pending[start...].firstIndex(of: 0x0A) {
                    let line = Data(pending[start..<end])
                    if let batch = try? decoder.decode(EventStreamerBenchmarks.CodableBatch.self, from: line),
                       !batch.events.isEmpty
                    {
                        batches += 1
                    }
                    start = end + 1
                }
                pending.removeFirst(start)
            }
        } catch {
            return -1
        }
        return batches
    }
}
