@testable import HarnessKit
import Testing

/// The recording proxy's boundary scanners (issue 18, `harness record --listen`), on vectors from the RFCs:
/// every chunking of a vector gives the same boundaries at the same stream offsets.
struct ProxyScannerTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            if let byte = UInt8(hex[index..<next], radix: 16) { out.append(byte) }
            index = next
            while index < hex.endIndex, hex[index] == " " { index = hex.index(after: index) }
        }
        return out
    }

    /// Scans `input` cut into pieces of `size`, returning the marks with stream offsets.
    static func frameMarks(_ input: [UInt8], size: Int) throws -> [WebSocketFrameScanner.Mark] {
        var scanner = WebSocketFrameScanner()
        var marks: [WebSocketFrameScanner.Mark] = []
        var base = 0
        while base < input.count {
            let piece = Array(input[base..<min(input.count, base + size)])
            for mark in try scanner.scan(piece) {
                switch mark {
                case .messageStart(let o): marks.append(.messageStart(offset: o + base))
                case .messageEnd(let o): marks.append(.messageEnd(offset: o + base))
                case .controlEnd(let o, let op): marks.append(.controlEnd(offset: o + base, opcode: op))
                }
            }
            base += size
        }
        return marks
    }

    /// RFC 6455 §5.7's examples, and the 16- and 64-bit length forms.
    static let frameVectors: [(String, [UInt8], [WebSocketFrameScanner.Mark])] = [
        ("unmasked text 'Hello'", bytes("81 05 48 65 6c 6c 6f"), [.messageStart(offset: 0), .messageEnd(offset: 7)]),
        ("masked text 'Hello'", bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58"), [.messageStart(offset: 0), .messageEnd(offset: 11)]),
        ("fragmented 'Hel' + 'lo' with a ping between",
         bytes("01 03 48 65 6c 89 05 48 65 6c 6c 6f 80 02 6c 6f"),
         [.messageStart(offset: 0), .controlEnd(offset: 12, opcode: 9), .messageEnd(offset: 16)]),
        ("256-byte binary (16-bit length)", bytes("82 7E 01 00") + [UInt8](repeating: 7, count: 256),
         [.messageStart(offset: 0), .messageEnd(offset: 260)]),
        ("64 KiB binary (64-bit length)", bytes("82 7F 00 00 00 00 00 01 00 00") + [UInt8](repeating: 1, count: 65536),
         [.messageStart(offset: 0), .messageEnd(offset: 65546)]),
        ("close 1000 after an empty text", bytes("81 00 88 02 03 e8"),
         [.messageStart(offset: 0), .messageEnd(offset: 2), .controlEnd(offset: 6, opcode: 8)]),
    ]

    @Test("WebSocket frame boundaries (RFC 6455 §5.2, §5.7), the same in every chunking", arguments: frameVectors.indices)
    func frameBoundaries(index: Int) throws {
        let (name, input, expected) = Self.frameVectors[index]
        for size in [1, 2, 3, 7, input.count] {
            #expect(try Self.frameMarks(input, size: size) == expected, "\(name), pieces of \(size)")
        }
    }

    @Test("a continuation outside a message and an over-limit length stop the scan with stable codes")
    func frameErrors() {
        var scanner = WebSocketFrameScanner()
        #expect(throws: ProxyScanError(code: "proxy-frame-malformed", message: "a continuation frame outside a message")) {
            try scanner.scan(Self.bytes("80 00"))
        }
        var small = WebSocketFrameScanner(maxFrameBytes: 100)
        #expect((try? small.scan(Self.bytes("82 7E 01 00"))) == nil)
    }

    /// De-chunks `input` cut into pieces of `size`: the body and whether the end was found at `input.count`.
    static func dechunk(_ input: [UInt8], size: Int) throws -> ([UInt8], Int?) {
        var scanner = ChunkedBodyScanner()
        var body: [UInt8] = []
        var end: Int?
        var base = 0
        while base < input.count {
            let piece = Array(input[base..<min(input.count, base + size)])
            for mark in try scanner.scan(piece) {
                switch mark {
                case .data(let range): body += piece[range]
                case .end(let offset): end = offset + base
                }
            }
            base += size
        }
        return (body, end)
    }

    @Test("chunked bodies (RFC 9112 §7.1): data, extensions and trailers, in every chunking")
    func chunkedBodies() throws {
        let input = Array("4\r\nWiki\r\n5;name=value\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n".utf8)
        for size in [1, 2, 5, input.count] {
            let (body, end) = try Self.dechunk(input, size: size)
            #expect(String(decoding: body, as: UTF8.self) == "Wikipedia in\r\n\r\nchunks.")
            #expect(end == input.count)
        }
        let open = Array("a\r\n0123456789\r\n".utf8)
        #expect(try Self.dechunk(open, size: 3).1 == nil, "no last chunk yet: the body has not ended")
        for bad in ["zz\r\n", "\r\n", "4\r\nWikiX\r\n", "1000000000000000\r\n"] {
            var scanner = ChunkedBodyScanner()
            #expect(throws: ProxyScanError.self, "\(bad.debugDescription)") { try scanner.scan(Array(bad.utf8)) }
        }
    }

    /// Event ends found with `input` cut into pieces of `size`, as stream offsets.
    static func eventEnds(_ framing: BodyMessageScanner.Framing, _ text: String, size: Int) -> [Int] {
        let input = Array(text.utf8)
        var scanner = BodyMessageScanner(framing)
        var ends: [Int] = []
        var base = 0
        while base < input.count {
            ends += scanner.scan(Array(input[base..<min(input.count, base + size)])).map { $0 + base }
            base += size
        }
        return ends
    }

    @Test("SSE events end at the blank line (WHATWG HTML §9.2.6: LF, CR, CRLF); comment-only blocks are no events")
    func sseEventEnds() {
        let text = "data: a\n\n: keep-alive\n\ndata: b\r\n\r\nid: 1\rdata: c\r\rretry: 5\n"
        // "data: a\n\n" ends at 9; the comment block is skipped; "data: b\r\n\r\n" ends at 34 (after the LF);
        // "id: 1\rdata: c\r\r" ends at 49, the byte after its second CR not being an LF.
        for size in [1, 2, 4, text.utf8.count] {
            #expect(Self.eventEnds(.serverSentEvents, text, size: size) == [9, 34, 49], "pieces of \(size)")
        }
    }

    @Test("NDJSON events are lines; empty lines are none")
    func ndjsonEventEnds() {
        for size in [1, 3, 100] {
            #expect(Self.eventEnds(.lines, "{\"a\":1}\n\n{}\r\n[]\n", size: size) == [8, 13, 16])
        }
    }

    @Test("garbage in place keeps the length: NDJSON lines become '!', SSE data values 0xFF")
    func garbleInPlace() {
        var line = Array("{\"type\":\"heartbeat\"}\n".utf8)
        ProxyFaults.garble(&line, .eventstreamer)
        #expect(line == Array(String(repeating: "!", count: 20).utf8) + [0x0A])
        var event = Array("id: 7\ndata: {\"x\":1}\ndata:ab\n\n".utf8)
        ProxyFaults.garble(&event, .sse)
        #expect(event == Array("id: 7\ndata: ".utf8) + [UInt8](repeating: 0xFF, count: 7) + Array("\ndata:".utf8) + [0xFF, 0xFF] + [0x0A, 0x0A])
    }
}
