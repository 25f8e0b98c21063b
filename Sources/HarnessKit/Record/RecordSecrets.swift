import Foundation

/// The secrets rule of `harness record` (issue 18): Authorization headers, tokens, passwords and `?token=` /
/// `api_key` values never reach a fixture. The fixture's own fields never carry them (only the URL's path is
/// kept, and only the response headers in `replayableHeaders`); the payload is the server's, so every configured
/// or observed secret is searched for in every file before anything is written.
public enum RecordSecrets {
    /// Response header fields a fixture keeps, because a replaying mock needs them (Event Streamer's
    /// `X-Connection-Id` names the connection in control-plane paths) and they carry no credential.
    public static let replayableHeaders: Set<String> = ["content-type", "x-connection-id", "cache-control"]

    /// Query keys whose values are credentials (`URLRedaction`'s list and the services' own).
    static let credentialQueryKeys: Set<String> = [
        "token", "access_token", "api_key", "apikey", "key", "auth", "password", "secret", "jwt",
    ]

    /// Secrets shorter than this are not searched for: a 1–3 byte value matches ordinary text by chance, and is
    /// no credential worth the name.
    public static let minimumSearchLength = 4

    /// The values of credential query keys in `url` (percent-decoded and as written).
    static func credentialQueryValues(_ url: String) -> [String] {
        guard let components = URLComponents(string: url) else { return [] }
        var values: [String] = []
        for item in components.queryItems ?? [] where credentialQueryKeys.contains(item.name.lowercased()) {
            if let value = item.value, !value.isEmpty { values.append(value) }
        }
        if let password = components.password, !password.isEmpty { values.append(password) }
        for item in components.percentEncodedQueryItems ?? [] where credentialQueryKeys.contains(item.name.lowercased()) {
            if let value = item.value, !value.isEmpty { values.append(value) }
        }
        return values
    }

    /// The secrets `options` configure: `--token` (or the token file's content), passwords, API secrets and
    /// keys, client secrets, sensitive `--header` values and credential query values of the URL.
    static func configured(_ options: ConnectOptions) -> Set<String> {
        var values: [String?] = [options.token, options.password, options.apiSecret, options.apiKey, options.clientSecret]
        if let path = options.tokenFile, let text = try? String(contentsOfFile: path, encoding: .utf8) {
            values.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if let headers = try? options.parsedHeaders() {
            for header in headers where header.isSensitive {
                values.append(header.value.revealed)
                // `Bearer T`: the token alone too.
                if let space = header.value.revealed.firstIndex(of: " ") {
                    values.append(String(header.value.revealed[header.value.revealed.index(after: space)...]))
                }
            }
        }
        values += credentialQueryValues(options.url)
        return Set(values.compactMap { $0 }.filter { !$0.isEmpty })
    }

    /// The secrets worth searching for: long enough, and each also as its `Bearer` value's token part.
    static func searchable(_ secrets: Set<String>) -> [[UInt8]] {
        var result: Set<[UInt8]> = []
        for secret in secrets {
            var forms = [secret]
            if secret.lowercased().hasPrefix("bearer ") { forms.append(String(secret.dropFirst(7))) }
            for form in forms where form.utf8.count >= minimumSearchLength { result.insert(Array(form.utf8)) }
        }
        return result.sorted { $0.count > $1.count || ($0.count == $1.count && $0.lexicographicallyPrecedes($1)) }
    }

    /// Whether any of `secrets` occurs in `bytes`.
    static func contains(_ bytes: [UInt8], anyOf secrets: [[UInt8]]) -> Bool {
        secrets.contains { occurs($0, in: bytes) }
    }

    /// Whether `needle` occurs in `haystack` (first-byte scan, then compare).
    static func occurs(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
