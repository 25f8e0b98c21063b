import Protobuf

/// One Aruba Central event: the validated CloudEvent and its topic payload, both zero-copy views of the one
/// received message (service-profiles §1.4). Owned: it keeps the message's bytes alive.
public struct CentralEvent: Sendable {
    /// The topic payload, decoded with our protobuf views where the topic has a decoder.
    public enum Payload: Sendable {
        /// `audit-trail-events`: `proto_data.value` as `audittrail.AuditTrail`, whatever the type URL says (as
        /// pycentral; an absent `proto_data` is the empty message, so it renders `{}`).
        case auditTrail(AuditTrailView)
        /// Every other topic until its decoder exists: the CloudEvent's `proto_data` Any (type URL and raw
        /// value), nil when the event has none.
        case raw(AnyView?)
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
