/// Finds where each XML document ends in a stream of concatenated documents (as a raw `/rest/subscribe`
/// recording is: one `<?xml …?><Event>…</Event>` after another), one byte at a time, so the answer never
/// depends on how the stream was chunked and no byte is scanned twice. It only tracks markup nesting (tags,
/// quotes, comments, CDATA, processing instructions); the tokenizer then checks each document in full.
struct XMLDocumentBoundary: Sendable {
    enum State: Sendable {
        /// Between documents: whitespace is skipped.
        case between
        /// Character data inside a document.
        case content
        /// Just after `<`.
        case open
        /// Inside a start tag; `slash` records a `/` just before `>`.
        case startTag(quote: UInt8, slash: Bool)
        /// Inside an end tag.
        case endTag
        /// After `<!`, deciding between comment, CDATA and declaration; `seen` counts matched bytes.
        case bang(seen: Int)
        /// Inside a comment; `dashes` counts trailing `-`.
        case comment(dashes: Int)
        /// Inside CDATA; `brackets` counts trailing `]`.
        case cdata(brackets: Int)
        /// Inside a processing instruction; `question` is true after `?`.
        case processingInstruction(question: Bool)
        /// Inside `<!DOCTYPE …>` or another declaration (refused later by the tokenizer).
        case declaration
    }

    var state = State.between
    var depth = 0
    var sawRoot = false

    /// Whether a document has started and not yet ended.
    var inDocument: Bool {
        if case .between = state { return false }
        return true
    }

    /// What one byte does.
    enum Step {
        /// Keep going.
        case more
        /// The byte starts a document.
        case begins
        /// The byte ends the current document (it belongs to it).
        case ends
        /// The byte is a document on its own (stray character data between documents).
        case lone
    }

    /// Feeds one byte.
    mutating func step(_ byte: UInt8) -> Step {
        switch state {
        case .between:
            if XMLCharacters.isSpace(byte) { return .more }
            depth = 0
            sawRoot = false
            if byte == UInt8(ascii: "<") {
                state = .open
                return .begins
            }
            // Stray text: a one-byte "document" the tokenizer will reject.
            return .lone
        case .content:
            if byte == UInt8(ascii: "<") { state = .open }
            else if depth == 0, !XMLCharacters.isSpace(byte) { return endDocument() }
            return .more
        case .open:
            switch byte {
            case UInt8(ascii: "/"): state = .endTag
            case UInt8(ascii: "?"): state = .processingInstruction(question: false)
            case UInt8(ascii: "!"): state = .bang(seen: 0)
            default: state = .startTag(quote: 0, slash: false)
            }
            return .more
        case let .startTag(quote, slash):
            if quote != 0 {
                if byte == quote { state = .startTag(quote: 0, slash: false) }
                return .more
            }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                state = .startTag(quote: byte, slash: false)
            case UInt8(ascii: ">"):
                if !slash { depth &+= 1 }
                sawRoot = true
                return afterMarkup()
            default:
                state = .startTag(quote: 0, slash: byte == UInt8(ascii: "/"))
            }
            return .more
        case .endTag:
            if byte == UInt8(ascii: ">") {
                depth &-= 1
                if depth <= 0 { return endDocument() }
                state = .content
            }
            return .more
        case let .bang(seen):
            // "--" → comment; "[CDATA[" → CDATA; anything else → declaration.
            let cdata: [UInt8] = Array("[CDATA[".utf8)
            if seen == 0, byte == UInt8(ascii: "-") { state = .bang(seen: -1); return .more }
            if seen == -1 { state = byte == UInt8(ascii: "-") ? .comment(dashes: 0) : .declaration; return .more }
            if seen >= 0, seen < cdata.count, byte == cdata[seen] {
                state = seen + 1 == cdata.count ? .cdata(brackets: 0) : .bang(seen: seen + 1)
                return .more
            }
            state = .declaration
            return byte == UInt8(ascii: ">") ? afterMarkup() : .more
        case let .comment(dashes):
            if byte == UInt8(ascii: ">"), dashes >= 2 { return afterMarkup() }
            state = .comment(dashes: byte == UInt8(ascii: "-") ? dashes &+ 1 : 0)
            return .more
        case let .cdata(brackets):
            if byte == UInt8(ascii: ">"), brackets >= 2 { return afterMarkup() }
            state = .cdata(brackets: byte == UInt8(ascii: "]") ? brackets &+ 1 : 0)
            return .more
        case let .processingInstruction(question):
            if byte == UInt8(ascii: ">"), question { return afterMarkup() }
            state = .processingInstruction(question: byte == UInt8(ascii: "?"))
            return .more
        case .declaration:
            if byte == UInt8(ascii: ">") { return afterMarkup() }
            return .more
        }
    }

    mutating func afterMarkup() -> Step {
        if depth <= 0, sawRoot { return endDocument() }
        state = .content
        return .more
    }

    mutating func endDocument() -> Step {
        state = .between
        depth = 0
        sawRoot = false
        return .ends
    }
}
