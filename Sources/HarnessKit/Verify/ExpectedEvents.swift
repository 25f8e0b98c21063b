import Codecs
import Foundation
import StreamTesting

/// The events a client should have delivered, from the mock's log (docs/VERIFY.md): every content message the
/// mock sent whole (no `form`: not garbage, oversize, bad-deflate or a `drop-mid` half; not a keep-alive; SSE
/// garbage is content, since SSE has no syntax errors: its invalid UTF-8 decodes to U+FFFD),
/// decoded as `harness decode <codec>` prints it, with its stream position where the protocol has one.
public struct ExpectedEvent: Sendable, Equatable {
    /// SSE `id`, Event Streamer `batch_id`: the resume position; nil for services that cannot resume.
    public var position: String?
    public var value: JSONValue
    /// The stream attempt that carried it.
    public var conn: Int = 0
}

public enum ExpectedEvents {
    /// The content `service`'s mock sent whole, in send order, from the parsed log lines.
    public static func from(log: [JSONValue], service: String) -> [ExpectedEvent] {
        var events: [ExpectedEvent] = []
        for line in log where line["event"] == .string("sent") && (line["form"] == nil || (service == "sse" && line["form"] == .string("garbage"))) {
            guard case let .string(encoded)? = line["base64"], let payload = Data(base64Encoded: encoded) else { continue }
            let bytes = Array(payload)
            let before = events.count
            defer { for index in before..<events.count { events[index].conn = line["conn"]?.intValue ?? 0 } }
            switch service {
            case "stream":
                guard line["type"] == .string("message.new"), let value = try? JSONValue.parse(bytes) else { continue }
                events.append(ExpectedEvent(position: nil, value: value))
            case "sse":
                for value in decode("sse", bytes, messages: false) {
                    events.append(ExpectedEvent(position: line["id"]?.stringValue, value: value))
                }
            case "eventstreamer":
                for value in decode("eventstreamer", bytes, messages: false) where value["type"] == .string("event_batch") {
                    events.append(ExpectedEvent(position: line["batch_id"]?.stringValue.map { String($0.drop { !$0.isNumber }) }, value: value))
                }
            case "central", "eisy":
                let isText = service == "eisy"
                var framed = Array(#"{"\#(isText ? "text" : "base64")":"#.utf8)
                if isText {
                    var writer = JSONWriter(capacity: bytes.count + 16)
                    writer.string(String(decoding: bytes, as: UTF8.self))
                    framed += writer.bytes
                } else {
                    framed += Array("\"\(encoded)\"".utf8)
                }
                framed += Array("}\n".utf8)
                for value in decode(service == "eisy" ? "isy" : "central", framed, messages: true)
                where !(service == "eisy" && value["control"] == .string("_0")) {
                    events.append(ExpectedEvent(position: nil, value: value))
                }
            default:
                continue
            }
        }
        return events
    }

    /// `harness decode CODEC` output objects, without error and `ignored` lines.
    static func decode(_ codec: String, _ input: [UInt8], messages: Bool) -> [JSONValue] {
        var options = DecodeOptions()
        options.messages = messages
        let result = DecodeDriver.run(codecName: codec, options: options, input: input, chunking: .whole)
        return result.output.split(separator: 0x0A).compactMap { line in
            guard let value = try? JSONValue.parse(Array(line)), value["error"] == nil, value["ignored"] == nil else { return nil }
            return value
        }
    }
}
