public import Codecs

/// A document the XML tokenizer refuses: not well-formed (XML 1.0 5th ed.), outside the supported subset (DTDs,
/// entity declarations, encodings other than UTF-8) or over an `XMLLimits` bound. The offset is the byte where
/// the fault was detected, counted from the start of the stream the document came from.
public struct XMLError: CodecError, Equatable {
    /// What went wrong; `code` is derived from it.
    public enum Kind: Sendable, Equatable {
        /// The document is larger than `XMLLimits.maxDocumentSize`.
        case documentTooLarge(size: Int, limit: Int)
        /// The bytes are not well-formed UTF-8.
        case invalidUTF8
        /// A character the XML `Char` production excludes (C0 controls, U+FFFE, U+FFFF), literally present.
        case invalidCharacter
        /// The document ended inside markup or before its root element closed.
        case unexpectedEnd
        /// No root element at all.
        case noRootElement
        /// A second top-level element.
        case multipleRootElements
        /// Non-whitespace character data before or after the root element.
        case textOutsideRoot
        /// The XML declaration is malformed or not at the very start.
        case malformedDeclaration
        /// The declaration names an encoding other than UTF-8.
        case unsupportedEncoding
        /// A `<!DOCTYPE` or other markup declaration: refused so no entity can ever be declared or expanded.
        case dtdNotAllowed
        /// A reference to an entity other than the five predefined ones.
        case undefinedEntity
        /// A character reference that is malformed or names a code point outside `Char`.
        case invalidCharacterReference
        /// A `&` that starts no reference (strict mode).
        case strayAmpersand
        /// A name that does not match the `Name` production.
        case invalidName
        /// A start or end tag that does not follow the grammar.
        case malformedTag
        /// An end tag whose name differs from the open element's.
        case mismatchedEndTag
        /// The same attribute twice on one element.
        case duplicateAttribute
        /// An attribute without `=` or a quoted value, or a `<` inside a value.
        case malformedAttribute
        /// `]]>` in character data.
        case cdataEndInText
        /// A comment holding `--` or ending in `--->`.
        case malformedComment
        /// A CDATA section outside the root element or without its `]]>`.
        case malformedCDATA
        /// A processing instruction without a target or with the reserved target `xml`.
        case malformedProcessingInstruction
        /// Elements nested deeper than `XMLLimits.maxDepth`.
        case depthExceeded(limit: Int)
        /// More attributes on one element than `XMLLimits.maxAttributes`.
        case tooManyAttributes(limit: Int)
        /// A name longer than `XMLLimits.maxNameLength`.
        case nameTooLong(length: Int, limit: Int)
        /// An attribute value or text run longer than `XMLLimits.maxValueLength`.
        case valueTooLong(length: Int, limit: Int)
    }

    public let kind: Kind
    public let offset: Int?

    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public var code: String {
        switch kind {
        case .documentTooLarge: "xml-document-too-large"
        case .invalidUTF8: "xml-invalid-utf8"
        case .invalidCharacter: "xml-invalid-character"
        case .unexpectedEnd: "xml-unexpected-end"
        case .noRootElement: "xml-no-root-element"
        case .multipleRootElements: "xml-multiple-root-elements"
        case .textOutsideRoot: "xml-text-outside-root"
        case .malformedDeclaration: "xml-malformed-declaration"
        case .unsupportedEncoding: "xml-unsupported-encoding"
        case .dtdNotAllowed: "xml-dtd-not-allowed"
        case .undefinedEntity: "xml-undefined-entity"
        case .invalidCharacterReference: "xml-invalid-character-reference"
        case .strayAmpersand: "xml-stray-ampersand"
        case .invalidName: "xml-invalid-name"
        case .malformedTag: "xml-malformed-tag"
        case .mismatchedEndTag: "xml-mismatched-end-tag"
        case .duplicateAttribute: "xml-duplicate-attribute"
        case .malformedAttribute: "xml-malformed-attribute"
        case .cdataEndInText: "xml-cdata-end-in-text"
        case .malformedComment: "xml-malformed-comment"
        case .malformedCDATA: "xml-malformed-cdata"
        case .malformedProcessingInstruction: "xml-malformed-processing-instruction"
        case .depthExceeded: "xml-depth-exceeded"
        case .tooManyAttributes: "xml-too-many-attributes"
        case .nameTooLong: "xml-name-too-long"
        case .valueTooLong: "xml-value-too-long"
        }
    }

    public var message: String {
        switch kind {
        case let .documentTooLarge(size, limit): "document of \(size) bytes exceeds limit of \(limit)"
        case .invalidUTF8: "document is not valid UTF-8"
        case .invalidCharacter: "character not allowed in XML"
        case .unexpectedEnd: "document ends inside markup or before the root element closes"
        case .noRootElement: "document has no root element"
        case .multipleRootElements: "second top-level element"
        case .textOutsideRoot: "character data outside the root element"
        case .malformedDeclaration: "malformed or misplaced XML declaration"
        case .unsupportedEncoding: "only UTF-8 documents are supported"
        case .dtdNotAllowed: "document type and markup declarations are refused"
        case .undefinedEntity: "reference to an undefined entity"
        case .invalidCharacterReference: "character reference is malformed or not an XML character"
        case .strayAmpersand: "'&' does not start a reference"
        case .invalidName: "invalid XML name"
        case .malformedTag: "malformed tag"
        case .mismatchedEndTag: "end tag does not match the open element"
        case .duplicateAttribute: "attribute appears twice on one element"
        case .malformedAttribute: "malformed attribute"
        case .cdataEndInText: "']]>' in character data"
        case .malformedComment: "malformed comment"
        case .malformedCDATA: "malformed or misplaced CDATA section"
        case .malformedProcessingInstruction: "malformed processing instruction"
        case let .depthExceeded(limit): "elements nested deeper than \(limit)"
        case let .tooManyAttributes(limit): "more than \(limit) attributes on one element"
        case let .nameTooLong(length, limit): "name of \(length) bytes exceeds limit of \(limit)"
        case let .valueTooLong(length, limit): "value of \(length) bytes exceeds limit of \(limit)"
        }
    }
}
