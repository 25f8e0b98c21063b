import Codecs
import StreamTesting
@testable import WSFrame
import XCTest

/// RFC 7692: the §7.2.3 examples, negotiation rules of §7.1, context takeover and the decompression bound.
final class PerMessageDeflateTests: XCTestCase {
    let deflate = PerMessageDeflateParameters()

    func testRFC7692Section7_2_3ExamplesDecode() {
        let vectors: [(String, [UInt8], [String])] = [
            ("7.2.3.1 one compressed frame", hex("c1 07 f2 48 cd c9 c9 07 00"), ["text:Hello"]),
            ("7.2.3.1 two fragments", hex("41 03 f2 48 cd 80 04 c9 c9 07 00"), ["text:Hello"]),
            ("7.2.3.2 shared LZ77 window", hex("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00"),
             ["text:Hello", "text:Hello"]),
            ("7.2.3.3 stored block", hex("c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00"), ["text:Hello"]),
            ("7.2.3.4 BFINAL set", hex("c1 08 f3 48 cd c9 c9 07 00 00"), ["text:Hello"]),
            ("7.2.3.5 two DEFLATE blocks", hex("c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00"), ["text:Hello"]),
            ("7.2.3.6 empty message", hex("c1 01 00"), ["text:"]),
            ("uncompressed message beside compressed ones", hex("81 02 48 69 c1 07 f2 48 cd c9 c9 07 00"),
             ["text:Hi", "text:Hello"]),
        ]
        for (name, input, expected) in vectors {
            XCTAssertEqual(decodeAll(input, role: .client, deflate: deflate), expected, name)
            XCTAssertEqual(decodeAll(input, role: .client, deflate: deflate, pieces: Array(repeating: 1, count: input.count)),
                           expected, "\(name) 1-byte")
        }
    }

    func testSharedWindowNeedsContextTakeover() {
        // With server_no_context_takeover the second 7.2.3.2 message refers to a window the client must have
        // dropped, so it cannot decode.
        var parameters = deflate
        parameters.serverNoContextTakeover = true
        let input = hex("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00")
        XCTAssertEqual(decodeAll(input, role: .client, deflate: parameters),
                       ["text:Hello", "error:ws-invalid-compressed-data:1002@9"])
    }

    func testEncoderProducesRFC7692HelloExample() throws {
        let encoder = WebSocketEncoder(role: .server, deflate: deflate)
        var output: [UInt8] = []
        try encoder.writeText("Hello", into: &output)
        XCTAssertEqual(output, hex("c1 07 f2 48 cd c9 c9 07 00"))
        output = []
        try encoder.writeText("", into: &output)
        XCTAssertEqual(output, hex("c1 01 00"))
    }

    func testDecompressionBombFailsWith1009WithoutGrowingPastTheLimit() throws {
        var limits = WebSocketLimits()
        limits.maxMessageSize = 1 << 16
        let encoder = WebSocketEncoder(role: .server, deflate: deflate)
        var input: [UInt8] = []
        try encoder.writeBinary([UInt8](repeating: 0, count: 4 << 20), into: &input)
        XCTAssertLessThan(input.count, 20_000)
        var decoder = makeDecoder(role: .client, limits: limits, deflate: deflate)
        decoder.feed(input)
        XCTAssertThrowsError(try decoder.next()) { error in
            XCTAssertEqual((error as? WebSocketError)?.closeCode, 1009)
        }
        // One byte over the limit also fails; exactly at the limit succeeds.
        for (size, ok) in [(1 << 16, true), ((1 << 16) + 1, false)] {
            var frame: [UInt8] = []
            try encoder.writeBinary([UInt8](repeating: 0x41, count: size), into: &frame)
            let result = decodeAll(frame, role: .client, deflate: deflate, limits: limits)
            XCTAssertEqual(result.first?.hasPrefix("binary:\(size)"), ok, "\(size): \(result)")
        }
    }

    func testInflaterNeverAllocatesBeyondTheLimit() {
        let inflater = ZlibInflater(windowBits: 15)
        let limit = 100_000
        var compressed: [UInt8] = []
        let plain = [UInt8](repeating: 1, count: 1 << 20)
        XCTAssertTrue(plain.withUnsafeBytes { ZlibDeflater(windowBits: 15).compressMessage($0, into: &compressed) })
        XCTAssertThrowsError(try compressed.withUnsafeBytes { try inflater.inflate($0, limit: limit) })
        XCTAssertLessThanOrEqual(inflater.outputCapacity, limit)
        XCTAssertLessThanOrEqual(inflater.outputCount, limit)
    }

