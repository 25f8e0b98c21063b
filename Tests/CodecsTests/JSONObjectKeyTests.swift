import Codecs
import Testing

/// Object keys as `readValue` resolves them (duplicates by exact code points: last value at the first position),
/// checked against a plain ordered-dictionary model on generated objects whose keys straddle every length the
/// reader treats differently (short keys compared by fingerprint, longer ones by bytes), in raw and escaped
/// spellings, read with and without a shared key cache.
@Suite struct JSONObjectKeyTests {
    /// Keys that differ only in their last byte, by a trailing NUL, or by length, from 0 to 20 bytes.
    static let keys: [String] = {
        var keys: [String] = [""]
        for length in 1...20 {
            let stem = String(repeating: "k", count: length - 1)
            keys += [stem + "a", stem + "b", stem + "\u{0}"]
        }
        return keys + ["é", "e\u{301}", "ключ_16_байт", "\u{1F600}x"]
    }()

    /// A JSON spelling of `key`: raw where JSON allows it, or with every character escaped as `\uXXXX`.
    static func spell(_ key: String, escaped: Bool) -> String {
        var text = "\""
        for scalar in key.unicodeScalars {
            if escaped || scalar.value < 0x20 {
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    /// The members `readValue` must produce: first position of each key, last value.
    static func expectedMembers(_ pairs: [(String, Int)]) -> [JSONMember] {
        var members: [JSONMember] = []
        for (key, value) in pairs {
            if let index = members.firstIndex(where: { Array($0.key.utf8) == Array(key.utf8) }) {
                members[index].value = .number(JSONNumber(value))
            } else {
                members.append(JSONMember(key, .number(JSONNumber(value))))
            }
        }
        return members
    }

    @Test func generatedObjectsResolveDuplicateKeysByExactCodePoints() throws {
        var state: UInt64 = 0x5EED
        func random(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var cache = JSONKeyCache()
        for round in 0..<400 {
            // A few keys per object so duplicates are frequent; up to 24 members to cross the linear-scan limit.
            let pool = (0..<(1 + random(6))).map { _ in Self.keys[random(Self.keys.count)] }
            let pairs = (0..<random(25)).map { index in (pool[random(pool.count)], index) }
            let text = "{" + pairs.map { Self.spell($0.0, escaped: random(3) == 0) + ":\($0.1)" }.joined(separator: ",") + "}"
            let expected = JSONValue.object(Self.expectedMembers(pairs))
            let bytes = Array(text.utf8)
            let plain = try JSONValue.parse(bytes)
            #expect(plain == expected, "round \(round): \(text)")
            let cached: JSONValue = try bytes.withUnsafeBytes { raw throws(JSONReaderError) in
                var reader = try JSONReader(raw)
                let value = try reader.readValue(keyCache: &cache)
                try reader.finish()
                return value
            }
            #expect(cached == expected, "round \(round) with a shared key cache: \(text)")
        }
    }

    @Test func keyCacheReturnsEachKeysOwnStringWhenKeysShareASlot() throws {
        // 200 distinct keys through a 32-slot cache: every slot is reused, so any stale hit would show.
        var cache = JSONKeyCache()
        for pass in 0..<3 {
            for index in 0..<200 {
                let key = "key\(index * 7919 % 1000)"
                let bytes = Array("{\"\(key)\":\(pass)}".utf8)
                let members = try bytes.withUnsafeBytes { raw throws(JSONReaderError) in
                    var reader = try JSONReader(raw)
                    return try reader.readObjectMembers(keyCache: &cache)
                }
                #expect(members == [JSONMember(key, .number(JSONNumber(pass)))])
            }
        }
    }
}
