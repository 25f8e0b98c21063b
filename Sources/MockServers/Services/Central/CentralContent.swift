import Protobuf

/// What the Central mock serves: the fixture's CloudEvents (decoded with our `CloudEventView`, held as the owned
/// `CloudEvent` model) re-encoded with our protobuf encoder, one binary WebSocket message each (§1.4). Position
/// p (1, 2, 3, …) is event (p−1) mod n; the first pass keeps the fixture's ids, later passes get `<id>.<pass>`
/// so a long run never repeats an id. `proto_data` is never touched: the payload pycentral decodes is the
/// fixture's, byte for byte.
public struct CentralContent: Sendable {
    public let events: [CloudEvent]

    /// The events of a `central` fixture (a `--messages` capture, or one raw message).
    public init(fixture: FixtureInput) throws(MockServerError) {
        guard fixture.codec == "central" else {
            throw MockServerError(.fixtureUnusable, "\(fixture.directory) is a \(fixture.codec) fixture, not central")
        }
        let payloads = fixture.messages ? fixture.messagePayloads() : [fixture.input]
        var events: [CloudEvent] = []
        for payload in payloads {
            // Fixtures may hold deliberately broken messages (decoder tests); the mock serves only valid ones.
            guard let view = try? CloudEventView.decode(payload) else { continue }
            events.append(CloudEvent(view))
        }
        guard !events.isEmpty else {
            throw MockServerError(.fixtureUnusable, "\(fixture.directory) has no CloudEvents")
        }
        self.events = events
    }

    /// The CloudEvent at `position` (1-based) with its fresh id.
    public func event(at position: Int) -> CloudEvent {
        let index = (position - 1) % events.count
        let pass = (position - 1) / events.count + 1
        var event = events[index]
        if pass > 1 { event.id += ".\(pass)" }
        return event
    }

    /// The binary message for `position` in `form` (fault grammar: garbage is `0a ff ff`; oversize carries an
    /// 8 MiB audit-trail description).
    public func message(at position: Int, form: EventForm) -> (id: String, payload: [UInt8]) {
        var event = event(at: position)
        switch form {
        case .normal, .badDeflate:
            return (event.id, event.encoded())
        case .garbage:
            return (event.id, Self.garbage)
        case .oversize:
            var trail = AuditTrail()
            trail.description = String(repeating: "x", count: MockLimits.oversizeBytes)
            event.data = .proto(AnyMessage(typeURL: "type.googleapis.com/audittrail.AuditTrail", value: trail.encoded()))
            return (event.id, event.encoded())
        }
    }

    /// A truncated protobuf: the tag of field 1 (length-delimited), then a length varint that never ends.
    public static let garbage: [UInt8] = [0x0A, 0xFF, 0xFF]
}
