import Codecs
import Foundation
import StreamTesting

/// Lays a `harness record` run out as fixture files (format v1 with the `recording` extension,
/// `Fixtures/README.md`): one connection in `DIR` itself, several in `DIR/connection-1`, `DIR/connection-2`, …;
/// `DIR/recording.json` lists them. The expected output is decoded at record time by our decoder (the codec
/// `harness replay` runs), and the manifest's `source` says so. Only built here; `RecordRunner` checks the
/// secrets rule over every file before writing any.
struct RecordingWriter {
    let service: RecordService
    let decodeOptions: DecodeOptions
    /// The URL's path (no query, no userinfo: those may carry credentials).
    let path: String
    /// When the recording was made (ISO 8601, UTC), for the manifest's `source`.
    let recordedAt: String
    /// Recorded by the proxy from a user's client (`harness record --listen`).
    var proxied = false

    /// Relative path → bytes, for every file of the recording.
    func files(for connections: [RecordedConnection]) -> [(path: String, bytes: [UInt8])] {
        var files: [(String, [UInt8])] = []
        let folders = connections.count == 1 ? [""] : connections.indices.map { "connection-\($0 + 1)/" }
        for (index, connection) in connections.enumerated() {
            let folder = folders[index]
            for (name, bytes) in fixtureFiles(connection, number: index + 1, of: connections.count) {
                files.append((folder + name, bytes))
            }
        }
        files.append(("recording.json", index(folders)))
        return files
    }

