import Codecs
import Protobuf
import SwiftProtobuf

/// A non-audit Central topic, switch-events (`network_monitoring.switch.v1.StreamSwitchMessage` with its
/// `interface_state` member: ~20 optional fields, enums, a repeated uint32, a Timestamp), decoded by our generated
/// tables (`CentralTopicDecoder`, issue 19) and by swift-protobuf 1.39.0 generated code (Central/sw.pb.swift, from
/// Benchmarks/generate-central-topics-pb.py): decode, and decode plus MessageToDict-style JSON (proto field names).
enum CentralTopicBenchmarks {
    static let suite = BenchmarkSuite(codec: "central-topics") {
        let input = messages(count: 50_000, seed: 3)
        return [decode(input), json(input)]
    }

    static func messages(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = CentralBenchmarks.Generator(state: seed)
        var result: [[UInt8]] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            var interface = NetworkMonitoring_Switch_V1_Interface()
            interface.operation = [.add, .update, .delete][random.next(3)]
            interface.timestamp = Google_Protobuf_Timestamp(seconds: 1_767_225_600 + Int64(index), nanos: 250_000_000)
            interface.tenantID = random.pick(["7f3c1c0e-51b1-4c0e-9f54-2b8c1f0a9d11", "tenant-eu-2"])
            interface.serialNumber = "SG\(random.next(90_000) + 10_000)X"
            interface.siteName = random.pick(["HQ", "Branch-EU-12", "DC-West"])
            interface.name = "1/1/\(random.next(48) + 1)"
            interface.macAddress = "00:1a:1e:\(random.next(90) + 10):\(random.next(90) + 10):\(random.next(90) + 10)"
            interface.status = [.up, .down][random.next(2)]
            interface.portNumber = "\(random.next(48) + 1)"
            interface.mode = random.pick(["access", "trunk"])
            interface.vlan = UInt32(random.next(4094) + 1)
            interface.operStatus = .up
            interface.adminStatus = .up
            interface.mux = UInt32(random.next(4))
            interface.slot = "1"
            interface.allowedVlan = (0..<(1 + random.next(8))).map { UInt32($0 * 10 + 1) }
            interface.nativeVlan = 1
            interface.vsxEnabled = random.next(2) == 0
            var message = NetworkMonitoring_Switch_V1_StreamSwitchMessage()
            message.interfaceState = interface
            guard let inner: [UInt8] = try? message.serializedBytes() else { continue }
            var event = CloudEvent()
            event.id = "evt-\(index)"
            event.source = "//central/switch"
            event.specversion = "1.0"
            event.type = "switch-events"
            event.data = .proto(AnyMessage(
                typeURL: "type.googleapis.com/network_monitoring.switch.v1.StreamSwitchMessage", value: inner))
            event.time = Timestamp(seconds: 1_767_225_600 + Int64(index))
            result.append(event.encoded())
        }
        return result
    }

    static func decode(_ messages: [[UInt8]]) -> BenchmarkCase {
        BenchmarkCase(
            codec: "central-topics", name: "50k switch-events CloudEvents (interface_state): decode",
            bytes: messages.reduce(0) { $0 + $1.count }, items: messages.count,
            ours: Contender(name: "Protobuf generated tables") {
                var decoded = 0
                for message in messages {
                    guard let event = try? CloudEventView.decode(message, limits: .pycentralRuntime),
                          (try? CentralTopicDecoder.decode(event.protoData, topic: "switch-events")) != nil
                    else { continue }
                    decoded += 1
                }
                return decoded
            },
            peer: Contender(name: "swift-protobuf 1.39") {
                var decoded = 0
                for message in messages {
                    guard let event = try? Cloudevents_V1_CloudEvent(serializedBytes: message),
                          (try? NetworkMonitoring_Switch_V1_StreamSwitchMessage(serializedBytes: event.protoData.value))
                            != nil
                    else { continue }
                    decoded += 1
                }
                return decoded
            })
    }

    static func json(_ messages: [[UInt8]]) -> BenchmarkCase {
        BenchmarkCase(
            codec: "central-topics", name: "50k switch-events CloudEvents (interface_state): decode + JSON",
            bytes: messages.reduce(0) { $0 + $1.count }, items: messages.count,
            ours: Contender(name: "Protobuf generated tables") {
                var decoded = 0
                var writer = JSONWriter(capacity: 1024)
                for message in messages {
                    writer.reset()
                    guard let event = try? CloudEventView.decode(message, limits: .pycentralRuntime),
                          let view = try? CentralTopicDecoder.decode(event.protoData, topic: "switch-events"),
                          (try? CentralDictRenderer.write(view, into: &writer)) != nil
                    else { continue }
                    benchmarkSink &+= writer.bytes.count
                    decoded += 1
                }
                return decoded
            },
            peer: Contender(name: "swift-protobuf 1.39") {
                var decoded = 0
                var options = JSONEncodingOptions()
                options.preserveProtoFieldNames = true
                for message in messages {
                    guard let event = try? Cloudevents_V1_CloudEvent(serializedBytes: message),
                          let inner = try? NetworkMonitoring_Switch_V1_StreamSwitchMessage(
                            serializedBytes: event.protoData.value),
                          let text = try? inner.jsonString(options: options)
                    else { continue }
                    benchmarkSink &+= text.utf8.count
                    decoded += 1
                }
                return decoded
            })
    }
}
