import FuzzOracles

/// The check every harness reader's refusal gets: a stable kebab-case code with the reader's prefix.
enum HarnessOracleChecks {
    static func code(_ code: String, prefix: String) throws(FuzzViolation) {
        guard code.hasPrefix(prefix), !code.isEmpty,
              code.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
            throw FuzzViolation("refusal code '\(code)' is not kebab-case \(prefix)*")
        }
    }
}
