import XCTest

@testable import WebSocketNIO

/// `WebSocketURL` against RFC 6455 §3 (ws/wss URIs, default ports, no fragment) and RFC 7230 Host rules.
final class WebSocketURLTests: XCTestCase {
    func testValidURLsGiveHostPortTargetAndHostHeader() throws {
        let vectors: [(String, WebSocketURL.Scheme, String, Int, String, String)] = [
            ("ws://example.com", .ws, "example.com", 80, "/", "example.com"),
            ("ws://example.com/chat", .ws, "example.com", 80, "/chat", "example.com"),
            ("wss://example.com/a?b=1&c=2", .wss, "example.com", 443, "/a?b=1&c=2", "example.com"),
            ("ws://127.0.0.1:9001/runCase?case=3&agent=x", .ws, "127.0.0.1", 9001, "/runCase?case=3&agent=x", "127.0.0.1:9001"),
            ("WS://Example.com:80/", .ws, "Example.com", 80, "/", "Example.com"),
            ("ws://[::1]:8080/x", .ws, "::1", 8080, "/x", "[::1]:8080"),
            ("wss://h:443/p%20q", .wss, "h", 443, "/p%20q", "h"),
        ]
        for (string, scheme, host, port, target, hostHeader) in vectors {
            let url = try WebSocketURL(string)
            XCTAssertEqual(url.scheme, scheme, string)
            XCTAssertEqual(url.host, host, string)
            XCTAssertEqual(url.port, port, string)
            XCTAssertEqual(url.requestTarget, target, string)
            XCTAssertEqual(url.hostHeader, hostHeader, string)
        }
    }

    func testInvalidURLsAreRejected() {
        for string in ["http://example.com", "example.com", "ws://", "ws://host/#frag", "ws://host:0/", ""] {
            XCTAssertThrowsError(try WebSocketURL(string), string)
        }
    }

    /// TLS is the default (`TLSClientOptions()`); a configuration that removes it cannot open `wss://`.
    func testWssWithoutTransportSecurityFailsWithTLSUnavailable() async {
        var configuration = WebSocketClientConfiguration()
        configuration.transportSecurity = nil
        do {
            _ = try await WebSocketClient.connect(to: "wss://127.0.0.1:1/", configuration: configuration)
            XCTFail("wss without a TLS provider must fail")
        } catch let error as WebSocketClientError {
            XCTAssertEqual(error, .tlsUnavailable)
        } catch {
            XCTFail("unexpected \(error)")
        }
    }
}
