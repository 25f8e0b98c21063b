import Codecs

/// A `harness record` folder read for serving back (issue 18, `harness serve <service> --fixture DIR`): per
/// recorded connection, its messages (WebSocket messages, or HTTP body reads) with their times, how many
/// messages our client had sent before each, the replayable response headers, and how the connection ended.
/// A folder is a recording when it holds `recording.json`; plain fixtures stay with the mocks' own content.
public struct RecordedSession: Sendable {
    /// One payload the server sent: a WebSocket message (`isText` set) or one HTTP body read (`isText` nil).
    public struct Message: Sendable {
        /// The message's payload, or the read's body bytes.
        public var payload: [UInt8]
        public var isText: Bool?
        /// Milliseconds from the connection's start, as recorded (nil: send at once).
        public var milliseconds: Double?
        /// Client messages recorded before this one (the server waited for them: Stream's `auth`).
        public var clientMessagesBefore: Int
    }

    /// How a recorded connection ended, as the mock ends it.
    public enum Ending: Sendable, Equatable {
        /// WebSocket close frame with this code.
        case close(Int)
        /// TCP connection closed with no close frame / no last chunk.
        case drop
        /// HTTP body ended cleanly (last chunk).
        case end
        /// The recorder stopped there: the connection stays open until the client leaves.
        case stop
        /// Refused with this HTTP status before the stream opened.
        case status(Int)
    }

    /// One recorded connection attempt.
    public struct Connection: Sendable {
        /// 101, or the HTTP stream's 2xx.
        public var openStatus: Int
        /// Milliseconds from the attempt's start to the open.
        public var openMilliseconds: Double
        /// The replayable response header fields (`Content-Type`, `X-Connection-Id`, …).
        public var headers: [(String, String)]
        public var messages: [Message]
        public var ending: Ending
    }

    /// The recorded service (`central`, `eisy`, `stream`, `sse`, `eventstreamer`).
    public var service: String
    /// The connection attempts in order.
    public var connections: [Connection]

    /// The recording at `directory`, nil when it is no recording (no `recording.json`).
    public static func load(_ directory: String) throws(MockServerError) -> RecordedSession? {
        guard let indexBytes = FixtureInput.readFile(directory + "/recording.json") else { return nil }
        guard let index = try? JSONValue.parse(indexBytes), case .string(let service)? = index["service"],
              case .array(let folders)? = index["connections"], !folders.isEmpty else {
            throw MockServerError(.fixtureUnusable, "\(directory)/recording.json is not a harness record index")
        }
        var connections: [Connection] = []
        for folder in folders {
            guard case .string(let name) = folder, !name.contains("/"), name != ".." else {
                throw MockServerError(.fixtureUnusable, "\(directory)/recording.json names a bad connection folder")
            }
            connections.append(try connection(name == "." ? directory : directory + "/" + name))
        }
        return RecordedSession(service: service, connections: connections)
    }

    /// One connection folder: its fixture's input split into the recorded reads, and its `connection` events.
    static func connection(_ directory: String) throws(MockServerError) -> Connection {
        let fixture = try FixtureInput.load(directory)
        guard let bytes = FixtureInput.readFile(directory + "/fixture.json"), let manifest = try? JSONValue.parse(bytes) else {
            throw MockServerError(.fixtureUnusable, "cannot read \(directory)/fixture.json")
        }
        let timing = manifest["timing_ms"]?.arrayValue?.compactMap(\.doubleValue) ?? []
        var payloads: [(bytes: [UInt8], isText: Bool?)] = []
        if fixture.messages {
            for line in fixture.input.split(separator: 0x0A) {
                guard let value = try? JSONValue.parse(Array(line)) else { continue }
                if case .string(let text)? = value["text"] { payloads.append((Array(text.utf8), true)) }
                if case .string(let text)? = value["base64"], let decoded = Base64.decode(text) { payloads.append((decoded, false)) }
            }
        } else {
            let sizes = manifest["chunks"]?.arrayValue?.compactMap(\.intValue) ?? [fixture.input.count]
            var offset = 0
            for size in sizes where size > 0 && offset + size <= fixture.input.count {
                payloads.append((Array(fixture.input[offset..<(offset + size)]), nil))
                offset += size
            }
        }
        let events = manifest["connection"]?.arrayValue ?? []
        let clientAfter = events.filter { $0["event"] == .string("client-message") }.compactMap { $0["after_messages"]?.intValue }
        var messages: [Message] = []
        for (index, payload) in payloads.enumerated() {
            messages.append(Message(
                payload: payload.bytes, isText: payload.isText, milliseconds: index < timing.count ? timing[index] : nil,
                clientMessagesBefore: clientAfter.filter { $0 <= index }.count))
        }
        let statuses = events.filter { $0["event"] == .string("http-status") }
        let opened = statuses.count > 1 || (statuses.count == 1 && events.last?["event"] != .string("http-status"))
        let openStatus = opened ? (statuses.first?["status"]?.intValue ?? 200) : (fixture.messages ? 101 : 200)
        var headers: [(String, String)] = []
        for pair in manifest["recording"]?["headers"]?.arrayValue ?? [] {
            if let items = pair.arrayValue, items.count == 2, let name = items[0].stringValue, let value = items[1].stringValue {
                headers.append((name, value))
            }
        }
        return Connection(
            openStatus: openStatus, openMilliseconds: opened ? (statuses.first?["t_ms"]?.doubleValue ?? 0) : 0,
            headers: headers, messages: messages, ending: ending(events.last, opened: opened))
    }

    /// The ending the last `connection` event describes.
    static func ending(_ last: JSONValue?, opened: Bool) -> Ending {
        switch last?["event"]?.stringValue {
        case "close": return .close(last?["code"]?.intValue ?? 1000)
        case "drop": return .drop
        case "end": return .end
        case "http-status" where !opened: return .status(last?["status"]?.intValue ?? 503)
        default: return .stop
        }
    }
}
