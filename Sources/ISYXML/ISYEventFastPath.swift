import Codecs

/// A single-pass reader for the plain documents eisy sends (ASCII names, no references, comments, processing
/// instructions or DTD; CDATA allowed), finding the same `ISYEventFields` as the tokenizer-driven
/// `collect(_:into:)` without producing tokens. It accepts only documents the tokenizer accepts with the same
/// fields: on anything else (including every malformed input) it gives up and the full tokenizer decides, so
/// errors, limits and tolerance stay exactly the tokenizer's. Every byte is either compared with an ASCII literal
/// or scanned by a loop that refuses C0 controls other than tab, LF and CR and notes non-ASCII bytes, so the
/// character checks need no pass of their own for ASCII documents.
extension ISYEventDecoder {
    /// Nesting and attribute counts the fast path tracks; documents beyond them take the tokenizer.
    static let fastPathCapacity = 16

    /// Fills `fields` (which must start empty) and returns true when `bytes` is a plain, well-formed `Event`
    /// document; returns false (fields then unspecified) when the tokenizer must decide.
    static func collectPlain(_ bytes: UnsafeRawBufferPointer, limits: XMLLimits, into fields: inout ISYEventFields) -> Bool {
        guard let base = bytes.baseAddress, bytes.count <= min(limits.maxDocumentSize, Int(Int32.max)) else { return false }
        let capacity = fastPathCapacity
        let (plain, sawNonASCII) = withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity &* 4) { scratch in
            var reader = PlainReader(
                bytes: bytes, base: base, limits: limits, openNames: UnsafeMutableBufferPointer(rebasing: scratch[0..<(capacity &* 2)]),
                attributeNames: UnsafeMutableBufferPointer(rebasing: scratch[(capacity &* 2)...]))
            return (reader.read(into: &fields), reader.sawNonASCII)
        }
        // The reader refused every C0 control it met and noted non-ASCII bytes; those need the whole-document
        // UTF-8 and U+FFFE/U+FFFF checks.
        guard plain else { return false }
        return !sawNonASCII || (XMLCharacters.scan(bytes).allCharacters && UTF8Validation.isValid(bytes))
    }
}

/// The state of one `collectPlain` pass: position, open elements and the field collector's state.
struct PlainReader {
    let bytes: UnsafeRawBufferPointer
    /// `bytes.baseAddress`, for loads in loops that keep their index in a local.
    let base: UnsafeRawPointer
    let end: Int
    let maxDepth: Int
    let maxAttributes: Int
    let maxName: Int
    let maxValue: Int
    /// Start and end of each open element's name.
    let openNames: UnsafeMutableBufferPointer<Int>
    /// Start and end of each attribute name of the current start tag (for the duplicate check).
    let attributeNames: UnsafeMutableBufferPointer<Int>

    var index = 0
    var depth = 0
    var sawRoot = false
    // Collector state, as in `ISYEventDecoder.collect(_:into:)`.
    var taken: UInt8 = 0
    var slot: ISYEventDecoder.Slot?
    var contentStart = 0
    var textEnd = -1
    var segments = 0
    var verbatim = true
    /// Whether a scanned byte was 0x80 or above (the document then needs UTF-8 validation).
    var sawNonASCII = false
    /// The high bits the scanning loops stop at: all of them until the first non-ASCII byte, then none.
    var highStops = ByteWord.highBits

    init(bytes: UnsafeRawBufferPointer, base: UnsafeRawPointer, limits: XMLLimits,
         openNames: UnsafeMutableBufferPointer<Int>, attributeNames: UnsafeMutableBufferPointer<Int>) {
        self.bytes = bytes
        self.base = base
        end = bytes.count
        maxDepth = min(limits.maxDepth, openNames.count / 2)
        maxAttributes = min(limits.maxAttributes, attributeNames.count / 2)
        maxName = limits.maxNameLength
        maxValue = limits.maxValueLength
        self.openNames = openNames
        self.attributeNames = attributeNames
    }

