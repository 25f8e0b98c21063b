import ISYXML
import Testing

/// What counts as an eisy event frame at its edges (issue 12 §4). Decisions, each against pyisyox 6.0.1:
/// - a leading UTF-8 byte order mark (raw XML or JSON envelope) is skipped and the event kept: pyisyox drops such
///   a frame only because `str.lstrip()` does not strip U+FEFF before it sniffs `<` or `{` (ElementTree itself
///   accepts the mark, and the same event inside an envelope's `data` decodes), so keeping it loses nothing;
/// - a namespaced root (`<x:Event>`, or `<Event xmlns="urn:x">`) is not eisy's `Event`: ElementTree names it
///   `x:Event` / `{urn:x}Event` and pyisyox drops it; we answer `isy-not-an-event`, as pyisyox does.
@Suite struct ISYFrameShapeTests {
    static let event = #"<Event seqnum="7"><control>_1</control><action>3</action></Event>"#
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Each frame and its outcome: the event's seqnum and action, or the error code.
    /// Each frame and its outcome: `event <seqnum> <action>`, or the error code.
    static let vectors: [(name: String, frame: [UInt8], outcome: String)] = [
        ("plain", Array(event.utf8), "event 7 3"),
        ("BOM then raw XML", bom + Array(event.utf8), "event 7 3"),
        ("BOM, space, raw XML", bom + Array(" \n".utf8) + Array(event.utf8), "event 7 3"),
        ("BOM then envelope", bom + Array(#"{"type":"event","data":"<Event seqnum=\"7\"><action>3</action></Event>"}"#.utf8),
         "event 7 3"),
        ("two BOMs", bom + bom + Array(event.utf8), "isy-not-xml-or-envelope"),
        ("prefixed root", Array(#"<x:Event xmlns:x="urn:x" seqnum="7"><action>3</action></x:Event>"#.utf8),
         "isy-not-an-event"),
        ("prefixed root, undeclared", Array(#"<x:Event><action>3</action></x:Event>"#.utf8), "isy-not-an-event"),
        ("default namespace on root", Array(#"<Event xmlns="urn:x" seqnum="7"><action>3</action></Event>"#.utf8),
         "isy-not-an-event"),
        ("empty default namespace is no namespace", Array(#"<Event xmlns="" seqnum="7"><action>3</action></Event>"#.utf8),
         "event 7 3"),
        ("prefixed root in an envelope", Array(#"{"type":"event","data":"<x:Event><action>3</action></x:Event>"}"#.utf8),
         "isy-not-an-event"),
    ]

    static func outcome(_ frame: [UInt8]) -> String {
        frame.withUnsafeBytes { raw in
            do throws(ISYEventError) {
                return try ISYFrameDecoder().decode(raw) { decoded -> String in
                    guard case let .event(view) = decoded else { return "ignored" }
                    return "event \(view.seqnum.map(String.init) ?? "nil") \(view.action ?? "nil")"
                }
            } catch {
                return error.code
            }
        }
    }

    @Test func frameEdgesDecodeAsDecided() {
        for vector in Self.vectors {
            #expect(Self.outcome(vector.frame) == vector.outcome, "\(vector.name)")
        }
    }

    /// The tokenizer path (the reference for the single-pass reader) draws the same line for a namespaced root.
    @Test func tokenizerReferenceAgreesOnNamespacedRoots() {
        for text in [#"<Event xmlns="urn:x"><action>3</action></Event>"#, #"<x:Event><action>3</action></x:Event>"#] {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBytes { raw in
                #expect(throws: ISYEventError.self) { try ISYEventDecoder().fieldsByTokenizer(raw) }
                #expect(throws: ISYEventError.self) { try ISYEventDecoder().fields(raw) }
            }
        }
    }

    /// A raw `/rest/subscribe` stream that starts with a BOM yields its events at every split, the mark split too.
    @Test func streamStartByteOrderMarkIsSkippedAtEverySplit() throws {
        let stream = Self.bom + Array((Self.event + "\n" + Self.event).utf8)
        for split in 0...stream.count {
            var decoder = ISYStreamDecoder()
            var seqnums: [Int?] = []
            for part in [stream[..<split], stream[split...]] {
                Array(part).withUnsafeBytes { decoder.feed($0) }
                while let event = try decoder.next() { seqnums.append(event.seqnum) }
            }
            decoder.finish()
            while let event = try decoder.next() { seqnums.append(event.seqnum) }
            #expect(seqnums == [7, 7], "split at \(split)")
        }
    }
}
