import XCTest
import Codecs
import WSFrame

/// RFC 6455 framing rules, one table of vectors per rule. Expected items and close codes come from the RFC
/// (§5.2–§5.7, §7.4) and the close-code table; every vector is also decoded at every split point.
final class FrameRuleVectorTests: XCTestCase {
    struct Vector {
        var name: String
        var role: WebSocketRole
        var input: [UInt8]
        var expected: [String]
        var limits = WebSocketLimits()
        var deflate: PerMessageDeflateParameters?
    }

    static let key = WebSocketMaskingKey(0x37, 0xFA, 0x21, 0x3D)

    /// Runs a table: whole input, then split at every point into two pieces, then 1 byte at a time.
    func check(_ vectors: [Vector], file: StaticString = #filePath, line: UInt = #line) {
        for vector in vectors {
            let whole = decodeAll(vector.input, role: vector.role, deflate: vector.deflate, limits: vector.limits)
            XCTAssertEqual(whole, vector.expected, vector.name, file: file, line: line)
            // Every split point; long inputs are sampled (every 97th point) to keep the suite fast.
            let step = vector.input.count > 2048 ? 97 : 1
            for split in stride(from: 0, through: vector.input.count, by: step) {
                let pieces = [split, vector.input.count - split].filter { $0 > 0 }
                let got = decodeAll(vector.input, role: vector.role, deflate: vector.deflate, limits: vector.limits,
                                    pieces: pieces)
                XCTAssertEqual(got, vector.expected, "\(vector.name) split at \(split)", file: file, line: line)
            }
            guard vector.input.count <= 4096 else { continue }
            let bytewise = decodeAll(vector.input, role: vector.role, deflate: vector.deflate, limits: vector.limits,
                                     pieces: Array(repeating: 1, count: vector.input.count))
            XCTAssertEqual(bytewise, vector.expected, "\(vector.name) 1-byte chunks", file: file, line: line)
        }
    }

    func testRFC6455Section5_7ExamplesDecode() {
        let vectors: [Vector] = [
            Vector(name: "unmasked text Hello", role: .client, input: hex("81 05 48 65 6c 6c 6f"), expected: ["text:Hello"]),
            Vector(name: "masked text Hello", role: .server, input: hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"),
                   expected: ["text:Hello"]),
            Vector(name: "fragmented unmasked text", role: .client, input: hex("01 03 48 65 6c 80 02 6c 6f"),
                   expected: ["text:Hello"]),
            Vector(name: "unmasked ping", role: .client, input: hex("89 05 48 65 6c 6c 6f"), expected: ["ping:Hello"]),
            Vector(name: "masked pong", role: .server, input: hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"),
                   expected: ["pong:Hello"]),
            Vector(name: "256-byte binary, 16-bit length", role: .client,
                   input: hex("82 7e 01 00") + [UInt8](repeating: 7, count: 256), expected: ["binary:256:7,7,7,7,7,7,7,7"]),
            Vector(name: "64 KiB binary, 64-bit length", role: .client,
                   input: hex("82 7f 00 00 00 00 00 01 00 00") + [UInt8](repeating: 9, count: 65536),
                   expected: ["binary:65536:9,9,9,9,9,9,9,9"]),
        ]
        check(vectors)
    }

    func testNonMinimalLengthEncodingsAreAccepted() {
        check([
            Vector(name: "5 bytes in 16-bit form", role: .client, input: hex("81 7e 00 05 48 65 6c 6c 6f"),
                   expected: ["text:Hello"]),
            Vector(name: "5 bytes in 64-bit form", role: .client, input: hex("81 7f 00 00 00 00 00 00 00 05 48 65 6c 6c 6f"),
                   expected: ["text:Hello"]),
        ])
    }

    func testSixtyFourBitLengthWithMostSignificantBitSetFailsWith1002() {
        check([
            Vector(name: "MSB set", role: .client, input: hex("82 7f 80 00 00 00 00 00 00 01"),
                   expected: ["error:ws-length-high-bit:1002@0"]),
        ])
    }

    func testMaskingFollowsRole() {
        check([
            Vector(name: "server gets unmasked frame", role: .server, input: hex("81 05 48 65 6c 6c 6f"),
                   expected: ["error:ws-unmasked-client-frame:1002@0"]),
            Vector(name: "client gets masked frame", role: .client, input: hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"),
                   expected: ["error:ws-masked-server-frame:1002@0"]),
        ])
    }

