/// Turns raw character data or attribute values (ranges a tokenizer has validated) into their values: references
/// replaced, line ends normalised (§2.11), CDATA unwrapped, comments and processing instructions dropped, and in
/// attribute values tab/CR/LF replaced by spaces (§3.3.3). The value is never longer than the raw bytes.
public enum XMLText {
    /// How a raw range is read.
    public enum Kind: Sendable {
        /// Element content: text, references, CDATA, comments, processing instructions (no child elements).
        case content
        /// An attribute value between its quotes.
        case attribute
    }

    /// The value of `span` as a String: a plain copy when the span is verbatim, decoded otherwise.
    @inlinable public static func string(_ bytes: UnsafeRawBufferPointer, _ span: XMLSpan, kind: Kind) -> String {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[clamped(span.range, bytes.count)])
        if span.isVerbatim {
            // Copied into the String's own storage, which validates it (repairing as `String(decoding:)` would);
            // for up to 15 ASCII bytes that is one check of the copied bytes.
            return String(unsafeUninitializedCapacity: raw.count) { output in
                guard let source = raw.baseAddress, let target = output.baseAddress else { return 0 }
                UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: raw.count)
                return raw.count
            }
        }
        return String(unsafeUninitializedCapacity: raw.count) { output in
            decode(raw, kind: kind, into: output)
        }
    }

    /// Calls `body` with the decoded bytes of `span`: the input itself when verbatim, else a temporary buffer.
    @inlinable public static func withDecoded<R>(
        _ bytes: UnsafeRawBufferPointer, _ span: XMLSpan, kind: Kind, _ body: (UnsafeRawBufferPointer) -> R
    ) -> R {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[clamped(span.range, bytes.count)])
        if span.isVerbatim { return body(raw) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, raw.count)) { output in
            let count = decode(raw, kind: kind, into: output)
            return body(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(output)[0..<count]))
        }
    }

    @usableFromInline static func clamped(_ range: Range<Int>, _ count: Int) -> Range<Int> {
        let lower = max(0, min(range.lowerBound, count))
        return lower..<max(lower, min(range.upperBound, count))
    }

    /// Decodes `raw` into `output` (capacity at least `raw.count`); returns the number of bytes written.
    @discardableResult
    public static func decode(_ raw: UnsafeRawBufferPointer, kind: Kind, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let end = raw.count
        var index = 0
        var written = 0
        @inline(__always) func put(_ byte: UInt8) {
            if written < output.count { output[written] = byte }
            written &+= 1
        }
        func skip(past terminator: StaticString, from start: Int) -> Int {
            var position = start
            let length = terminator.utf8CodeUnitCount
            while position &+ length <= end {
                if XMLReference.equals(raw, position, terminator) { return position &+ length }
                position &+= 1
            }
            return end
        }
        while index < end {
            let byte = raw[index]
            switch byte {
            case UInt8(ascii: "&"):
                switch XMLReference.match(raw, at: index, end: end) {
                case let .character(scalar, next):
                    written = XMLCharacters.encode(scalar, into: output, at: written)
                    index = next
                case let .predefined(replacement, next):
                    put(replacement)
                    index = next
                default:
                    put(byte)
                    index &+= 1
                }
            case 0x0D:
                put(kind == .attribute ? 0x20 : 0x0A)
                index &+= 1
                if index < end, raw[index] == 0x0A { index &+= 1 }
            case 0x09 where kind == .attribute, 0x0A where kind == .attribute:
                put(0x20)
                index &+= 1
            case UInt8(ascii: "<") where kind == .content:
                if XMLReference.equals(raw, index, "<![CDATA[") {
                    var position = index &+ 9
                    while position < end, !XMLReference.equals(raw, position, "]]>") {
                        let cdataByte = raw[position]
                        position &+= 1
                        if cdataByte == 0x0D {
                            put(0x0A)
                            if position < end, raw[position] == 0x0A { position &+= 1 }
                        } else {
                            put(cdataByte)
                        }
                    }
                    index = min(end, position &+ 3)
                } else if XMLReference.equals(raw, index, "<!--") {
                    index = skip(past: "-->", from: index &+ 4)
                } else if XMLReference.equals(raw, index, "<?") {
                    index = skip(past: "?>", from: index &+ 2)
                } else {
                    put(byte)
                    index &+= 1
                }
            default:
                put(byte)
                index &+= 1
            }
        }
        return min(written, output.count)
    }
}
