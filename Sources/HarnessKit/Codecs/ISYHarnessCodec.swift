import Codecs
import ISYXML

extension HarnessCodec {
    /// `harness decode isy`: eisy/IoX events. With `--messages`, each line is one WebSocket message: raw XML
    /// (`/rest/subscribe`) or a JSON envelope (`/api/events/subscribe`); an envelope of another type or an empty
    /// message prints `{"ignored":"<type>"}` (`""` for empty). Without it, the input is a stream of concatenated
    /// event documents, one output line each; a malformed document ends the stream (exit 65).
    public static let isy = HarnessCodec(
        name: "isy",
        makeStream: { _ in ISYStreamSession() },
        makeMessages: { _ in ISYMessageSession() }
    )
}

/// Prints one event as the `harness decode isy` object.
enum ISYEventPrinter {
    static func emit(_ event: ISYEventView, output: inout DecodeOutput) {
        output.emitObject { writer in write(event, into: &writer) }
    }

    /// Writes the members of the `harness decode isy` object (also the `event` of `harness connect eisy`).
    static func write(_ event: some ISYEventReading, into writer: inout JSONWriter) {
        writer.key("seqnum")
        if let seqnum = event.seqnum { writer.int(seqnum) } else { writer.null() }
        writer.key("sid")
        if event.withBytes(.sid, { writer.string(utf8: $0) }) == nil { writer.null() }
        text(event, .timestamp, "timestamp", &writer)
        text(event, .control, "control", &writer)
        text(event, .action, "action", &writer)
        text(event, .node, "node", &writer)
        text(event, .uom, "uom", &writer)
        writer.key("prec")
        if let prec = event.prec { writer.int(prec) } else { writer.null() }
        text(event, .fmtAct, "fmtAct", &writer)
        text(event, .fmtName, "fmtName", &writer)
        writer.key("eventInfo")
        event.withEventInfoBytes { writer.string(utf8: $0) }
    }

    /// A string member; `""` when the frame lacks the part (as pyisyox).
    static func text(_ event: some ISYEventReading, _ field: ISYField, _ key: String, _ writer: inout JSONWriter) {
        writer.key(key)
        if event.withBytes(field, { writer.string(utf8: $0) }) == nil { writer.string("") }
    }
}

/// `harness decode isy` over a raw stream of concatenated documents.
struct ISYStreamSession: StreamDecodeSession {
    var decoder = ISYStreamDecoder()

    mutating func feed(_ chunk: UnsafeRawBufferPointer, output: inout DecodeOutput) -> Bool {
        do throws(ISYEventError) {
            try decoder.feed(chunk, onItem: { ISYEventPrinter.emit($0, output: &output) })
            return true
        } catch {
            output.emitError(error, endsStream: true)
            return false
        }
    }

    mutating func finish(output: inout DecodeOutput) {
        do throws(ISYEventError) {
            try decoder.finish(onItem: { ISYEventPrinter.emit($0, output: &output) })
        } catch {
            output.emitError(error, endsStream: true)
        }
    }
}

/// `harness decode isy --messages`: one WebSocket message per line.
struct ISYMessageSession: MessageDecodeSession {
    let decoder = ISYFrameDecoder()

    mutating func decode(message: UnsafeRawBufferPointer, isText: Bool, output: inout DecodeOutput) {
        do throws(ISYEventError) {
            try decoder.decode(message) { frame in
                switch frame {
                case let .event(event):
                    ISYEventPrinter.emit(event, output: &output)
                case let .ignored(type):
                    output.emitObject { writer in
                        writer.key("ignored")
                        writer.string(utf8: type)
                    }
                }
            }
        } catch {
            output.emitError(error, endsStream: false)
        }
    }
}
