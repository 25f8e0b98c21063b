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
        writer.key("type")
        writer.string(message.type)
        switch message {
        case let .eventBatch(batch):
            writer.key("response_id")
            writer.string(batch.responseID)
            writer.key("subscription_id")
            writer.raw(batch.subscriptionID.text)
            writer.key("connection_id")
            writer.string(batch.connectionID)
            writer.key("resume_token")
            writer.string(batch.resumeToken)
            writer.key("events")
            writer.beginObject()
            for group in batch.events {
                writer.key(group.name)
                writer.beginArray()
                for event in group.events { writer.value(.object(event.fields)) }
                writer.endArray()
            }
            writer.endObject()
            writer.key("batch_size")
            writer.raw(batch.batchSize.text)
            writer.key("timestamp")
            writer.string(batch.timestamp)
            writer.key("batch_id")
            writer.string(batch.batchID)
        case let .heartbeat(heartbeat):
            writer.key("connection_id")
            writer.string(heartbeat.connectionID)
            writer.key("subscription_id")
            writer.raw(heartbeat.subscriptionID.text)
            writer.key("timestamp")
            writer.string(heartbeat.timestamp)
        case let .error(error):
            writer.key("connection_id")
            writer.string(error.connectionID)
            writer.key("subscription_id")
            writer.raw(error.subscriptionID.text)
            writer.key("error_code")
            writer.string(error.errorCode)
            writer.key("error_message")
            writer.string(error.errorMessage)
            writer.key("timestamp")
            writer.string(error.timestamp)
            writer.key("recoverable")
            writer.bool(error.recoverable)
        }
        writer.endObject()
        writer.endLine()
        return writer.bytes
    }
}
