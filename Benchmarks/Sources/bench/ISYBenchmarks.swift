import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ISYXML

/// eisy `<Event>` documents (shapes from the eisy6 captures), each parsed as its own document: `ISYEventDecoder`
/// vs Foundation `XMLParser` (libxml2) extracting the same fields.
enum ISYBenchmarks {
    static let suite = BenchmarkSuite(codec: "isy") {
        let corpus = Corpus(count: 100_000)
        return [
            strings(corpus),
            views(corpus),
        ]
    }

    /// 100k documents in one buffer, with each document's range and a Data copy for XMLParser.
    final class Corpus: @unchecked Sendable {
        let buffer: UnsafeRawBufferPointer
        let ranges: [Range<Int>]
        let datas: [Data]

        init(count: Int) {
            var bytes: [UInt8] = []
            var ranges: [Range<Int>] = []
            var state: UInt64 = 42
            for index in 0..<count {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let document = Self.document(index, pick: Int(state >> 33))
                ranges.append(bytes.count..<(bytes.count + document.utf8.count))
                bytes.append(contentsOf: document.utf8)
            }
            let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
            storage.copyMemory(from: UnsafeRawBufferPointer(start: bytes, count: bytes.count))
            buffer = UnsafeRawBufferPointer(storage)
            self.ranges = ranges
            datas = ranges.map { Data(bytes[$0]) }
        }

        static let timestamp = "2026-05-05T18:52:41.875777-07:00"

        /// The mix of a live eisy stream: mostly node property updates, plus heartbeats, variable changes,
        /// program status and REST logs.
        static func document(_ seq: Int, pick: Int) -> String {
            let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Event seqnum=\"\(seq)\" sid=\"uuid:74\" timestamp=\"\(timestamp)\">"
            switch pick % 10 {
            case 0:
                return head + "<control>_0</control><action>90</action><node></node><eventInfo></eventInfo></Event>"
            case 1:
                return head + "<control>_1</control><action>6</action><node></node><eventInfo><var type=\"2\" id=\"12\"><prec>0</prec><val>\(pick % 100)</val><ts>20260506 13:23:15 </ts></var></eventInfo></Event>"
            case 2:
                return head + "<control>_1</control><action>0</action><node></node><eventInfo><id>8D</id><on /><nr /><r>260506 14:30:36 </r><f>260506 14:30:36 </f><s>31</s></eventInfo></Event>"
            case 3:
                return head + "<control>_7</control><action>1</action><node></node><eventInfo><![CDATA[U7 Rest:  submitCmd([6536],[DOF],[<NULL>])]]></eventInfo></Event>"
            case 4:
                return head + "<control>OL</control><action uom=\"100\" prec=\"0\">153</action><node>42 92 8C 1</node><eventInfo></eventInfo><fmtAct>60%</fmtAct><fmtName>On Level</fmtName></Event>"
            case 5:
                return head + "<control>RR</control><action uom=\"25\" prec=\"0\">28</action><node>6C 69 3F 1</node><eventInfo></eventInfo><fmtAct>0.5 seconds</fmtAct><fmtName>Ramp Rate</fmtName></Event>"
            default:
                return head + "<control>ST</control><action uom=\"100\" prec=\"0\">\(pick % 2 == 0 ? 0 : 255)</action><node>42 92 8C 1</node><eventInfo></eventInfo><fmtAct>\(pick % 2 == 0 ? "Off" : "On")</fmtAct><fmtName>Status</fmtName></Event>"
            }
        }
    }

    /// The fields both sides extract per event, as values.
    struct Fields {
        var seqnum = 0
        var prec = -1
        var control = ""
        var action = ""
        var node = ""
        var timestamp = ""
        var eventInfoLength = 0
    }