    func testInflaterHonoursASmallerLimitAfterItsBufferGrew() throws {
        let inflater = ZlibInflater(windowBits: 15)
        let deflater = ZlibDeflater(windowBits: 15)
        var first: [UInt8] = []
        var second: [UInt8] = []
        XCTAssertTrue([UInt8](repeating: 7, count: 50_000).withUnsafeBytes { deflater.compressMessage($0, into: &first) })
        XCTAssertTrue([UInt8](repeating: 9, count: 1000).withUnsafeBytes { deflater.compressMessage($0, into: &second) })
        try first.withUnsafeBytes { try inflater.inflateFinal($0, limit: 100_000) }
        XCTAssertEqual(inflater.outputCount, 50_000)
        inflater.clearOutput()
        XCTAssertThrowsError(try second.withUnsafeBytes { try inflater.inflateFinal($0, limit: 999) })
        XCTAssertLessThanOrEqual(inflater.outputCount, 999)
    }

    func testRoundTripForEveryNegotiationVariant() throws {
        var random = SplitMix64(seed: 7)
        let variants: [PerMessageDeflateParameters] = [
            PerMessageDeflateParameters(),
            PerMessageDeflateParameters(serverNoContextTakeover: true),
            PerMessageDeflateParameters(clientNoContextTakeover: true),
            PerMessageDeflateParameters(serverNoContextTakeover: true, clientNoContextTakeover: true),
            PerMessageDeflateParameters(serverMaxWindowBits: 8, clientMaxWindowBits: 8),
            PerMessageDeflateParameters(serverMaxWindowBits: 9, clientMaxWindowBits: 12),
            PerMessageDeflateParameters(serverMaxWindowBits: 10, clientMaxWindowBits: 15),
        ]
        for parameters in variants {
            for role in [WebSocketRole.client, .server] {
                let sender: WebSocketRole = role == .client ? .server : .client
                let encoder = WebSocketEncoder(role: sender, deflate: parameters, fragmentSize: 700)
                var stream: [UInt8] = []
                var expected: [String] = []
                for index in 0..<20 {
                    let text = String(repeating: "event \(index) päyload ", count: Int(random.next() % 200))
                    try encoder.writeText(text, into: &stream)
                    expected.append("text:\(text)")
                }
                let pieces = randomPieces(stream.count, maxPiece: 300, using: &random)
                XCTAssertEqual(decodeAll(stream, role: role, deflate: parameters, pieces: pieces), expected,
                               "\(parameters) decoded by \(role)")
            }
        }
    }

    func testWindowBits8OutputStaysWithin256ByteDistances() throws {
        // zlib compresses "8" with a 9-bit window whose match distances stay under 256 (the window-bits-8
        // quirk): python's zlib (a reference peer) can inflate it with wbits=-8; here we check our own inflater
        // with an exact 8-bit window accepts repeated data spaced 300 bytes apart.
        let parameters = PerMessageDeflateParameters(serverMaxWindowBits: 8)
        let encoder = WebSocketEncoder(role: .server, deflate: parameters)
        var random = SplitMix64(seed: 3)
        let block = (0..<300).map { _ in UInt8(truncatingIfNeeded: random.next() % 26 + 97) }
        var stream: [UInt8] = []
        try encoder.writeBinary(block + block + block, into: &stream)
        XCTAssertEqual(decodeAll(stream, role: .client, deflate: parameters).first?.hasPrefix("binary:900"), true)
    }

    func testNegotiatedValueParsing() {
        let good: [(String, PerMessageDeflateParameters)] = [
            ("permessage-deflate", PerMessageDeflateParameters()),
            ("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
             PerMessageDeflateParameters(serverNoContextTakeover: true, clientNoContextTakeover: true)),
            ("permessage-deflate; server_max_window_bits=8; client_max_window_bits=\"10\"",
             PerMessageDeflateParameters(serverMaxWindowBits: 8, clientMaxWindowBits: 10)),
            ("PerMessage-Deflate;Server_Max_Window_Bits=15", PerMessageDeflateParameters()),
        ]
        for (value, expected) in good {
            XCTAssertEqual(try? PerMessageDeflateParameters(negotiated: value), expected, value)
        }
        let bad = [
            "permessage-deflate; server_max_window_bits=7", "permessage-deflate; server_max_window_bits=16",
            "permessage-deflate; server_max_window_bits=08", "permessage-deflate; server_max_window_bits",
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
            "permessage-deflate; server_no_context_takeover=1", "permessage-deflate; unknown",
            "x-webkit-deflate-frame", "permessage-deflate, permessage-deflate", "permessage-deflate;",
        ]
        for value in bad {
            XCTAssertNil(try? PerMessageDeflateParameters(negotiated: value), value)
        }
    }

