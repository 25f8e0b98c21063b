/// Formats a finite `Double` as Python's `repr(float)` does (shortest round-trip digits; positional notation
/// for decimal exponents -4 < e <= 16, else `d.ddde±XX`), which is how the SDK's `model_dump(mode="json")`
/// values print from Python: `1.0`, `1e+16`, `1e-05`, `0.0001`, `-0.0`.
enum PythonFloatFormat {
    static func repr(_ value: Double) -> String {
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description also gives the shortest round-trip digits; only the layout differs.
        let text = value.magnitude.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [Character] = []
        var pointPosition = 0
        var seenPoint = false
        for character in mantissa {
            if character == "." {
                seenPoint = true
                continue
            }
            digits.append(character)
            if !seenPoint { pointPosition += 1 }
        }
        // value = 0.D × 10^decimalPoint with D free of leading and trailing zeros.
        var decimalPoint = pointPosition + exponent
        while digits.first == "0" {
            digits.removeFirst()
            decimalPoint -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        let sign = value.sign == .minus ? "-" : ""
        let all = String(digits)
        if decimalPoint <= -4 || decimalPoint > 16 {
            let exponentValue = decimalPoint - 1
            let head = String(digits[0])
            let tail = digits.count > 1 ? "." + String(digits[1...]) : ""
            let magnitude = exponentValue.magnitude < 10 ? "0\(exponentValue.magnitude)" : "\(exponentValue.magnitude)"
            return sign + head + tail + "e" + (exponentValue < 0 ? "-" : "+") + magnitude
        }
        if decimalPoint <= 0 {
            return sign + "0." + String(repeating: "0", count: -decimalPoint) + all
        }
        if decimalPoint >= digits.count {
            return sign + all + String(repeating: "0", count: decimalPoint - digits.count) + ".0"
        }
        return sign + String(digits[..<decimalPoint]) + "." + String(digits[decimalPoint...])
    }
}
