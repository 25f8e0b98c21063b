/// Invalid UTF-8, located at the first byte that cannot belong to a well-formed sequence (Unicode Table 3-7),
/// or at the start of a sequence cut short by the end of the input.
public struct UTF8ValidationError: CodecError, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A byte that cannot start or continue a sequence here: it is impossible whatever follows.
        case invalidByte
        /// The input ended inside a sequence that was valid so far.
        case truncatedSequence
    }

    public let kind: Kind
    public let offset: Int?

    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public var code: String {
        switch kind {
        case .invalidByte: "invalid-utf8"
        case .truncatedSequence: "truncated-utf8"
        }
    }

    public var message: String {
        switch kind {
        case .invalidByte: "byte is not valid UTF-8 here"
        case .truncatedSequence: "input ends inside a UTF-8 sequence"
        }
    }
}
