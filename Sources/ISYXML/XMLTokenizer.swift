import Codecs

/// A pull tokenizer for the XML subset eisy events use (XML 1.0 5th ed.): declaration, elements, attributes,
/// character data, the five predefined entities, character references, CDATA, comments and processing
/// instructions. It checks well-formedness as it goes, refuses DTDs (so no entity can be declared or expanded),
/// validates UTF-8 and enforces `XMLLimits`. Tokens are ranges of the borrowed input; nothing is copied.
///
/// Create one with `XMLTokenizer.withTokenizer(_:options:baseOffset:_:)`, which lends it scratch space on the
/// stack for the open-element stack and the current tag's attributes.
public struct XMLTokenizer {
    /// The document being read.
    public let bytes: UnsafeRawBufferPointer
    /// Options in force.
    public let options: XMLOptions
    /// Added to every error offset (the document's position in its stream).
    public let baseOffset: Int

    var position = 0
    /// Open elements; `stack[2k]`, `stack[2k+1]` are the name range of level k (32-bit, so the scratch space for
    /// the default limits, 896 bytes, stays on the stack).
    let stack: UnsafeMutableBufferPointer<Int32>
    /// Attributes of the current start tag, five integers each: name start/end, value start/end, verbatim flag.
    let attributeSlots: UnsafeMutableBufferPointer<Int32>
    let maxDepth: Int
    let maxAttributes: Int
    /// Number of open elements.
    public private(set) var depth = 0
    /// Attributes of the most recent start tag.
    public private(set) var attributeCount = 0
    var pendingEmptyEnd = false
    /// True once the whole document is known to hold only `Char`s (no C0 control but tab, LF, CR; no U+FFFE or
    /// U+FFFF), so scanning loops need not check each byte; when false every byte is checked where it is read, so
    /// errors are reported at the same place either way.
    var charactersClean = false
    var started = false
    var sawRoot = false
    var finished = false

    /// Integers of scratch space a tokenizer with these limits needs.
    static func scratchCount(_ limits: XMLLimits) -> (depth: Int, attributes: Int) {
        (max(1, min(limits.maxDepth, 1 << 16)), max(1, min(limits.maxAttributes, 1 << 16)))
    }

