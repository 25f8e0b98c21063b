import Codecs
import Protobuf
import SwiftProtobuf

/// Central audit-trail CloudEvents (300–600 bytes each) decoded by our hand-written views and by swift-protobuf
/// 1.39.0 generated code (Central/*.pb.swift, from Benchmarks/generate-central-pb.py), with and without Struct
/// fields: decode to the typed model, decode and read every field, and decode plus MessageToDict-style JSON.
enum CentralBenchmarks {
    static let suite = BenchmarkSuite(codec: "central") {
        let withStruct = messages(count: 100_000, structs: true, seed: 1)
        let plain = messages(count: 100_000, structs: false, seed: 2)
        return [
            decode(name: "100k audit-trail CloudEvents with Struct: decode to typed model", withStruct),
            decode(name: "100k audit-trail CloudEvents without Struct: decode to typed model", plain),
            readAll(name: "100k with Struct: decode + read every field (views)", withStruct),
            readAll(name: "100k without Struct: decode + read every field (views)", plain),
            json(name: "100k with Struct: decode + JSON (MessageToDict names)", withStruct),
            json(name: "100k without Struct: decode + JSON (MessageToDict names)", plain),
        ]
    }

    /// Deterministic pseudo-random source.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        mutating func pick(_ values: [String]) -> String { values[next(values.count)] }
    }

    static func messages(count: Int, structs: Bool, seed: UInt64) -> [[UInt8]] {
        var random = Generator(state: seed)
        var result: [[UInt8]] = []
        result.reserveCapacity(count)
        while result.count < count {
            var trail = AuditTrail()
            trail.tenantID = random.pick(["7f3c1c0e-51b1-4c0e-9f54-2b8c1f0a9d11", "tenant-eu-2"])
            trail.occurredOn = 1_767_225_600_000 + Int64(random.next(1_000_000_000))
            trail.action = random.pick(["UPDATE", "CREATE", "DELETE"])
            trail.category = random.pick(["config", "firmware", "device-management"])
            trail.subCategory = random.pick(["wlan", "vlan", "radius"])
            trail.destination = random.pick(["AP-515-Lobby", "CX-6300-Core", "GW-9004-Branch"])
            trail.destinationName = trail.destination.lowercased()
            trail.scopeInfo = ScopeInfo(scopeType: "site", scopeIDs: (0..<(1 + random.next(3))).map { "s-\($0 * 37 + 1000)" })
            trail.ipAddress = "10.1.\(random.next(255)).\(random.next(255))"
            trail.description = random.pick(["SSID corp updated on 12 access points", "VLAN 10 → 20 on uplink",
                                             "Firmware 10.7.1.0 staged for group Branch-EU"])
            trail.source = "UI"
            trail.serviceName = random.pick(["network-config", "firmware-management"])
            var details = LogDetails()
            for index in 0..<(1 + random.next(3)) {
                details.changedFields.append(ChangedField(fieldLabelKey: "field.\(index)", beforeTransaction: ["\(random.next(100))"],
                                                          afterTransaction: ["\(random.next(100))"]))
            }
            details.impactRadius = [ImpactRadius(context: "site", values: ["d-\(random.next(999))"])]
            if structs {
                details.changedJSON = ChangedJSON(
                    beforeTransaction: ProtobufStruct(fields: [("vlan", .number(10)), ("ssid", .string("corp")),
                                                               ("enabled", .bool(true))]),
                    afterTransaction: ProtobufStruct(fields: [
                        ("vlan", .number(Double(random.next(4094)))), ("ssid", .string("corp-5g")), ("enabled", .bool(false)),
                        ("radius", .structValue(ProtobufStruct(fields: [("timeout", .number(1.5)),
                                                                       ("servers", .list([.string("10.0.0.5"), .string("10.0.0.6")]))]))),
                    ]))
            }
            trail.logDetails = details
            var event = CloudEvent()
            event.id = "evt-\(result.count)"
            event.source = "//central/audit"
            event.specversion = "1.0"
            event.type = "audit-trail"
            event.data = .proto(AnyMessage(typeURL: "type.googleapis.com/audittrail.AuditTrail", value: trail.encoded()))
            event.time = Timestamp(seconds: 1_767_225_600 + Int64(result.count), nanos: 500_000_000)
            event.datacontenttype = "application/protobuf"
            let bytes = event.encoded()
            if bytes.count >= 300 && bytes.count <= 600 { result.append(bytes) }
        }
        return result
    }

    static func decode(name: String, _ messages: [[UInt8]]) -> BenchmarkCase {
        BenchmarkCase(
            codec: "central", name: name, bytes: messages.reduce(0) { $0 + $1.count }, items: messages.count,
            ours: Contender(name: "Protobuf views") {
                var decoded = 0
                for message in messages {
                    guard let event = try? CloudEventView.decode(message),
                          (try? AuditTrailView.decode(event.protoData?.value ?? ProtobufBytes([]))) != nil else { continue }
                    decoded += 1
                }
                return decoded
            },
            peer: Contender(name: "swift-protobuf 1.39") {
                var decoded = 0
                for message in messages {
                    guard let event = try? Cloudevents_V1_CloudEvent(serializedBytes: message),
                          (try? Audittrail_AuditTrail(serializedBytes: event.protoData.value)) != nil else { continue }
                    decoded += 1
                }
                return decoded
            })
    }

    static func readAll(name: String, _ messages: [[UInt8]]) -> BenchmarkCase {
        BenchmarkCase(
            codec: "central", name: name, bytes: messages.reduce(0) { $0 + $1.count }, items: messages.count,
            ours: Contender(name: "Protobuf views") {
                var decoded = 0
                var checksum = 0
                for message in messages {
                    guard let event = try? CloudEventView.decode(message),
                          let trail = try? AuditTrailView.decode(event.protoData?.value ?? ProtobufBytes([])) else { continue }
                    checksum &+= event.id.utf8.count &+ event.source.utf8.count &+ event.type.utf8.count
                    checksum &+= Int(event.time?.seconds ?? 0)
                    checksum &+= trail.tenantID.utf8.count &+ Int(trail.occurredOn) &+ trail.action.utf8.count
                    checksum &+= trail.category.utf8.count &+ trail.subCategory.utf8.count &+ trail.destination.utf8.count
                    checksum &+= trail.destinationName.utf8.count &+ trail.ipAddress.utf8.count
                    checksum &+= trail.description.utf8.count &+ trail.source.utf8.count &+ trail.serviceName.utf8.count
                    if let scope = trail.scopeInfo {
                        checksum &+= scope.scopeType.utf8.count
                        for id in scope.scopeIDs { checksum &+= id.utf8.count }
                    }
                    if let details = trail.logDetails {
                        for field in details.changedFields {
                            checksum &+= field.fieldLabelKey.utf8.count
                            for value in field.beforeTransaction { checksum &+= value.utf8.count }
                            for value in field.afterTransaction { checksum &+= value.utf8.count }
                        }
                        for impact in details.impactRadius {
                            checksum &+= impact.context.utf8.count
                            for value in impact.values { checksum &+= value.utf8.count }
                        }
                        if let json = details.changedJSON {
                            checksum &+= structChecksum(json.beforeTransaction) &+ structChecksum(json.afterTransaction)
                        }
                    }
                    if checksum != 0 { decoded += 1 }
                }
                return decoded
            },
            peer: Contender(name: "swift-protobuf 1.39") {
                var decoded = 0
                var checksum = 0
                for message in messages {
                    guard let event = try? Cloudevents_V1_CloudEvent(serializedBytes: message),
                          let trail = try? Audittrail_AuditTrail(serializedBytes: event.protoData.value) else { continue }
                    checksum &+= event.id.utf8.count &+ event.source.utf8.count &+ event.type.utf8.count
                    checksum &+= Int(event.time.seconds)
                    checksum &+= trail.tenantID.utf8.count &+ Int(trail.occurredOn) &+ trail.action.utf8.count
                    checksum &+= trail.category.utf8.count &+ trail.subCategory.utf8.count &+ trail.destination.utf8.count
                    checksum &+= trail.destinationName.utf8.count &+ trail.ipAddress.utf8.count
                    checksum &+= trail.description_p.utf8.count &+ trail.source.utf8.count &+ trail.serviceName.utf8.count
                    checksum &+= trail.scopeInfo.scopeType.utf8.count
                    for id in trail.scopeInfo.scopeIds { checksum &+= id.utf8.count }
                    for field in trail.logDetails.changedFields {
                        checksum &+= field.fieldLabelKey.utf8.count
                        for value in field.beforeTransaction { checksum &+= value.utf8.count }
                        for value in field.afterTransaction { checksum &+= value.utf8.count }
                    }
                    for impact in trail.logDetails.impactRadius {
                        checksum &+= impact.context.utf8.count
                        for value in impact.values { checksum &+= value.utf8.count }
                    }
                    if trail.logDetails.hasChangedJson {
                        checksum &+= peerStructChecksum(trail.logDetails.changedJson.beforeTransaction)
                        checksum &+= peerStructChecksum(trail.logDetails.changedJson.afterTransaction)
                    }
                    if checksum != 0 { decoded += 1 }
                }
                return decoded
            })
    }

    static func structChecksum(_ object: StructView?) -> Int {
        guard let object else { return 0 }
        var checksum = 0
        for entry in object.fields {
            checksum &+= entry.key.utf8.count &+ valueChecksum(entry.value)
        }
        return checksum
    }

    static func valueChecksum(_ value: ValueView?) -> Int {
        switch value?.kind {
        case let .number(number)?: Int(number)
        case let .string(text)?: text.utf8.count
        case let .bool(flag)?: flag ? 1 : 2
        case let .structValue(object)?: structChecksum(object)
        case let .listValue(list)?: list.values.reduce(0) { $0 &+ valueChecksum($1) }
        case .null?, nil: 3
        }
    }

    static func peerStructChecksum(_ object: Google_Protobuf_Struct) -> Int {
        var checksum = 0
        for (key, value) in object.fields { checksum &+= key.utf8.count &+ peerValueChecksum(value) }
        return checksum
    }

    static func peerValueChecksum(_ value: Google_Protobuf_Value) -> Int {
        switch value.kind {
        case let .numberValue(number)?: Int(number)
        case let .stringValue(text)?: text.utf8.count
        case let .boolValue(flag)?: flag ? 1 : 2
        case let .structValue(object)?: peerStructChecksum(object)
        case let .listValue(list)?: list.values.reduce(0) { $0 &+ peerValueChecksum($1) }
        case .nullValue?, nil: 3
        }
    }

    static func json(name: String, _ messages: [[UInt8]]) -> BenchmarkCase {
        BenchmarkCase(
            codec: "central", name: name, bytes: messages.reduce(0) { $0 + $1.count }, items: messages.count,
            ours: Contender(name: "Protobuf views + DictRenderer") {
                var rendered = 0
                var writer = JSONWriter(capacity: 4096)
                for message in messages {
                    writer.reset()
                    guard let event = try? CloudEventView.decode(message),
                          let trail = try? AuditTrailView.decode(event.protoData?.value ?? ProtobufBytes([])),
                          (try? DictRenderer.write(trail, into: &writer)) != nil else { continue }
                    rendered += 1
                }
                return rendered
            },
            peer: Contender(name: "swift-protobuf 1.39 jsonUTF8Bytes") {
                var rendered = 0
                var options = JSONEncodingOptions()
                options.preserveProtoFieldNames = true
                for message in messages {
                    guard let event = try? Cloudevents_V1_CloudEvent(serializedBytes: message),
                          let trail = try? Audittrail_AuditTrail(serializedBytes: event.protoData.value),
                          let json: [UInt8] = try? trail.jsonUTF8Bytes(options: options), !json.isEmpty else { continue }
                    rendered += 1
                }
                return rendered
            })
    }
}
