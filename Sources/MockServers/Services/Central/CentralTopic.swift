/// The streaming topics pycentral 2.0a25 knows (`SUPPORTED_EVENTS`, service-profiles §1.1): the event name picks
/// `/{service}/{version}/{event}`. The mock routes every one of them, after any path prefix.
public struct CentralTopic: Sendable, Equatable {
    public var event: String
    public var service: String
    public var version: String

    public init(event: String, service: String, version: String) {
        self.event = event
        self.service = service
        self.version = version
    }

    /// The route table of §1.1, in pycentral's order.
    public static let all: [CentralTopic] = [
        CentralTopic(event: "audit-trail-events", service: "network-services", version: "v1alpha1"),
        CentralTopic(event: "location", service: "network-services", version: "v1alpha1"),
        CentralTopic(event: "rssi-events", service: "network-services", version: "v1alpha1"),
        CentralTopic(event: "geofence", service: "network-services", version: "v1alpha1"),
        CentralTopic(event: "ap-events", service: "network-monitoring", version: "v1alpha1"),
        CentralTopic(event: "clients-events", service: "network-monitoring", version: "v1"),
        CentralTopic(event: "switch-events", service: "network-monitoring", version: "v1"),
        CentralTopic(event: "alert-events", service: "network-notifications", version: "v1"),
    ]

    /// `/{service}/{version}/{event}`.
    public var path: String { "/\(service)/\(version)/\(event)" }

    /// The topic whose route ends `path` (any prefix before it; a trailing `/` tolerated), or nil. The route
    /// starts with `/`, so it always begins a path segment: `/prefix/network-services/…` matches,
    /// `/xnetwork-services/…` does not.
    public static func route(_ path: String) -> CentralTopic? {
        var trimmed = Substring(path)
        if trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return all.first { trimmed.hasSuffix($0.path) }
    }
}