    /// The byte at `at`, which the caller has checked is below `end`.
    @inline(__always) func byte(_ at: Int) -> UInt8 { base.load(fromByteOffset: at, as: UInt8.self) }

    @inline(__always) mutating func skipSpace() -> Bool {
        let begin = index
        var i = begin
        while i < end, XMLCharacters.isSpace(byte(i)) { i &+= 1 }
        index = i
        return i != begin
    }

    mutating func read(into fields: inout ISYEventFields) -> Bool {
        if end >= 3, byte(0) == 0xEF, byte(1) == 0xBB, byte(2) == 0xBF { index = 3 }
        if index &+ 5 < end, XMLReference.equals(bytes, index, "<?xml"), XMLCharacters.isSpace(byte(index &+ 5)) {
            if XMLReference.equalsByWords(bytes, index, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>") {
                index &+= 38
            } else if XMLReference.equalsByWords(bytes, index, "<?xml version=\"1.0\"?>") {
                index &+= 21
            } else {
                return false
            }
        }
        while true {
            if depth == 0 {
                _ = skipSpace()
                if index == end { return sawRoot }
                guard !sawRoot, byte(index) == UInt8(ascii: "<") else { return false }
            }
            guard index < end else { return false }
            if byte(index) != UInt8(ascii: "<") {
                guard text() else { return false }
                continue
            }
            guard index &+ 1 < end else { return false }
            switch byte(index &+ 1) {
            case UInt8(ascii: "/"):
                guard endTag(into: &fields) else { return false }
            case UInt8(ascii: "!"):
                guard cdata() else { return false }
            case UInt8(ascii: "?"):
                return false
            default:
                guard startTag(into: &fields) else { return false }
            }
        }
    }

    /// An ASCII `Name` at `index`; nil when absent, too long or continued by a non-ASCII byte.
    @inline(__always) mutating func name() -> Range<Int>? {
        let begin = index
        guard begin < end, XMLCharacters.isASCIINameStart(byte(begin)) else { return nil }
        var i = begin &+ 1
        while i < end {
            let next = byte(i)
            guard next < 0x80 else { return nil }
            guard XMLCharacters.isASCIINameCharByMask(next) else { break }
            i &+= 1
        }
        guard i &- begin <= maxName else { return nil }
        index = i
        return begin..<i
    }

    /// The root child at `start` when its name is one of the collected fields' (the tags nearly every child
    /// has): the slot and name length, found by one or two word compares where `name()` + `slot` loop per byte.
    /// Nil when the name is another one, so `name()` decides; the result is the range `name()` would give.
    @inline(__always) func knownChild(at start: Int) -> (slot: ISYEventDecoder.Slot, length: Int)? {
        guard start &+ 16 <= end else { return nil }
        let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
        let slot: ISYEventDecoder.Slot
        let length: Int
        switch UInt8(truncatingIfNeeded: word) {
        case UInt8(ascii: "c"):
            guard word & 0x00FF_FFFF_FFFF_FFFF == 0x6C_6F72_746E_6F63 else { return nil }  // "control"
            (slot, length) = (.control, 7)
        case UInt8(ascii: "a"):
            guard word & 0xFFFF_FFFF_FFFF == 0x6E6F_6974_6361 else { return nil }  // "action"
            (slot, length) = (.action, 6)
        case UInt8(ascii: "n"):
            guard word & 0xFFFF_FFFF == 0x6564_6F6E else { return nil }  // "node"
            (slot, length) = (.node, 4)
        case UInt8(ascii: "f"):
            if word & 0xFFFF_FFFF_FFFF == 0x7463_4174_6D66 {  // "fmtAct"
                (slot, length) = (.fmtAct, 6)
            } else if word & 0x00FF_FFFF_FFFF_FFFF == 0x65_6D61_4E74_6D66 {  // "fmtName"
                (slot, length) = (.fmtName, 7)
            } else {
                return nil
            }
        case UInt8(ascii: "e"):
            // "eventInf" + "o"
            guard word == 0x666E_4974_6E65_7665, byte(start &+ 8) == UInt8(ascii: "o") else { return nil }
            (slot, length) = (.eventInfo, 9)
        default:
            return nil
        }
        // `name()` would stop right after the literal only at an ASCII byte that cannot continue a name.
        let next = byte(start &+ length)
        guard next < 0x80, !XMLCharacters.isASCIINameCharByMask(next), length <= maxName else { return nil }
        return (slot, length)
    }

