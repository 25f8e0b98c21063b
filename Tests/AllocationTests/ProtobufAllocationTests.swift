import Codecs
import Protobuf
import Testing

/// Central: 200 audit-trail CloudEvents (with and without a Struct in `changed_json`), decoded to views, every
/// field read, and rendered as `MessageToDict` JSON.
@Suite struct ProtobufAllocationTests {
    static func messages(structs: Bool) -> [[UInt8]] {
        (0..<200).map { index in
            var trail = AuditTrail()
            trail.tenantID = "7f3c1c0e-51b1-4c0e-9f54-2b8c1f0a9d11"
            trail.occurredOn = 1_767_225_600_000 + Int64(index)
            trail.action = ["UPDATE", "CREATE", "DELETE"][index % 3]
            trail.category = "config"
            trail.destination = "AP-515-Lobby"
            trail.scopeInfo = ScopeInfo(scopeType: "site", scopeIDs: ["s-1000", "s-1037"])
            trail.description = "SSID corp updated on 12 access points"
            trail.serviceName = "network-config"
            var details = LogDetails()
            details.changedFields = [ChangedField(fieldLabelKey: "field.0", beforeTransaction: ["1"], afterTransaction: ["2"])]
            if structs {
                details.changedJSON = ChangedJSON(
                    beforeTransaction: ProtobufStruct(fields: [("vlan", .number(10)), ("ssid", .string("corp"))]),
                    afterTransaction: ProtobufStruct(fields: [("vlan", .number(Double(index))), ("enabled", .bool(false))]))
            }
            trail.logDetails = details
            var event = CloudEvent()
            event.id = "evt-\(index)"
            event.source = "//central/audit"
            event.specversion = "1.0"
            event.type = "audit-trail"
            event.data = .proto(AnyMessage(typeURL: "type.googleapis.com/audittrail.AuditTrail", value: trail.encoded()))
            return event.encoded()
        }
    }

    @Test(.enabled(if: AllocationBudget.isCounting))
    func centralDecodingAllocatesWithinItsThresholds() throws {
        var budget = AllocationBudget(codec: "central")
        for (label, messages) in [("with Struct", Self.messages(structs: true)), ("without Struct", Self.messages(structs: false))] {
            budget.measure("200 CloudEvents \(label), decode views") {
                var sum = 0
                for message in messages {
                    guard let event = try? CloudEventView.decode(message), let payload = event.protoData,
                          let trail = try? AuditTrailView.decode(payload.value) else { return 0 }
                    sum &+= trail.action.utf8.count &+ event.id.utf8.count
                }
                return sum
            }
            budget.measure("200 CloudEvents \(label), decode + MessageToDict JSON") {
                var sum = 0
                var writer = JSONWriter(capacity: 4096)
                for message in messages {
                    writer.reset()
                    guard let event = try? CloudEventView.decode(message), let payload = event.protoData,
                          let trail = try? AuditTrailView.decode(payload.value),
                          (try? DictRenderer.write(trail, into: &writer)) != nil else { return 0 }
                    sum &+= writer.bytes.count
                }
                return sum
            }
        }
        try budget.check()
    }
}
