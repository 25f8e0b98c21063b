/// The value python protobuf's JSON mapping gives a finite `float` field (`type_checkers.ToShortestFloat`): the
/// double nearest to `'%.{p}g' % value` for the smallest precision p ≥ 6 whose result rounds back to the same
/// float32, later printed with Python's float repr. So `0.1f` prints `0.1`, `FLT_MAX` `3.4028235e+38` and the
/// smallest subnormal `1.4013e-45` (six digits, not the shortest `1e-45`).
enum FloatFieldFormat {
    /// The double MessageToDict holds for the finite float `value`.
    static func double(_ value: Float) -> Double {
        let exact = Double(value)
        guard exact != 0 else { return exact }
        // Shortest round-trip digits of the exact double (17 digits at most, enough to round to p ≤ 9 digits).
        let (negative, digits, pointExponent) = decompose(exact)
        var precision = 6
        while precision < 17 {
            if let candidate = rounded(negative: negative, digits: digits, pointExponent: pointExponent,
                                       precision: precision),
               Float(candidate) == value {
                return candidate
            }
            precision &+= 1
        }
        return exact
    }

    /// `value` as its sign, significant digits (ASCII, no leading zero) and the decimal exponent E with
    /// value = 0.D × 10^E.
    static func decompose(_ value: Double) -> (Bool, [UInt8], Int) {
        var text = value.description
        var digits: [UInt8] = []
        var negative = false
        var exponent = 0
        var integerDigits = 0
        var seenPoint = false
        text.withUTF8 { utf8 in
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                if byte == UInt8(ascii: "-") {
                    negative = true
                } else if byte == UInt8(ascii: ".") {
                    seenPoint = true
                } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                    index &+= 1
                    var sign = 1
                    if index < utf8.count, utf8[index] == UInt8(ascii: "-") {
                        sign = -1
                        index &+= 1
                    } else if index < utf8.count, utf8[index] == UInt8(ascii: "+") {
                        index &+= 1
                    }
                    var magnitude = 0
                    while index < utf8.count, magnitude < 10_000 {
                        magnitude = magnitude &* 10 &+ Int(utf8[index] &- UInt8(ascii: "0"))
                        index &+= 1
                    }
                    exponent = sign &* magnitude
                    break
                } else {
                    digits.append(byte)
                    if !seenPoint { integerDigits &+= 1 }
                }
                index &+= 1
            }
        }
        var point = integerDigits &+ exponent
        var leading = 0
        while leading < digits.count, digits[leading] == UInt8(ascii: "0") {
            leading &+= 1
            point &-= 1
        }
        var trailing = digits.count
        while trailing > leading, digits[trailing &- 1] == UInt8(ascii: "0") { trailing &-= 1 }
        return (negative, Array(digits[leading..<trailing]), point)
    }

    /// The double nearest to the digits rounded to `precision` significant digits (half to even, as `%g` rounds
    /// an exact tie).
    static func rounded(negative: Bool, digits: [UInt8], pointExponent: Int, precision: Int) -> Double? {
        var kept = Array(digits.prefix(precision))
        var point = pointExponent
        if digits.count > precision {
            let next = digits[precision]
            let rest = digits.dropFirst(precision &+ 1)
            let tie = next == UInt8(ascii: "5") && rest.allSatisfy { $0 == UInt8(ascii: "0") }
            let lastOdd = (kept[kept.count &- 1] &- UInt8(ascii: "0")) % 2 == 1
            if next > UInt8(ascii: "5") || (next == UInt8(ascii: "5") && (!tie || lastOdd)) {
                var index = kept.count &- 1
                while true {
                    if kept[index] == UInt8(ascii: "9") {
                        kept[index] = UInt8(ascii: "0")
                        if index == 0 {
                            kept.insert(UInt8(ascii: "1"), at: 0)
                            kept.removeLast()
                            point &+= 1
                            break
                        }
                        index &-= 1
                    } else {
                        kept[index] &+= 1
                        break
                    }
                }
            }
        }
        var text = negative ? "-0." : "0."
        text += String(decoding: kept, as: UTF8.self)
        text += "e" + String(point)
        return Double(text)
    }
}