    /// Runs `body` with a tokenizer over `bytes`; scratch space lives only for the call.
    public static func withTokenizer<R, E: Error>(
        _ bytes: UnsafeRawBufferPointer, options: XMLOptions = XMLOptions(), baseOffset: Int = 0,
        _ body: (inout XMLTokenizer) throws(E) -> R
    ) throws(E) -> R {
        let (depth, attributes) = scratchCount(options.limits)
        let total = depth &* 2 &+ attributes &* 5
        let result: Result<R, E> = withUnsafeTemporaryAllocation(of: Int32.self, capacity: total) { scratch in
            var tokenizer = XMLTokenizer(
                bytes: bytes, options: options, baseOffset: baseOffset,
                stack: UnsafeMutableBufferPointer(rebasing: scratch[0..<(depth &* 2)]),
                attributeSlots: UnsafeMutableBufferPointer(rebasing: scratch[(depth &* 2)...]),
                maxDepth: depth, maxAttributes: attributes)
            do throws(E) {
                return .success(try body(&tokenizer))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    init(bytes: UnsafeRawBufferPointer, options: XMLOptions, baseOffset: Int,
         stack: UnsafeMutableBufferPointer<Int32>, attributeSlots: UnsafeMutableBufferPointer<Int32>,
         maxDepth: Int, maxAttributes: Int) {
        self.bytes = bytes
        self.options = options
        self.baseOffset = baseOffset
        self.stack = stack
        self.attributeSlots = attributeSlots
        self.maxDepth = min(options.limits.maxDepth, maxDepth)
        self.maxAttributes = min(options.limits.maxAttributes, maxAttributes)
    }

    /// The `index`-th attribute of the most recent start tag (`0..<attributeCount`).
    public func attribute(_ index: Int) -> XMLAttribute {
        let base = index &* 5
        return XMLAttribute(
            name: Int(attributeSlots[base])..<Int(attributeSlots[base &+ 1]),
            value: XMLSpan(range: Int(attributeSlots[base &+ 2])..<Int(attributeSlots[base &+ 3]),
                           isVerbatim: attributeSlots[base &+ 4] != 0))
    }

    /// Offset in the input of the next byte to read (just past the last token).
    public var offset: Int { position }
    /// Offset in the input where the last token began (for an implied end tag: just past its `/>`).
    public private(set) var tokenStart = 0

    @inline(__always) func fail(_ kind: XMLError.Kind, at index: Int) -> XMLError {
        XMLError(kind, offset: baseOffset &+ index)
    }

    /// The next token; `.endOfDocument` once the whole input has been read and found well-formed.
    public mutating func next() throws(XMLError) -> XMLToken {
        if pendingEmptyEnd {
            pendingEmptyEnd = false
            tokenStart = position
            depth &-= 1
            return .endTag(name: Int(stack[depth &* 2])..<Int(stack[depth &* 2 &+ 1]))
        }
        if !started {
            started = true
            if try start() { return .declaration }
        }
        let end = bytes.count
        while true {
            guard position < end else {
                if depth > 0 { throw fail(.unexpectedEnd, at: end) }
                if !options.fragment, !sawRoot { throw fail(.noRootElement, at: end) }
                finished = true
                return .endOfDocument
            }
            tokenStart = position
            if bytes[position] == UInt8(ascii: "<") {
                guard position &+ 1 < end else { throw fail(.unexpectedEnd, at: end) }
                switch bytes[position &+ 1] {
                case UInt8(ascii: "/"): return try endTag()
                case UInt8(ascii: "?"): return try processingInstruction()
                case UInt8(ascii: "!"): return try markupDeclaration()
                default: return try startTag()
                }
            }
            if depth == 0, !options.fragment {
                let byte = bytes[position]
                guard XMLCharacters.isSpace(byte) else { throw fail(.textOutsideRoot, at: position) }
                position &+= 1
                continue
            }
            return try text()
        }
    }

    /// Size limit, UTF-8, byte order mark and the XML declaration. Returns true when a declaration was read.
    mutating func start() throws(XMLError) -> Bool {
        // Positions are kept as 32-bit integers in the scratch space, so no document may exceed 2 GiB.
        let limit = min(options.limits.maxDocumentSize, Int(Int32.max))
        guard bytes.count <= limit else {
            throw XMLError(.documentTooLarge(size: bytes.count, limit: limit), offset: baseOffset)
        }
        let scan = XMLCharacters.scan(bytes)
        if !scan.isASCII {
            do throws(UTF8ValidationError) {
                try UTF8Validation.validate(bytes)
            } catch {
                throw fail(.invalidUTF8, at: error.offset ?? 0)
            }
        }
        charactersClean = scan.allCharacters
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        guard !options.fragment else { return false }
        guard position &+ 5 < bytes.count, XMLReference.equals(bytes, position, "<?xml"),
              XMLCharacters.isSpace(bytes[position &+ 5]) else { return false }
        // The declarations eisy and most writers emit, checked byte for byte; anything else takes the full path.
        if XMLReference.equalsByWords(bytes, position, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>") {
            position &+= 38
            return true
        }
        if XMLReference.equalsByWords(bytes, position, "<?xml version=\"1.0\"?>") {
            position &+= 21
            return true
        }
        try declaration()
        return true
    }

    @inline(__always) mutating func skipSpace() -> Bool {
        let begin = position
        var index = begin
        let end = bytes.count
        while index < end, XMLCharacters.isSpace(bytes[index]) { index &+= 1 }
        position = index
        return index != begin
    }

    @inline(__always) mutating func expect(_ byte: UInt8, _ kind: XMLError.Kind) throws(XMLError) {
        guard position < bytes.count else { throw fail(.unexpectedEnd, at: bytes.count) }
        guard bytes[position] == byte else { throw fail(kind, at: position) }
        position &+= 1
    }

    /// `XMLDecl ::= '<?xml' VersionInfo EncodingDecl? SDDecl? S? '?>'` (§2.8).
    mutating func declaration() throws(XMLError) {
        let declStart = position
        position &+= 5
        var names = 0
        while true {
            let spaced = skipSpace()
            guard position < bytes.count else { throw fail(.unexpectedEnd, at: bytes.count) }
            if bytes[position] == UInt8(ascii: "?") {
                try expect(UInt8(ascii: "?"), .malformedDeclaration)
                try expect(UInt8(ascii: ">"), .malformedDeclaration)
                guard names >= 1 else { throw fail(.malformedDeclaration, at: declStart) }
                return
            }
            guard spaced else { throw fail(.malformedDeclaration, at: position) }
            let nameStart = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "a"), bytes[position] <= UInt8(ascii: "z") {
                position &+= 1
            }
            let name = nameStart..<position
            _ = skipSpace()
            try expect(UInt8(ascii: "="), .malformedDeclaration)
            _ = skipSpace()
            guard position < bytes.count else { throw fail(.unexpectedEnd, at: bytes.count) }
            let quote = bytes[position]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw fail(.malformedDeclaration, at: position)
            }
            position &+= 1
            let valueStart = position
            while position < bytes.count, bytes[position] != quote {
                guard bytes[position] != UInt8(ascii: "<") else { throw fail(.malformedDeclaration, at: position) }
                position &+= 1
            }
            guard position < bytes.count else { throw fail(.unexpectedEnd, at: bytes.count) }
            let value = valueStart..<position
            position &+= 1
            let isVersion = name.count == 7 && XMLReference.equals(bytes, name.lowerBound, "version")
            let isEncoding = name.count == 8 && XMLReference.equals(bytes, name.lowerBound, "encoding")
            let isStandalone = name.count == 10 && XMLReference.equals(bytes, name.lowerBound, "standalone")
            switch names {
            case 0 where isVersion:
                guard value.count >= 3, bytes[value.lowerBound] == UInt8(ascii: "1"),
                      bytes[value.lowerBound &+ 1] == UInt8(ascii: ".") else {
                    throw fail(.malformedDeclaration, at: value.lowerBound)
                }
                for index in (value.lowerBound &+ 2)..<value.upperBound
                where !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                    throw fail(.malformedDeclaration, at: index)
                }
                names = 1
            case 1 where isEncoding:
                try checkEncoding(value)
                names = 2
            case 1 where isStandalone, 2 where isStandalone:
                let yes = value.count == 3 && XMLReference.equals(bytes, value.lowerBound, "yes")
                let no = value.count == 2 && XMLReference.equals(bytes, value.lowerBound, "no")
                guard yes || no else { throw fail(.malformedDeclaration, at: value.lowerBound) }
                names = 3
            default:
                throw fail(.malformedDeclaration, at: name.lowerBound)
            }
        }
    }

