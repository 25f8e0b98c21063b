/// A JSON string as it sits in the reader's input: the bytes between the quotes, escapes not yet resolved.
/// Zero-copy: comparing or writing an escape-free string touches no heap; valid only while the input is.
public struct JSONString {
    /// The raw bytes between the quotes (validated: UTF-8, escapes well-formed, surrogates paired).
    public let rawBytes: UnsafeRawBufferPointer
    /// Whether `rawBytes` contains a backslash escape, so it differs from the string's UTF-8.
    public let hasEscapes: Bool

    /// Wraps already-validated string contents; the reader is the only producer.
    init(rawBytes: UnsafeRawBufferPointer, hasEscapes: Bool) {
        self.rawBytes = rawBytes
        self.hasEscapes = hasEscapes
    }

    /// The decoded string (one allocation unless it is short enough to be stored inline).
    public var string: String {
        if !hasEscapes { return String(decoding: rawBytes, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: rawBytes.count) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return JSONString.unescape(rawBytes, into: base)
        }
    }

    /// Calls `body` with the decoded UTF-8; no copy when the string has no escapes.
    public func withUTF8<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if !hasEscapes { return try body(rawBytes) }
        var decoded = string
        return try decoded.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }

    /// True when the decoded string equals `literal` (byte comparison; no allocation for escape-free input).
    public func equals(_ literal: StaticString) -> Bool {
        guard literal.hasPointerRepresentation else { return string == literal.description }
        let other = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        if !hasEscapes { return JSONString.bytesEqual(rawBytes, other) }
        return withUTF8 { JSONString.bytesEqual($0, other) }
    }

    /// True when the decoded string equals `other`. (Disfavoured so that a literal argument takes the
    /// allocation-free `StaticString` overload.)
    @_disfavoredOverload
    public func equals(_ other: String) -> Bool {
        var other = other
        return other.withUTF8 { otherBytes in withUTF8 { JSONString.bytesEqual($0, UnsafeRawBufferPointer(otherBytes)) } }
    }

    static func bytesEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        var index = 0
        while index < a.count {
            if a[index] != b[index] { return false }
            index &+= 1
        }
        return true
    }

    /// Value of one hex digit the reader has already validated.
    static func hexValue(_ byte: UInt8) -> UInt32 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte &- UInt8(ascii: "a") &+ 10)
        default: UInt32(byte &- UInt8(ascii: "A") &+ 10)
        }
    }

    static func hex4(_ raw: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        (hexValue(raw[at]) << 12) | (hexValue(raw[at &+ 1]) << 8) | (hexValue(raw[at &+ 2]) << 4) | hexValue(raw[at &+ 3])
    }

    /// Resolves the escapes of validated raw contents into `output` (room for `raw.count` bytes suffices: no
    /// escape decodes to more bytes than it occupies); returns the number of bytes written.
    static func unescape(_ raw: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var read = 0
        var written = 0
        let count = raw.count
        while read < count {
            let byte = raw[read]
            guard byte == UInt8(ascii: "\\"), read &+ 1 < count else {
                output[written] = byte
                written &+= 1
                read &+= 1
                continue
            }
            let escape = raw[read &+ 1]
            read &+= 2
            var scalar: UInt32
            switch escape {
            case UInt8(ascii: "b"): scalar = 0x08
            case UInt8(ascii: "f"): scalar = 0x0C
            case UInt8(ascii: "n"): scalar = 0x0A
            case UInt8(ascii: "r"): scalar = 0x0D
            case UInt8(ascii: "t"): scalar = 0x09
            case UInt8(ascii: "u"):
                guard read &+ 4 <= count else { return written }
                scalar = hex4(raw, read)
                read &+= 4
                if scalar >= 0xD800, scalar <= 0xDBFF, read &+ 6 <= count {
                    let low = hex4(raw, read &+ 2)
                    scalar = 0x10000 &+ ((scalar &- 0xD800) << 10) &+ (low &- 0xDC00)
                    read &+= 6
                }
            default: scalar = UInt32(escape)
            }
            written &+= encodeUTF8(scalar, into: output + written)
        }
        return written
    }

    /// Writes `scalar` as UTF-8; returns the byte count.
    static func encodeUTF8(_ scalar: UInt32, into output: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            output[0] = UInt8(truncatingIfNeeded: scalar)
            return 1
        case 0x80..<0x800:
            output[0] = UInt8(truncatingIfNeeded: 0xC0 | (scalar >> 6))
            output[1] = UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F))
            return 2
        case 0x800..<0x10000:
            output[0] = UInt8(truncatingIfNeeded: 0xE0 | (scalar >> 12))
            output[1] = UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F))
            output[2] = UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F))
            return 3
        default:
            output[0] = UInt8(truncatingIfNeeded: 0xF0 | (scalar >> 18))
            output[1] = UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 12) & 0x3F))
            output[2] = UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F))
            output[3] = UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F))
            return 4
        }
    }
}
