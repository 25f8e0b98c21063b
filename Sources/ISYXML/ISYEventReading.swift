/// The read API shared by the owning `ISYEvent` and the borrowing `ISYEventView`: field values as Strings (one
/// allocation each at most; none for values of 15 bytes or less) or as borrowed bytes (none), the control code,
/// the heartbeat interval and the typed `eventInfo` accessors.
public protocol ISYEventReading {
    /// Where each part lies in the document.
    var fields: ISYEventFields { get }
    /// Whether stray `&` were accepted (needed to read `eventInfo` the same way).
    var tolerant: Bool { get }
    /// Lends the document bytes the field ranges index.
    func withDocument<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R
}

extension ISYEventReading {
    /// `Event/@seqnum`; nil when absent or not an integer (pyisyox reports 0 then).
    @inlinable public var seqnum: Int? { fields.seqnum }
    /// `action/@prec`; nil when absent or not an integer.
    @inlinable public var prec: Int? { fields.prec }

    /// The decoded value of `field`, or nil when the frame lacks it.
    @inlinable public func string(_ field: ISYField) -> String? {
        guard let span = field.span(in: fields) else { return nil }
        return withDocument { XMLText.string($0, span, kind: field.textKind) }
    }

    /// Calls `body` with the decoded bytes of `field` (the document's own bytes when no decoding is needed);
    /// nil when the frame lacks it.
    @inlinable public func withBytes<R>(_ field: ISYField, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        guard let span = field.span(in: fields) else { return nil }
        return withDocument { XMLText.withDecoded($0, span, kind: field.textKind, body) }
    }

    @inlinable public var sid: String? { string(.sid) }
    @inlinable public var timestamp: String? { string(.timestamp) }
    @inlinable public var action: String? { string(.action) }
    @inlinable public var node: String? { string(.node) }
    @inlinable public var uom: String? { string(.uom) }
    @inlinable public var fmtAct: String? { string(.fmtAct) }
    @inlinable public var fmtName: String? { string(.fmtName) }

    /// The control code, classified; nil when the frame has no `<control>`.
    public var control: ISYControl? {
        withBytes(.control) { ISYControl(utf8: $0) }
    }

    /// The `<eventInfo>` inner XML, verbatim and trimmed; empty when absent or empty (as pyisyox).
    @inlinable public var eventInfo: String {
        withEventInfoBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the raw `<eventInfo>` inner XML (a view into the document).
    @inlinable public func withEventInfoBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        let range = fields.eventInfo ?? 0..<0
        return withDocument { body(UnsafeRawBufferPointer(rebasing: $0[XMLText.clamped(range, $0.count)])) }
    }

    /// True when the control is the given system code.
    public func isSystem(_ code: ISYSystemControl) -> Bool {
        withBytes(.control) { ISYControl.systemNumber($0) == code.rawValue && $0.first == UInt8(ascii: "_") } ?? false
    }

    /// For a `_0` heartbeat: the seconds until the next heartbeat, so a client can detect a stalled stream.
    public var heartbeatInterval: Int? {
        guard isSystem(.heartbeat) else { return nil }
        return withBytes(.action) { ISYInteger.parse($0) } ?? nil
    }
}
