/// Standard base64 (RFC 4648 §4, with padding): the encoding the CLI uses for binary payloads and protobuf's
/// JSON mapping uses for `bytes`.
public enum Base64 {
    @usableFromInline static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends the base64 encoding of `input` to `output`.
    @inlinable public static func encode(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        output.reserveCapacity(output.count &+ ((input.count &+ 2) / 3) &* 4)
        var index = 0
        let count = input.count
        while index &+ 3 <= count {
            let value = UInt32(input[index]) << 16 | UInt32(input[index &+ 1]) << 8 | UInt32(input[index &+ 2])
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(alphabet[Int(value >> 6 & 63)])
            output.append(alphabet[Int(value & 63)])
            index &+= 3
        }
        let rest = count &- index
        if rest > 0 {
            var value = UInt32(input[index]) << 16
            if rest == 2 { value |= UInt32(input[index &+ 1]) << 8 }
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(rest == 2 ? alphabet[Int(value >> 6 & 63)] : UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        }
    }

    /// The base64 encoding of `input` as a String.
    public static func encode(_ input: UnsafeRawBufferPointer) -> String {
        var output: [UInt8] = []
        encode(input, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// The base64 encoding of `input` as a String.
    public static func encode(_ input: [UInt8]) -> String {
        input.withUnsafeBytes { encode($0) }
    }

    /// Decodes strict padded base64; nil on any character outside the alphabet, bad padding or length.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// Decodes strict padded base64 from ASCII bytes; nil when malformed.
    public static func decode(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        guard input.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            var value: UInt32 = 0
            var padding = 0
            for offset in 0..<4 {
                let char = input[index &+ offset]
                let digit: UInt32
                switch char {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = UInt32(char &- UInt8(ascii: "A"))
                case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = UInt32(char &- UInt8(ascii: "a")) &+ 26
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(char &- UInt8(ascii: "0")) &+ 52
                case UInt8(ascii: "+"): digit = 62
                case UInt8(ascii: "/"): digit = 63
                case UInt8(ascii: "="):
                    guard index &+ 4 == input.count, offset >= 2 else { return nil }
                    padding &+= 1
                    digit = 0
                default: return nil
                }
                if padding > 0, char != UInt8(ascii: "=") { return nil }
                value = value << 6 | digit
            }
            output.append(UInt8(truncatingIfNeeded: value >> 16))
            if padding < 2 { output.append(UInt8(truncatingIfNeeded: value >> 8)) }
            if padding < 1 { output.append(UInt8(truncatingIfNeeded: value)) }
            index &+= 4
        }
        return output
    }
}
