import Codecs
import Foundation
@testable import HarnessKit
import Testing

/// The harness reads its JSON inputs with the strict `JSONReader`, so message text reaches the decoder byte for
/// byte (issue 12 §2), and Central decodes the topic's payload whatever the Any type URL says (§3).
@Suite struct InputReadingTests {
    /// One vector per code point class: the `--messages` line (as raw UTF-8 JSON) and the payload bytes that
    /// RFC 8259 §7 says its string denotes, written out in UTF-8 by hand (RFC 3629 §3).
    static let textVectors: [(name: String, line: [UInt8], payload: [UInt8])] = [
        ("ASCII", Array(#"{"text":"a<b>"}"#.utf8), [0x61, 0x3C, 0x62, 0x3E]),
        ("raw U+FEFF at the start", [0x7B, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3A, 0x22, 0xEF, 0xBB, 0xBF, 0x3C, 0x22, 0x7D],
         [0xEF, 0xBB, 0xBF, 0x3C]),
        ("raw U+FEFF inside", Array("{\"text\":\"a\u{FEFF}b\"}".utf8), [0x61, 0xEF, 0xBB, 0xBF, 0x62]),
        ("escaped U+FEFF", Array(#"{"text":"\ufeffx"}"#.utf8), [0xEF, 0xBB, 0xBF, 0x78]),
        ("two-byte é", Array("{\"text\":\"\u{E9}\"}".utf8), [0xC3, 0xA9]),
        ("three-byte €", Array("{\"text\":\"\u{20AC}\"}".utf8), [0xE2, 0x82, 0xAC]),
        ("U+2028 raw", Array("{\"text\":\"\u{2028}\"}".utf8), [0xE2, 0x80, 0xA8]),
        ("noncharacter U+FFFF raw", Array("{\"text\":\"\u{FFFF}\"}".utf8), [0xEF, 0xBF, 0xBF]),
        ("U+FFFD raw", Array("{\"text\":\"\u{FFFD}\"}".utf8), [0xEF, 0xBF, 0xBD]),
        ("four-byte U+1F600 raw", Array("{\"text\":\"\u{1F600}\"}".utf8), [0xF0, 0x9F, 0x98, 0x80]),
        ("escaped surrogate pair", Array(#"{"text":"\ud83d\ude00"}"#.utf8), [0xF0, 0x9F, 0x98, 0x80]),
        ("escaped controls", Array(#"{"text":"\u0000\n\t\"\\\/"}"#.utf8), [0x00, 0x0A, 0x09, 0x22, 0x5C, 0x2F]),
        ("combining sequence kept unnormalised", Array("{\"text\":\"e\u{301}\"}".utf8), [0x65, 0xCC, 0x81]),
    ]

    @Test func messageLineTextIsTheExactUTF8OfTheJSONString() throws {
        for vector in Self.textVectors {
            let parsed = try MessageLine.parse(vector.line[...]).get()
            #expect(parsed.payload == vector.payload, "\(vector.name)")
            #expect(parsed.isText, "\(vector.name)")
        }
    }

    /// What RFC 8259 forbids, the line reader refuses: lone surrogates, raw controls, invalid UTF-8, a BOM
    /// before the object, duplicate `text` members counted as one member each.
    @Test func malformedMessageLinesAreRefused() {
        let lines: [[UInt8]] = [
            Array(#"{"text":"\ud800"}"#.utf8),
            [0x7B, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3A, 0x22, 0x01, 0x22, 0x7D],
            [0x7B, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3A, 0x22, 0xC0, 0x80, 0x22, 0x7D],
            [0xEF, 0xBB, 0xBF] + Array(#"{"text":"a"}"#.utf8),
            Array(#"{"text":"a","base64":"YQ=="}"#.utf8),
            Array(#"{"text":1}"#.utf8),
            Array(#"["text"]"#.utf8),
        ]
        for line in lines {
            guard case let .failure(error) = MessageLine.parse(line[...]) else {
                Issue.record("accepted \(line)")
                continue
            }
            #expect(error.code == "invalid-message-line")
        }
    }

    /// A raw U+FEFF inside message text is an eisy frame that starts with a byte order mark: decoded, not lost
    /// (Foundation's `JSONSerialization` drops the character, which made the frame decode differently).
    @Test func rawByteOrderMarkInMessageTextReachesTheDecoder() {
        var options = DecodeOptions()
        options.messages = true
        let xml = "<Event seqnum=\"7\"><control>_1</control><action>3</action></Event>"
        let input = Array("{\"text\":\"\u{FEFF}\(xml.replacingOccurrences(of: "\"", with: "\\\""))\"}\n".utf8)
        let result = DecodeDriver.run(codecName: "isy", options: options, input: input, chunking: .whole)
        let output = String(decoding: result.output, as: UTF8.self)
        #expect(output.hasPrefix(#"{"seqnum":7,"#), "\(output)")
        #expect(output.contains(#""control":"_1""#))
    }

    /// Fixture manifests are typed by the strict reader: a string where a number belongs is an error, not 0.
    @Test func fixtureManifestFieldsAreTypeChecked() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("harness-manifest-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("a\n".utf8).write(to: directory.appendingPathComponent("input.bin"))
        try Data("{\"line\":\"a\"}\n".utf8).write(to: directory.appendingPathComponent("expected.ndjson"))
        let manifests: [(String, String?)] = [
            (#"{"format":1,"codec":"utf8-lines","chunks":[2],"connection":[{"event":"http-status","status":101,"ok":true}]}"#, nil),
            (#"{"format":"1","codec":"utf8-lines"}"#, #""format" must be 1"#),
            (#"{"format":1,"codec":"utf8-lines","chunks":[1,"1"]}"#, #""chunks" must be an array of positive integers"#),
            (#"{"format":1,"codec":"utf8-lines","options":{"messages":"yes"}}"#, #"option "messages" has the wrong type"#),
            (#"{"format":1,"codec":"utf8-lines","exit":1.5}"#, #""exit" must be an integer exit status"#),
            ("{\"format\":1,\"codec\":\"utf8-lines\",\"description\":\"\\ud800\"}", "unreadable or not a JSON object"),
        ]
        for (manifest, expectedError) in manifests {
            try Data(manifest.utf8).write(to: directory.appendingPathComponent("fixture.json"))
            do {
                let fixture = try Fixture.load(directory: directory, name: "t")
                #expect(expectedError == nil, "\(manifest) loaded")
                #expect(fixture.chunks == [2])
                #expect(fixture.connection.first?.fields == ["status": "101", "ok": "true"])
            } catch {
                #expect(error.message == expectedError, "\(manifest)")
            }
        }
    }

    /// pycentral decodes `proto_data.value` as the topic's message whatever the type URL (service profile
    /// §1.4); `--strict-type` refuses only a non-empty URL naming another message. Expected dicts: the
    /// `MessageToDict` of `AuditTrail{tenant_id:"t-1"}` and of an empty message.
    @Test func centralIgnoresTheAnyTypeURLUnlessStrict() {
        func ld(_ field: UInt8, _ payload: [UInt8]) -> [UInt8] { [field << 3 | 2, UInt8(payload.count)] + payload }
        let trail = ld(1, Array("t-1".utf8))
        let structURL = Array("type.googleapis.com/google.protobuf.Struct".utf8)
        let auditURL = Array("type.googleapis.com/audittrail.AuditTrail".utf8)
        let tenant = #"{"tenant_id":"t-1"}"#
        let vectors: [(name: String, event: [UInt8], lenient: String, strict: String)] = [
            ("empty Any", ld(8, []), "{}", "{}"),
            ("no proto_data", ld(1, Array("evt".utf8)), "{}", "{}"),
            ("absent type_url", ld(8, ld(2, trail)), tenant, tenant),
            ("empty type_url", ld(8, ld(1, []) + ld(2, trail)), tenant, tenant),
            ("the topic's type", ld(8, ld(1, auditURL) + ld(2, trail)), tenant, tenant),
            ("another message's type", ld(8, ld(1, structURL) + ld(2, trail)), tenant,
             #"{"error":{"code":"unknown-any-type","message":"Any type URL of 42 bytes names no known message","offset":4}}"#),
        ]
        for strict in [false, true] {
            var options = DecodeOptions()
            options.messages = true
            options.strictType = strict
            let input = vectors.map { "{\"base64\":\"\(Base64.encode($0.event))\"}\n" }.joined()
            let result = DecodeDriver.run(codecName: "central", options: options, input: Array(input.utf8), chunking: .whole)
            let lines = String(decoding: result.output, as: UTF8.self).split(separator: "\n").map(String.init)
            #expect(lines.count == vectors.count)
            for (vector, line) in zip(vectors, lines) {
                #expect(line == (strict ? vector.strict : vector.lenient), "\(vector.name), strict: \(strict)")
            }
        }
    }
}
