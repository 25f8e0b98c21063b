/// An Aruba Central streaming topic and its route, from pycentral 2.0a25 `SUPPORTED_EVENTS`
/// (`streaming.py:30-53`, service-profiles §1.1): the topic name alone picks `/{service}/{version}/{topic}`.
public struct CentralTopic: Hashable, Sendable, CustomStringConvertible {
    /// The topic (event) name, the URL's last path segment.
    public let name: String
    /// The route's service segment.
    public let service: String
    /// The route's version segment.
    public let version: String

    public init(name: String, service: String, version: String) {
        self.name = name
        self.service = service
        self.version = version
    }

    /// `/{service}/{version}/{name}`.
    public var path: String { "/\(service)/\(version)/\(name)" }

    public var description: String { name }

    /// `audit-trail-events`: `audittrail.AuditTrail` (the hand-written view; the other topics use the generated
    /// tables of `CentralTopicDecoder`).
    public static let auditTrail = CentralTopic(name: "audit-trail-events", service: "network-services", version: "v1alpha1")

    /// Every topic pycentral 2.0a25 knows, in its table's order.
    public static let all: [CentralTopic] = [
        auditTrail,
        CentralTopic(name: "location", service: "network-services", version: "v1alpha1"),
        CentralTopic(name: "rssi-events", service: "network-services", version: "v1alpha1"),
        CentralTopic(name: "geofence", service: "network-services", version: "v1alpha1"),
        CentralTopic(name: "ap-events", service: "network-monitoring", version: "v1alpha1"),
        CentralTopic(name: "clients-events", service: "network-monitoring", version: "v1"),
        CentralTopic(name: "switch-events", service: "network-monitoring", version: "v1"),
        CentralTopic(name: "alert-events", service: "network-notifications", version: "v1"),
    ]

    /// The known topic with this name.
    public static func named(_ name: String) throws(SessionConfigurationError) -> CentralTopic {
        guard let topic = all.first(where: { $0.name == name }) else {
            throw SessionConfigurationError(
                code: "unknown-topic",
                message: "topic '\(name.prefix(40))' is not one of " + all.map(\.name).joined(separator: ", "))
        }
        return topic
    }
}
