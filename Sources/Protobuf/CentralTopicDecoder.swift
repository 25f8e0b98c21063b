/// Decodes a CloudEvent's `proto_data` as pycentral 2.0a25's `Streaming._on_message` does for each topic
/// (service-profiles §1.4, `streaming.py:183-207`).
public enum CentralTopicDecoder {
    /// The topics decoded here: every topic pycentral knows except audit-trail-events (`AuditTrailView`).
    public static var topics: [String] { CentralSchema.generatedTopics + ["ap-events"] }

    /// Decodes `protoData` for `topic`. For location, rssi-events, geofence, clients-events, switch-events and
    /// alert-events the value is the topic's message whatever the type URL says, and no `proto_data` is the
    /// empty message. For ap-events the type URL picks the message (`messageIndex(apEventsTypeURL:)`); an
    /// unresolvable one (or no `proto_data`) fails with `unknown-any-type`. Other topics: `unsupported-topic`.
    public static func decode(
        _ protoData: AnyView?, topic: String, limits: ProtobufLimits = .pycentralRuntime
    ) throws(ProtobufError) -> CentralMessageView {
        let value = protoData?.value ?? ProtobufBytes([])
        if let schema = CentralSchema.topicMessage(topic) {
            return try CentralMessageView.decode(value, schema: schema, limits: limits)
        }
        guard topic == "ap-events" else { throw ProtobufError(.unsupportedTopic, offset: nil) }
        let url = protoData?.typeURL ?? .empty
        guard let schema = messageIndex(apEventsTypeURL: url.string) else {
            throw ProtobufError(.unknownAnyType(length: url.utf8.count), offset: protoData.map { _ in url.utf8.range.lowerBound })
        }
        return try CentralMessageView.decode(value, schema: schema, limits: limits)
    }

    /// pycentral's ap-events lookup: the part of the URL after its last `/` is looked up as a full message name
    /// in the symbol database, then its part after the last `.` as an attribute of `ap_events_pb2`, which must be
    /// a message class (enums, enum values and module attributes fail when called). So
    /// `type.googleapis.com/network_monitoring.ap.v1alpha1.APInfo`, `…/ap.APInfo`, `APInfo` and `.x.APInfo`
    /// all name APInfo; `""`, `apinfo`, `APInfo/` and `APInfo ` name nothing. Full names resolve to any message of
    /// pycentral's topic modules (nested ones included), not only AP ones.
    static func messageIndex(apEventsTypeURL url: String) -> Int? {
        let name = url.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        if let full = CentralSchema.message(fullName: name) { return full }
        let short = name.split(separator: ".", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        return CentralSchema.apEventsMessages.first(where: { $0.name == short })?.message
    }
}
