import Codecs

/// Decodes one eisy `<Event>` XML document (a `/rest/subscribe` frame, or the `data` of an `event` envelope) into
/// field positions, checking the whole document for well-formedness first. Field selection follows pyisyox 6.0.1
/// `parse_event_frame`: first child of each name, element text before its first child element, `eventInfo`
/// inner XML trimmed. Tolerant of stray `&` by default, as eisy `_7` logs need.
public struct ISYEventDecoder: Sendable {
    /// Tokenizer options (limits, tolerance); `fragment` is ignored.
    public var options: XMLOptions

    public init(limits: XMLLimits = XMLLimits(), tolerantAmpersands: Bool = true) {
        options = XMLOptions(limits: limits, tolerantAmpersands: tolerantAmpersands)
    }

    /// Decodes a document held in an array (slice): the event keeps a reference to it, nothing is copied.
    public func decode(_ document: ArraySlice<UInt8>, baseOffset: Int = 0) throws(ISYEventError) -> ISYEvent {
        var fields = ISYEventFields()
        let failure: ISYEventError? = document.withUnsafeBytes { bytes in
            do throws(ISYEventError) {
                try collect(bytes, baseOffset: baseOffset, into: &fields)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        return ISYEvent(document: document, fields: fields, tolerant: options.tolerantAmpersands)
    }

    /// Decodes a document held in an array.
    public func decode(_ document: [UInt8], baseOffset: Int = 0) throws(ISYEventError) -> ISYEvent {
        try decode(document[...], baseOffset: baseOffset)
    }

    /// Decodes borrowed bytes and lends `body` a view of the event; nothing is copied. Inlinable so that the
    /// call specialises for the caller's result type.
    @inlinable public func decode<R>(
        _ bytes: UnsafeRawBufferPointer, baseOffset: Int = 0, _ body: (ISYEventView) -> R
    ) throws(ISYEventError) -> R {
        var fields = ISYEventFields()
        try collect(bytes, baseOffset: baseOffset, into: &fields)
        return body(ISYEventView(bytes: bytes, fields: fields, tolerant: options.tolerantAmpersands))
    }

    /// Which root child a content span is being collected for.
    enum Slot: Int {
        case control, action, node, fmtAct, fmtName, eventInfo
    }

    /// Finds the event's parts in `bytes`; throws if the document is malformed or its root is not `Event`.
    public func fields(_ bytes: UnsafeRawBufferPointer, baseOffset: Int = 0) throws(ISYEventError) -> ISYEventFields {
        var fields = ISYEventFields()
        try collect(bytes, baseOffset: baseOffset, into: &fields)
        return fields
    }

    /// `fields(_:baseOffset:)` through the tokenizer alone, without the single-pass reader for plain documents:
    /// the reference that tests and the fuzz oracle hold the fast path to (same fields, same errors).
    public func fieldsByTokenizer(_ bytes: UnsafeRawBufferPointer, baseOffset: Int = 0) throws(ISYEventError) -> ISYEventFields {
        var fields = ISYEventFields()
        try collectTokenized(bytes, baseOffset: baseOffset, into: &fields)
        return fields
    }

    /// `fields(_:baseOffset:)` writing into `fields` (which must start empty), so the caller's storage is filled
    /// in place instead of copied out. Plain documents take the single-pass reader; the rest the tokenizer.
    @usableFromInline func collect(_ bytes: UnsafeRawBufferPointer, baseOffset: Int, into fields: inout ISYEventFields) throws(ISYEventError) {
        if Self.collectPlain(bytes, limits: options.limits, into: &fields) { return }
        fields = ISYEventFields()
        try collectTokenized(bytes, baseOffset: baseOffset, into: &fields)
    }

    /// `collect(_:baseOffset:into:)` through the tokenizer alone: the reference the plain reader must agree with.
    func collectTokenized(_ bytes: UnsafeRawBufferPointer, baseOffset: Int, into fields: inout ISYEventFields) throws(ISYEventError) {
        var options = self.options
        options.fragment = false
        let isEvent: Bool
        do throws(XMLError) {
            isEvent = try XMLTokenizer.withTokenizer(bytes, options: options, baseOffset: baseOffset) {
                (tokenizer: inout XMLTokenizer) throws(XMLError) -> Bool in
                try Self.collect(&tokenizer, into: &fields)
            }
        } catch {
            throw ISYEventError(error)
        }
        guard isEvent else { throw ISYEventError(.notAnEvent, offset: baseOffset) }
    }

    /// Reads every token into `fields`; returns whether the root is `Event`.
    static func collect(_ tokenizer: inout XMLTokenizer, into fields: inout ISYEventFields) throws(XMLError) -> Bool {
        let bytes = tokenizer.bytes
        var isEvent = false
        var taken: UInt8 = 0
        var slot: Slot?
        var contentStart = 0
        var textEnd: Int?
        var segments = 0
        var verbatim = true
        while true {
            switch try tokenizer.next() {
            case .endOfDocument:
                return isEvent
            case let .startTag(name, _):
                let depth = tokenizer.depth
                if depth == 1 {
                    // eisy's `Event` has no namespace: a prefixed root (`<x:Event>`) or one in a default
                    // namespace (`<Event xmlns="urn:x">`) is another element, as ElementTree's tag says for
                    // pyisyox (`x:Event` / `{urn:x}Event`).
                    isEvent = name.count == 5 && XMLReference.equals(bytes, name.lowerBound, "Event")
                    guard isEvent else { continue }
                    for index in 0..<tokenizer.attributeCount {
                        let attribute = tokenizer.attribute(index)
                        if matches(bytes, attribute.name, "xmlns"), !attribute.value.range.isEmpty {
                            isEvent = false
                        } else if matches(bytes, attribute.name, "seqnum") {
                            fields.seqnum = integer(bytes, attribute.value)
                        } else if matches(bytes, attribute.name, "sid") {
                            fields.sid = attribute.value
                        } else if matches(bytes, attribute.name, "timestamp") {
                            fields.timestamp = attribute.value
                        }
                    }
                } else if depth == 2, isEvent {
                    slot = Self.claim(Self.slot(bytes, name), taken: &taken)
                    contentStart = tokenizer.offset
                    textEnd = nil
                    segments = 0
                    verbatim = true
                    if slot == .action {
                        for index in 0..<tokenizer.attributeCount {
                            let attribute = tokenizer.attribute(index)
                            if matches(bytes, attribute.name, "uom") {
                                fields.uom = attribute.value
                            } else if matches(bytes, attribute.name, "prec") {
                                fields.prec = integer(bytes, attribute.value)
                            }
                        }
                    }
                } else if depth == 3, slot != nil, textEnd == nil {
                    textEnd = tokenizer.tokenStart
                }
            case .endTag:
                guard tokenizer.depth == 1, let current = slot else { continue }
                let end = tokenizer.tokenStart
                Self.store(current, bytes, content: contentStart..<end, textEnd: textEnd ?? end,
                           isVerbatim: segments == 0 || (segments == 1 && verbatim), into: &fields)
                slot = nil
            case let .text(span):
                if tokenizer.depth == 2, slot != nil, textEnd == nil {
                    segments &+= 1
                    verbatim = verbatim && span.isVerbatim
                }
            case .cdata, .comment, .processingInstruction:
                if tokenizer.depth == 2, slot != nil, textEnd == nil {
                    segments &+= 1
                    verbatim = false
                }
            case .declaration:
                continue
            }
        }
    }

    /// `slot` when no earlier child of the event filled it (the first occurrence wins), now marked in `taken`;
    /// nil for a repeat or for no slot.
    @inline(__always) static func claim(_ slot: Slot?, taken: inout UInt8) -> Slot? {
        guard let slot else { return nil }
        let bit: UInt8 = 1 << UInt8(slot.rawValue)
        guard taken & bit == 0 else { return nil }
        taken |= bit
        return slot
    }

    static func slot(_ bytes: UnsafeRawBufferPointer, _ name: Range<Int>) -> Slot? {
        switch name.count {
        case 4 where XMLReference.equals(bytes, name.lowerBound, "node"): .node
        case 6 where XMLReference.equals(bytes, name.lowerBound, "action"): .action
        case 6 where XMLReference.equals(bytes, name.lowerBound, "fmtAct"): .fmtAct
        case 7 where XMLReference.equals(bytes, name.lowerBound, "control"): .control
        case 7 where XMLReference.equals(bytes, name.lowerBound, "fmtName"): .fmtName
        case 9 where XMLReference.equals(bytes, name.lowerBound, "eventInfo"): .eventInfo
        default: nil
        }
    }

    @inline(__always) static func matches(_ bytes: UnsafeRawBufferPointer, _ name: Range<Int>, _ word: StaticString) -> Bool {
        name.count == word.utf8CodeUnitCount && XMLReference.equals(bytes, name.lowerBound, word)
    }

    /// An attribute value read as an integer the way pyisyox's `int()` does.
    static func integer(_ bytes: UnsafeRawBufferPointer, _ span: XMLSpan) -> Int? {
        XMLText.withDecoded(bytes, span, kind: .attribute) { ISYInteger.parse($0) }
    }

    /// Stores a finished root child: `eventInfo` as its trimmed inner XML, the others as their text, which ends
    /// at `textEnd` (the first child element, if any).
    @inline(__always) static func store(
        _ slot: Slot, _ bytes: UnsafeRawBufferPointer, content: Range<Int>, textEnd: Int, isVerbatim: Bool,
        into fields: inout ISYEventFields
    ) {
        if slot == .eventInfo {
            fields.eventInfo = trimmed(bytes, content)
            return
        }
        let span = XMLSpan(range: content.lowerBound..<textEnd, isVerbatim: isVerbatim)
        switch slot {
        case .control: fields.control = span
        case .action: fields.action = span
        case .node: fields.node = span
        case .fmtAct: fields.fmtAct = span
        case .fmtName: fields.fmtName = span
        case .eventInfo: break
        }
    }

    /// `range` without leading and trailing XML whitespace.
    static func trimmed(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, XMLCharacters.isSpace(bytes[lower]) { lower &+= 1 }
        while upper > lower, XMLCharacters.isSpace(bytes[upper &- 1]) { upper &-= 1 }
        return lower..<upper
    }
}
