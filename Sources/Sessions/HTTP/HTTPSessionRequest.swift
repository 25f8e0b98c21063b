import Reconnect

/// One request header. A credential header (`Authorization`, or any the session marks) renders redacted, so a
/// request can be logged or put in a test failure message without leaking it.
public struct HTTPSessionHeader: Hashable, Sendable, CustomStringConvertible {
    /// The field name as sent.
    public var name: String
    /// The field value as sent.
    public var value: String
    /// Whether the value is a credential (never printed).
    public var isSensitive: Bool

    public init(_ name: String, _ value: String, isSensitive: Bool = false) {
        self.name = name
        self.value = value
        self.isSensitive = isSensitive || name.lowercased() == "authorization"
    }

    public var description: String { "\(name): \(isSensitive ? Secret(value).description : value)" }
}

/// What a session asks the transport to send: method, absolute URL, headers in order, body, and which
/// response media types it accepts. Pure data; the HTTP layer turns it into a request.
public struct HTTPSessionRequest: Hashable, Sendable, CustomStringConvertible {
    /// The request method.
    public enum Method: String, Hashable, Sendable {
        case get = "GET"
        case post = "POST"
    }

    public var method: Method
    /// Absolute `http://` or `https://` URL; it may carry a credential in its query (`?token=`): print
    /// `redactedURL`, never this.
    public var url: String
    public var headers: [HTTPSessionHeader]
    public var body: [UInt8]?
    /// Media types (`type/subtype`, lower case) accepted for a streaming response; nil accepts any.
    public var acceptedContentTypes: [String]?

    public init(
        method: Method = .get, url: String, headers: [HTTPSessionHeader] = [], body: [UInt8]? = nil,
        acceptedContentTypes: [String]? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.acceptedContentTypes = acceptedContentTypes
    }

    /// The value of the first header named `name` (case-insensitive), nil when absent.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// `url` with credential query values redacted (`URLRedaction`).
    public var redactedURL: String { URLRedaction.redact(url) }

    public var description: String {
        "\(method.rawValue) \(redactedURL) [" + headers.map(\.description).joined(separator: ", ") + "]"
    }
}

/// The head of a response as the transport saw it: status and headers in order.
public struct HTTPSessionResponseHead: Hashable, Sendable {
    public var status: Int
    public var headers: [HTTPSessionHeader]

    public init(status: Int, headers: [HTTPSessionHeader] = []) {
        self.status = status
        self.headers = headers
    }

    /// The value of the first header named `name` (case-insensitive), nil when absent.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

/// Where a service takes its token.
public enum TokenPlacement: Hashable, Sendable {
    /// `Authorization: Bearer <token>` (RFC 6750 §2.1).
    case bearerHeader
    /// A query parameter (ctfy `?token=`, service-profiles §4.1); left out when the token is empty.
    case query(name: String)
}
