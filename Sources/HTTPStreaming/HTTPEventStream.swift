import AsyncHTTPClient
import Codecs
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import TransportNIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams one HTTP response body into a decoder on AsyncHTTPClient, and sends control-plane requests (token
/// refresh, acknowledgements, heartbeats) on the same `HTTPClient` (issue 14 §2).
///
/// One trip: AsyncHTTPClient reads a `ByteBuffer` → its readable bytes are lent, in place, to
/// `HTTPBodyDecoder.decode(_:onItem:)` (the decoder's push API; nothing is copied but a line split across two
/// buffers) → each completed item goes to `onItem`. The next buffer is requested only when `onItem` has
/// returned for every item of the previous one, so a slow consumer stops the reads.
///
/// Memory bound per stream, whatever the server sends: one read burst buffered by AsyncHTTPClient before it
/// stops reading (NIO's defaults: at most 4 reads of at most 64 KiB), plus two body buffers here (the one being
/// delivered and the one read ahead, at most 64 KiB each), plus the items of one buffer, plus the decoder's own
/// bound (SSE: `maxLineLength` + `maxEventDataSize`; NDJSON: `maxLineLength`); a non-2xx body is cut at
/// `HTTPStreamingModule.maxErrorBodySize`.
///
/// Deadlines (`HTTPStreamTimeouts`): connect and TLS handshake are AsyncHTTPClient's (set them with
/// `clientConfiguration(timeouts:tls:)`); response head and idle read are watched here, on the
/// injected clock. AsyncHTTPClient's own read timeout is not used: it keeps running while backpressure has
/// stopped the reads, so it would take a slow consumer for a dead server.
public struct HTTPEventStream: Sendable {
    /// The client every request goes through (connection pool, TLS, redirects, proxies). The caller owns it and
    /// shuts it down.
    public let client: HTTPClient
    /// The deadlines applied to every request.
    public let timeouts: HTTPStreamTimeouts
    /// The TLS options `client` was configured with (`clientConfiguration(timeouts:tls:)`), or nil. When set, a
    /// certificate AsyncHTTPClient refused (BoringSSL says only `CERTIFICATE_VERIFY_FAILED`) is named by reason
    /// (`tls-expired`, `tls-not-yet-valid`, `tls-untrusted` with the path validation's finding) through one
    /// diagnostic handshake (`TLSClientOptions.diagnoseRefusal`) that sends no request byte.
    public let tls: TLSClientOptions?
    let clock: StreamClock

    /// Requests on `client` with `timeouts`, measured on `clock` (a test clock makes them virtual); `tls` names
    /// certificate refusals (see `tls`).
    public init(
        client: HTTPClient, timeouts: HTTPStreamTimeouts = HTTPStreamTimeouts(),
        clock: some Clock<Duration> = ContinuousClock(), tls: TLSClientOptions? = nil
    ) {
        self.client = client
        self.timeouts = timeouts
        self.clock = StreamClock(clock)
        self.tls = tls
    }

    /// An `HTTPClient` configuration for streams: `timeouts.connect` as the connect (and TLS handshake)
    /// deadline, no AsyncHTTPClient read timeout (the idle deadline is ours), up to 5 redirects without cycles
    /// (HTML §9.2.3 follows redirects), no response decompression (bytes reach the decoder as sent), no retries
    /// of a failed connection inside the pool (a refusal or a TLS failure ends the request at once with its typed
    /// error; reconnecting is the supervisor's decision), and `tls` for `https://`: TransportNIO's options as on
    /// the WebSocket path (default: system trust store with host name verification; extra roots, a SHA-256 pin or
    /// the named `insecure` as opt-ins). TLS failures surface as `HTTPStreamError` `.tls(TLSError)`, whose code is
    /// the `TLSError`'s.
    public static func clientConfiguration(
        timeouts: HTTPStreamTimeouts = HTTPStreamTimeouts(), tls: TLSClientOptions = TLSClientOptions()
    ) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: 5, allowCycles: false),
            timeout: HTTPClient.Configuration.Timeout(connect: timeAmount(timeouts.connect), read: nil),
            decompression: .disabled)
        configuration.httpVersion = .automatic
        configuration.connectionPool.retryConnectionEstablishment = false
        HTTPStreamTLS.apply(tls, to: &configuration)
        return configuration
    }

    /// Sends `request`, checks the answer, and streams its body through `decoder` into `onItem` until the body
    /// ends (returns how it ended) or something fails (throws).
    ///
    /// - `onOpen` runs once with the accepted head, before any item.
    /// - `onItem` runs for every decoded item in stream order; while it is suspended no more bytes are read.
    /// - `decoder` is left as the body left it (an SSE decoder's `lastEventID` and `reconnectionTime` resume the
    ///   next connection), also when this throws.
    ///
    /// Throws `HTTPStreamError` (transport, status, content type, deadlines, `decoding-failed` for a decoder
    /// limit), `CancellationError` when the calling task is cancelled, or whatever `onOpen`/`onItem` throw; in
    /// every case the request is cancelled and the connection released before this returns.
    public func run<Decoder: HTTPBodyDecoder>(
        _ request: HTTPStreamRequest,
        decoder: inout Decoder,
        onOpen: (HTTPStreamHead) async throws -> Void = { _ in },
        onItem: (Decoder.Item) async throws -> Void
    ) async throws -> HTTPStreamEnd {
        let clientRequest = Self.clientRequest(
            url: request.url, method: request.method, headers: request.headers, body: request.body)
        let handoff = BodyHandoff()
        let deadlines = NIOLockedValueBox(HTTPStreamDeadlines(timeouts))
        let clock = self.clock
        let client = self.client
        let accepted = request.acceptedContentTypes
        let tls = self.tls
        return try await withThrowingTaskGroup(of: Void.self, returning: HTTPStreamEnd.self) { group in
            defer { group.cancelAll() }
            group.addTask {
                await Self.watch(deadlines: deadlines, clock: clock, handoff: handoff)
            }
            group.addTask {
                await Self.read(
                    clientRequest, acceptedContentTypes: accepted, client: client, deadlines: deadlines,
                    clock: clock, handoff: handoff, tls: tls)
            }
            var batch: [Decoder.Item] = []
            while let element = try await handoff.next() {
                switch element {
                case let .head(head):
                    try await onOpen(head)
                case let .chunk(buffer):
                    var failure: Decoder.Failure?
                    buffer.withUnsafeReadableBytes { bytes in
                        do throws(Decoder.Failure) {
                            try decoder.decode(bytes) { batch.append($0) }
                        } catch {
                            failure = error
                        }
                    }
                    try await Self.deliver(&batch, to: onItem)
                    if let failure { throw HTTPStreamError(.decoding(failure)) }
                }
            }
            let end: HTTPStreamEnd
            do throws(Decoder.Failure) {
                end = try decoder.finish { batch.append($0) }
            } catch {
                try await Self.deliver(&batch, to: onItem)
                throw HTTPStreamError(.decoding(error))
            }
            try await Self.deliver(&batch, to: onItem)
            return end
        }
    }

    /// Sends `request` and returns its answer with the body read (up to `request.maxResponseBody`), within
    /// `request.timeout` on this stream's clock. A status other than 2xx throws `unexpected-status` with the
    /// response attached (body cut at `HTTPStreamingModule.maxErrorBodySize`). Throws `HTTPStreamError`, or
    /// `CancellationError` when the calling task is cancelled (as `run`).
    public func send(_ request: HTTPControlRequest) async throws -> HTTPControlResponse {
        let clientRequest = Self.clientRequest(
            url: request.url, method: request.method, headers: request.headers, body: request.body)
        let client = self.client
        let clock = self.clock
        do {
            return try await withThrowingTaskGroup(of: HTTPControlResponse?.self, returning: HTTPControlResponse.self) { group in
                defer { group.cancelAll() }
                group.addTask {
                    let response = try await client.execute(clientRequest, deadline: .distantFuture)
                    let status = Int(response.status.code)
                    let success = (200..<300).contains(status)
                    let limit = success ? request.maxResponseBody : HTTPStreamingModule.maxErrorBodySize
                    let (body, cut) = try await Self.collect(response.body, upTo: limit)
                    guard success else {
                        throw HTTPStreamError(.unexpectedStatus(HTTPErrorResponse(
                            status: status, headers: response.headers, body: body, bodyTruncated: cut)))
                    }
                    if cut { throw HTTPStreamError(.responseTooLarge(limit: limit)) }
                    return HTTPControlResponse(status: status, headers: response.headers, body: body)
                }
                group.addTask {
                    try await clock.sleep(clock.now() + request.timeout)
                    return nil
                }
                guard let first = try await group.next(), let response = first else {
                    throw HTTPStreamError(.requestTimeout)
                }
                return response
            }
        } catch {
            throw await Self.namedStreamError(error, url: request.url, tls: tls)
        }
    }

    // MARK: - The reader, the watchdog and delivery

    /// Runs the exchange and hands head and body buffers to the consumer side; every failure fails the handoff.
    static func read(
        _ request: HTTPClientRequest, acceptedContentTypes: [String], client: HTTPClient,
        deadlines: NIOLockedValueBox<HTTPStreamDeadlines>, clock: StreamClock, handoff: BodyHandoff,
        tls: TLSClientOptions?
    ) async {
        do {
            deadlines.withLockedValue { $0.waitingForHead(now: clock.now()) }
            let response = try await client.execute(request, deadline: .distantFuture)
            deadlines.withLockedValue { $0.received() }
            let status = Int(response.status.code)
            let contentType = response.headers.first(name: "Content-Type")
            let streams = HTTPStreamRequest.isStreamStatus(status)
            if !streams || !HTTPStreamRequest.contentType(contentType, isIn: acceptedContentTypes) {
                let (body, cut) = try await collect(
                    response.body, upTo: HTTPStreamingModule.maxErrorBodySize, deadlines: deadlines, clock: clock)
                let answer = HTTPErrorResponse(status: status, headers: response.headers, body: body, bodyTruncated: cut)
                throw HTTPStreamError(streams ? .unexpectedContentType(answer) : .unexpectedStatus(answer))
            }
            try await handoff.send(.head(HTTPStreamHead(status: status, headers: response.headers)))
            var iterator = response.body.makeAsyncIterator()
            while true {
                deadlines.withLockedValue { $0.waitingForBody(now: clock.now()) }
                guard let buffer = try await iterator.next() else { break }
                deadlines.withLockedValue { $0.received() }
                try await handoff.send(.chunk(buffer))
            }
            deadlines.withLockedValue { $0.stop() }
            handoff.finish()
        } catch {
            deadlines.withLockedValue { $0.stop() }
            handoff.fail(await namedStreamError(error, url: request.url, tls: tls))
        }
    }

    /// Sleeps until a deadline can pass, checks, and fails the handoff with the timeout when one has.
    static func watch(deadlines: NIOLockedValueBox<HTTPStreamDeadlines>, clock: StreamClock, handoff: BodyHandoff) async {
        while true {
            let verdict = deadlines.withLockedValue { $0.check(now: clock.now()) }
            switch verdict {
            case .stopped:
                return
            case let .expired(phase):
                handoff.fail(HTTPStreamError(phase == .head ? .headTimeout : .idleTimeout))
                return
            case let .checkAgain(instant):
                do { try await clock.sleep(instant) } catch { return }
            }
        }
    }

    /// Hands every item of `batch` to `onItem` in order and empties it, keeping its storage.
    static func deliver<Item>(_ batch: inout [Item], to onItem: (Item) async throws -> Void) async throws {
        guard !batch.isEmpty else { return }
        defer { batch.removeAll(keepingCapacity: true) }
        for index in batch.indices { try await onItem(batch[index]) }
    }

    /// Reads at most `limit` bytes of `body` (the rest is not read: dropping the iterator cancels the request);
    /// waits count against the idle deadline when `deadlines` is given.
    static func collect(
        _ body: HTTPClientResponse.Body, upTo limit: Int,
        deadlines: NIOLockedValueBox<HTTPStreamDeadlines>? = nil, clock: StreamClock? = nil
    ) async throws -> ([UInt8], Bool) {
        var bytes: [UInt8] = []
        var iterator = body.makeAsyncIterator()
        while true {
            if let deadlines, let clock { deadlines.withLockedValue { $0.waitingForBody(now: clock.now()) } }
            guard let buffer = try await iterator.next() else { break }
            deadlines?.withLockedValue { $0.received() }
            let room = limit - bytes.count
            if buffer.readableBytes > room {
                buffer.withUnsafeReadableBytes { bytes.append(contentsOf: $0.prefix(room)) }
                return (bytes, true)
            }
            buffer.withUnsafeReadableBytes { bytes.append(contentsOf: $0) }
        }
        return (bytes, false)
    }

    // MARK: - Requests and errors

    static func clientRequest(url: String, method: HTTPMethod, headers: HTTPHeaders, body: [UInt8]?) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers = headers
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        return request
    }

    /// Converts `Duration` to NIO's `TimeAmount`, saturating.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.nanosecondsSaturating)
    }

    /// `streamError`, with a BoringSSL certificate refusal named by `tls`'s diagnostic handshake when `tls` is set
    /// and trusts by path validation (a pin is checked by our own code, which names its failures already).
    static func namedStreamError(_ error: any Error, url: String, tls: TLSClientOptions?) async -> any Error {
        let mapped = streamError(error, url: url)
        guard let tls, let streamError = mapped as? HTTPStreamError,
              case .tls(.untrusted(let reason)) = streamError.kind, reason.contains("CERTIFICATE_VERIFY_FAILED")
        else { return mapped }
        switch tls.trust {
        case .system, .additionalRoots: break
        case .pinned, .insecure: return mapped
        }
        guard let components = URLComponents(string: url), components.scheme?.lowercased() == "https" else {
            return mapped
        }
        let host = HTTPStreamTLS.host(of: url)
        let named = await tls.diagnoseRefusal(host: host, port: components.port ?? 443, serverHostname: host)
        return named.map { HTTPStreamError(.tls($0)) } ?? mapped
    }

    /// The typed error for anything AsyncHTTPClient, NIO or NIOSSL threw (ours and cancellation pass through).
    /// TLS errors are named as TransportNIO names them on the WebSocket path, against the host of `url`.
    static func streamError(_ error: any Error, url: String) -> any Error {
        if error is HTTPStreamError || error is CancellationError { return error }
        if let tls = TLSError(classifying: error, serverHostname: HTTPStreamTLS.host(of: url)) {
            return HTTPStreamError(.tls(tls))
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return HTTPStreamError(.connectTimeout)
            case .tlsHandshakeTimeout: return HTTPStreamError(.tlsHandshakeTimeout)
            case .deadlineExceeded, .getConnectionFromPoolTimeout: return HTTPStreamError(.headTimeout)
            case .readTimeout: return HTTPStreamError(.idleTimeout)
            case .remoteConnectionClosed: return HTTPStreamError(.connectionClosed)
            case .cancelled, .requestStreamCancelled: return CancellationError()
            case .invalidURL, .emptyHost, .emptyScheme:
                return HTTPStreamError(.invalidRequest)
            default:
                let description = "\(error)"
                if description.contains("unsupportedScheme") { return HTTPStreamError(.invalidRequest) }
                return HTTPStreamError(.connectionFailed(reason: description))
            }
        }
        if let error = error as? HTTPParserError {
            if error == .headerOverflow { return HTTPStreamError(.headTooLarge) }
            // EOF before the message's framing ended (Content-Length not reached, chunked body cut).
            if error == .invalidEOFState { return HTTPStreamError(.connectionClosed) }
            return HTTPStreamError(.invalidResponse(reason: "\(error)"))
        }
        if let error = error as? BoringSSLError {
            return HTTPStreamError(.tls(.handshakeFailed(reason: "\(error)")))
        }
        if let error = error as? NIOConnectionError {
            let refused = error.connectionErrors.contains { attempt in
                (attempt.error as? IOError)?.errnoCode == ECONNREFUSED
            }
            return HTTPStreamError(refused ? .connectionRefused : .connectionFailed(reason: "no address connected"))
        }
        if let error = error as? IOError {
            if error.errnoCode == ECONNREFUSED { return HTTPStreamError(.connectionRefused) }
            return HTTPStreamError(.connectionFailed(reason: "I/O error \(error.errnoCode)"))
        }
        return HTTPStreamError(.connectionFailed(reason: "\(type(of: error))"))
    }
}
