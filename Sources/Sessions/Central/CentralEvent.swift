import Protobuf

/// One Aruba Central event: the validated CloudEvent and its topic payload, both zero-copy views of the one
/// received message (service-profiles §1.4). Owned: it keeps the message's bytes alive.
public struct CentralEvent: Sendable {
    /// The topic payload, decoded with our protobuf views where the topic has a decoder.
    public enum Payload: Sendable {
        /// `audit-trail-events`: `proto_data.value` as `audittrail.AuditTrail`, whatever the type URL says (as
        /// pycentral; an absent `proto_data` is the empty message, so it renders `{}`).
        case auditTrail(AuditTrailView)
        /// location, rssi-events, geofence, clients-events, switch-events, alert-events: `proto_data.value` as
        /// the topic's message whatever the type URL says (no `proto_data`: the empty message); ap-events: the
        /// message the type URL names (`CentralTopicDecoder`). Read fields by proto name; `typeName` tells the
        /// message; `CentralDictRenderer` gives the dict pycentral hands its callback.
        case message(CentralMessageView)
    }

    /// The CloudEvent envelope.
    public let cloudEvent: CloudEventView
    /// The payload.
    public let payload: Payload

    public init(cloudEvent: CloudEventView, payload: Payload) {
        self.cloudEvent = cloudEvent
        self.payload = payload
    }
}
