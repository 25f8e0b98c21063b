import Codecs

/// The parts of an eisy event to encode, for mock servers and tests. Text is escaped by the encoder; `eventInfo`
/// is inner XML written as is (the caller keeps it well-formed).
public struct ISYEventContent: Sendable, Equatable {
    public var seqnum: Int?
    public var sid: String?
    public var timestamp: String?
    public var control: String
    public var action: String
    public var uom: String?
    public var prec: Int?
    public var node: String
    public var eventInfo: String
    public var fmtAct: String?
    public var fmtName: String?

    public init(seqnum: Int? = nil, sid: String? = nil, timestamp: String? = nil, control: String, action: String,
                uom: String? = nil, prec: Int? = nil, node: String = "", eventInfo: String = "",
                fmtAct: String? = nil, fmtName: String? = nil) {
        self.seqnum = seqnum
        self.sid = sid
        self.timestamp = timestamp
        self.control = control
        self.action = action
        self.uom = uom
        self.prec = prec
        self.node = node
        self.eventInfo = eventInfo
        self.fmtAct = fmtAct
        self.fmtName = fmtName
    }

    /// A `_0` heartbeat announcing the next one in `interval` seconds.
    public static func heartbeat(seqnum: Int?, sid: String? = nil, interval: Int) -> ISYEventContent {
        ISYEventContent(seqnum: seqnum, sid: sid, control: "_0", action: String(interval))
    }
}

/// Encodes events the way an eisy sends them: `<?xml …?><Event seqnum sid timestamp><control/><action uom prec/>
/// <node/><eventInfo/><fmtAct/><fmtName/></Event>`, raw for `/rest/subscribe` or in the
/// `{"type":"event","data":…}` envelope of `/api/events/subscribe`.
public enum ISYEventEncoder {
    /// The XML document for `event`.
    public static func xml(_ event: ISYEventContent, declaration: Bool = true) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 &+ event.eventInfo.utf8.count)
        if declaration { out.append(contentsOf: #"<?xml version="1.0" encoding="UTF-8"?>"#.utf8) }
        out.append(contentsOf: "<Event".utf8)
        if let seqnum = event.seqnum { attribute(&out, "seqnum", String(seqnum)) }
        if let sid = event.sid { attribute(&out, "sid", sid) }
        if let timestamp = event.timestamp { attribute(&out, "timestamp", timestamp) }
        out.append(UInt8(ascii: ">"))
        element(&out, "control", event.control)
        out.append(contentsOf: "<action".utf8)
        if let uom = event.uom { attribute(&out, "uom", uom) }
        if let prec = event.prec { attribute(&out, "prec", String(prec)) }
        out.append(UInt8(ascii: ">"))
        escape(&out, event.action, attribute: false)
        out.append(contentsOf: "</action>".utf8)
        element(&out, "node", event.node)
        out.append(contentsOf: "<eventInfo>".utf8)
        out.append(contentsOf: event.eventInfo.utf8)
        out.append(contentsOf: "</eventInfo>".utf8)
        if let fmtAct = event.fmtAct { element(&out, "fmtAct", fmtAct) }
        if let fmtName = event.fmtName { element(&out, "fmtName", fmtName) }
        out.append(contentsOf: "</Event>".utf8)
        return out
    }

    /// `{"type":"event","data":"<xml>"}` for `event`.
    public static func envelope(_ event: ISYEventContent, declaration: Bool = true) -> [UInt8] {
        envelope(type: "event", data: String(decoding: xml(event, declaration: declaration), as: UTF8.self))
    }

    /// A `/api/events/subscribe` envelope of any type, e.g. `spolisy` with `{"status":"inactive"}` as data.
    public static func envelope(type: String, data: String) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 &+ data.utf8.count)
        writer.beginObject()
        writer.key("type")
        writer.string(type)
        writer.key("data")
        writer.string(data)
        writer.endObject()
        return writer.bytes
    }

    static func element(_ out: inout [UInt8], _ name: String, _ text: String) {
        out.append(UInt8(ascii: "<"))
        out.append(contentsOf: name.utf8)
        out.append(UInt8(ascii: ">"))
        escape(&out, text, attribute: false)
        out.append(contentsOf: "</".utf8)
        out.append(contentsOf: name.utf8)
        out.append(UInt8(ascii: ">"))
    }

    static func attribute(_ out: inout [UInt8], _ name: String, _ value: String) {
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: name.utf8)
        out.append(contentsOf: "=\"".utf8)
        escape(&out, value, attribute: true)
        out.append(UInt8(ascii: "\""))
    }

    /// Escapes markup characters, and whatever normalisation would alter (CR anywhere; tab and LF in attributes).
    static func escape(_ out: inout [UInt8], _ text: String, attribute: Bool) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\"") where attribute: out.append(contentsOf: "&quot;".utf8)
            case 0x0D: out.append(contentsOf: "&#13;".utf8)
            case 0x09 where attribute: out.append(contentsOf: "&#9;".utf8)
            case 0x0A where attribute: out.append(contentsOf: "&#10;".utf8)
            default: out.append(byte)
            }
        }
    }
}
