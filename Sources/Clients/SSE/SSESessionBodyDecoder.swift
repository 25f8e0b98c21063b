import Codecs
import HTTPStreaming
import Reconnect
import Sessions

/// An `SSESession` behind the `HTTPBodyDecoder` seam: each body buffer is decoded by the session, and after the
/// buffer's events a checkpoint carrying the decoder's last event ID. The checkpoint reaches the client only
/// after every event before it was handed to the consumer, so the client's resume point never runs ahead of
/// what the consumer received (an `id:` on an event with no data moves it too, HTML §9.2.6).
struct SSESessionBodyDecoder: HTTPBodyDecoder {
    enum Item: Sendable {
        /// An event or `retry:` from the session.
        case output(SSESessionOutput)
        /// Every output before this was delivered; the last event ID as of the end of the buffer.
        case checkpoint(lastEventID: String)
    }

    var session: SSESession

    mutating func decode(_ bytes: UnsafeRawBufferPointer, onItem: (Item) -> Void) throws(SSEClientDecodingError) {
        if let outcome = session.receive(bytes, onOutput: { onItem(.output($0)) }) {
            throw SSEClientDecodingError(code: outcome.reason.rawValue)
        }
        onItem(.checkpoint(lastEventID: session.lastEventID))
    }

    /// The unfinished event (no blank line yet) is discarded, HTML §9.2.6; the body's end reconnects.
    mutating func finish(onItem: (Item) -> Void) throws(SSEClientDecodingError) -> HTTPStreamEnd {
        _ = session.finish()
        return .complete
    }
}

/// A decoder limit ended the body (`line-too-long`, `event-data-too-large`): the code is the decoder's.
struct SSEClientDecodingError: CodecError {
    let code: String
    var message: String { "the event stream broke a decoder limit" }
    var offset: Int? { nil }
}
