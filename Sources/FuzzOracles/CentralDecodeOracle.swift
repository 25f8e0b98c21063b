import Codecs
import Protobuf

/// The Central protobuf decoder on arbitrary bytes: decoding as a CloudEvent (then its proto_data as an
/// AuditTrail, and as each of the seven generated topics' messages), as an AuditTrail and as a Struct either succeeds or fails with a `ProtobufError` whose offset lies
/// within the input; rendering a decoded message as JSON either succeeds with UTF-8 output or fails with one of
/// the two documented rendering errors; reading every view field never traps.
public enum CentralDecodeOracle {
    static let renderingErrors: Set<String> = ["non-finite-number", "timestamp-out-of-range"]

    public static func check(_ bytes: UnsafeRawBufferPointer) throws(FuzzViolation) {
        let input = Array(bytes)
        switch Result(catching: { () throws(ProtobufError) in try CloudEventView.decode(input) }) {
        case let .success(event):
            try checkRendering { (writer: inout JSONWriter) throws(ProtobufError) in
                try DictRenderer.writeEnvelope(event, into: &writer)
            }
            _ = CloudEvent(event)
            if let proto = event.protoData {
                _ = proto.typeName.string
                _ = try? proto.decodePayload()
                try checkTrail(proto.value, count: input.count)
            }
            try checkTopics(event, count: input.count)
        case let .failure(error):
            try checkOffset(error, count: input.count)
        }
        try checkTrail(ProtobufBytes(input), count: input.count)
        switch Result(catching: { () throws(ProtobufError) in try StructView.decode(ProtobufBytes(input)) }) {
        case let .success(object):
            try checkRendering { (writer: inout JSONWriter) throws(ProtobufError) in
                try DictRenderer.write(object, into: &writer)
            }
            _ = ProtobufStruct(object)
        case let .failure(error):
            try checkOffset(error, count: input.count)
        }
    }

    /// Every generated topic (ap-events by type URL): decoded and rendered, or a documented error.
    static func checkTopics(_ event: CloudEventView, count: Int) throws(FuzzViolation) {
        for topic in CentralTopicDecoder.topics {
            switch Result(catching: { () throws(ProtobufError) in
                try CentralTopicDecoder.decode(event.protoData, topic: topic)
            }) {
            case let .success(view):
                try checkRendering { (writer: inout JSONWriter) throws(ProtobufError) in
                    try CentralDictRenderer.write(view, into: &writer)
                }
                for name in view.fieldNames {
                    _ = view[name]
                    _ = view.values(name)
                }
                _ = view.oneofCase()
            case let .failure(error):
                try checkOffset(error, count: count)
            }
        }
    }

    static func checkTrail(_ bytes: ProtobufBytes, count: Int) throws(FuzzViolation) {
        switch Result(catching: { () throws(ProtobufError) in try AuditTrailView.decode(bytes) }) {
        case let .success(trail):
            try checkRendering { (writer: inout JSONWriter) throws(ProtobufError) in
                try DictRenderer.write(trail, into: &writer)
            }
            _ = AuditTrail(trail)
        case let .failure(error):
            try checkOffset(error, count: count)
        }
    }

    /// Renders; a rendering failure must be one of the documented ones, and the output must be UTF-8.
    static func checkRendering(_ body: (inout JSONWriter) throws(ProtobufError) -> Void) throws(FuzzViolation) {
        var writer = JSONWriter()
        let failure: ProtobufError?
        do throws(ProtobufError) {
            try body(&writer)
            failure = nil
        } catch {
            failure = error
        }
        if let failure {
            guard renderingErrors.contains(failure.code) else {
                throw FuzzViolation("rendering failed with undocumented \(failure)")
            }
            return
        }
        guard writer.bytes.withUnsafeBytes({ UTF8Validation.isValid($0) }) else {
            throw FuzzViolation("rendered JSON is not UTF-8")
        }
    }

    static func checkOffset(_ error: ProtobufError, count: Int) throws(FuzzViolation) {
        if let offset = error.offset, offset < 0 || offset > count {
            throw FuzzViolation("\(error) has offset outside the \(count)-byte input")
        }
    }
}
