import Codecs
import XCTest
import WSFrame

/// RFC 6455 §4: the opening handshake, client and server side.
final class HandshakeTests: XCTestCase {
    /// RFC 6455 §1.3's example key and accept value.
    func testAcceptValueMatchesRFC6455Section1_3Example() {
        XCTAssertEqual(WebSocketAccept.value(forKey: "dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    func testRandomKeysAreSixteenBytesAndFresh() {
        let keys = (0..<10).map { _ in WebSocketAccept.randomKey() }
        XCTAssertTrue(keys.allSatisfy(WebSocketAccept.isValidKey))
        XCTAssertEqual(Set(keys).count, 10)
    }

    func testClientRequestCarriesEveryOption() throws {
        let handshake = try WebSocketClientHandshake(
            host: "central.example:8443", target: "/streaming/api?x=1", origin: "https://example.org",
            subprotocols: ["chat", "superchat"], deflate: PerMessageDeflateOffer(),
            extraHeaders: [HTTPHeaderField(name: "Authorization", value: "Bearer abc.def")],
            key: "dGhlIHNhbXBsZSBub25jZQ==")
        let text = String(decoding: handshake.requestBytes, as: UTF8.self)
        XCTAssertEqual(text, """
            GET /streaming/api?x=1 HTTP/1.1\r
            Host: central.example:8443\r
            Upgrade: websocket\r
            Connection: Upgrade\r
            Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
            Sec-WebSocket-Version: 13\r
            Origin: https://example.org\r
            Sec-WebSocket-Protocol: chat, superchat\r
            Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r
            Authorization: Bearer abc.def\r
            \r

            """)
    }

    func testHeaderValuesWithCRLFAreRejected() {
        let attempts: [() throws -> WebSocketClientHandshake] = [
            { try WebSocketClientHandshake(host: "a\r\nX: y") },
            { try WebSocketClientHandshake(host: "a", origin: "o\nX: y") },
            { try WebSocketClientHandshake(host: "a", extraHeaders: [HTTPHeaderField(name: "Authorization", value: "Bearer x\r\nEvil: 1")]) },
            { try WebSocketClientHandshake(host: "a", extraHeaders: [HTTPHeaderField(name: "Bad Name", value: "x")]) },
            { try WebSocketClientHandshake(host: "a", target: "/a b") },
            { try WebSocketClientHandshake(host: "a", subprotocols: ["a,b"]) },
        ]
        for attempt in attempts {
            XCTAssertThrowsError(try attempt()) { error in
                XCTAssertEqual((error as? WebSocketHandshakeError)?.code, "ws-handshake-invalid-header-value")
            }
        }
    }

    func response(_ lines: [String], body: String = "") -> [UInt8] {
        Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    func read(_ handshake: WebSocketClientHandshake, _ bytes: [UInt8], eof: Bool = false,
              pieces: Int = 1) -> Result<WebSocketClientHandshakeReader.Upgrade, WebSocketHandshakeError>? {
        var reader = WebSocketClientHandshakeReader(handshake: handshake)
        do throws(WebSocketHandshakeError) {
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + pieces)
                if let upgrade = try reader.feed(Array(bytes[start..<end])) {
                    var upgrade = upgrade
                    upgrade.leftover += bytes[end...]
                    return .success(upgrade)
                }
                start = end
            }
            if eof { try reader.feedEOF() }
            return nil
        } catch {
            return .failure(error)
        }
    }

    func testResponseValidation() throws {
        let handshake = try WebSocketClientHandshake(host: "h", subprotocols: ["chat"], deflate: PerMessageDeflateOffer(),
                                                     key: "dGhlIHNhbXBsZSBub25jZQ==")
        let accept = "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        let cases: [(String, [String], String?)] = [
            ("minimal", ["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade", accept], nil),
            ("tokens case-insensitive", ["HTTP/1.1 101 OK", "upgrade: WebSocket", "CONNECTION: keep-alive, UPGRADE", accept], nil),
            ("missing upgrade", ["HTTP/1.1 101 OK", "Connection: Upgrade", accept], "ws-handshake-invalid-header"),
            ("missing connection", ["HTTP/1.1 101 OK", "Upgrade: websocket", accept], "ws-handshake-invalid-header"),
            ("wrong accept", ["HTTP/1.1 101 OK", "Upgrade: websocket", "Connection: Upgrade",
                              "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA="], "ws-handshake-accept-mismatch"),
            ("protocol offered", ["HTTP/1.1 101 OK", "Upgrade: websocket", "Connection: Upgrade", accept,
                                  "Sec-WebSocket-Protocol: chat"], nil),
            ("protocol not offered", ["HTTP/1.1 101 OK", "Upgrade: websocket", "Connection: Upgrade", accept,
                                      "Sec-WebSocket-Protocol: other"], "ws-handshake-protocol-not-offered"),
            ("extension offered", ["HTTP/1.1 101 OK", "Upgrade: websocket", "Connection: Upgrade", accept,
                                   "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10"], nil),
            ("extension not offered", ["HTTP/1.1 101 OK", "Upgrade: websocket", "Connection: Upgrade", accept,
                                       "Sec-WebSocket-Extensions: x-webkit-deflate-frame"], "ws-handshake-extension-not-offered"),
            ("folded header", ["HTTP/1.1 101 OK", "Upgrade: websocket", " continued", "Connection: Upgrade", accept],
             "http-malformed-head"),
        ]
        for (name, lines, expectedError) in cases {
            for pieces in [1, 7, 10_000] {
                switch read(handshake, response(lines) + [0x81, 0x00], pieces: pieces) {
                case let .success(upgrade)?:
                    XCTAssertNil(expectedError, name)
                    XCTAssertEqual(upgrade.leftover, [0x81, 0x00], name)
                case let .failure(error)?:
                    XCTAssertEqual(error.code, expectedError, name)
                case nil:
                    XCTFail("\(name): no outcome")
                }
            }
        }
        if case let .success(upgrade)? = read(handshake, response(["HTTP/1.1 101 OK", "Upgrade: websocket",
                "Connection: Upgrade", accept, "Sec-WebSocket-Protocol: chat",
                "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10"])) {
            XCTAssertEqual(upgrade.result.subprotocol, "chat")
            XCTAssertEqual(upgrade.result.deflate, PerMessageDeflateParameters(serverMaxWindowBits: 10))
        } else {
            XCTFail("expected an upgrade")
        }
    }