    func testReservedBitsWithoutExtensionFailWith1002() {
        var vectors: [Vector] = []
        for (bit, rsv) in [(UInt8(0x40), 4), (0x20, 2), (0x10, 1)] {
            vectors.append(Vector(name: "rsv \(rsv) on text", role: .client, input: frame(0x81 | bit, Array("Hi".utf8)),
                                  expected: ["error:ws-reserved-bits:1002@0"]))
        }
        let deflate = PerMessageDeflateParameters()
        vectors.append(Vector(name: "rsv1 on continuation with deflate", role: .client,
                              input: frame(0x01, []) + frame(0xC0, []), expected: ["error:ws-reserved-bits:1002@2"],
                              deflate: deflate))
        vectors.append(Vector(name: "rsv1 on ping with deflate", role: .client, input: frame(0xC9, []),
                              expected: ["error:ws-reserved-bits:1002@0"], deflate: deflate))
        vectors.append(Vector(name: "rsv2 with deflate", role: .client, input: frame(0xA1, []),
                              expected: ["error:ws-reserved-bits:1002@0"], deflate: deflate))
        check(vectors)
    }

    func testReservedOpcodesFailWith1002() {
        let vectors = [3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF].map { (opcode: UInt8) in
            Vector(name: "opcode \(opcode)", role: .client, input: frame(0x80 | opcode, []),
                   expected: ["error:ws-reserved-opcode:1002@0"])
        }
        check(vectors)
    }

    func testControlFrameRules() {
        check([
            Vector(name: "ping of 125 bytes", role: .client, input: frame(0x89, [UInt8](repeating: 0x61, count: 125)),
                   expected: ["ping:" + String(repeating: "a", count: 125)]),
            Vector(name: "ping of 126 bytes", role: .client, input: frame(0x89, [UInt8](repeating: 0x61, count: 126)),
                   expected: ["error:ws-control-frame-too-long:1002@0"]),
            Vector(name: "close of 126 bytes", role: .client, input: frame(0x88, [0x03, 0xE8] + [UInt8](repeating: 0x61, count: 124)),
                   expected: ["error:ws-control-frame-too-long:1002@0"]),
            Vector(name: "fragmented ping", role: .client, input: frame(0x09, Array("a".utf8)),
                   expected: ["error:ws-fragmented-control-frame:1002@0"]),
            Vector(name: "ping interleaved in a fragmented message", role: .client,
                   input: frame(0x01, Array("Hel".utf8)) + frame(0x89, Array("p".utf8)) + frame(0x80, Array("lo".utf8)),
                   expected: ["ping:p", "text:Hello"]),
            Vector(name: "close interleaved in a fragmented message", role: .client,
                   input: frame(0x01, Array("Hel".utf8)) + closeFrame(1000) + frame(0x80, Array("lo".utf8)),
                   expected: ["close:1000:"]),
        ])
    }

    func testContinuationRules() {
        check([
            Vector(name: "continuation without a message", role: .client, input: frame(0x80, Array("x".utf8)),
                   expected: ["error:ws-unexpected-continuation:1002@0"]),
            Vector(name: "text while a message is in progress", role: .client,
                   input: frame(0x01, Array("a".utf8)) + frame(0x81, Array("b".utf8)),
                   expected: ["error:ws-expected-continuation:1002@3"]),
            Vector(name: "binary while a message is in progress", role: .client,
                   input: frame(0x02, [1]) + frame(0x82, [2]), expected: ["error:ws-expected-continuation:1002@3"]),
            Vector(name: "empty fragments", role: .client,
                   input: frame(0x01, []) + frame(0x00, []) + frame(0x80, []), expected: ["text:"]),
            Vector(name: "binary fragments", role: .client,
                   input: frame(0x02, [1, 2]) + frame(0x00, [3]) + frame(0x80, [4]), expected: ["binary:4:1,2,3,4"]),
        ])
    }

