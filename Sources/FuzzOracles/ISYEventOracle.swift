import Codecs
import ISYXML

/// The eisy frame decoder on arbitrary bytes: it returns an event, `ignored` or a documented error (stable code,
/// offset inside the input); every field of an event can be read and re-encoded, and the re-encoded frame
/// decodes to the same fields; the stream decoder gives the same verdict for the same bytes fed in pieces; the
/// event decoder's single-pass reader for plain documents agrees with the tokenizer on the input as a document.
public enum ISYEventOracle {
    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        try checkFastPath(input)
        let frames = ISYFrameDecoder()
        var summary: Summary?
        do throws(ISYEventError) {
            summary = try frames.decode(input) { frame -> Summary? in
                switch frame {
                case let .event(event): Summary(event)
                case .ignored: nil
                }
            }
        } catch {
            try checkError(error, count: input.count)
        }
        if let summary {
            let content = ISYEventContent(
                seqnum: summary.seqnum, sid: summary.sid, timestamp: summary.timestamp,
                control: summary.control ?? "", action: summary.action ?? "", uom: summary.uom, prec: summary.prec,
                node: summary.node ?? "", eventInfo: summary.eventInfo, fmtAct: summary.fmtAct,
                fmtName: summary.fmtName)
            let encoded = ISYEventEncoder.xml(content)
            let again: Summary
            do throws(ISYEventError) {
                again = try ISYEventDecoder().decode(encoded).summary
            } catch {
                throw FuzzViolation("re-encoded event does not decode: \(error)")
            }
            var expected = summary
            expected.control = expected.control ?? ""
            expected.action = expected.action ?? ""
            expected.node = expected.node ?? ""
            guard again == expected else {
                throw FuzzViolation("round trip changed the event: \(expected) -> \(again)")
            }
        }
        try checkStream(input)
    }

    /// `fields` (plain documents take the single-pass reader) and `fieldsByTokenizer` give the same fields or the
    /// same error.
    static func checkFastPath(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        let decoder = ISYEventDecoder()
        let fast = Result { () throws(ISYEventError) in try decoder.fields(input) }
        let reference = Result { () throws(ISYEventError) in try decoder.fieldsByTokenizer(input) }
        switch (fast, reference) {
        case let (.success(a), .success(b)) where a == b: return
        case let (.failure(a), .failure(b)) where a.code == b.code && a.offset == b.offset: return
        default: throw FuzzViolation("fast path disagrees with the tokenizer: \(fast) vs \(reference)")
        }
    }

    static func checkError(_ error: ISYEventError, count: Int) throws(FuzzViolation) {
        guard !error.code.isEmpty, error.code.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else {
            throw FuzzViolation("error code not kebab-case: \(error.code)")
        }
        if let offset = error.offset, offset < 0 || offset > count {
            throw FuzzViolation("error offset \(offset) outside 0...\(count)")
        }
    }

    /// The stream decoder over the same bytes, whole and in pieces derived from the input, must agree.
    /// The stream decoder fed whole with `feed(_:)` + `next()` (owned events, the reference) and in pieces with
    /// `feed(_:onItem:)` (lent views) must give the same events and error.
    static func checkStream(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        let whole = stream(input, piece: input.count, push: false)
        let pieceSize = Int(input.first ?? 1) % 7 &+ 1
        let pieces = stream(input, piece: pieceSize, push: true)
        guard whole == pieces else {
            throw FuzzViolation("stream decoding depends on chunking or delivery (\(pieceSize)): \(whole) vs \(pieces)")
        }
    }

    static func stream(_ input: UnsafeRawBufferPointer, piece: Int, push: Bool) -> [String] {
        var decoder = ISYStreamDecoder()
        var out: [String] = []
        var start = 0
        let step = max(1, piece)
        do throws(ISYEventError) {
            while start < input.count {
                let end = min(input.count, start &+ step)
                let chunk = UnsafeRawBufferPointer(rebasing: input[start..<end])
                start = end
                if push {
                    try decoder.feed(chunk, onItem: { out.append("\(Summary($0))") })
                } else {
                    decoder.feed(chunk)
                    while let event = try decoder.next() { out.append("\(Summary(event))") }
                }
            }
            if push {
                try decoder.finish(onItem: { out.append("\(Summary($0))") })
            } else {
                decoder.finish()
                while let event = try decoder.next() { out.append("\(Summary(event))") }
            }
        } catch {
            if let offset = error.offset, offset < 0 || offset > input.count { out.append("bad offset \(offset)") }
            out.append("error \(error.code)@\(error.offset ?? -1)")
        }
        return out
    }

    /// Every field of an event, read through the public API (which also exercises the typed accessors).
    struct Summary: Equatable, CustomStringConvertible {
        var seqnum: Int?
        var sid, timestamp, control, action, uom, node, fmtAct, fmtName: String?
        var prec: Int?
        var eventInfo: String

        init(_ event: some ISYEventReading) {
            seqnum = event.seqnum
            sid = event.sid
            timestamp = event.timestamp
            control = event.string(.control)
            action = event.action
            uom = event.uom
            node = event.node
            fmtAct = event.fmtAct
            fmtName = event.fmtName
            prec = event.prec
            eventInfo = event.eventInfo
            _ = event.variableChange
            _ = event.programStatus
            _ = event.nodeLifecycle
            _ = event.systemStatus
            _ = event.progress
            _ = event.heartbeatInterval
            _ = event.control
        }

        var description: String {
            "\(seqnum.map(String.init) ?? "nil") \(String(reflecting: control)) \(String(reflecting: action)) \(eventInfo.debugDescription)"
        }
    }
}

extension ISYEvent {
    var summary: ISYEventOracle.Summary { ISYEventOracle.Summary(self) }
}
