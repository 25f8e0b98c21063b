import Codecs
import EventStreamer

extension HarnessCodec {
    /// `harness decode eventstreamer`: an Event Streamer NDJSON body. Each message prints as the SDK's
    /// `model_dump(mode="json")`; a rejected line prints an error object with its physical `line` number and the
    /// stream goes on (exit 0). `--messages`: each payload is one line, answered by one output line.
    public static let eventstreamer = HarnessCodec(
        name: "eventstreamer",
        makeStream: { _ in EventStreamerStreamSession() },
        makeMessages: { _ in EventStreamerMessageSession() }
    )
}

/// Frames and decodes a raw body.
struct EventStreamerStreamSession: StreamDecodeSession {
    var decoder = EventStreamDecoder()

    mutating func feed(_ chunk: UnsafeRawBufferPointer, output: inout DecodeOutput) -> Bool {
        decoder.feed(chunk)
        drain(output: &output)
        return true
    }

    mutating func finish(output: inout DecodeOutput) {
        decoder.finish()
        drain(output: &output)
    }

    mutating func drain(output: inout DecodeOutput) {
        while let item = decoder.next() {
            switch item {
            case let .message(message, _):
                output.emitObject { writer in ModelDumpWriter.writeMembers(of: message, to: &writer) }
            case let .rejected(error, line):
                output.emitError(error, endsStream: false) { writer in
                    writer.key("line")
                    writer.int(line)
                }
            }
        }
    }
}

/// Decodes one message per `--messages` line.
struct EventStreamerMessageSession: MessageDecodeSession {
    let decoder = StreamingMessageDecoder()

    mutating func decode(message: UnsafeRawBufferPointer, isText: Bool, output: inout DecodeOutput) {
        do throws(EventStreamerError) {
            let decoded = try decoder.decode(message)
            output.emitObject { writer in ModelDumpWriter.writeMembers(of: decoded, to: &writer) }
        } catch {
            output.emitError(error, endsStream: false)
        }
    }
}
