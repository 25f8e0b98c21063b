public import Codecs

/// Writes a message as the SDK's `model.model_dump(mode="json")` holds it: the model's fields in declaration
/// order (unknown top-level fields are gone), integers exact, event payloads whole. Numbers inside events are
/// what `json.loads` made of them: integer literals as Python ints (exact, `-0` → `0`), other literals as
/// Python floats printed by `repr`, and floats that overflowed to infinity as `null` (pydantic's JSON mode).
public enum ModelDumpWriter {
    public static func write(_ message: StreamingMessage, to writer: inout JSONWriter) {
        writer.beginObject()
        writeMembers(of: message, to: &writer)
        writer.endObject()
    }

    /// The members alone, for a caller that writes the braces (e.g. the harness output line).
    public static func writeMembers(of message: StreamingMessage, to writer: inout JSONWriter) {
        writeMembers(of: message, to: &writer, normalisingNumbers: true)
    }

    /// The members in model field order; event payload numbers are written as Python holds them when
    /// `normalisingNumbers`, verbatim otherwise (the encoder's wire form). One field list for both outputs.
    static func writeMembers(of message: StreamingMessage, to writer: inout JSONWriter, normalisingNumbers: Bool) {
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
                for event in group.events {
                    if normalisingNumbers {
                        writeValue(.object(event.fields), to: &writer)
                    } else {
                        writer.value(.object(event.fields))
                    }
                }
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
    }

    /// A payload value with numbers normalised as Python holds them.
    static func writeValue(_ value: JSONValue, to writer: inout JSONWriter) {
        switch value {
        case let .number(number):
            if number.isInteger {
                writer.raw(LaxCoercion.canonicalInteger(number.text)?.text ?? number.text)
            } else {
                let double = number.double
                if double.isFinite { writer.raw(PythonFloatFormat.string(double)) } else { writer.null() }
            }
        case let .array(elements):
            writer.beginArray()
            for element in elements { writeValue(element, to: &writer) }
            writer.endArray()
        case let .object(members):
            writer.beginObject()
            for member in members {
                writer.key(member.key)
                writeValue(member.value, to: &writer)
            }
            writer.endObject()
        default:
            writer.value(value)
        }
    }
}
