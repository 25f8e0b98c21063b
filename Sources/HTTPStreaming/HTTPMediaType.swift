/// The media type of a `Content-Type` value (RFC 9110 §8.3.1: `type "/" subtype *( OWS ";" OWS parameter )`).
enum HTTPMediaType {
    /// `type/subtype` in lower case, without parameters or surrounding whitespace; nil when the value has no
    /// `type/subtype` made of token characters.
    static func essence(of value: String) -> String? {
        let head = value.utf8.prefix { $0 != UInt8(ascii: ";") }
        var bytes = Array(head)
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? bytes.endIndex
        let trimmed = bytes[start...]
        guard let slash = trimmed.firstIndex(of: UInt8(ascii: "/")),
              slash > trimmed.startIndex, slash < trimmed.endIndex - 1
        else { return nil }
        for (index, byte) in zip(trimmed.indices, trimmed) where index != slash {
            guard isTokenByte(byte) else { return nil }
        }
        return String(decoding: trimmed.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// RFC 9110 §5.6.2 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): true
        default: false
        }
    }
}
