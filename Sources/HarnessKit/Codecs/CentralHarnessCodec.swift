import Codecs
import Protobuf

extension HarnessCodec {
    /// `harness decode central`: each message is a serialized `cloudevents.v1.CloudEvent` (one WebSocket binary
    /// message from Aruba Central streaming). Output per message: the dict pycentral hands its callback, i.e.
    /// `MessageToDict(inner, preserving_proto_field_name=True)` of `proto_data.value` decoded as the topic's
    /// message (`--topic`, default `audit-trail-events`: `audittrail.AuditTrail`; also location, rssi-events,
    /// geofence, ap-events, clients-events, switch-events and alert-events, rendered from the generated tables).
    /// As pycentral does (service profile §1.4), the Any type URL is ignored, whether it is empty, absent or names
    /// something else, and a CloudEvent without `proto_data` gives `{}`; except for ap-events, where the type URL
    /// picks the message (`CentralTopicDecoder`) and an unresolvable one is `unknown-any-type`. `--strict-type`
    /// rejects, with `unknown-any-type`, a non-empty type URL whose type name is not the topic's message; an
    /// empty or absent one is still accepted.
    /// `--envelope` prints `{"cloudevent":<the CloudEvent without proto_data>,"data":<inner>}`.
    ///
    /// `--messages`: one `{"base64":…}` line per message. Raw stream: the whole input is one message (a
    /// recording of one WebSocket message's bytes), decoded at end of input; more than
    /// `ProtobufLimits.maxMessageSize` bytes fails with `message-too-large` as soon as it is exceeded.
    public static let central = HarnessCodec(
        name: "central",
        makeStream: { options throws(HarnessUsageError) in try CentralStreamSession(options: options) },
        makeMessages: { options throws(HarnessUsageError) in try CentralMessageSession(options: options) }
    )
}

/// Decodes one Central message and renders the output line's JSON.
struct CentralMessageDecoder {
    /// The full protobuf name of the audit-trail topic's message, as a type URL's last part names it.
    static let auditTrailTypeName = "audittrail.AuditTrail"

    /// The topic; nil for audit-trail-events (the hand-written AuditTrail view).
    let topic: String?
    let strictType: Bool
    let envelope: Bool
    /// audit-trail-events: protobuf 7's limits (its reference); the other topics: pycentral's runtime's.
    let limits: ProtobufLimits
    var scratch = JSONWriter(capacity: 1024)

    init(options: DecodeOptions) throws(HarnessUsageError) {
        switch options.topic {
        case nil, "audit-trail-events": topic = nil
        case let other? where CentralTopicDecoder.topics.contains(other): topic = other
        case let other?:
            let known = (["audit-trail-events"] + CentralTopicDecoder.topics).joined(separator: ", ")
            throw HarnessUsageError(
                code: "unsupported-topic", message: "topic '\(other.prefix(40))' has no decoder; known: \(known)")
        }
        limits = topic == nil ? ProtobufLimits() : .pycentralRuntime
        strictType = options.strictType
        envelope = options.envelope
    }

    /// Decodes one message and writes its output line; with `endsStream`, an error marks the run failed.
    mutating func decode(_ bytes: [UInt8], output: inout DecodeOutput, endsStream: Bool) {
        scratch.reset()
        do throws(ProtobufError) {
            let event = try CloudEventView.decode(bytes, limits: limits)
            if envelope {
                scratch.beginObject()
                scratch.key("cloudevent")
                try DictRenderer.writeEnvelope(event, into: &scratch)
                scratch.key("data")
            }
            try writeInner(event)
            if envelope { scratch.endObject() }
        } catch {
            output.emitError(error, endsStream: endsStream)
            return
        }
        let rendered = scratch.bytes
        output.emitObject { writer in
            rendered.withUnsafeBytes { raw in
                writer.raw(bytes: UnsafeRawBufferPointer(rebasing: raw[1..<(raw.count - 1)]))
            }
        }
    }

    mutating func writeInner(_ event: CloudEventView) throws(ProtobufError) {
        let proto = event.protoData
        if let topic {
            let view = try CentralTopicDecoder.decode(proto, topic: topic, limits: limits)
            if strictType, let proto, !proto.typeURL.isEmpty, !(proto.typeName == view.typeName) {
                throw ProtobufError(.unknownAnyType(length: proto.typeURL.utf8.count),
                                    offset: proto.typeURL.utf8.range.lowerBound)
            }
            try CentralDictRenderer.write(view, into: &scratch)
            return
        }
        if strictType, let proto, !proto.typeURL.isEmpty, !(proto.typeName == Self.auditTrailTypeName) {
            throw ProtobufError(.unknownAnyType(length: proto.typeURL.utf8.count),
                                offset: proto.typeURL.utf8.range.lowerBound)
        }
        let trail = try AuditTrailView.decode(proto?.value ?? ProtobufBytes([]), limits: limits)
        try DictRenderer.write(trail, into: &scratch)
    }
}

/// `--messages`: one CloudEvent per line.
struct CentralMessageSession: MessageDecodeSession {
    var decoder: CentralMessageDecoder

    init(options: DecodeOptions) throws(HarnessUsageError) {
        decoder = try CentralMessageDecoder(options: options)
    }

    mutating func decode(message: UnsafeRawBufferPointer, isText: Bool, output: inout DecodeOutput) {
        decoder.decode(Array(message), output: &output, endsStream: false)
    }
}

/// Raw stream: the whole input is one CloudEvent.
struct CentralStreamSession: StreamDecodeSession {
    var decoder: CentralMessageDecoder
    var buffer: [UInt8] = []

    init(options: DecodeOptions) throws(HarnessUsageError) {
        decoder = try CentralMessageDecoder(options: options)
    }

    mutating func feed(_ chunk: UnsafeRawBufferPointer, output: inout DecodeOutput) -> Bool {
        let limit = decoder.limits.maxMessageSize
        guard buffer.count + chunk.count <= limit else {
            output.emitError(ProtobufError(.messageTooLarge(size: buffer.count + chunk.count, limit: limit),
                                           offset: limit), endsStream: true)
            return false
        }
        buffer.append(contentsOf: chunk)
        return true
    }

    mutating func finish(output: inout DecodeOutput) {
        decoder.decode(buffer, output: &output, endsStream: true)
    }
}
