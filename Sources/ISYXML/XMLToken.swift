import Codecs

/// A run of character data or an attribute value, as a range of the tokenizer's input bytes.
public struct XMLSpan: Sendable, Hashable {
    /// The raw bytes between the delimiters, references and CDATA markers included.
    public var range: Range<Int>
    /// True when the raw bytes are already the decoded value (no reference, CR, CDATA, comment or, in an
    /// attribute, no tab or line feed to normalise), so a caller can use them without copying.
    public var isVerbatim: Bool

    public init(range: Range<Int>, isVerbatim: Bool) {
        self.range = range
        self.isVerbatim = isVerbatim
    }
}

/// One attribute of the current start tag: its name and its (raw) value, both ranges of the input.
public struct XMLAttribute: Sendable, Hashable {
    public var name: Range<Int>
    public var value: XMLSpan
}

/// What `XMLTokenizer.next()` returns. Ranges index the tokenizer's input bytes; nothing is copied.
public enum XMLToken: Sendable, Hashable {
    /// The XML declaration (`<?xml version="1.0" …?>`), already checked.
    case declaration
    /// A start tag; its attributes are readable through the tokenizer until the next call to `next()`.
    /// An empty-element tag (`<a/>`) is reported as a start tag with `isEmpty` and then an `endTag`.
    case startTag(name: Range<Int>, isEmpty: Bool)
    /// An end tag (or the implied end of an empty-element tag).
    case endTag(name: Range<Int>)
    /// Character data inside an element (or anywhere in fragment mode); whitespace outside the root is skipped.
    case text(XMLSpan)
    /// The content of a CDATA section, between `<![CDATA[` and `]]>`.
    case cdata(Range<Int>)
    /// The content of a comment, between `<!--` and `-->`.
    case comment(Range<Int>)
    /// A processing instruction's target and data.
    case processingInstruction(target: Range<Int>, data: Range<Int>)
    /// The document is complete and well-formed.
    case endOfDocument
}

/// How the tokenizer reads a document.
public struct XMLOptions: Sendable, Equatable {
    /// Bounds on size, depth, attributes, names and values.
    public var limits: XMLLimits
    /// Takes a `&` that starts no reference (nor a character reference shape) literally, in text and attribute
    /// values, as eisy controllers need (`NUM.107=24&VAL.111=1` in `_7` logs); character references to invalid
    /// code points stay errors. The rule matches pyisyox's repair regex.
    public var tolerantAmpersands: Bool
    /// Reads a content fragment (any mix of elements and text, no prolog rules, no declaration) instead of a
    /// document; used for the inner XML of `<eventInfo>`.
    public var fragment: Bool

    public init(limits: XMLLimits = XMLLimits(), tolerantAmpersands: Bool = false, fragment: Bool = false) {
        self.limits = limits
        self.tolerantAmpersands = tolerantAmpersands
        self.fragment = fragment
    }
}
