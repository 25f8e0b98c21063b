import Codecs
import Reconnect
import SSE

/// The sans-I/O SSE session (issue 17, WHATWG HTML §9.2): the request to send on each attempt, the check of the
/// response head, decoding of the body into events, and the resume point across connections.
///
/// Bytes and time in, outputs and outcomes out; the client runs it through the reconnect supervisor. Resume:
/// `lastEventID` is the decoder's last event ID string as of the last byte fed (it changes only when an event is
/// dispatched, §9.2.6), and every connection after the first sends it as `Last-Event-ID` (§9.2.4). An event cut
/// off by a drop (mid-field, or complete but without its blank line) is never dispatched, so it is neither
/// delivered nor counted, and the server resends it after that ID: each event reaches the consumer once.
public struct SSESession: Sendable {
    public let configuration: SSESessionConfiguration
    private var decoder: SSEDecoder

    /// The resume point: the last event ID seen so far (`""` before any).
    public var lastEventID: String { decoder.lastEventID }

    /// The server's last `retry:` value, nil before any.
    public private(set) var reconnectionTime: Duration?

    public init(configuration: SSESessionConfiguration) {
        self.configuration = configuration
        decoder = SSEDecoder(limits: configuration.limits, lastEventID: configuration.lastEventID)
    }

    /// The request for the next attempt: GET `url` (with `?token=` when the placement says so), then
    /// `Accept: text/event-stream`, `Cache-Control: no-cache` (HTML §9.2.3), `Last-Event-ID` once an ID was seen
    /// (§9.2.4), `Authorization: Bearer` for the bearer placement, then the configured headers. An empty or
    /// absent token sends no credential.
    public func request(token: Secret?) -> HTTPSessionRequest {
        var url = configuration.url
        var headers = [
            HTTPSessionHeader("Accept", "text/event-stream"),
            HTTPSessionHeader("Cache-Control", "no-cache"),
        ]
        let id = decoder.lastEventID
        if !id.isEmpty { headers.append(HTTPSessionHeader("Last-Event-ID", id)) }
        if let token, !token.isEmpty {
            switch configuration.tokenPlacement {
            case .bearerHeader:
                headers.append(HTTPSessionHeader("Authorization", token.prefixed(by: "Bearer").revealed))
            case let .query(name):
                url = PercentEncoding.appendingQuery(url, name: name, value: token.revealed)
            }
        }
        headers += configuration.headers
        return HTTPSessionRequest(
            method: .get, url: url, headers: headers, acceptedContentTypes: configuration.acceptedContentTypes
        )
    }

    /// Checks the response head; nil when the body is to be read (and a fresh decoder, carrying the last event
    /// ID, is ready for it), else the outcome that ends the attempt: `http-<status>` (with `Retry-After`) for a
    /// status that does not stream, `unexpected-content-type` when the media type is not accepted (HTML §9.2.3
    /// fails the connection).
    public mutating func open(_ head: HTTPSessionResponseHead, wallClock: Int64? = nil) -> ConnectionOutcome? {
        if let outcome = HTTPStatusOutcome.outcome(for: head, wallClock: wallClock) { return outcome }
        guard MediaType.contentType(head.header("Content-Type"), isIn: configuration.acceptedContentTypes) else {
            return .protocolError("unexpected-content-type")
        }
        decoder = SSEDecoder(limits: configuration.limits, lastEventID: decoder.lastEventID)
        return nil
    }

    /// Decodes the next bytes of the body and calls `onOutput` for what they complete, in order; returns the
    /// outcome that ends the connection when a decoder limit failed (`line-too-long`,
    /// `event-data-too-large`), after the outputs that preceded it.
    public mutating func receive(
        _ bytes: UnsafeRawBufferPointer, onOutput: (SSESessionOutput) -> Void
    ) -> ConnectionOutcome? {
        decoder.feed(bytes)
        do throws(SSEDecodingError) {
            while let item = try decoder.next() {
                switch item {
                case let .event(event):
                    let json = configuration.parsesJSONData ? Self.json(event.data) : nil
                    onOutput(.event(SSEStreamEvent(event: event, json: json)))
                case let .retry(milliseconds):
                    let delay = Duration.milliseconds(milliseconds)
                    reconnectionTime = delay
                    onOutput(.retry(delay))
                }
            }
            return nil
        } catch {
            return .protocolError(ReasonCode(error.code))
        }
    }

    /// The body ended by its framing: what is left unfinished is discarded (HTML §9.2.6) and the outcome is
    /// `end-of-stream`, which reconnects.
    public mutating func finish() -> ConnectionOutcome {
        decoder = SSEDecoder(limits: configuration.limits, lastEventID: decoder.lastEventID)
        return .endOfStream
    }

    /// `data` as JSON, nil when it is not a JSON document.
    static func json(_ data: String) -> JSONValue? {
        try? JSONValue.parse(Array(data.utf8))
    }
}
