/// Where each part of an `<Event>` lies in its document: attribute values and element text as `XMLSpan`s (decode
/// with `XMLText`), `eventInfo` as the trimmed raw range of its inner XML. Absent parts are nil. Pure offsets, so
/// the same value serves the owning `ISYEvent` and the borrowing `ISYEventView`.
public struct ISYEventFields: Sendable, Equatable {
    /// `Event/@seqnum` as an integer; nil when absent or not an integer.
    public var seqnum: Int?
    /// `Event/@sid`.
    public var sid: XMLSpan?
    /// `Event/@timestamp`.
    public var timestamp: XMLSpan?
    /// Text of the first `<control>` child (text before its first child element, as ElementTree's `.text`).
    public var control: XMLSpan?
    /// Text of the first `<action>`.
    public var action: XMLSpan?
    /// `action/@uom`.
    public var uom: XMLSpan?
    /// `action/@prec` as an integer; nil when absent or not an integer.
    public var prec: Int?
    /// Text of the first `<node>`.
    public var node: XMLSpan?
    /// Text of the first `<fmtAct>`.
    public var fmtAct: XMLSpan?
    /// Text of the first `<fmtName>`.
    public var fmtName: XMLSpan?
    /// The inner XML of the first `<eventInfo>`, verbatim, with XML whitespace trimmed at both ends.
    public var eventInfo: Range<Int>?

    public init() {}
}

/// The string-valued parts of an event, for `ISYEvent.string(_:)` and zero-copy `withBytes(_:_:)`.
public enum ISYField: Sendable, CaseIterable {
    case sid, timestamp, control, action, uom, node, fmtAct, fmtName

    /// Whether the part is an attribute value (normalised as such) or element text.
    @usableFromInline var textKind: XMLText.Kind {
        switch self {
        case .sid, .timestamp, .uom: .attribute
        default: .content
        }
    }

    @usableFromInline func span(in fields: ISYEventFields) -> XMLSpan? {
        switch self {
        case .sid: fields.sid
        case .timestamp: fields.timestamp
        case .control: fields.control
        case .action: fields.action
        case .uom: fields.uom
        case .node: fields.node
        case .fmtAct: fields.fmtAct
        case .fmtName: fields.fmtName
        }
    }
}
