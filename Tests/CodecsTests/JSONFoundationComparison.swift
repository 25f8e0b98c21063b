import Codecs
import Foundation

/// Compares a `JSONValue` with what `JSONSerialization` produced for the same text (a peer's reading, used as
/// the expected value in tests).
enum JSONFoundationComparison {
    static func matches(_ value: JSONValue, _ other: Any) -> Bool {
        switch value {
        case .null: return other is NSNull
        case let .bool(flag):
            return (other as? Bool) == flag
        case let .string(text): return (other as? String) == text
        case let .number(number):
            guard let theirs = other as? NSNumber else { return false }
            if let exact = number.int64 { return theirs.int64Value == exact && theirs.doubleValue == Double(exact) }
            // Foundation hands out NSDecimalNumber for literals a double would round (y_number_double_close_to_zero);
            // its doubleValue is then several ulps off, so compare those as decimals.
            if let decimal = theirs as? NSDecimalNumber {
                return Decimal(string: number.text) == decimal.decimalValue
            }
            let mine = number.double
            let other = theirs.doubleValue
            return mine == other || abs(mine - other) <= 2 * mine.ulp
        case let .array(elements):
            guard let theirs = other as? [Any], theirs.count == elements.count else { return false }
            return zip(elements, theirs).allSatisfy { matches($0, $1) }
        case let .object(members):
            guard let theirs = other as? [String: Any], theirs.count == members.count else { return false }
            return members.allSatisfy { member in theirs[member.key].map { matches(member.value, $0) } ?? false }
        }
    }
}