    /// `recording.json`: what was recorded and where each connection's fixture is.
    func index(_ folders: [String]) -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        writer.key("format"); writer.int(1)
        writer.key("recording"); writer.string("harness record")
        writer.key("service"); writer.string(service.rawValue)
        writer.key("path"); writer.string(path)
        writer.key("connections")
        writer.beginArray()
        for folder in folders { writer.string(folder.isEmpty ? "." : String(folder.dropLast())) }
        writer.endArray()
        writer.endObject()
        writer.endLine()
        return writer.bytes
    }

    /// The input bytes and read sizes of one connection: message lines, or the raw body.
    func input(_ connection: RecordedConnection) -> (bytes: [UInt8], chunks: [Int]) {
        var bytes: [UInt8] = []
        var chunks: [Int] = []
        for read in connection.reads {
            let before = bytes.count
            if service.isWebSocket {
                var writer = JSONWriter(capacity: read.bytes.count + 16)
                writer.beginObject()
                if read.isText == true, let text = String(validating: read.bytes, as: UTF8.self) {
                    writer.key("text"); writer.string(text)
                } else {
                    writer.key("base64"); writer.string(read.bytes.withUnsafeBytes { Base64.encode($0) })
                }
                writer.endObject()
                writer.endLine()
                bytes += writer.bytes
            } else {
                bytes += read.bytes
            }
            if bytes.count > before { chunks.append(bytes.count - before) }
        }
        return (bytes, chunks)
    }

    /// `fixture.json`, the input and `expected.ndjson` of connection `number` of `count`.
    func fixtureFiles(_ connection: RecordedConnection, number: Int, of count: Int) -> [(String, [UInt8])] {
        let (bytes, chunks) = input(connection)
        let inputName = service.isWebSocket ? "input.ndjson" : "input.bin"
        let decoded = DecodeDriver.run(
            codecName: service.codec, options: decodeOptions, input: bytes,
            chunking: chunks.isEmpty ? .whole : .recorded(chunks))
        var writer = JSONWriter(capacity: 1024)
        writer.beginObject()
        writer.key("format"); writer.int(1)
        writer.key("codec"); writer.string(service.codec)
        writer.key("description")
        writer.string("harness record \(service.rawValue) \(path): connection \(number) of \(count), \(connection.reads.count) reads")
        writer.key("source")
        let via = proxied ? "through harness record --listen (a proxy between a client and the service)"
            : "with our \(service.rawValue) client's transport"
        writer.string("recorded by harness record at record time (\(recordedAt)) \(via); expected output decoded at record time by our decoder")
        writer.key("options")
        writer.beginObject()
        if decodeOptions.messages { writer.key("messages"); writer.bool(true) }
        if let topic = decodeOptions.topic { writer.key("topic"); writer.string(topic) }
        writer.endObject()
        writer.key("input"); writer.string(inputName)
        if !chunks.isEmpty {
            writer.key("chunks")
            writer.beginArray()
            for size in chunks { writer.int(size) }
            writer.endArray()
            writer.key("timing_ms")
            writer.beginArray()
            for read in connection.reads where !read.bytes.isEmpty || service.isWebSocket { writer.double(read.milliseconds) }
            writer.endArray()
        }
        writer.key("connection")
        writeEvents(connection, into: &writer)
        writer.key("recording")
        writer.beginObject()
        writer.key("service"); writer.string(service.rawValue)
        writer.key("path"); writer.string(path)
        writer.key("connection"); writer.int(number)
        writer.key("connections"); writer.int(count)
        if let request = connection.request {
            writer.key("request")
            writer.beginObject()
            writer.key("method"); writer.string(request.method)
            writer.key("target"); writer.string(request.target)
            writer.endObject()
        }
        writer.key("headers")
        writer.beginArray()
        for header in connection.headers {
            writer.beginArray()
            writer.string(header.name)
            writer.string(header.value)
            writer.endArray()
        }
        writer.endArray()
        writer.endObject()
        writer.key("expected"); writer.string("expected.ndjson")
        writer.key("exit"); writer.int(decoded.exitStatus)
        writer.endObject()
        writer.endLine()
        return [("fixture.json", writer.bytes), (inputName, bytes), ("expected.ndjson", decoded.output)]
    }

    /// The `connection` events: connect, the opening status, the client's messages (sizes only), the end.
    func writeEvents(_ connection: RecordedConnection, into writer: inout JSONWriter) {
        writer.beginArray()
        writer.beginObject()
        writer.key("event"); writer.string("connect")
        writer.key("t_ms"); writer.int(0)
        writer.endObject()
        if let status = connection.openStatus {
            writer.beginObject()
            writer.key("event"); writer.string("http-status")
            writer.key("status"); writer.int(status)
            writer.key("t_ms"); writer.double(connection.openMilliseconds ?? 0)
            writer.endObject()
        }
        for message in connection.clientMessages {
            writer.beginObject()
            writer.key("event"); writer.string("client-message")
            writer.key("t_ms"); writer.double(message.milliseconds)
            writer.key("after_messages"); writer.int(message.afterReads)
            writer.key("bytes"); writer.int(message.byteCount)
            if let content = message.content {
                if message.isText, let text = String(validating: content, as: UTF8.self) {
                    writer.key("text"); writer.string(text)
                } else {
                    writer.key("base64"); writer.string(content.withUnsafeBytes { Base64.encode($0) })
                }
            }
            writer.endObject()
        }
        for fault in connection.faults {
            writer.beginObject()
            writer.key("event"); writer.string("fault")
            writer.key("fault"); writer.string(fault.spec)
            writer.key("t_ms"); writer.double(fault.milliseconds)
            writer.endObject()
        }
        writer.beginObject()
        let reason = connection.endReason?.rawValue ?? "stop-requested"
        let ending = RecordedEnding(reason: reason, opened: connection.openStatus != nil)
        switch ending {
        case let .close(code):
            writer.key("event"); writer.string("close")
            writer.key("code"); writer.int(code)
        case let .status(status):
            writer.key("event"); writer.string("http-status")
            writer.key("status"); writer.int(status)
        case .end:
            writer.key("event"); writer.string("end")
        case let .stop(reason):
            writer.key("event"); writer.string("stop")
            writer.key("reason"); writer.string(reason)
        case let .drop(reason):
            writer.key("event"); writer.string("drop")
            writer.key("reason"); writer.string(reason)
        }
        writer.key("t_ms"); writer.double(connection.endMilliseconds ?? 0)
        writer.endObject()
        writer.endArray()
    }
}

/// How a recorded connection ended, from its reason code: a WebSocket close (`ws-close-N`; 1006, which no close
/// frame carries, is the TCP connection lost without one: a drop), a refused status
/// (`http-N` before the stream opened), the clean end of an HTTP body (`end-of-stream`), our own stop (the
/// recording ended there, not the server), or a drop (any other reason: reset, missed heartbeat, …).
enum RecordedEnding: Equatable {
    case close(Int)
    case status(Int)
    case end
    case stop(String)
    case drop(String)

    /// Reasons that mean our side ended the connection, not the server.
    static let ownStops: Set<String> = ["stop-requested", "max-events", "duration", "client-closed"]

    init(reason: String, opened: Bool) {
        if reason.hasPrefix("ws-close-"), let code = Int(reason.dropFirst(9)), code != 1006 {
            self = .close(code)
        } else if reason.hasPrefix("http-"), let status = Int(reason.dropFirst(5)), !opened || status == 204 {
            self = .status(status)
        } else if reason == "end-of-stream" {
            self = .end
        } else if Self.ownStops.contains(reason) {
            self = .stop(reason)
        } else {
            self = .drop(reason)
        }
    }
}