    func testNon101StatusIsATypedErrorWithStatusHeadersAndBody() throws {
        let handshake = try WebSocketClientHandshake(host: "h")
        for status in [401, 403, 404, 500, 503] {
            let bytes = response(["HTTP/1.1 \(status) Nope", "Content-Length: 13", "WWW-Authenticate: Bearer"],
                                 body: "{\"code\":40}\r\n")
            for pieces in [1, 5, 10_000] {
                guard case let .failure(error)? = read(handshake, bytes, pieces: pieces),
                      case let .unexpectedStatus(got, reason, headers, body) = error.kind else {
                    XCTFail("\(status): expected unexpectedStatus")
                    continue
                }
                XCTAssertEqual(got, status)
                XCTAssertEqual(reason, "Nope")
                XCTAssertEqual(headers.values(named: "www-authenticate"), ["Bearer"])
                XCTAssertEqual(String(decoding: body, as: UTF8.self), "{\"code\":40}\r\n")
            }
        }
        // Without Content-Length the body runs to EOF.
        guard case let .failure(error)? = read(handshake, response(["HTTP/1.1 403 Forbidden"], body: "denied"), eof: true),
              case let .unexpectedStatus(403, _, _, body) = error.kind else {
            return XCTFail("expected 403")
        }
        XCTAssertEqual(body, Array("denied".utf8))
    }

    /// RFC 9110 §15.3.5 / §15.4.5: 204 and 304 carry no content, so bytes after their head are not a body, however
    /// they arrive; RFC 9112 §6.3: a Content-Length that is not 1*DIGIT is no length (the body runs to EOF). Both
    /// came from the FuzzWSHandshake campaign (Fuzz/FailCases/FuzzWSHandshake: a negative length trapped).
    func testBodylessStatusesAndInvalidContentLengthsGiveTheSameBodyInAnyChunking() throws {
        let handshake = try WebSocketClientHandshake(host: "h")
        let cases: [(head: [String], after: String, body: String)] = [
            (["HTTP/1.1 204 No Content"], "junk after the head", ""),
            (["HTTP/1.1 304 Not Modified", "Content-Length: 5"], "12345", ""),
            (["HTTP/1.1 401 Unauthorized", "Content-Length: -1"], "denied", "denied"),
            (["HTTP/1.1 401 Unauthorized", "Content-Length: +3"], "denied", "denied"),
            (["HTTP/1.1 401 Unauthorized", "Content-Length: 99999999999999999999999"], "denied", "denied"),
            (["HTTP/1.1 401 Unauthorized", "Content-Length: 3"], "denied", "den"),
        ]
        for (head, after, expected) in cases {
            for pieces in [1, 3, 10_000] {
                guard case let .failure(error)? = read(handshake, response(head, body: after), eof: true, pieces: pieces),
                      case let .unexpectedStatus(_, _, _, body) = error.kind else {
                    XCTFail("\(head): expected unexpectedStatus")
                    continue
                }
                XCTAssertEqual(String(decoding: body, as: UTF8.self), expected, "\(head) in pieces of \(pieces)")
            }
        }
    }

