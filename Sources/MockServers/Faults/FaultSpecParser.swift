/// Parses the fault grammar (`Docs/fault-grammar.md`):
///
///     spec     = kind [ ":" argument ] [ "@" attempt [ "-" ] ]
///     kind     = "status" | "drop-after" | "drop-mid" | "close" | "stall" | "drip" | "garbage" | "oversize"
///              | "expire-token" | "slow-accept" | "bad-deflate" | "refuse"
///     argument = status: CODE [ ",retry-after:" S ]    close: CODE [ "/" N ]    others: N (decimal)
///
/// Pure: no I/O, total over any string (numbers are bounded, so nothing overflows).
extension FaultSpec {
    /// Largest count, milliseconds or seconds accepted (about 11.5 days in ms): keeps arithmetic on them safe.
    public static let maxNumber = 1_000_000_000

    /// Parses one `--fault` value.
    public static func parse(_ text: String) throws(FaultSpecError) -> FaultSpec {
        guard !text.isEmpty else { throw FaultSpecError(.empty, spec: text, detail: "empty fault spec") }
        var body = Substring(text)
        var attempts = FaultAttempts.all
        if let at = body.firstIndex(of: "@") {
            attempts = try parseAttempts(body[body.index(after: at)...], spec: text)
            body = body[..<at]
        }
        let name: Substring
        let argument: Substring?
        if let colon = body.firstIndex(of: ":") {
            name = body[..<colon]
            argument = body[body.index(after: colon)...]
        } else {
            name = body
            argument = nil
        }
        let kind = try parseKind(String(name), argument: argument, spec: text)
        return FaultSpec(kind: kind, attempts: attempts, text: text)
    }

    private static func parseAttempts(_ text: Substring, spec: String) throws(FaultSpecError) -> FaultAttempts {
        var digits = text
        let open = digits.hasSuffix("-")
        if open { digits = digits.dropLast() }
        guard let k = number(digits), k >= 1 else {
            throw FaultSpecError(.invalidAttempt, spec: spec, detail: "after '@' comes K or K- with K >= 1")
        }
        return open ? .from(k) : .only(k)
    }

    private static func parseKind(_ name: String, argument: Substring?, spec: String) throws(FaultSpecError)
        -> FaultKind
    {
        func count(_ what: String, default fallback: Int? = nil) throws(FaultSpecError) -> Int {
            guard let argument else {
                if let fallback { return fallback }
                throw FaultSpecError(.missingArgument, spec: spec, detail: "\(name) needs \(what)")
            }
            guard let value = number(argument) else {
                throw FaultSpecError(.invalidArgument, spec: spec, detail: "\(name) needs \(what)")
            }
            return value
        }
        func none() throws(FaultSpecError) {
            if argument != nil {
                throw FaultSpecError(.unexpectedArgument, spec: spec, detail: "\(name) takes no argument")
            }
        }
        switch name {
        case "status": return try parseStatus(argument, spec: spec)
        case "drop-after": return .dropAfter(events: try count("a count N >= 0"))
        case "drop-mid": return .dropMid(events: try count("a count N >= 0"))
        case "close": return try parseClose(argument, spec: spec)
        case "stall": return .stall(afterEvents: try count("a count N >= 0", default: 0))
        case "drip":
            try none()
            return .drip
        case "garbage": return .garbage(events: try count("a count N >= 0"))
        case "oversize": return .oversize(events: try count("a count N >= 0"))
        case "expire-token": return .expireToken(events: try count("a count N >= 0"))
        case "slow-accept": return .slowAccept(milliseconds: try count("milliseconds MS >= 0"))
        case "bad-deflate": return .badDeflate(events: try count("a count N >= 0", default: 0))
        case "refuse": return .refuse(milliseconds: try count("milliseconds MS >= 0", default: 1000))
        case "":
            throw FaultSpecError(.empty, spec: spec, detail: "no fault kind before ':' or '@'")
        default:
            throw FaultSpecError(
                .unknownKind, spec: spec,
                detail: "unknown kind '\(name)' (known: status, drop-after, drop-mid, close, stall, drip, garbage, "
                    + "oversize, expire-token, slow-accept, bad-deflate, refuse)")
        }
    }

    private static func parseStatus(_ argument: Substring?, spec: String) throws(FaultSpecError) -> FaultKind {
        let rule = "status needs an HTTP status 100-599, optionally ',retry-after:S'"
        guard let argument else { throw FaultSpecError(.missingArgument, spec: spec, detail: rule) }
        var codeText = argument
        var retryAfter: Int?
        if let comma = argument.firstIndex(of: ",") {
            codeText = argument[..<comma]
            let option = argument[argument.index(after: comma)...]
            let prefix = "retry-after:"
            guard option.hasPrefix(prefix), let seconds = number(option.dropFirst(prefix.count)) else {
                throw FaultSpecError(.invalidArgument, spec: spec, detail: rule)
            }
            retryAfter = seconds
        }
        guard let code = number(codeText), (100...599).contains(code), code != 101 else {
            throw FaultSpecError(.invalidArgument, spec: spec, detail: rule + " (101 is the upgrade itself)")
        }
        return .status(code: code, retryAfter: retryAfter)
    }

    private static func parseClose(_ argument: Substring?, spec: String) throws(FaultSpecError) -> FaultKind {
        let rule = "close needs a close code 1000-4999 valid on the wire (RFC 6455 §7.4), optionally '/N'"
        guard let argument else { throw FaultSpecError(.missingArgument, spec: spec, detail: rule) }
        var codeText = argument
        var after: Int?
        if let slash = argument.firstIndex(of: "/") {
            codeText = argument[..<slash]
            guard let n = number(argument[argument.index(after: slash)...]) else {
                throw FaultSpecError(.invalidArgument, spec: spec, detail: rule)
            }
            after = n
        }
        guard let code = number(codeText), isSendableCloseCode(code) else {
            throw FaultSpecError(.invalidArgument, spec: spec, detail: rule)
        }
        return .close(code: code, afterEvents: after)
    }

    /// Codes a close frame may carry (RFC 6455 §7.4.1/§7.4.2): 1000–1003, 1007–1014, 3000–4999.
    static func isSendableCloseCode(_ code: Int) -> Bool {
        (1000...1003).contains(code) || (1007...1014).contains(code) || (3000...4999).contains(code)
    }

    /// A decimal number of at most 10 digits, no sign, no spaces, at most `maxNumber`.
    static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 10 else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value <= maxNumber ? value : nil
    }
}
