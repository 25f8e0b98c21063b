import Codecs

/// An independent reading of Unicode Table 3-7 for the UTF-8 tests, sharing nothing with the DFA or the vector
/// kernels: the first impossible byte (`invalidByte`), or the lead of a sequence the input ends inside while it was
/// valid so far (`truncatedSequence`), or nil when the bytes are well-formed.
enum UTF8ReferenceWalker {
    static func verdict(_ bytes: UnsafeRawBufferPointer) -> UTF8ValidationError? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            var length = 1
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xED: length = 3; upper = 0x9F
            case 0xE1...0xEF: length = 3
            case 0xF0: length = 4; lower = 0x90
            case 0xF4: length = 4; upper = 0x8F
            case 0xF1...0xF3: length = 4
            default: return UTF8ValidationError(.invalidByte, offset: index)
            }
            for position in (index + 1)..<(index + length) {
                guard position < bytes.count else { return UTF8ValidationError(.truncatedSequence, offset: index) }
                let byte = bytes[position]
                if byte < lower || byte > upper { return UTF8ValidationError(.invalidByte, offset: position) }
                lower = 0x80
                upper = 0xBF
            }
            index += length
        }
        return nil
    }
}
