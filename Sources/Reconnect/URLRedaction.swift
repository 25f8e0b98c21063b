/// Redacts credentials in URLs before they are printed (issue 14 §3: `?token=`/`api_key` query values are
/// redacted in every URL we print): the value of every query parameter whose name is a credential name, and
/// the password of a `user:password@` authority.
public enum URLRedaction {
    /// Query parameter names (compared case-insensitively, `-` and `_` alike) whose values are credentials.
    public static let credentialParameterNames: Set<String> = [
        "token", "access_token", "id_token", "refresh_token", "auth", "auth_token", "authorization",
        "api_key", "apikey", "key", "secret", "client_secret", "password", "passwd", "jwt", "signature", "sig",
        "session", "sessionid", "session_token", "x-amz-signature", "x-amz-security-token",
    ]

    /// What a redacted value is replaced by.
    public static let placeholder = "REDACTED"

    /// `url` with credential values replaced by `placeholder`; everything else byte for byte as given.
    public static func redact(_ url: String) -> String {
        var result = url
        if let schemeEnd = result.firstRange(of: "://") {
            let authorityStart = schemeEnd.upperBound
            let authorityEnd = result[authorityStart...].firstIndex(where: { "/?#".contains($0) }) ?? result.endIndex
            if let at = result[authorityStart..<authorityEnd].lastIndex(of: "@"),
               let colon = result[authorityStart..<at].firstIndex(of: ":") {
                result.replaceSubrange(result.index(after: colon)..<at, with: placeholder)
            }
        }
        guard let question = result.firstIndex(of: "?") else { return result }
        let queryEnd = result[question...].firstIndex(of: "#") ?? result.endIndex
        let query = result[result.index(after: question)..<queryEnd]
        let redactedQuery = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            let name = pair[..<equals]
            return isCredentialName(name) ? name + "=" + placeholder : String(pair)
        }.joined(separator: "&")
        result.replaceSubrange(result.index(after: question)..<queryEnd, with: redactedQuery)
        return result
    }

    /// Whether a (possibly percent-encoded) parameter name is a credential name.
    public static func isCredentialName(_ name: some StringProtocol) -> Bool {
        let normalised = percentDecoded(name).lowercased().replacingDashes()
        return credentialParameterNames.contains { $0.replacingDashes() == normalised }
    }

    private static func percentDecoded(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let high = hexValue(iterator[iterator.startIndex]),
               let low = hexValue(iterator[iterator.startIndex + 1]) {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension String {
    fileprivate func replacingDashes() -> String {
        String(map { $0 == "-" ? "_" : $0 })
    }
}
