import Codecs

/// Encodes messages as the Event Streamer service sends them: one compact JSON object per line, fields in the
/// SDK models' order, event payloads as given. For mock servers and round-trip tests.
public struct StreamingMessageEncoder: Sendable {
    var writer = JSONWriter(capacity: 1024)

    public init() {}

    /// The line for `message`, LF included.
    public mutating func encode(_ message: StreamingMessage) -> [UInt8] {
        writer.reset()
        writer.beginObject()
        ModelDumpWriter.writeMembers(of: message, to: &writer, normalisingNumbers: false)
        writer.endObject()
        writer.endLine()
        return writer.bytes
    }
}
