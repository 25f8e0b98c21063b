import Codecs
import Protobuf

/// Differential round trip of the Central codec: whatever decodes (as a CloudEvent, else as an AuditTrail) must
/// re-encode to bytes that decode again to the same model (Struct and map keys compared in encoded order), and
/// re-encoding those must give the same bytes (the encoder's output is canonical).
public enum CentralRoundTripOracle {
    public static func check(_ bytes: UnsafeRawBufferPointer) throws(FuzzViolation) {
        let input = Array(bytes)
        if let event = try? CloudEventView.decode(input) {
            let first = CloudEvent(event)
            let encoded = first.encoded()
            guard let again = try? CloudEventView.decode(encoded) else {
                throw FuzzViolation("re-encoded CloudEvent does not decode")
            }
            let second = CloudEvent(again)
            guard sorted(first) == second else { throw FuzzViolation("CloudEvent changed in a round trip") }
            guard second.encoded() == encoded else { throw FuzzViolation("CloudEvent encoding is not a fixpoint") }
            if let proto = event.protoData { try checkTrail(proto.value) }
        }
        try checkTrail(ProtobufBytes(input))
    }

    static func checkTrail(_ bytes: ProtobufBytes) throws(FuzzViolation) {
        guard let trail = try? AuditTrailView.decode(bytes) else { return }
        let first = AuditTrail(trail)
        let encoded = first.encoded()
        guard let again = try? AuditTrailView.decode(encoded) else {
            throw FuzzViolation("re-encoded AuditTrail does not decode")
        }
        let second = AuditTrail(again)
        guard sorted(first) == second else { throw FuzzViolation("AuditTrail changed in a round trip") }
        guard second.encoded() == encoded else { throw FuzzViolation("AuditTrail encoding is not a fixpoint") }
    }

    static func sorted(_ event: CloudEvent) -> CloudEvent {
        var event = event
        event.attributes.sort { ProtobufWriter.mapKeyPrecedes($0.key, $1.key) }
        return event
    }

    static func sorted(_ trail: AuditTrail) -> AuditTrail {
        var trail = trail
        if var json = trail.logDetails?.changedJSON {
            json.beforeTransaction = json.beforeTransaction.map(sorted)
            json.afterTransaction = json.afterTransaction.map(sorted)
            trail.logDetails?.changedJSON = json
        }
        return trail
    }

    static func sorted(_ object: ProtobufStruct) -> ProtobufStruct {
        ProtobufStruct(fields: object.fields.map { ($0.key, sorted($0.value)) }
            .sorted { ProtobufWriter.mapKeyPrecedes($0.0, $1.0) }.map { (key: $0.0, value: $0.1) })
    }

    static func sorted(_ value: ProtobufValue) -> ProtobufValue {
        switch value {
        case let .structValue(object): .structValue(sorted(object))
        case let .list(values): .list(values.map(sorted))
        default: value
        }
    }
}
