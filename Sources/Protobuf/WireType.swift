/// The protobuf wire types (encoding guide, "Message Structure"); 6 and 7 are invalid.
public enum WireType: UInt8, Sendable, Equatable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5
}