    /// RFC 7692 §7.1: what a client accepts in the server's response to its offer.
    func testClientChecksResponseAgainstOffer() {
        let cases: [(PerMessageDeflateOffer, String, PerMessageDeflateParameters?)] = [
            (PerMessageDeflateOffer(), "permessage-deflate", PerMessageDeflateParameters()),
            (PerMessageDeflateOffer(), "permessage-deflate; client_max_window_bits=10",
             PerMessageDeflateParameters(clientMaxWindowBits: 10)),
            (PerMessageDeflateOffer(clientMaxWindowBits: .absent), "permessage-deflate; client_max_window_bits=10", nil),
            (PerMessageDeflateOffer(clientMaxWindowBits: .bits(9)), "permessage-deflate",
             PerMessageDeflateParameters(clientMaxWindowBits: 9)),
            (PerMessageDeflateOffer(serverMaxWindowBits: 10), "permessage-deflate; server_max_window_bits=9",
             PerMessageDeflateParameters(serverMaxWindowBits: 9)),
            (PerMessageDeflateOffer(serverMaxWindowBits: 10), "permessage-deflate; server_max_window_bits=11", nil),
            (PerMessageDeflateOffer(serverMaxWindowBits: 10), "permessage-deflate", nil),
            (PerMessageDeflateOffer(serverNoContextTakeover: true), "permessage-deflate", nil),
            (PerMessageDeflateOffer(serverNoContextTakeover: true), "permessage-deflate; server_no_context_takeover",
             PerMessageDeflateParameters(serverNoContextTakeover: true)),
            (PerMessageDeflateOffer(), "permessage-deflate; server_no_context_takeover",
             PerMessageDeflateParameters(serverNoContextTakeover: true)),
            (PerMessageDeflateOffer(clientNoContextTakeover: true), "permessage-deflate",
             PerMessageDeflateParameters(clientNoContextTakeover: true)),
        ]
        for (offer, response, expected) in cases {
            XCTAssertEqual(try? offer.accept(response: response), expected, "\(offer.headerValue) ← \(response)")
        }
        XCTAssertEqual(PerMessageDeflateOffer(serverNoContextTakeover: true, serverMaxWindowBits: 10,
                                              clientMaxWindowBits: .noValue).headerValue,
                       "permessage-deflate; server_no_context_takeover; server_max_window_bits=10; client_max_window_bits")
    }

    /// RFC 7692 §7.1: how a server answers offers, including skipping unacceptable ones.
    func testServerNegotiation() {
        let policy = PerMessageDeflateServerPolicy()
        let cases: [(String, PerMessageDeflateServerPolicy, String?)] = [
            ("permessage-deflate", policy, "permessage-deflate"),
            ("permessage-deflate; client_max_window_bits", policy, "permessage-deflate"),
            ("permessage-deflate; client_max_window_bits",
             PerMessageDeflateServerPolicy(clientMaxWindowBits: 10), "permessage-deflate; client_max_window_bits=10"),
            ("permessage-deflate", PerMessageDeflateServerPolicy(clientMaxWindowBits: 10), "permessage-deflate"),
            ("permessage-deflate; server_max_window_bits=8", policy, "permessage-deflate; server_max_window_bits=8"),
            ("permessage-deflate; server_no_context_takeover", policy, "permessage-deflate; server_no_context_takeover"),
            ("permessage-deflate; client_no_context_takeover", policy, "permessage-deflate; client_no_context_takeover"),
            ("permessage-deflate; server_max_window_bits=20, permessage-deflate; server_max_window_bits=12", policy,
             "permessage-deflate; server_max_window_bits=12"),
            ("permessage-deflate; foo=1", policy, nil),
            ("x-webkit-deflate-frame", policy, nil),
            ("permessage-deflate", PerMessageDeflateServerPolicy(serverNoContextTakeover: true, serverMaxWindowBits: 11),
             "permessage-deflate; server_no_context_takeover; server_max_window_bits=11"),
        ]
        for (offer, policy, expected) in cases {
            let list = WebSocketExtension.parseList(offer) ?? []
            XCTAssertEqual(policy.negotiate(list)?.headerValue, expected, offer)
        }
    }
}
