import Codecs
import SSE

extension HarnessCodec {
    /// `harness decode sse`: a `text/event-stream` body. Per dispatched event
    /// `{"event":"<type>","data":"<data>","id":"<last event id>"}`, and `{"retry":<ms>}` where a valid `retry`
    /// field is parsed; comments give nothing. A limit error is the last line (exit 65).
    public static let sse = HarnessCodec(
        name: "sse",
        makeStream: { _ in SSEDecodeSession() },
        makeMessages: nil
    )
}

/// Feeds `SSEDecoder` and writes each item it hands out.
struct SSEDecodeSession: StreamDecodeSession {
    var decoder = SSEDecoder()

    mutating func feed(_ chunk: UnsafeRawBufferPointer, output: inout DecodeOutput) -> Bool {
        decoder.feed(chunk)
        return drain(output: &output)
    }

    mutating func finish(output: inout DecodeOutput) {
        decoder.finish()
        _ = drain(output: &output)
    }

    /// Writes every available item; false once the stream has ended with an error.
    mutating func drain(output: inout DecodeOutput) -> Bool {
        do throws(SSEDecodingError) {
            while let item = try decoder.next() {
                switch item {
                case let .event(event):
                    output.emitObject { writer in
                        writer.key("event")
                        writer.string(event.type)
                        writer.key("data")
                        writer.string(event.data)
                        writer.key("id")
                        writer.string(event.lastEventID)
                    }
                case let .retry(milliseconds):
                    output.emitObject { writer in
                        writer.key("retry")
                        writer.int(milliseconds)
                    }
                }
            }
            return true
        } catch {
            output.emitError(error, endsStream: true)
            return false
        }
    }
}