    /// Both sides produce seqnum, prec, control, action, node and timestamp as Strings/Ints, plus eventInfo's length.
    static func strings(_ corpus: Corpus) -> BenchmarkCase {
        BenchmarkCase(
            codec: "isy", name: "100k event documents: seqnum, prec, control, action, node, timestamp (Strings)",
            bytes: corpus.buffer.count, items: corpus.ranges.count,
            ours: Contender(name: "ISYEventDecoder") {
                let decoder = ISYEventDecoder()
                var checksum = 0
                var events = 0
                for range in corpus.ranges {
                    let document = UnsafeRawBufferPointer(rebasing: corpus.buffer[range])
                    let fields: Fields? = try? decoder.decode(document) { event in
                        Fields(seqnum: event.seqnum ?? 0, prec: event.prec ?? -1, control: event.string(.control) ?? "",
                               action: event.action ?? "", node: event.node ?? "", timestamp: event.timestamp ?? "",
                               eventInfoLength: event.withEventInfoBytes { $0.count })
                    }
                    if let fields {
                        events += 1
                        checksum &+= fields.seqnum &+ fields.control.utf8.count &+ fields.timestamp.utf8.count
                            &+ fields.action.utf8.count &+ fields.node.utf8.count &+ fields.eventInfoLength
                    }
                }
                isyBlackHole(checksum)
                return events
            },
            peer: Contender(name: "Foundation XMLParser") {
                var checksum = 0
                var events = 0
                for data in corpus.datas {
                    let delegate = EventDelegate()
                    let parser = XMLParser(data: data)
                    parser.delegate = delegate
                    if parser.parse(), delegate.isEvent {
                        events += 1
                        let fields = delegate.fields
                        checksum &+= fields.seqnum &+ fields.control.utf8.count &+ fields.timestamp.utf8.count
                            &+ fields.action.utf8.count &+ fields.node.utf8.count &+ fields.eventInfoLength
                    }
                }
                isyBlackHole(checksum)
                return events
            })
    }

    static let viewedFields: [ISYField] = [.control, .action, .node, .timestamp]

    /// Ours reads the same fields as borrowed bytes (no Strings requested, so no allocation is expected).
    static func views(_ corpus: Corpus) -> BenchmarkCase {
        BenchmarkCase(
            codec: "isy", name: "100k event documents: same fields as borrowed bytes (no Strings)",
            bytes: corpus.buffer.count, items: corpus.ranges.count,
            ours: Contender(name: "ISYEventDecoder (views)") {
                let decoder = ISYEventDecoder()
                var checksum = 0
                var events = 0
                for range in corpus.ranges {
                    let document = UnsafeRawBufferPointer(rebasing: corpus.buffer[range])
                    let sum: Int? = try? decoder.decode(document) { event in
                        var sum = (event.seqnum ?? 0) &+ (event.prec ?? 0)
                        for field in viewedFields {
                            sum &+= event.withBytes(field) { $0.first.map(Int.init) ?? 0 } ?? 0
                        }
                        return sum &+ event.withEventInfoBytes { $0.count }
                    }
                    if let sum {
                        events += 1
                        checksum &+= sum
                    }
                }
                isyBlackHole(checksum)
                return events
            },
            peer: nil)
    }

    /// XMLParser delegate collecting the same fields: root attributes, text of the root's children, eventInfo's
    /// inner length (character data and child markup counted as characters seen).
    final class EventDelegate: NSObject, XMLParserDelegate {
        var fields = Fields()
        var isEvent = false
        var depth = 0
        var current: String?
        var text = ""

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            depth += 1
            if depth == 1 {
                isEvent = elementName == "Event"
                fields.seqnum = Int(attributes["seqnum"] ?? "") ?? 0
                fields.timestamp = attributes["timestamp"] ?? ""
            } else if depth == 2 {
                current = elementName
                text = ""
                if elementName == "action" { fields.prec = Int(attributes["prec"] ?? "") ?? -1 }
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if depth == 2 { text += string } else if depth > 2, current == "eventInfo" { fields.eventInfoLength += string.utf8.count }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if current == "eventInfo" { fields.eventInfoLength += CDATABlock.count }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            if depth == 2 {
                switch current {
                case "control": fields.control = text
                case "action": fields.action = text
                case "node": fields.node = text
                case "eventInfo": fields.eventInfoLength += text.utf8.count
                default: break
                }
                current = nil
            }
            depth -= 1
        }
    }
}

@inline(never) private func isyBlackHole(_ value: Int) {
    if value == 0x5EED_CAFE { print("") }
}
