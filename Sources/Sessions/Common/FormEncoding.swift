/// `application/x-www-form-urlencoded` value encoding exactly as Python's `urllib.parse.quote_plus` (what
/// `urlencode` applies, service-profiles §1.1 and §5.1): ASCII letters, digits and `_.-~` stay, a space becomes
/// `+`, every other byte of the UTF-8 encoding becomes `%XX` with upper-case hex. `["A","B C"]` joined with `,`
/// is `A%2CB+C`.
public enum FormEncoding {
    /// `value` encoded as `quote_plus` does.
    public static func quotePlus(_ value: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
                 UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `urlencode(pairs)`: `name=value` pairs joined with `&`, both sides `quotePlus`-encoded.
    public static func urlencode(_ pairs: [(String, String)]) -> String {
        pairs.map { quotePlus($0.0) + "=" + quotePlus($0.1) }.joined(separator: "&")
    }
}
