/// The messages this module decodes, as the field tables the validating pass checks the wire against.
/// Field numbers and types follow issue 5's schemas and google/protobuf's well-known types; `central(i)` is message
/// `i` of the generated topic tables (`CentralSchema.messages`).
enum MessageSchema: Sendable, Equatable {
    case cloudEvent, attributesEntry, attributeValue, any, timestamp
    case structValue, structEntry, value, listValue
    case auditTrail, scopeInfo, logDetails, changedField, impactRadius, changedJSON
    case central(Int)

    /// How a known field is encoded; the wire type it must arrive with follows from it. A known field that
    /// arrives with another wire type is an unknown field, as in every protobuf parser.
    /// Repeated numeric fields (`packed…`) arrive either packed (one length-delimited run) or one value per tag,
    /// and parsers must accept both, even mixed (encoding guide, "Packed Repeated Fields").
    enum FieldKind: Sendable {
        case string, bytes, varint, fixed64, fixed32
        case packedVarint, packedFixed64, packedFixed32
        case message(MessageSchema)

        /// The wire type of one unpacked value.
        var wireType: WireType {
            switch self {
            case .string, .bytes, .message: .lengthDelimited
            case .varint, .packedVarint: .varint
            case .fixed64, .packedFixed64: .fixed64
            case .fixed32, .packedFixed32: .fixed32
            }
        }

        /// True when a field of this kind may arrive with `wireType` (otherwise it is an unknown field).
        func accepts(_ wireType: WireType) -> Bool {
            switch self {
            case .packedVarint, .packedFixed64, .packedFixed32:
                wireType == self.wireType || wireType == .lengthDelimited
            default:
                wireType == self.wireType
            }
        }
    }

    /// True for the synthetic entry messages of `map<string, V>` fields.
    var isMapEntry: Bool {
        switch self {
        case .attributesEntry, .structEntry: true
        case let .central(index): CentralSchema.messages[index].isMapEntry
        default: false
        }
    }

    @inline(__always) func kind(of field: UInt32) -> FieldKind? {
        switch self {
        case .cloudEvent:
            switch field {
            case 1, 2, 3, 4, 7, 10, 11: .string
            case 5: .message(.attributesEntry)
            case 6: .bytes
            case 8: .message(.any)
            case 9: .message(.timestamp)
            default: nil
            }
        case .attributesEntry:
            switch field {
            case 1: .string
            case 2: .message(.attributeValue)
            default: nil
            }
        case .attributeValue:
            switch field {
            case 1, 2: .varint
            case 3, 5, 6: .string
            case 4: .bytes
            case 7: .message(.timestamp)
            default: nil
            }
        case .any:
            switch field {
            case 1: .string
            case 2: .bytes
            default: nil
            }
        case .timestamp:
            field == 1 || field == 2 ? .varint : nil
        case .structValue:
            field == 1 ? .message(.structEntry) : nil
        case .structEntry:
            switch field {
            case 1: .string
            case 2: .message(.value)
            default: nil
            }
        case .value:
            switch field {
            case 1, 4: .varint
            case 2: .fixed64
            case 3: .string
            case 5: .message(.structValue)
            case 6: .message(.listValue)
            default: nil
            }
        case .listValue:
            field == 1 ? .message(.value) : nil
        case .auditTrail:
            switch field {
            case 1, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14: .string
            case 2: .varint
            case 8: .message(.scopeInfo)
            case 13: .message(.logDetails)
            default: nil
            }
        case .scopeInfo:
            field == 1 || field == 2 ? .string : nil
        case .logDetails:
            switch field {
            case 1: .message(.changedField)
            case 2: .message(.impactRadius)
            case 3: .message(.changedJSON)
            default: nil
            }
        case .changedField:
            field >= 1 && field <= 3 ? .string : nil
        case .impactRadius:
            field == 1 || field == 2 ? .string : nil
        case .changedJSON:
            field == 1 || field == 2 ? .message(.structValue) : nil
        case let .central(index):
            CentralSchema.messages[index].fieldIndex(field).map { CentralSchema.messages[index].fields[$0].fieldKind }
        }
    }
}
