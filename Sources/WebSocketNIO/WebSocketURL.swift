import Foundation

/// A parsed `ws://` or `wss://` URL: where to connect and what to put in the request line and `Host` header
/// (RFC 6455 §3).
public struct WebSocketURL: Sendable, Hashable {
    /// `ws` (plain TCP) or `wss` (TLS).
    public enum Scheme: String, Sendable, Hashable {
        case ws
        case wss
    }

    public var scheme: Scheme
    /// Host name or IP literal, without brackets.
    public var host: String
    /// TCP port: the URL's, else 80 for `ws` and 443 for `wss`.
    public var port: Int
    /// Path and query for the request line; `/` when the URL has none.
    public var requestTarget: String

    /// `Host` header value: the host, with the port when it is not the scheme's default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        let defaultPort = scheme == .ws ? 80 : 443
        return port == defaultPort ? name : "\(name):\(port)"
    }

    /// Parses `string`; fails with `WebSocketClientError` on another scheme, a missing host or a fragment.
    public init(_ string: String) throws(WebSocketClientError) {
        guard let components = URLComponents(string: string), let schemeName = components.scheme?.lowercased(),
            let scheme = Scheme(rawValue: schemeName)
        else { throw .invalidURL(string, "scheme must be ws or wss") }
        guard let host = components.host, !host.isEmpty else { throw .invalidURL(string, "no host") }
        guard components.fragment == nil else { throw .invalidURL(string, "fragments are not allowed (RFC 6455 §3)") }
        let port = components.port ?? (scheme == .ws ? 80 : 443)
        guard (1...65535).contains(port) else { throw .invalidURL(string, "port \(port) out of range") }
        var target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { target += "?" + query }
        self.scheme = scheme
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = port
        self.requestTarget = target
    }
}
