import Codecs
import Testing

/// Rules of the strict reader (RFC 8259) and its limits, as tables of vectors.
@Suite struct JSONReaderTests {
    static func parse(_ text: String, limits: JSONLimits = JSONLimits()) -> Result<JSONValue, JSONReaderError> {
        Result { () throws(JSONReaderError) in try JSONValue.parse(Array(text.utf8), limits: limits) }
    }

    static func errorCode(_ bytes: [UInt8], limits: JSONLimits = JSONLimits()) -> (String, Int?)? {
        do {
            _ = try JSONValue.parse(bytes, limits: limits)
            return nil
        } catch {
            return (error.code, error.offset)
        }
    }

    /// RFC 8259 §7: every escape, and surrogate pairs combining into one scalar.
    @Test(arguments: [
        (#""a\"b""#, "a\"b"),
        (#""\\\/\b\f\n\r\t""#, "\\/\u{08}\u{0C}\n\r\t"),
        (#""\u0041\u00e9\u20AC""#, "Aé€"),
        (#""\ud834\udd1e""#, "\u{1D11E}"),
        (#""\uD83D\uDE00x""#, "😀x"),
        (#""\u0000""#, "\u{0}"),
        ("\"é€😀\"", "é€😀"),
        (#""""#, ""),
    ])
    func stringEscapesDecodeToTheirScalars(json: String, expected: String) throws {
        #expect(try Self.parse(json).get() == .string(expected))
    }

    /// Malformed documents fail with a stable code at the byte where the fault is.
    @Test(arguments: [
        (#""\ud834""#, "json-lone-surrogate", 1),
        (#""\udd1e\ud834""#, "json-lone-surrogate", 1),
        (#""\ud834\u0041""#, "json-lone-surrogate", 1),
        (#""\x""#, "json-invalid-escape", 1),
        (#""\u12G4""#, "json-invalid-escape", 5),
        ("\"a\u{01}\"", "json-control-character", 2),
        ("\"abc", "json-unexpected-end", 4),
        ("01", "json-invalid-number", 1),
        ("-", "json-invalid-number", 1),
        ("1.", "json-invalid-number", 2),
        ("1e+", "json-invalid-number", 3),
        ("[1,]", "json-unexpected-byte", 3),
        ("{\"a\":1,}", "json-unexpected-byte", 7),
        ("{\"a\" 1}", "json-unexpected-byte", 5),
        ("[1 2]", "json-unexpected-byte", 3),
        ("{1:2}", "json-unexpected-byte", 1),
        ("[1}", "json-unexpected-byte", 2),
        ("tru", "json-unexpected-end", 3),
        ("nul1", "json-unexpected-byte", 3),
        ("NaN", "json-unexpected-byte", 0),
        ("1 2", "json-trailing-data", 2),
        ("", "json-unexpected-end", 0),
        ("  ", "json-unexpected-end", 2),
        ("[", "json-unexpected-end", 1),
    ])
    func malformedDocumentsFailWithCodeAndOffset(json: String, code: String, offset: Int) {
        let failure = Self.errorCode(Array(json.utf8))
        #expect(failure?.0 == code, "\(json)")
        #expect(failure?.1 == offset, "\(json)")
    }

    @Test func invalidUTF8IsRejectedAtTheFirstBadByte() {
        #expect(Self.errorCode([0x22, 0x61, 0xC3, 0x28, 0x22])! == ("invalid-utf8", 3))
        #expect(Self.errorCode([0xEF, 0xBB, 0xBF, 0x7B, 0x7D])! == ("json-unexpected-byte", 0))
        #expect(Self.errorCode([0x22, 0xED, 0xA0, 0x80, 0x22])! == ("invalid-utf8", 2))
    }

    /// 64-bit integers are exact; larger integers keep their text; fractions and exponents are not integers.
    @Test(arguments: [
        ("9223372036854775807", Int64?.some(.max), UInt64?.some(9223372036854775807)),
        ("-9223372036854775808", Int64?.some(.min), nil),
        ("9223372036854775808", nil, UInt64?.some(9223372036854775808)),
        ("18446744073709551615", nil, UInt64?.some(.max)),
        ("18446744073709551616", nil, nil),
        ("-0", Int64?.some(0), UInt64?.some(0)),
        ("1.0", nil, nil),
        ("1e2", nil, nil),
    ])
    func integersAreExactOrAbsent(literal: String, int64: Int64?, uint64: UInt64?) throws {
        guard case let .number(number) = try Self.parse(literal).get() else {
            Issue.record("not a number")
            return
        }
        #expect(number.text == literal)
        #expect(number.int64 == int64)
        #expect(number.uint64 == uint64)
    }

    @Test func bigIntegersKeepEveryDigit() throws {
        let digits = "123456789012345678901234567890123456789"
        #expect(try Self.parse("[\(digits)]").get() == .array([.number(JSONNumber(literal: digits)!)]))
        #expect(JSONNumber(literal: digits)?.isInteger == true)
    }

    @Test(arguments: [("1.5", 1.5), ("-2.5e-3", -0.0025), ("1E400", Double.infinity), ("1e-400", 0.0), ("0.1", 0.1)])
    func doublesAreCorrectlyRounded(literal: String, expected: Double) throws {
        #expect(JSONNumber(literal: literal)?.double == expected)
    }

    @Test(arguments: ["01", "+1", ".5", "1.", "1e", "--1", "0x10", "1 ", "", "Infinity"])
    func numberLiteralOutsideTheGrammarIsRejected(literal: String) {
        #expect(JSONNumber(literal: literal) == nil)
    }

    /// Python's json (behind the SDK's pydantic models): the last value wins, at the first key's position.
    @Test func duplicateKeysKeepTheLastValueAtTheFirstPosition() throws {
        let value = try Self.parse(#"{"a":1,"b":2,"a":3}"#).get()
        #expect(value == .object([JSONMember("a", .number(JSONNumber(3))), JSONMember("b", .number(JSONNumber(2)))]))
        var many = (0..<40).map { "\"k\($0)\":\($0)" }
        many.append("\"k5\":\"last\"")
        let big = try Self.parse("{" + many.joined(separator: ",") + "}").get()
        guard case let .object(members) = big else { return }
        #expect(members.count == 40)
        #expect(members[5] == JSONMember("k5", .string("last")))
    }

    /// An escaped spelling of a key is the same key as its raw spelling, in either order.
    @Test(arguments: [
        (#"{"a":1,"\u0061":2}"#, "a"), (#"{"\u0061":1,"a":2}"#, "a"), (#"{"\u00e9":1,"é":2}"#, "é"),
        (#"{"é":1,"x":0,"\u00e9":2}"#, "é"),
    ])
    func escapedAndRawSpellingsOfAKeyAreDuplicates(document: String, key: String) throws {
        let value = try Self.parse(document).get()
        guard case let .object(members) = value else { throw JSONReaderError(.unexpectedEnd, offset: 0) }
        #expect(members.first?.key == key)
        #expect(members.count == (document.contains("\"x\"") ? 2 : 1))
        #expect(value[key] == .number(JSONNumber(2)))
    }

    /// Keys are compared by code points, as Python does: canonically equivalent spellings are distinct keys.
    @Test func canonicallyEquivalentKeysAreDistinct() throws {
        let value = try Self.parse("{\"\u{E9}\":1,\"e\u{301}\":2}").get()
        guard case let .object(members) = value else { throw JSONReaderError(.unexpectedEnd, offset: 0) }
        #expect(members.count == 2)
        #expect(value["e\u{301}"] == .number(JSONNumber(2)))
    }

    @Test func depthLimitRejectsDeeperNesting() {
        var limits = JSONLimits()
        limits.maxDepth = 3
        #expect(Self.errorCode(Array("[[[1]]]".utf8), limits: limits) == nil)
        #expect(Self.errorCode(Array("[[[[1]]]]".utf8), limits: limits)! == ("json-depth-exceeded", 3))
        let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        #expect(Self.errorCode(deep)!.0 == "json-depth-exceeded")
    }

    @Test func sizeLimitsAreEnforced() {
        var limits = JSONLimits()
        limits.maxDocumentSize = 4
        #expect(Self.errorCode(Array("[1,2]".utf8), limits: limits)! == ("json-document-too-large", 0))
        limits = JSONLimits()
        limits.maxContainerCount = 2
        #expect(Self.errorCode(Array("[1,2]".utf8), limits: limits) == nil)
        #expect(Self.errorCode(Array("[1,2,3]".utf8), limits: limits)!.0 == "json-container-too-large")
        #expect(Self.errorCode(Array("{\"a\":1,\"b\":2,\"c\":3}".utf8), limits: limits)!.0 == "json-container-too-large")
        limits = JSONLimits()
        limits.maxNumberLength = 3
        #expect(Self.errorCode(Array("[123]".utf8), limits: limits) == nil)
        #expect(Self.errorCode(Array("[1234]".utf8), limits: limits)! == ("json-number-too-long", 1))
    }

    /// The pull API reads the fields it wants and skips the rest, still validating what it skips.
    @Test func pullReaderReadsChosenFieldsAndSkipsTheRest() throws {
        let text = #" {"skip":{"x":[1,{"y":null}],"z":"\u00e9"},"type":"event_batch","id":-42,"ok":true,"n":null,"big":18446744073709551615} "#
        var type = ""
        var id: Int64 = 0
        var ok = false
        var sawNull = false
        var big: UInt64 = 0
        try Array(text.utf8).withUnsafeBytes { raw in
            var reader = try JSONReader(raw)
            try reader.beginObject()
            while let key = try reader.nextKey() {
                if key.equals("type") { type = try reader.readString().string }
                else if key.equals("id") { id = try reader.readInt64() }
                else if key.equals("ok") { ok = try reader.readBool() }
                else if key.equals("n") { sawNull = try reader.readNullIfPresent() }
                else if key.equals("big") { big = try reader.readUInt64() }
                else { try reader.skipValue() }
            }
            try reader.finish()
        }
        #expect(type == "event_batch")
        #expect(id == -42)
        #expect(ok)
        #expect(sawNull)
        #expect(big == .max)
    }

    /// Runs `body` over a reader of `text` and returns the error it ends with, if any.
    static func pullError(_ text: String, _ body: (inout JSONReader) throws(JSONReaderError) -> Void) -> JSONReaderError? {
        Array(text.utf8).withUnsafeBytes { raw -> JSONReaderError? in
            do throws(JSONReaderError) {
                var reader = try JSONReader(raw)
                try body(&reader)
                return nil
            } catch {
                return error
            }
        }
    }

    @Test func skippingStillRejectsInvalidContent() {
        let failure = Self.pullError(#"{"skip":[1,"\ud800"],"a":1}"#) { reader throws(JSONReaderError) in
            try reader.skipValue()
            try reader.finish()
        }
        #expect(failure?.code == "json-lone-surrogate")
    }

    @Test func pullingTheWrongKindIsATypeMismatch() {
        let failure = Self.pullError(#"{"a":"1"}"#) { reader throws(JSONReaderError) in
            try reader.beginObject()
            _ = try reader.nextKey()
            _ = try reader.readInt64()
        }
        #expect(failure == JSONReaderError(.typeMismatch(expected: .number, found: .string), offset: 5))
    }

    @Test func integerPullOfAFractionIsOutOfRange() {
        let failure = Self.pullError("[1.5]") { reader throws(JSONReaderError) in
            try reader.beginArray()
            _ = try reader.nextElement()
            _ = try reader.readInt64()
        }
        #expect(failure == JSONReaderError(.integerOutOfRange, offset: 1))
    }

    @Test func keysWithEscapesCompareByDecodedValue() throws {
        try Array(#"{"t\u0079pe":1}"#.utf8).withUnsafeBytes { raw in
            var reader = try JSONReader(raw)
            try reader.beginObject()
            let key = try #require(try reader.nextKey())
            #expect(key.hasEscapes)
            #expect(key.equals("type"))
            #expect(!key.equals("typ"))
            #expect(key.equals("type" as String))
        }
    }

    /// The writer's output reads back to the same value (round trip through JSONWriter).
    @Test func writtenValuesReadBackUnchanged() throws {
        let text = #"{"a":[1,-2.5e10,"x\n\u2028",true,false,null,{}],"b":{"c":[]},"big":123456789012345678901234567890}"#
        let value = try Self.parse(text).get()
        var writer = JSONWriter()
        writer.value(value)
        #expect(try JSONValue.parse(writer.bytes) == value)
    }
}
