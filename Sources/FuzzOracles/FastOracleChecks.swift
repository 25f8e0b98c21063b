import Codecs

/// Checks the fast (crash/limit) oracles share: a typed error's code is kebab-case and its offset lies inside
/// the input; lent text is valid UTF-8.
enum FastOracleChecks {
    static func code(_ code: String) throws(FuzzViolation) {
        guard !code.isEmpty, code.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
        else { throw FuzzViolation("error code not kebab-case: \(code)") }
    }

    static func offset(_ offset: Int?, count: Int) throws(FuzzViolation) {
        guard let offset, offset >= 0, offset <= count else {
            throw FuzzViolation("error offset \(offset.map(String.init) ?? "nil") outside 0...\(count)")
        }
    }

    static func utf8(_ bytes: UnsafeRawBufferPointer, _ what: String) throws(FuzzViolation) {
        guard UTF8Validation.isValid(bytes) else { throw FuzzViolation("\(what) lent as text is not valid UTF-8") }
    }
}
