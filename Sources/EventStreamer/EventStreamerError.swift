public import Codecs

/// Why one Event Streamer line was rejected; the stream goes on after it (the SDK logs and skips such lines).
public struct EventStreamerError: CodecError, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The line is not a strict RFC 8259 JSON document.
        case json(JSONReaderError)
        /// The line is JSON but not an object, so it has no `type` to dispatch on.
        case notAnObject
        /// The object has no `type` member.
        case missingType
        /// `type` is not the string `event_batch`, `heartbeat` or `error`.
        case unknownType
        /// A field the SDK model requires is absent.
        case missingField(String)
        /// A field's JSON value is not accepted by the SDK model's type (lax pydantic rules); `expected` says what is.
        case invalidField(String, expected: String)
        /// The line is longer than `NDJSONLimits.maxLineLength`.
        case lineTooLong(limit: Int)
    }

    public let kind: Kind
    public let offset: Int?

    public init(_ kind: Kind, offset: Int?) {
        self.kind = kind
        self.offset = offset
    }

    public var code: String {
        switch kind {
        case let .json(error): error.code
        case .notAnObject: "message-not-object"
        case .missingType: "message-missing-type"
        case .unknownType: "message-unknown-type"
        case .missingField: "message-missing-field"
        case .invalidField: "message-invalid-field"
        case .lineTooLong: "line-too-long"
        }
    }

    public var message: String {
        switch kind {
        case let .json(error): error.message
        case .notAnObject: "message is not a JSON object"
        case .missingType: "message has no type"
        case .unknownType: "type is not event_batch, heartbeat or error"
        case let .missingField(name): "required field \(name) is missing"
        case let .invalidField(name, expected): "field \(name) is not \(expected)"
        case let .lineTooLong(limit): "line longer than \(limit) bytes"
        }
    }
}