    func testClosePayloadRules() {
        var vectors: [Vector] = [
            Vector(name: "empty close", role: .client, input: frame(0x88, []), expected: ["close:none:"]),
            Vector(name: "1-byte close", role: .client, input: frame(0x88, [0x03]),
                   expected: ["error:ws-close-payload-too-short:1002@0"]),
            Vector(name: "close with reason", role: .client, input: closeFrame(1000, Array("bye".utf8)),
                   expected: ["close:1000:bye"]),
            Vector(name: "close reason invalid UTF-8", role: .client, input: closeFrame(1000, [0x61, 0xFF]),
                   expected: ["error:invalid-utf8:1007@5"]),
            Vector(name: "bytes after close are ignored", role: .client,
                   input: closeFrame(1000) + frame(0x81, Array("late".utf8)) + [0xFF, 0xFF], expected: ["close:1000:"]),
        ]
        // RFC 6455 §7.4 and the IANA registry: valid on the wire are 1000–1003, 1007–1014 and 3000–4999.
        let valid: [UInt16] = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999]
        let invalid: [UInt16] = [0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535]
        for code in valid {
            vectors.append(Vector(name: "close \(code)", role: .client, input: closeFrame(code), expected: ["close:\(code):"]))
        }
        for code in invalid {
            vectors.append(Vector(name: "close \(code)", role: .client, input: closeFrame(code),
                                  expected: ["error:ws-invalid-close-code:1002@2"]))
        }
        check(vectors)
    }

    func testInvalidUTF8FailsFastWith1007() {
        check([
            Vector(name: "bad byte in single frame", role: .client, input: frame(0x81, [0x48, 0xFF, 0x48]),
                   expected: ["error:invalid-utf8:1007@3"]),
            // The first fragment is bad; the message never completes, yet it fails (fail-fast across fragments).
            Vector(name: "bad byte in first fragment", role: .client, input: frame(0x01, [0x48, 0xC0]),
                   expected: ["error:invalid-utf8:1007@3"]),
            // The frame is cut short after the bad byte: the error must come before the frame completes.
            Vector(name: "bad byte before the frame completes", role: .client,
                   input: Array(frame(0x81, [0x48, 0xED, 0xA0, 0x80, 0x41, 0x42]).prefix(5)),
                   expected: ["error:invalid-utf8:1007@4"]),
            Vector(name: "code point split across fragments", role: .client,
                   input: frame(0x01, [0xE2, 0x82]) + frame(0x80, [0xAC]), expected: ["text:€"]),
            Vector(name: "message ends inside a code point", role: .client,
                   input: frame(0x01, [0x61, 0xE2]) + frame(0x80, [0x82]), expected: ["error:invalid-utf8:1007@7"]),
            Vector(name: "masked bad byte (server)", role: .server, input: frame(0x81, masked: Self.key, [0x61, 0xF5]),
                   expected: ["error:invalid-utf8:1007@7"]),
            Vector(name: "binary is not checked", role: .client, input: frame(0x82, [0xFF]), expected: ["binary:1:ff"]),
        ])
    }

    func testLimitsFailWith1009NeverTruncate() {
        var limits = WebSocketLimits()
        limits.maxMessageSize = 10
        limits.maxFramePayload = 8
        limits.maxFragments = 3
        check([
            Vector(name: "frame at the limit", role: .client, input: frame(0x82, [UInt8](repeating: 1, count: 8)),
                   expected: ["binary:8:1,1,1,1,1,1,1,1"], limits: limits),
            Vector(name: "frame one over", role: .client, input: frame(0x82, [UInt8](repeating: 1, count: 9)),
                   expected: ["error:ws-frame-too-large:1009@0"], limits: limits),
            Vector(name: "message at the limit", role: .client,
                   input: frame(0x02, [UInt8](repeating: 1, count: 5)) + frame(0x80, [UInt8](repeating: 2, count: 5)),
                   expected: ["binary:10:1,1,1,1,1,2,2,2"], limits: limits),
            Vector(name: "message one over", role: .client,
                   input: frame(0x02, [UInt8](repeating: 1, count: 5)) + frame(0x80, [UInt8](repeating: 2, count: 6)),
                   expected: ["error:ws-message-too-large:1009@7"], limits: limits),
            Vector(name: "too many fragments", role: .client,
                   input: frame(0x02, [1]) + frame(0x00, [2]) + frame(0x00, [3]) + frame(0x80, [4]),
                   expected: ["error:ws-too-many-fragments:1009@9"], limits: limits),
        ])
    }

    func testStreamEndingInsideAFrameOrMessageFails() {
        check([
            Vector(name: "cut inside header", role: .client, input: hex("81"), expected: ["error:ws-unexpected-eof:1006@1"]),
            Vector(name: "cut inside payload", role: .client, input: hex("81 05 48 65"),
                   expected: ["error:ws-unexpected-eof:1006@4"]),
            Vector(name: "cut between fragments", role: .client, input: frame(0x01, Array("a".utf8)),
                   expected: ["error:ws-unexpected-eof:1006@3"]),
            Vector(name: "clean end between messages", role: .client, input: frame(0x81, Array("a".utf8)),
                   expected: ["text:a"]),
        ])
    }
}
