import Foundation
import WSFrame

/// A client's request as the recording proxy forwards it (issue 18, `harness record --listen`): the head as
/// received with `Host` set to the upstream's authority (virtual hosts route by it) and, on requests that are
/// not WebSocket upgrades, `Connection: close` (one request per proxied connection, so each response ends with
/// its connection). Everything else, body and frames included, passes unchanged. It also says whether the
/// request opens the service's stream (a counted attempt, `Docs/fault-grammar.md`) and which of its values are
/// credentials, to keep them out of the recording.
struct ProxyRequest: Sendable {
    /// Header fields whose values are credentials (RFC 9110 §11.6.2, §11.7.2 and the services' API-key headers).
    static let credentialHeaders: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token",
    ]

    let head: HTTPRequestHead
    /// True for the stream request: a WebSocket upgrade, an SSE GET, an Event Streamer `…/stream` GET.
    let isStream: Bool
    /// The bytes to send upstream for the head.
    let forwardedHead: [UInt8]
    /// Credential values seen (header values, their token part, credential query values).
    let secrets: Set<String>

    init(head: HTTPRequestHead, service: RecordService, upstreamAuthority: String) {
        self.head = head
        let upgrade = head.headers.values(named: "upgrade").contains { $0.lowercased() == "websocket" }
        let path = head.target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.target
        switch service {
        case .central, .eisy, .stream: isStream = upgrade
        case .sse: isStream = head.method == "GET"
        case .eventstreamer: isStream = head.method == "GET" && path.hasSuffix("/stream")
        }
        var fields: [HTTPHeaderField] = []
        var sawHost = false
        for field in head.headers {
            switch field.lowercasedName {
            case "host":
                if !sawHost { fields.append(HTTPHeaderField(name: field.name, value: upstreamAuthority)) }
                sawHost = true
            case "connection" where !upgrade:
                continue
            default:
                fields.append(field)
            }
        }
        if !sawHost { fields.insert(HTTPHeaderField(name: "Host", value: upstreamAuthority), at: 0) }
        if !upgrade { fields.append(HTTPHeaderField(name: "Connection", value: "close")) }
        var text = "\(head.method) \(head.target) \(head.version)\r\n"
        for field in fields { text += "\(field.name): \(field.value)\r\n" }
        text += "\r\n"
        forwardedHead = Array(text.utf8)

        var found: Set<String> = []
        for field in head.headers where Self.credentialHeaders.contains(field.lowercasedName) {
            found.insert(field.value)
            if let space = field.value.firstIndex(of: " ") {
                found.insert(String(field.value[field.value.index(after: space)...]).trimmingCharacters(in: .whitespaces))
            }
            // Basic credentials: the decoded user:password and the password alone.
            if field.value.lowercased().hasPrefix("basic "),
               let data = Data(base64Encoded: String(field.value.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
               let pair = String(data: data, encoding: .utf8) {
                found.insert(pair)
                if let colon = pair.firstIndex(of: ":") { found.insert(String(pair[pair.index(after: colon)...])) }
            }
        }
        found.formUnion(RecordSecrets.credentialQueryValues("http://proxy" + head.target))
        secrets = found.filter { !$0.isEmpty }
    }

    /// The request target with every credential query value replaced by `[redacted]`, for the recording (split
    /// by hand: the target is the client's bytes and need not be a valid URL).
    var redactedTarget: String {
        let parts = head.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return head.target }
        let items = parts[1].split(separator: "&", omittingEmptySubsequences: false).map { item -> String in
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0]).removingPercentEncoding ?? String(pair[0])
            guard pair.count == 2, RecordSecrets.credentialQueryKeys.contains(name.lowercased()) else { return String(item) }
            return "\(pair[0])=[redacted]"
        }
        return "\(parts[0])?\(items.joined(separator: "&"))"
    }
}

extension HTTPHeadReader {
    /// `feed(_:)` for an array.
    mutating func feed(bytes: [UInt8]) throws(WebSocketHandshakeError) -> Int? {
        var failure: WebSocketHandshakeError?
        var used: Int?
        bytes.withUnsafeBytes { raw in
            do throws(WebSocketHandshakeError) { used = try self.feed(raw) } catch { failure = error }
        }
        if let failure { throw failure }
        return used
    }
}
