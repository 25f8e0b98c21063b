import Codecs

extension HarnessCodec {
    /// `harness decode stream --messages`: Stream coordinator WebSocket messages (service-profiles §5), one JSON
    /// object per message. Each line prints the object as received, members in order (what `harness connect
    /// stream` prints as `event`); a message that is not JSON, or JSON but not an object, prints its error line
    /// (`stream-not-an-object` for the latter, as `StreamCoordinatorSession` reports it) and decoding goes on.
    /// There is no raw-stream form: the service only speaks in WebSocket messages.
    public static let stream = HarnessCodec(
        name: "stream",
        makeStream: nil,
        makeMessages: { _ in StreamMessageSession() }
    )
}

/// One Stream message per `--messages` line, parsed with the session's limits.
struct StreamMessageSession: MessageDecodeSession {
    let limits = JSONLimits()

    mutating func decode(message: UnsafeRawBufferPointer, isText: Bool, output: inout DecodeOutput) {
        let parsed: JSONValue
        do throws(JSONReaderError) {
            parsed = try JSONValue.parse(Array(message), limits: limits)
        } catch {
            output.emitError(error, endsStream: false)
            return
        }
        guard case let .object(members) = parsed else {
            output.emitError(
                code: "stream-not-an-object", message: "message of \(message.count) bytes is JSON but not an object",
                offset: nil, endsStream: false)
            return
        }
        output.emitObject { writer in
            for member in members {
                writer.key(member.key)
                writer.value(member.value)
            }
        }
    }
}
