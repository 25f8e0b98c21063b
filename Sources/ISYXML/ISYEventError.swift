public import Codecs

/// Why a frame is not an eisy event: the XML is refused (its `XMLError` code is kept), the document's root is not
/// `<Event>`, or a JSON envelope is malformed.
public struct ISYEventError: CodecError, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The XML tokenizer refused the document.
        case xml(XMLError)
        /// A well-formed document whose root element is not `Event` (e.g. an ISY994 `SubscriptionResponse`).
        case notAnEvent
        /// The frame starts with neither `<` (raw XML) nor `{` (JSON envelope).
        case notXMLOrEnvelope
        /// The JSON envelope is not valid JSON (the reader's code is kept).
        case envelopeJSON(code: String, message: String)
        /// The envelope is JSON but not an object, or its `type` is missing or not a string.
        case envelopeMalformed
        /// An `event` envelope whose `data` is missing or not a string.
        case envelopeMissingData
    }

    public let kind: Kind
    public let offset: Int?

    public init(_ kind: Kind, offset: Int?) {
        self.kind = kind
        self.offset = offset
    }

    init(_ error: XMLError) {
        kind = .xml(error)
        offset = error.offset
    }

    public var code: String {
        switch kind {
        case let .xml(error): error.code
        case .notAnEvent: "isy-not-an-event"
        case .notXMLOrEnvelope: "isy-not-xml-or-envelope"
        case let .envelopeJSON(code, _): code
        case .envelopeMalformed: "isy-envelope-malformed"
        case .envelopeMissingData: "isy-envelope-missing-data"
        }
    }

    public var message: String {
        switch kind {
        case let .xml(error): error.message
        case .notAnEvent: "root element is not Event"
        case .notXMLOrEnvelope: "frame is neither XML nor a JSON envelope"
        case let .envelopeJSON(_, message): "envelope: \(message)"
        case .envelopeMalformed: "envelope is not an object with a string \"type\""
        case .envelopeMissingData: "event envelope has no string \"data\""
        }
    }
}
