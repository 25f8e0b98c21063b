/// The field names §9.2.6 acts on, matched case-sensitively against the raw bytes before the first colon; every
/// other name (including ones with a BOM or U+FFFD in them) is ignored.
@usableFromInline enum SSEFieldName {
    case data, event, id, retry, other

    /// Classifies `line[0..<nameLength]`.
    @inlinable @inline(__always) init(_ line: UnsafeRawBufferPointer, nameLength: Int) {
        switch nameLength {
        case 4:
            self = line[0] == 0x64 && line[1] == 0x61 && line[2] == 0x74 && line[3] == 0x61 ? .data : .other
        case 2:
            self = line[0] == 0x69 && line[1] == 0x64 ? .id : .other
        case 5:
            if line[0] == 0x65, line[1] == 0x76, line[2] == 0x65, line[3] == 0x6E, line[4] == 0x74 {
                self = .event
            } else if line[0] == 0x72, line[1] == 0x65, line[2] == 0x74, line[3] == 0x72, line[4] == 0x79 {
                self = .retry
            } else {
                self = .other
            }
        default:
            self = .other
        }
    }
}