    @inline(__always) func sameBytes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        if a.count <= 8, a.lowerBound &+ 8 <= end, b.lowerBound &+ 8 <= end {
            // Names of up to eight bytes (nearly all): one masked word compare.
            let x = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: a.lowerBound, as: UInt64.self))
            let y = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: b.lowerBound, as: UInt64.self))
            let mask: UInt64 = a.count == 8 ? ~0 : (1 << UInt64(a.count &* 8)) &- 1
            return (x ^ y) & mask == 0
        }
        var i = a.lowerBound
        var j = b.lowerBound
        while i < a.upperBound {
            if byte(i) != byte(j) { return false }
            i &+= 1
            j &+= 1
        }
        return true
    }

    mutating func startTag(into fields: inout ISYEventFields) -> Bool {
        let tagStart = index
        index &+= 1
        let elementName: Range<Int>
        let known = depth == 1 ? knownChild(at: index) : nil
        if let known {
            elementName = index..<(index &+ known.length)
            index = elementName.upperBound
        } else if depth == 0 {
            // The root must be `Event`: one word compare where `name()` would loop per byte.
            guard index &+ 8 <= end, XMLByteWords.load(base, index) & 0xFF_FFFF_FFFF == 0x74_6E65_7645,
                  endsName(at: index &+ 5), maxName >= 5 else { return false }
            elementName = index..<(index &+ 5)
            index = elementName.upperBound
        } else {
            guard let scanned = name() else { return false }
            elementName = scanned
        }
        guard depth < maxDepth else { return false }
        let level = depth &+ 1
        if level == 2 {
            slot = ISYEventDecoder.claim(known?.slot ?? ISYEventDecoder.slot(bytes, elementName), taken: &taken)
        } else if level == 3, slot != nil, textEnd < 0 {
            textEnd = tagStart
        }
        let isEmpty: Bool
        if index < end, byte(index) == UInt8(ascii: ">") {
            index &+= 1
            isEmpty = false
        } else {
            let role = level == 1 ? 1 : (level == 2 && slot == .action ? 2 : 0)
            guard let empty = readAttributes(role: role, into: &fields) else { return false }
            isEmpty = empty
        }
        if level >= 2, !isEmpty {
            // `<a>text</a>` (most root children): when the content is plain text (no markup, reference, `]`, C0
            // control or, until one was seen, non-ASCII byte, within the value limit) followed directly by
            // `</a>`, read to past the end tag at once, as `text()` and `endTag` would.
            let contentStart = index
            let tagStart = stop(from: index, UInt8(ascii: "<"), UInt8(ascii: "&"), UInt8(ascii: "]"))
            let close = tagStart &+ 2 &+ elementName.count
            if close < end, byte(tagStart) == UInt8(ascii: "<"), byte(tagStart &+ 1) == UInt8(ascii: "/"),
               sameBytes(elementName, (tagStart &+ 2)..<close), byte(close) == UInt8(ascii: ">"),
               tagStart &- contentStart <= maxValue {
                index = close &+ 1
                if level == 2, let current = slot {
                    ISYEventDecoder.store(current, bytes, content: contentStart..<tagStart, textEnd: tagStart,
                                          isVerbatim: true, into: &fields)
                    slot = nil
                }
                return true
            }
        }
        openNames[depth &* 2] = elementName.lowerBound
        openNames[depth &* 2 &+ 1] = elementName.upperBound
        depth = level
        sawRoot = true
        if level == 2 {
            contentStart = index
            textEnd = -1
            segments = 0
            verbatim = true
        }
        if isEmpty { closeElement(at: index, into: &fields) }
        return true
    }

    /// The attributes of the start tag whose name ends at `index`, up to and past its `>` or `/>`: collects those
    /// the collector reads for `role` (1 = the root, 2 = the first `action`, 0 = none) into `fields`. Returns
    /// whether the tag was empty (`/>`), or nil when the tokenizer must decide.
    mutating func readAttributes(role: Int, into fields: inout ISYEventFields) -> Bool? {
        var attributeCount = 0
        // Which known names this tag has had, and whether any other: with none other, a known name can only
        // repeat a known one, so its bit decides the duplicate check.
        var knownSeen: UInt8 = 0
        var sawOther = false
        var isEmpty = false
        while true {
            let spaced = skipSpace()
            guard index < end else { return nil }
            let next = byte(index)
            if next == UInt8(ascii: ">") {
                index &+= 1
                break
            }
            if next == UInt8(ascii: "/") {
                guard index &+ 1 < end, byte(index &+ 1) == UInt8(ascii: ">") else { return nil }
                index &+= 2
                isEmpty = true
                break
            }
            guard spaced else { return nil }
            let attributeName: Range<Int>
            var kind = KnownAttribute.other
            if role != 0, let known = Self.knownAttribute(base, at: index, end: end, maxName: maxName) {
                kind = known
                attributeName = index..<(index &+ known.length)
                index = attributeName.upperBound
            } else {
                guard let scanned = name() else { return nil }
                attributeName = scanned
            }
            if index >= end || byte(index) != UInt8(ascii: "=") { _ = skipSpace() }
            guard index < end, byte(index) == UInt8(ascii: "=") else { return nil }
            index &+= 1
            guard index < end else { return nil }
            var quote = byte(index)
            if XMLCharacters.isSpace(quote) {
                _ = skipSpace()
                guard index < end else { return nil }
                quote = byte(index)
            }
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
            index &+= 1
            let valueStart = index
            var valueVerbatim = true
            var i = valueStart
            while true {
                i = stop(from: i, quote, UInt8(ascii: "<"), UInt8(ascii: "&"))
                guard i < end else { return nil }
                let value = byte(i)
                if value == quote { break }
                switch value {
                case UInt8(ascii: "<"), UInt8(ascii: "&"):
                    return nil
                case 0x09, 0x0A, 0x0D:
                    valueVerbatim = false
                default:
                    guard value >= 0x80 else { return nil }
                    noteNonASCII()
                }
                i &+= 1
            }
            index = i
            guard index &- valueStart <= maxValue, attributeCount < maxAttributes else { return nil }
            let span = XMLSpan(range: valueStart..<index, isVerbatim: valueVerbatim)
            index &+= 1
            if kind != .other, !sawOther {
                let bit: UInt8 = 1 << kind.rawValue
                guard knownSeen & bit == 0 else { return nil }
                knownSeen |= bit
            } else {
                sawOther = sawOther || kind == .other
                for other in 0..<attributeCount
                where sameBytes(attributeNames[other &* 2]..<attributeNames[other &* 2 &+ 1], attributeName) {
                    return nil
                }
            }
            attributeNames[attributeCount &* 2] = attributeName.lowerBound
            attributeNames[attributeCount &* 2 &+ 1] = attributeName.upperBound
            attributeCount &+= 1
            // A namespace declaration on the root decides whether it is eisy's `Event`: the tokenizer rules.
            if role == 1, kind == .other, attributeName.count == 5, XMLReference.equals(bytes, attributeName.lowerBound, "xmlns") {
                return nil
            }
            if role != 0 {
                let collected = kind == .other ? KnownAttribute(bytes, attributeName) : kind
                if role == 1 {
                    switch collected {
                    case .seqnum: fields.seqnum = integer(span)
                    case .sid: fields.sid = span
                    case .timestamp: fields.timestamp = span
                    default: break
                    }
                } else {
                    switch collected {
                    case .uom: fields.uom = span
                    case .prec: fields.prec = integer(span)
                    default: break
                    }
                }
            }
        }
        return isEmpty
    }

    mutating func endTag(into fields: inout ISYEventFields) -> Bool {
        guard depth > 0 else { return false }
        let tagStart = index
        let open = openNames[(depth &- 1) &* 2]..<openNames[(depth &- 1) &* 2 &+ 1]
        let close = index &+ 2 &+ open.count
        guard close < end, sameBytes(open, (index &+ 2)..<close) else { return false }
        index = close
        if byte(index) != UInt8(ascii: ">") {
            guard skipSpace(), index < end, byte(index) == UInt8(ascii: ">") else { return false }
        }
        index &+= 1
        closeElement(at: tagStart, into: &fields)
        return true
    }

    /// Pops the innermost element whose end tag starts at `tagStart` (for `<a/>`: just past it).
    @inline(__always) mutating func closeElement(at tagStart: Int, into fields: inout ISYEventFields) {
        depth &-= 1
        guard depth == 1, let current = slot else { return }
        ISYEventDecoder.store(current, bytes, content: contentStart..<tagStart,
                              textEnd: textEnd >= 0 ? textEnd : tagStart,
                              isVerbatim: segments == 0 || (segments == 1 && verbatim), into: &fields)
        slot = nil
    }

    /// Character data up to the next `<`: no references, no `]]>`, no C0 control but tab, LF and CR; a CR makes
    /// it non-verbatim.
    mutating func text() -> Bool {
        let begin = index
        var runVerbatim = true
        var i = begin
        while true {
            i = stop(from: i, UInt8(ascii: "<"), UInt8(ascii: "&"), UInt8(ascii: "]"))
            guard i < end else { break }
            let next = byte(i)
            if next == UInt8(ascii: "<") { break }
            switch next {
            case UInt8(ascii: "&"):
                return false
            case UInt8(ascii: "]"):
                if i &+ 2 < end, byte(i &+ 1) == UInt8(ascii: "]"), byte(i &+ 2) == UInt8(ascii: ">") { return false }
            case 0x0D:
                runVerbatim = false
            case 0x09, 0x0A:
                break
            default:
                guard next >= 0x80 else { return false }
                noteNonASCII()
            }
            i &+= 1
        }
        index = i
        guard index &- begin <= maxValue else { return false }
        if depth == 2, slot != nil, textEnd < 0 {
            segments &+= 1
            verbatim = verbatim && runVerbatim
        }
        return true
    }

    /// The first index from `start` (or `end`) whose byte is `a`, `b`, `c`, a C0 control or, until the first
    /// one was seen, non-ASCII: where a scanning loop must look. Eight bytes per step; `a`, `b`, `c` are ASCII.
    @inline(__always) func stop(from start: Int, _ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        var i = start
        let (wordA, wordB, wordC) = (ByteWord.broadcast(a), ByteWord.broadcast(b), ByteWord.broadcast(c))
        let highStops = highStops
        while i &+ 8 <= end {
            let word = XMLByteWords.load(base, i)
            let hits = XMLByteWords.firstStop(word, wordA, wordB, wordC) | word & highStops
            if hits != 0 { return i &+ (hits.trailingZeroBitCount >> 3) }
            i &+= 8
        }
        while i < end {
            let value = byte(i)
            if value < 0x20 || value == a || value == b || value == c || (value >= 0x80 && highStops != 0) { return i }
            i &+= 1
        }
        return end
    }

    /// Notes a non-ASCII byte: the document then needs UTF-8 validation, and the loops stop stopping at them.
    @inline(__always) mutating func noteNonASCII() {
        sawNonASCII = true
        highStops = 0
    }

    /// True when `name()` would end a name just before `at`: an ASCII byte that cannot continue a name.
    @inline(__always) func endsName(at: Int) -> Bool {
        let next = byte(at)
        return next < 0x80 && !XMLCharacters.isASCIINameCharByMask(next)
    }

    /// An attribute value read as an integer: one word for plain short digit runs, else as the tokenizer path does.
    @inline(__always) func integer(_ span: XMLSpan) -> Int? {
        if span.isVerbatim, span.range.lowerBound &+ 8 <= end,
           let value = ISYInteger.parseShortDecimal(base, at: span.range.lowerBound, count: span.range.count) {
            return value
        }
        return ISYEventDecoder.integer(bytes, span)
    }

    /// The attribute names the collector reads, recognised by word compares.
    enum KnownAttribute: UInt8 {
        case seqnum, sid, timestamp, uom, prec, other

        /// The kind of the attribute named by `name`, compared byte by byte (for names the word compares of
        /// `knownAttribute` could not take).
        @inline(never) init(_ bytes: UnsafeRawBufferPointer, _ name: Range<Int>) {
            self = if ISYEventDecoder.matches(bytes, name, "seqnum") {
                .seqnum
            } else if ISYEventDecoder.matches(bytes, name, "sid") {
                .sid
            } else if ISYEventDecoder.matches(bytes, name, "timestamp") {
                .timestamp
            } else if ISYEventDecoder.matches(bytes, name, "uom") {
                .uom
            } else if ISYEventDecoder.matches(bytes, name, "prec") {
                .prec
            } else {
                .other
            }
        }

        var length: Int {
            switch self {
            case .seqnum: 6
            case .sid, .uom: 3
            case .timestamp: 9
            case .prec: 4
            case .other: 0
            }
        }
    }

    /// The attribute at `start` when its name is one the collector reads; nil for any other (then `name()`
    /// decides). The name found is the one `name()` would give. Static, on explicit values, so that it inlines.
    @inline(__always) static func knownAttribute(_ base: UnsafeRawPointer, at start: Int, end: Int, maxName: Int) -> KnownAttribute? {
        guard start &+ 16 <= end else { return nil }
        let word = XMLByteWords.load(base, start)
        let known: KnownAttribute
        switch UInt8(truncatingIfNeeded: word) {
        case UInt8(ascii: "s"):
            if word & 0xFFFF_FFFF_FFFF == 0x6D75_6E71_6573 {  // "seqnum"
                known = .seqnum
            } else if word & 0xFF_FFFF == 0x64_6973 {  // "sid"
                known = .sid
            } else {
                return nil
            }
        case UInt8(ascii: "t"):
            // "timestam" + "p"
            guard word == 0x6D61_7473_656D_6974, base.load(fromByteOffset: start &+ 8, as: UInt8.self) == UInt8(ascii: "p")
            else { return nil }
            known = .timestamp
        case UInt8(ascii: "u"):
            guard word & 0xFF_FFFF == 0x6D_6F75 else { return nil }  // "uom"
            known = .uom
        case UInt8(ascii: "p"):
            guard word & 0xFFFF_FFFF == 0x6365_7270 else { return nil }  // "prec"
            known = .prec
        default:
            return nil
        }
        let next = base.load(fromByteOffset: start &+ known.length, as: UInt8.self)
        guard next < 0x80, !XMLCharacters.isASCIINameCharByMask(next), known.length <= maxName else { return nil }
        return known
    }

    /// A CDATA section inside an element; anything else after `<!` is left to the tokenizer.
    mutating func cdata() -> Bool {
        guard depth > 0, index &+ 9 <= end, XMLReference.equalsByWords(bytes, index, "<![CDATA[") else { return false }
        let contentStart = index &+ 9
        var close = contentStart
        scanning: while true {
            close = stop(from: close, UInt8(ascii: "]"), UInt8(ascii: "]"), UInt8(ascii: "]"))
            guard close &+ 2 < end else { return false }
            switch byte(close) {
            case UInt8(ascii: "]"):
                if byte(close &+ 1) == UInt8(ascii: "]"), byte(close &+ 2) == UInt8(ascii: ">") { break scanning }
            case 0x09, 0x0A, 0x0D:
                break
            case let value:
                guard value >= 0x80 else { return false }
                noteNonASCII()
            }
            close &+= 1
        }
        guard close &- contentStart <= maxValue else { return false }
        index = close &+ 3
        if depth == 2, slot != nil, textEnd < 0 {
            segments &+= 1
            verbatim = false
        }
        return true
    }
}