    func testServerAcceptsValidRequestAndBuildsResponse() throws {
        let client = try WebSocketClientHandshake(host: "h", subprotocols: ["chat"],
                                                  deflate: PerMessageDeflateOffer(), key: "dGhlIHNhbXBsZSBub25jZQ==")
        let request = try HTTPHeadReader.parseRequest(client.requestBytes)
        let server = WebSocketServerHandshake(subprotocols: ["chat"], deflate: PerMessageDeflateServerPolicy())
        let acceptance = try server.accept(request)
        let text = String(decoding: acceptance.responseBytes, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 101 Switching Protocols\r\n"))
        XCTAssertTrue(text.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"))
        // The client accepts what the server built.
        guard case let .success(upgrade)? = read(client, acceptance.responseBytes) else { return XCTFail("no upgrade") }
        XCTAssertEqual(upgrade.result.subprotocol, "chat")
        XCTAssertEqual(upgrade.result.deflate, PerMessageDeflateParameters())
    }

    func testServerMatchesSubprotocolsCaseSensitively() throws {
        // RFC 6455 §11.5: subprotocol names are compared case-sensitively; the server's preference order decides.
        let cases: [(offered: String, ours: [String], chosen: String?)] = [
            ("chat", ["chat"], "chat"),
            ("Chat", ["chat"], nil),
            ("chat", ["Chat"], nil),
            ("v1.json, v2.json", ["v2.json", "v1.json"], "v2.json"),
            ("v1.JSON,  v2.json", ["v1.json", "v2.json"], "v2.json"),
        ]
        for (offered, ours, chosen) in cases {
            let text = "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: \(offered)\r\n\r\n"
            let request = try HTTPHeadReader.parseRequest(Array(text.utf8))
            let acceptance = try WebSocketServerHandshake(subprotocols: ours).accept(request)
            XCTAssertEqual(acceptance.result.subprotocol, chosen, "\(offered) vs \(ours)")
        }
    }

    func testServerErrorResponseCarriesHeadersThatTheClientSurfaces() throws {
        let client = try WebSocketClientHandshake(host: "h", key: "dGhlIHNhbXBsZSBub25jZQ==")
        let bytes = try WebSocketServerHandshake.errorResponse(
            status: 401, reason: "Unauthorized",
            headers: [HTTPHeaderField(name: "WWW-Authenticate", value: "Bearer error=\"invalid_token\"")],
            body: "{\"code\":40}")
        guard case let .failure(error)? = read(client, bytes),
              case let .unexpectedStatus(401, _, headers, body) = error.kind else {
            return XCTFail("expected a 401 failure")
        }
        XCTAssertEqual(headers.values(named: "www-authenticate"), ["Bearer error=\"invalid_token\""])
        XCTAssertEqual(body, Array("{\"code\":40}".utf8))
        for field in [HTTPHeaderField(name: "X-A", value: "a\r\nInjected: 1"), HTTPHeaderField(name: "Bad Name", value: "v")] {
            XCTAssertThrowsError(try WebSocketServerHandshake.errorResponse(status: 401, reason: "Unauthorized",
                                                                            headers: [field]))
        }
    }

    func testServerRejectsInvalidRequests() throws {
        let base = ["Host: h", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                    "Sec-WebSocket-Version: 13"]
        let cases: [(String, [String])] = [
            ("POST / HTTP/1.1", base),
            ("GET / HTTP/1.0", base),
            ("GET / HTTP/1.1", base.filter { !$0.hasPrefix("Host") }),
            ("GET / HTTP/1.1", base.filter { !$0.hasPrefix("Upgrade") }),
            ("GET / HTTP/1.1", base.filter { !$0.hasPrefix("Connection") }),
            ("GET / HTTP/1.1", base.map { $0.hasPrefix("Sec-WebSocket-Key") ? "Sec-WebSocket-Key: c2hvcnQ=" : $0 }),
            ("GET / HTTP/1.1", base.map { $0.hasPrefix("Sec-WebSocket-Version") ? "Sec-WebSocket-Version: 8" : $0 }),
        ]
        for (line, headers) in cases {
            let head = Array(([line] + headers).joined(separator: "\r\n").utf8) + Array("\r\n\r\n".utf8)
            XCTAssertThrowsError(try WebSocketServerHandshake().accept(try HTTPHeadReader.parseRequest(head)), line)
        }
        let head = Array((["GET / HTTP/1.1"] + base).joined(separator: "\r\n").utf8) + Array("\r\n\r\n".utf8)
        XCTAssertNoThrow(try WebSocketServerHandshake().accept(try HTTPHeadReader.parseRequest(head)))
    }

    func testHeadLimitIsEnforced() {
        var reader = HTTPHeadReader(limit: 64)
        let bytes = [UInt8](repeating: 0x61, count: 65)
        XCTAssertThrowsError(try bytes.withUnsafeBytes { try reader.feed($0) })
    }
}
