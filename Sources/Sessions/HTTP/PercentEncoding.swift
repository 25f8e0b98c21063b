/// Percent-encoding of URL parts (RFC 3986 §2.1, §2.3): every byte outside the unreserved set
/// `A-Z a-z 0-9 - . _ ~` becomes `%XX` (upper-case hex), so a value can never add a query parameter or a
/// path segment (the Event Streamer SDK puts its resume token in the query raw, service-profiles §3.2).
public enum PercentEncoding {
    /// `text` percent-encoded for a query value or a path segment.
    public static func encode(_ text: String) -> String {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                output.append(byte)
            default:
                output.append(UInt8(ascii: "%"))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `url` with `name=value` appended to its query (`?` or `&`), both encoded; a fragment stays last.
    public static func appendingQuery(_ url: String, name: String, value: String) -> String {
        var base = url
        var fragment = ""
        if let hash = base.firstIndex(of: "#") {
            fragment = String(base[hash...])
            base = String(base[..<hash])
        }
        let separator = base.contains("?") ? (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&") : "?"
        return base + separator + encode(name) + "=" + encode(value) + fragment
    }
}