    /// `EncName ::= [A-Za-z] ([A-Za-z0-9._] | '-')*`; only UTF-8 is supported.
    func checkEncoding(_ value: Range<Int>) throws(XMLError) {
        guard let first = value.first, isASCIILetter(bytes[first]) else {
            throw fail(.malformedDeclaration, at: value.lowerBound)
        }
        for index in value {
            let byte = bytes[index]
            guard isASCIILetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") else {
                throw fail(.malformedDeclaration, at: index)
            }
        }
        guard XMLReference.equalsFoldingCase(bytes, value, "utf-8") else {
            throw fail(.unsupportedEncoding, at: value.lowerBound)
        }
    }

    @inline(__always) func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// Reads a `Name` at `position`; returns its range.
    mutating func name(_ kind: XMLError.Kind = .invalidName) throws(XMLError) -> Range<Int> {
        let begin = position
        let end = bytes.count
        var first = true
        if begin < end, XMLCharacters.isASCIINameStart(bytes[begin]) {
            // ASCII run first, kept in a register; the general loop below finishes a non-ASCII name.
            var index = begin &+ 1
            while index < end {
                let byte = bytes[index]
                guard byte < 0x80, XMLCharacters.isASCIINameCharByMask(byte) else { break }
                index &+= 1
            }
            position = index
            first = false
        }
        while position < end {
            let byte = bytes[position]
            if byte < 0x80 {
                guard first ? XMLCharacters.isASCIINameStart(byte) : XMLCharacters.isASCIINameCharByMask(byte) else {
                    break
                }
                position &+= 1
            } else {
                let (scalar, length) = XMLCharacters.scalar(bytes, at: position)
                guard first ? XMLCharacters.isNameStart(scalar) : XMLCharacters.isNameChar(scalar) else { break }
                position &+= length
            }
            first = false
        }
        if first {
            if position >= end { throw fail(.unexpectedEnd, at: end) }
            throw fail(kind, at: begin)
        }
        let length = position &- begin
        guard length <= options.limits.maxNameLength else {
            throw fail(.nameTooLong(length: length, limit: options.limits.maxNameLength), at: begin)
        }
        return begin..<position
    }

    /// `STag | EmptyElemTag` (§3.1).
    mutating func startTag() throws(XMLError) -> XMLToken {
        let tagStart = position
        if depth == 0, !options.fragment, sawRoot { throw fail(.multipleRootElements, at: tagStart) }
        position &+= 1
        let elementName = try name()
        attributeCount = 0
        let end = bytes.count
        var isEmpty = false
        while true {
            let spaced = skipSpace()
            guard position < end else { throw fail(.unexpectedEnd, at: end) }
            let byte = bytes[position]
            if byte == UInt8(ascii: ">") {
                position &+= 1
                break
            }
            if byte == UInt8(ascii: "/") {
                position &+= 1
                try expect(UInt8(ascii: ">"), .malformedTag)
                isEmpty = true
                break
            }
            guard spaced else { throw fail(.malformedTag, at: position) }
            let attributeName = try name(.malformedTag)
            _ = skipSpace()
            try expect(UInt8(ascii: "="), .malformedAttribute)
            _ = skipSpace()
            guard position < end else { throw fail(.unexpectedEnd, at: end) }
            let quote = bytes[position]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw fail(.malformedAttribute, at: position)
            }
            position &+= 1
            let value = try attributeValue(quote: quote)
            guard attributeCount < maxAttributes else {
                throw fail(.tooManyAttributes(limit: options.limits.maxAttributes), at: attributeName.lowerBound)
            }
            for index in 0..<attributeCount {
                let other = Int(attributeSlots[index &* 5])..<Int(attributeSlots[index &* 5 &+ 1])
                if sameBytes(other, attributeName) { throw fail(.duplicateAttribute, at: attributeName.lowerBound) }
            }
            let base = attributeCount &* 5
            attributeSlots[base] = Int32(truncatingIfNeeded: attributeName.lowerBound)
            attributeSlots[base &+ 1] = Int32(truncatingIfNeeded: attributeName.upperBound)
            attributeSlots[base &+ 2] = Int32(truncatingIfNeeded: value.range.lowerBound)
            attributeSlots[base &+ 3] = Int32(truncatingIfNeeded: value.range.upperBound)
            attributeSlots[base &+ 4] = value.isVerbatim ? 1 : 0
            attributeCount &+= 1
        }
        guard depth < maxDepth else { throw fail(.depthExceeded(limit: options.limits.maxDepth), at: tagStart) }
        if depth == 0 { sawRoot = true }
        stack[depth &* 2] = Int32(truncatingIfNeeded: elementName.lowerBound)
        stack[depth &* 2 &+ 1] = Int32(truncatingIfNeeded: elementName.upperBound)
        depth &+= 1
        pendingEmptyEnd = isEmpty
        return .startTag(name: elementName, isEmpty: isEmpty)
    }

    @inline(__always) func sameBytes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        var i = a.lowerBound
        var j = b.lowerBound
        while i < a.upperBound {
            if bytes[i] != bytes[j] { return false }
            i &+= 1
            j &+= 1
        }
        return true
    }

    /// `AttValue` after its opening quote; leaves `position` past the closing quote.
    mutating func attributeValue(quote: UInt8) throws(XMLError) -> XMLSpan {
        let begin = position
        let end = bytes.count
        var verbatim = true
        let clean = charactersClean
        while true {
            if clean {
                var index = position
                while index < end {
                    let byte = bytes[index]
                    guard byte >= 0x40 || XMLCharacters.attributeStopMask >> byte & 1 == 0 else { break }
                    index &+= 1
                }
                position = index
            }
            guard position < end else { throw fail(.unexpectedEnd, at: end) }
            let byte = bytes[position]
            if byte == quote { break }
            switch byte {
            case UInt8(ascii: "<"):
                throw fail(.malformedAttribute, at: position)
            case UInt8(ascii: "&"):
                verbatim = false
                position = try reference(at: position)
            case 0x09, 0x0A, 0x0D:
                verbatim = false
                position &+= 1
            default:
                try checkCharacter(byte)
            }
        }
        let length = position &- begin
        guard length <= options.limits.maxValueLength else {
            throw fail(.valueTooLong(length: length, limit: options.limits.maxValueLength), at: begin)
        }
        position &+= 1
        return XMLSpan(range: begin..<(position &- 1), isVerbatim: verbatim)
    }

    /// Checks the byte at `position` against `Char` and steps past it (C0 controls and U+FFFE/U+FFFF refused).
    @inline(__always) mutating func checkCharacter(_ byte: UInt8) throws(XMLError) {
        if charactersClean {
            position &+= 1
            return
        }
        if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { throw fail(.invalidCharacter, at: position) }
        if byte == 0xEF, position &+ 2 < bytes.count, bytes[position &+ 1] == 0xBF,
           bytes[position &+ 2] == 0xBE || bytes[position &+ 2] == 0xBF {
            throw fail(.invalidCharacter, at: position)
        }
        position &+= 1
    }

    /// Validates the reference at `index` (an `&`) and returns the index just past it.
    mutating func reference(at index: Int) throws(XMLError) -> Int {
        switch XMLReference.match(bytes, at: index, end: bytes.count) {
        case let .character(_, end), let .predefined(_, end):
            return end
        case .invalidCharacter:
            throw fail(.invalidCharacterReference, at: index)
        case .undefinedEntity:
            if options.tolerantAmpersands { return index &+ 1 }
            throw fail(.undefinedEntity, at: index)
        case .none:
            if options.tolerantAmpersands { return index &+ 1 }
            throw fail(.strayAmpersand, at: index)
        }
    }

    /// Character data up to the next `<` or the end (§2.4).
    mutating func text() throws(XMLError) -> XMLToken {
        let begin = position
        let end = bytes.count
        var verbatim = true
        let clean = charactersClean
        while position < end {
            if clean {
                var index = position
                while index < end {
                    let byte = bytes[index]
                    guard byte >= 0x40 ? byte != UInt8(ascii: "]") : XMLCharacters.textStopMask >> byte & 1 == 0 else {
                        break
                    }
                    index &+= 1
                }
                position = index
                guard index < end else { break }
            }
            let byte = bytes[position]
            if !clean, byte >= 0x40, byte != UInt8(ascii: "]"), byte != 0xEF {
                position &+= 1
                continue
            }
            switch byte {
            case UInt8(ascii: "<"):
                return try finishText(begin, verbatim)
            case UInt8(ascii: "&"):
                verbatim = false
                position = try reference(at: position)
            case 0x0D:
                verbatim = false
                position &+= 1
            case UInt8(ascii: "]"):
                if position &+ 2 < end, bytes[position &+ 1] == UInt8(ascii: "]"), bytes[position &+ 2] == UInt8(ascii: ">") {
                    throw fail(.cdataEndInText, at: position)
                }
                position &+= 1
            default:
                try checkCharacter(byte)
            }
        }
        return try finishText(begin, verbatim)
    }

    func finishText(_ begin: Int, _ verbatim: Bool) throws(XMLError) -> XMLToken {
        let length = position &- begin
        guard length <= options.limits.maxValueLength else {
            throw fail(.valueTooLong(length: length, limit: options.limits.maxValueLength), at: begin)
        }
        return .text(XMLSpan(range: begin..<position, isVerbatim: verbatim))
    }

    /// `ETag ::= '</' Name S? '>'` (§3.1).
    mutating func endTag() throws(XMLError) -> XMLToken {
        let tagStart = position
        position &+= 2
        if depth > 0 {
            // Fast path: the open element's name followed directly by `>`, which is exactly what the full rule
            // below accepts for these bytes.
            let open = Int(stack[(depth &- 1) &* 2])..<Int(stack[(depth &- 1) &* 2 &+ 1])
            let close = position &+ open.count
            if close < bytes.count, bytes[close] == UInt8(ascii: ">"), sameBytes(open, position..<close) {
                position = close &+ 1
                depth &-= 1
                return .endTag(name: (close &- open.count)..<close)
            }
        }
        let elementName = try name()
        _ = skipSpace()
        try expect(UInt8(ascii: ">"), .malformedTag)
        guard depth > 0 else { throw fail(.mismatchedEndTag, at: tagStart) }
        let open = Int(stack[(depth &- 1) &* 2])..<Int(stack[(depth &- 1) &* 2 &+ 1])
        guard sameBytes(open, elementName) else { throw fail(.mismatchedEndTag, at: tagStart) }
        depth &-= 1
        return .endTag(name: elementName)
    }

    /// `PI ::= '<?' PITarget (S (Char* - (Char* '?>' Char*)))? '?>'` (§2.6); the target `xml` is reserved.
    mutating func processingInstruction() throws(XMLError) -> XMLToken {
        let piStart = position
        position &+= 2
        let target = try name(.malformedProcessingInstruction)
        if XMLReference.equalsFoldingCase(bytes, target, "xml") {
            // `<?xml` anywhere but the very start is a misplaced declaration; other cases are reserved (§2.6).
            let exact = XMLReference.equals(bytes, target.lowerBound, "xml")
            throw fail(exact ? .malformedDeclaration : .malformedProcessingInstruction, at: piStart)
        }
        let end = bytes.count
        if position &+ 1 < end, bytes[position] == UInt8(ascii: "?"), bytes[position &+ 1] == UInt8(ascii: ">") {
            position &+= 2
            return .processingInstruction(target: target, data: (position &- 2)..<(position &- 2))
        }
        guard skipSpace() else {
            if position >= end { throw fail(.unexpectedEnd, at: end) }
            throw fail(.malformedProcessingInstruction, at: position)
        }
        let dataStart = position
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "?"), position &+ 1 < end, bytes[position &+ 1] == UInt8(ascii: ">") {
                let data = dataStart..<position
                position &+= 2
                return .processingInstruction(target: target, data: data)
            }
            try checkCharacter(byte)
        }
        throw fail(.unexpectedEnd, at: end)
    }

    /// `<!--` comments, `<![CDATA[` sections, and the refused `<!DOCTYPE`/`<!ENTITY`/… declarations.
    mutating func markupDeclaration() throws(XMLError) -> XMLToken {
        let markupStart = position
        let end = bytes.count
        if position &+ 2 < end, bytes[position &+ 2] == UInt8(ascii: "-") {
            guard position &+ 3 < end else { throw fail(.unexpectedEnd, at: end) }
            guard bytes[position &+ 3] == UInt8(ascii: "-") else { throw fail(.malformedComment, at: markupStart) }
            position &+= 4
            let contentStart = position
            while position < end {
                let byte = bytes[position]
                if byte == UInt8(ascii: "-"), position &+ 1 < end, bytes[position &+ 1] == UInt8(ascii: "-") {
                    guard position &+ 2 < end else { throw fail(.unexpectedEnd, at: end) }
                    guard bytes[position &+ 2] == UInt8(ascii: ">") else { throw fail(.malformedComment, at: position) }
                    let content = contentStart..<position
                    position &+= 3
                    return .comment(content)
                }
                try checkCharacter(byte)
            }
            throw fail(.unexpectedEnd, at: end)
        }
        if position &+ 2 < end, bytes[position &+ 2] == UInt8(ascii: "[") {
            guard position &+ 9 <= end else { throw fail(.unexpectedEnd, at: end) }
            guard XMLReference.equals(bytes, position, "<![CDATA[") else { throw fail(.malformedCDATA, at: markupStart) }
            guard depth > 0 || options.fragment else { throw fail(.malformedCDATA, at: markupStart) }
            position &+= 9
            let contentStart = position
            while position < end {
                let byte = bytes[position]
                if byte == UInt8(ascii: "]"), position &+ 2 < end, bytes[position &+ 1] == UInt8(ascii: "]"),
                   bytes[position &+ 2] == UInt8(ascii: ">") {
                    let content = contentStart..<position
                    let length = content.count
                    guard length <= options.limits.maxValueLength else {
                        throw fail(.valueTooLong(length: length, limit: options.limits.maxValueLength), at: contentStart)
                    }
                    position &+= 3
                    return .cdata(content)
                }
                try checkCharacter(byte)
            }
            throw fail(.unexpectedEnd, at: end)
        }
        guard position &+ 2 < end else { throw fail(.unexpectedEnd, at: end) }
        throw fail(.dtdNotAllowed, at: markupStart)
    }
}
