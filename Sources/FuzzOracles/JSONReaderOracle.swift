import Codecs
import Foundation

/// The strict JSON reader, differential against Foundation's `JSONSerialization` on validity and values.
///
/// Documented differences, not violations: Foundation skips a UTF-8 byte order mark and guesses UTF-16/32 from NUL
/// bytes (RFC 8259 §8.1: UTF-8 only, no BOM, so we reject); it rejects numbers beyond binary64 (we keep the literal,
/// JSONTestSuite `i_number_*`); it nests to 512 (our `maxDepth` is 128) and has no number length limit; it
/// accepts trailing commas in arrays and objects (`[1,]`, JSONTestSuite `n_array_extra_comma`), so a document we
/// reject is compared again with those commas removed.
public enum JSONReaderOracle {
    public static func check(_ bytes: UnsafeRawBufferPointer) throws(FuzzViolation) {
        let ours = Result { () throws(JSONReaderError) in try JSONValue.parse(bytes) }
        let skipped = Result { () throws(JSONReaderError) in
            var reader = try JSONReader(bytes)
            try reader.skipValue()
            try reader.finish()
        }
        switch (ours, skipped) {
        case let (.failure(a), .failure(b)) where a != b:
            throw FuzzViolation("readValue failed with \(a), skipValue with \(b)")
        case (.success, .failure), (.failure, .success):
            throw FuzzViolation("readValue and skipValue disagree on validity")
        default: break
        }
        if case let .failure(error) = ours, let offset = error.offset, offset < 0 || offset > bytes.count {
            throw FuzzViolation("error offset \(offset) outside input of \(bytes.count) bytes")
        }
        if case let .success(value) = ours {
            var writer = JSONWriter()
            writer.value(value)
            guard (try? JSONValue.parse(writer.bytes)) == value else {
                throw FuzzViolation("value does not survive a JSONWriter round trip")
            }
        }

        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return }
        if bytes.prefix(4).contains(0) { return }
        if case let .failure(error) = ours {
            switch error.kind {
            case .depthExceeded, .numberTooLong, .containerTooLarge, .documentTooLarge: return
            default: break
            }
        }
        let reference = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        switch (ours, reference) {
        case (.failure, nil): return
        case let (.failure(error), .some(other)):
            let withoutTrailingCommas = removingTrailingCommas(bytes)
            if withoutTrailingCommas.count < bytes.count,
               let value = try? JSONValue.parse(withoutTrailingCommas), matches(value, other) { return }
            throw FuzzViolation("we reject (\(error)), JSONSerialization accepts")
        case let (.success(value), nil):
            if hasNonFiniteNumber(value) { return }
            throw FuzzViolation("we accept, JSONSerialization rejects")
        case let (.success(value), .some(other)):
            guard matches(value, other) else { throw FuzzViolation("values differ from JSONSerialization") }
        }
    }

    /// The input with every `,` that is followed (after whitespace) by `]` or `}` outside strings removed.
    static func removingTrailingCommas(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var output: [UInt8] = []
        var inString = false
        var escaped = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: ",") {
                var next = index + 1
                while next < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[next]) { next += 1 }
                if next < bytes.count, bytes[next] == UInt8(ascii: "]") || bytes[next] == UInt8(ascii: "}") {
                    index += 1
                    continue
                }
            }
            output.append(byte)
            index += 1
        }
        return output
    }

    static func hasNonFiniteNumber(_ value: JSONValue) -> Bool {
        switch value {
        case let .number(number): !number.double.isFinite
        case let .array(elements): elements.contains(where: hasNonFiniteNumber)
        case let .object(members): members.contains(where: { hasNonFiniteNumber($0.value) })
        default: false
        }
    }

    /// Compares our value with `JSONSerialization`'s for the same text.
    public static func matches(_ value: JSONValue, _ other: Any) -> Bool {
        switch value {
        case .null: return other is NSNull
        case let .bool(flag): return (other as? Bool) == flag
        case let .string(text): return (other as? String) == text
        case let .number(number):
            guard let theirs = other as? NSNumber else { return false }
            if let exact = number.int64 { return theirs.int64Value == exact && theirs.doubleValue == Double(exact) }
            if let exact = number.uint64 { return theirs.uint64Value == exact }
            // Foundation hands out NSDecimalNumber where a double would round; its doubleValue is then off.
            if let decimal = theirs as? NSDecimalNumber { return Decimal(string: number.text) == decimal.decimalValue }
            return number.double == theirs.doubleValue
        case let .array(elements):
            guard let theirs = other as? [Any], theirs.count == elements.count else { return false }
            return zip(elements, theirs).allSatisfy { matches($0, $1) }
        case let .object(members):
            // Foundation's dictionary merges canonically equivalent keys ("é" / "e\u{301}"); we keep both, as
            // Python does. Such objects cannot be compared member by member.
            if Set(members.map(\.key)).count != members.count { return other is [String: Any] }
            guard let theirs = other as? [String: Any], theirs.count == members.count else { return false }
            return members.allSatisfy { member in theirs[member.key].map { matches(member.value, $0) } ?? false }
        }
    }
}
