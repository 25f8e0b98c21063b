import ISYXML
import Testing

/// eisy: 1,000 `<Event>` documents (the eisy6 captures' shapes), each decoded on its own.
@Suite struct ISYXMLAllocationTests {
    static let documents: [[UInt8]] = (0..<1_000).map { seq in
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Event seqnum=\"\(seq)\" sid=\"uuid:74\" "
            + "timestamp=\"2026-05-05T18:52:41.875777-07:00\">"
        switch seq % 4 {
        case 0: return Array((head + "<control>_0</control><action>90</action><node></node><eventInfo></eventInfo></Event>").utf8)
        case 1: return Array((head + "<control>_7</control><action>1</action><node></node><eventInfo><![CDATA[U7 Rest:  submitCmd([6536])]]></eventInfo></Event>").utf8)
        default: return Array((head + "<control>ST</control><action uom=\"100\" prec=\"0\">255</action><node>42 92 8C 1</node><eventInfo></eventInfo><fmtAct>On</fmtAct><fmtName>Status</fmtName></Event>").utf8)
        }
    }

    @Test(.enabled(if: AllocationBudget.isCounting))
    func isyEventDecoderAllocatesWithinItsThresholds() throws {
        var budget = AllocationBudget(codec: "isy")
        let decoder = ISYEventDecoder()
        budget.measure("1k documents, fields as views") {
            var sum = 0
            for document in Self.documents {
                let size: Int? = document.withUnsafeBytes { raw in
                    try? decoder.decode(raw) { event in
                        (event.seqnum ?? 0) &+ (event.withBytes(.control) { $0.count } ?? 0)
                            &+ (event.withBytes(.timestamp) { $0.count } ?? 0)
                    }
                }
                sum &+= size ?? 0
            }
            return sum
        }
        budget.measure("1k documents, fields as Strings") {
            var sum = 0
            for document in Self.documents {
                let size: Int? = document.withUnsafeBytes { raw in
                    try? decoder.decode(raw) { event in
                        (event.seqnum ?? 0) &+ (event.string(.control)?.utf8.count ?? 0)
                            &+ (event.timestamp?.utf8.count ?? 0) &+ (event.action?.utf8.count ?? 0)
                            &+ (event.node?.utf8.count ?? 0)
                    }
                }
                sum &+= size ?? 0
            }
            return sum
        }
        try budget.check()
    }
}
