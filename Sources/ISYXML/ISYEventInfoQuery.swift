/// Looks up elements inside an `<eventInfo>` payload the way ElementTree's `find`/`findtext` do on pyisyox's
/// re-parsed `<eventInfo>`: the first element at each step of a path, its text before its first child, and
/// its attributes. The payload was validated with its document, so lookups cannot fail on well-formedness.
struct ISYEventInfoQuery {
    /// A found element: its text span and the requested attributes, relative to the payload bytes.
    struct Match {
        var text: XMLSpan
        var attributes: [XMLSpan?]
    }

    let payload: UnsafeRawBufferPointer
    let tolerant: Bool

    /// The first element along `path` (top-level names first), with the values of `attributes`.
    func find(_ path: [StaticString], attributes: [StaticString] = []) -> Match? {
        let options = XMLOptions(tolerantAmpersands: tolerant, fragment: true)
        let result: Match?? = try? XMLTokenizer.withTokenizer(payload, options: options) {
            (tokenizer: inout XMLTokenizer) throws(XMLError) -> Match? in
            var matched = 0
            var found: Match?
            var textStart = 0
            var segments = 0
            var verbatim = true
            while true {
                let token = try tokenizer.next()
                switch token {
                case .endOfDocument:
                    return nil
                case let .startTag(name, _):
                    let depth = tokenizer.depth
                    if found != nil {
                        // First child of the found element: its text ends here.
                        return finish(found, textStart, tokenizer.tokenStart, segments, verbatim)
                    }
                    guard depth == matched &+ 1 else { continue }
                    let wanted = path[matched]
                    guard name.count == wanted.utf8CodeUnitCount,
                          XMLReference.equals(payload, name.lowerBound, wanted) else { continue }
                    matched &+= 1
                    if matched == path.count {
                        var values: [XMLSpan?] = []
                        for attributeName in attributes {
                            var value: XMLSpan?
                            for index in 0..<tokenizer.attributeCount {
                                let attribute = tokenizer.attribute(index)
                                if attribute.name.count == attributeName.utf8CodeUnitCount,
                                   XMLReference.equals(payload, attribute.name.lowerBound, attributeName) {
                                    value = attribute.value
                                }
                            }
                            values.append(value)
                        }
                        found = Match(text: XMLSpan(range: 0..<0, isVerbatim: true), attributes: values)
                        textStart = tokenizer.offset
                    }
                case .endTag:
                    if found != nil {
                        return finish(found, textStart, tokenizer.tokenStart, segments, verbatim)
                    }
                    // A matched ancestor closed without the rest of the path: ElementTree stops at the first.
                    if tokenizer.depth < matched { return nil }
                case let .text(span):
                    if found != nil {
                        segments &+= 1
                        verbatim = verbatim && span.isVerbatim
                    }
                case .cdata, .comment, .processingInstruction:
                    if found != nil {
                        segments &+= 1
                        verbatim = false
                    }
                case .declaration:
                    continue
                }
            }
        }
        return result ?? nil
    }

    private func finish(_ found: Match?, _ start: Int, _ end: Int, _ segments: Int, _ verbatim: Bool) -> Match? {
        guard var match = found else { return nil }
        match.text = XMLSpan(range: start..<max(start, end), isVerbatim: segments == 0 || (segments == 1 && verbatim))
        return match
    }

    /// The text of the first element along `path`; nil when there is none.
    func text(_ path: [StaticString]) -> String? {
        guard let match = find(path) else { return nil }
        return XMLText.string(payload, match.text, kind: .content)
    }

    /// The decoded value of a span from a match.
    func string(_ span: XMLSpan?, kind: XMLText.Kind) -> String? {
        guard let span else { return nil }
        return XMLText.string(payload, span, kind: kind)
    }

    /// The character data at the top level of the payload (text and CDATA, decoded), children's text excluded.
    func topLevelText() -> String {
        let options = XMLOptions(tolerantAmpersands: tolerant, fragment: true)
        var pieces: [UInt8] = []
        _ = try? XMLTokenizer.withTokenizer(payload, options: options) { (tokenizer: inout XMLTokenizer) throws(XMLError) in
            while true {
                let token = try tokenizer.next()
                switch token {
                case .endOfDocument: return
                case let .text(span) where tokenizer.depth == 0:
                    XMLText.withDecoded(payload, span, kind: .content) { pieces.append(contentsOf: $0) }
                case let .cdata(range) where tokenizer.depth == 0:
                    let raw = XMLSpan(range: (range.lowerBound &- 9)..<(range.upperBound &+ 3), isVerbatim: false)
                    XMLText.withDecoded(payload, raw, kind: .content) { pieces.append(contentsOf: $0) }
                default: continue
                }
            }
        }
        return String(decoding: pieces, as: UTF8.self)
    }
}
