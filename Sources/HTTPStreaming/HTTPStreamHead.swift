import NIOHTTP1

/// The head of an accepted streaming response, handed to `onOpen` before the first item: the moment a connection
/// attempt has succeeded (what a reconnect supervisor's `attemptSucceeded` is fed).
public struct HTTPStreamHead: Sendable {
    /// The status code (2xx).
    public var status: Int
    /// The response headers.
    public var headers: HTTPHeaders

    public init(status: Int, headers: HTTPHeaders) {
        self.status = status
        self.headers = headers
    }
}
