import AsyncHTTPClient
import HTTPStreaming
import NIOHTTP1
import NIOPosix
import Sessions
import TransportNIO

/// Transport settings shared by the HTTP service clients (`SSEClient`, `EventStreamerClient`, issue 17): TLS
/// trust, deadlines and the consumer's buffer. The service rules (URL, headers, reconnect policy, idle timeout)
/// live in the session configuration; this is only how bytes travel.
public struct HTTPClientConfiguration: Sendable {
    /// Which server certificates are accepted for `https://` (default: the system trust store, host name
    /// checked); extra roots, a SHA-256 pin or the named `insecure` as on `wss://`
    /// (`HTTPEventStream.clientConfiguration(timeouts:tls:)`).
    public var tls: TLSClientOptions
    /// Connect and response-head deadlines. The idle read deadline is the session's `idleTimeout` (applied by
    /// the reconnect supervisor, counting every byte and never the time the consumer is slow), so `idleRead`
    /// here is ignored.
    public var timeouts: HTTPStreamTimeouts
    /// Events buffered for the consumer before reads stop (backpressure). Default 64.
    public var eventBufferLimit: Int
    /// An `HTTPClient` to use (its owner shuts it down); nil: the stream makes one and shuts it down when it ends.
    public var httpClient: HTTPClient?
    /// Observes every attempt's head and body reads (`harness record`); nil: none.
    public var bodyTap: HTTPBodyTap?

    public init(
        tls: TLSClientOptions = TLSClientOptions(), timeouts: HTTPStreamTimeouts = HTTPStreamTimeouts(),
        eventBufferLimit: Int = 64, httpClient: HTTPClient? = nil
    ) {
        self.tls = tls
        self.timeouts = timeouts
        self.eventBufferLimit = eventBufferLimit
        self.httpClient = httpClient
    }

    /// The client to run on and whether the caller of this function owns it (must shut it down).
    func makeClient() throws(TLSError) -> (client: HTTPClient, owned: Bool) {
        if let httpClient { return (httpClient, false) }
        let configuration = HTTPEventStream.clientConfiguration(timeouts: timeouts, tls: tls)
        return (HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration), true)
    }

    /// The deadlines the stream layer applies: ours without its idle read deadline (see `timeouts`).
    var streamTimeouts: HTTPStreamTimeouts {
        HTTPStreamTimeouts(connect: timeouts.connect, responseHead: timeouts.responseHead, idleRead: nil)
    }
}

extension HTTPSessionRequest {
    /// The stream layer's request: same URL, method, headers in order, body and accepted media types (nil: any).
    var streamRequest: HTTPStreamRequest {
        HTTPStreamRequest(
            url: url, method: method == .post ? .POST : .GET, headers: nioHeaders, body: body,
            acceptedContentTypes: acceptedContentTypes ?? [])
    }

    /// The control-plane request, with `timeout`.
    func controlRequest(timeout: Duration) -> HTTPControlRequest {
        HTTPControlRequest(method: method == .post ? .POST : .GET, url: url, headers: nioHeaders, body: body, timeout: timeout)
    }

    var nioHeaders: HTTPHeaders { HTTPHeaders(headers.map { ($0.name, $0.value) }) }
}

extension HTTPStreamHead {
    /// The head as the sessions read it.
    var sessionHead: HTTPSessionResponseHead {
        HTTPSessionResponseHead(status: status, headers: headers.map { HTTPSessionHeader($0.name, $0.value) })
    }
}
