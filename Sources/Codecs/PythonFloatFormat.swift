/// Formats a finite double exactly as Python's `repr(float)` does (CPython `float_repr`: format code `'r'`), which
/// is how both reference peers print floats: protobuf's `MessageToDict` (`Value.number_value`) and the Event
/// Streamer SDK's `model_dump(mode="json")`. `10.0`, `1e-05`, `1e+16`, `0.0001`, `-0.0`: the shortest digits that
/// round-trip, in positional form when the decimal exponent of the scientific form (`d.ddd × 10^e`) is in -4...15
/// (with `.0` added to integers), otherwise as `d.ddde±XX` with at least two exponent digits.
public enum PythonFloatFormat {
    /// Appends the repr of `value` (finite) to `output` as ASCII.
    public static func append(_ value: Double, to output: inout [UInt8]) {
        // The digits on the stack: no allocation per number (a Double's description is at most 24 bytes).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            append(value, to: &output, digitStorage: buffer)
        }
    }

    static func append(_ value: Double, to output: inout [UInt8], digitStorage: UnsafeMutableBufferPointer<UInt8>) {
        // Swift's description yields the same shortest round-trip digits; only the layout differs.
        var text = value.description
        var digitCount = 0
        var negative = false
        var exponent = 0
        var integerDigits = 0
        var seenPoint = false
        text.withUTF8 { utf8 in
            var index = 0
            if index < utf8.count, utf8[index] == UInt8(ascii: "-") {
                negative = true
                index &+= 1
            }
            while index < utf8.count {
                let byte = utf8[index]
                if byte == UInt8(ascii: ".") {
                    seenPoint = true
                } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                    index &+= 1
                    var sign = 1
                    if index < utf8.count, utf8[index] == UInt8(ascii: "-") { sign = -1; index &+= 1 }
                    else if index < utf8.count, utf8[index] == UInt8(ascii: "+") { index &+= 1 }
                    var magnitude = 0
                    while index < utf8.count {
                        magnitude = magnitude &* 10 &+ Int(utf8[index] &- UInt8(ascii: "0"))
                        index &+= 1
                    }
                    exponent = sign &* magnitude
                    break
                } else {
                    if digitCount < digitStorage.count {
                        digitStorage[digitCount] = byte
                        digitCount &+= 1
                    }
                    if !seenPoint { integerDigits &+= 1 }
                }
                index &+= 1
            }
        }
        let digits = UnsafeMutableBufferPointer(rebasing: digitStorage[0..<digitCount])
        // value = 0.D × 10^decimalPoint, so the scientific exponent is decimalPoint - 1.
        var decimalPoint = integerDigits &+ exponent
        var leading = 0
        while leading < digits.count, digits[leading] == UInt8(ascii: "0") { leading &+= 1 }
        decimalPoint &-= leading
        var trailing = digits.count
        while trailing > leading, digits[trailing &- 1] == UInt8(ascii: "0") { trailing &-= 1 }
        let significant = digits[leading..<trailing]
        if negative { output.append(UInt8(ascii: "-")) }
        guard !significant.isEmpty else {
            output.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: "."), UInt8(ascii: "0")])
            return
        }
        if decimalPoint &- 1 < -4 || decimalPoint &- 1 > 15 {
            output.append(significant[significant.startIndex])
            if significant.count > 1 {
                output.append(UInt8(ascii: "."))
                output.append(contentsOf: significant.dropFirst())
            }
            let power = decimalPoint &- 1
            output.append(UInt8(ascii: "e"))
            output.append(power < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = power < 0 ? 0 &- power : power
            if magnitude < 10 { output.append(UInt8(ascii: "0")) }
            output.append(contentsOf: String(magnitude).utf8)
        } else if decimalPoint <= 0 {
            output.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: ".")])
            for _ in 0..<(0 &- decimalPoint) { output.append(UInt8(ascii: "0")) }
            output.append(contentsOf: significant)
        } else if decimalPoint >= significant.count {
            output.append(contentsOf: significant)
            for _ in 0..<(decimalPoint &- significant.count) { output.append(UInt8(ascii: "0")) }
            output.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "0")])
        } else {
            output.append(contentsOf: significant.prefix(decimalPoint))
            output.append(UInt8(ascii: "."))
            output.append(contentsOf: significant.dropFirst(decimalPoint))
        }
    }

    /// The repr of `value` (finite) as a String.
    public static func string(_ value: Double) -> String {
        var output: [UInt8] = []
        append(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
