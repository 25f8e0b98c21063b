/// Writes compact JSON (RFC 8259) into a reusable byte buffer: strings escaped per §7 (quote, backslash, every
/// control character, plus U+2028/U+2029 so output is also safe as JavaScript), separators inserted automatically.
///
/// The writer trusts the caller for structure (balanced begin/end, keys only inside objects); it never fails.
public struct JSONWriter: Sendable {
    /// The JSON text written so far (UTF-8).
    @inlinable public var bytes: [UInt8] { output }
    @usableFromInline var output: [UInt8]
    /// Whether the next key or value needs a `,` before it.
    @usableFromInline var needsSeparator = false

    public init(capacity: Int = 256) {
        output = []
        output.reserveCapacity(capacity)
    }

    /// Clears the output, keeping the storage.
    @inlinable public mutating func reset() {
        output.removeAll(keepingCapacity: true)
        needsSeparator = false
    }

    /// The output as a String.
    public var string: String { String(decoding: output, as: UTF8.self) }

    @inlinable mutating func separate() {
        if needsSeparator { output.append(UInt8(ascii: ",")) }
    }

    @inlinable public mutating func beginObject() {
        separate()
        output.append(UInt8(ascii: "{"))
        needsSeparator = false
    }

    @inlinable public mutating func endObject() {
        output.append(UInt8(ascii: "}"))
        needsSeparator = true
    }

    @inlinable public mutating func beginArray() {
        separate()
        output.append(UInt8(ascii: "["))
        needsSeparator = false
    }

    @inlinable public mutating func endArray() {
        output.append(UInt8(ascii: "]"))
        needsSeparator = true
    }

    /// Writes an object key and the `:` after it.
    @inlinable public mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        output.append(UInt8(ascii: ":"))
        needsSeparator = false
    }

    /// Writes a key whose bytes are known-valid UTF-8 (e.g. a validated view into decoder input).
    @inlinable public mutating func key(utf8 name: UnsafeRawBufferPointer) {
        separate()
        appendQuoted(utf8: name)
        output.append(UInt8(ascii: ":"))
        needsSeparator = false
    }

    @inlinable public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
        needsSeparator = true
    }

    /// Writes a string from bytes the caller has validated as UTF-8.
    @inlinable public mutating func string(utf8 value: UnsafeRawBufferPointer) {
        separate()
        appendQuoted(utf8: value)
        needsSeparator = true
    }

    @inlinable public mutating func int<T: BinaryInteger>(_ value: T) {
        separate()
        appendASCII(String(value))
        needsSeparator = true
    }

    @inlinable public mutating func bool(_ value: Bool) {
        separate()
        appendASCII(value ? "true" : "false")
        needsSeparator = true
    }

    @inlinable public mutating func null() {
        separate()
        appendASCII("null")
        needsSeparator = true
    }

    /// Writes a finite double in Swift's shortest round-trip form; NaN and infinities become `null` (JSON has
    /// no spelling for them).
    @inlinable public mutating func double(_ value: Double) {
        separate()
        appendASCII(value.isFinite ? value.description : "null")
        needsSeparator = true
    }

    /// Writes a finite double as Python's `repr` spells it (`10.0`, `1e-05`): the number format of the reference
    /// peers' JSON (protobuf's `MessageToDict`, the Event Streamer SDK), where `double(_:)` writes Swift's.
    public mutating func pythonFloat(_ value: Double) {
        separate()
        PythonFloatFormat.append(value, to: &output)
        needsSeparator = true
    }

    /// Writes pre-formed JSON (a number literal in a codec's own format, or a whole valid JSON value).
    @inlinable public mutating func raw(_ json: String) {
        separate()
        appendASCII(json)
        needsSeparator = true
    }

    /// Writes pre-formed JSON given as bytes.
    @inlinable public mutating func raw(bytes json: UnsafeRawBufferPointer) {
        separate()
        output.append(contentsOf: json)
        needsSeparator = true
    }

    /// Appends a line feed and resets separators: one call per NDJSON record.
    @inlinable public mutating func endLine() {
        output.append(UInt8(ascii: "\n"))
        needsSeparator = false
    }

    @inlinable mutating func appendASCII(_ text: String) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    @inlinable mutating func appendQuoted(_ value: String) {
        var value = value
        value.withUTF8 { appendQuoted(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Hex digits for `\u00XX` escapes.
    @usableFromInline static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// True when one of the eight bytes of `word` is below 0x20, a quote, a backslash or 0xE2 (the first byte
    /// of U+2028/U+2029): the SWAR tests "has a byte less than n" and "has a zero byte", exact for existence.
    @inlinable static func needsEscapeCheck(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ value: UInt64) -> Bool { (value &- ones) & ~value & high != 0 }
        let control = (word &- ones &* 0x20) & ~word & high != 0
        return control || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C))
            || hasZero(word ^ (ones &* 0xE2))
    }

    @inlinable mutating func appendQuoted(utf8 value: UnsafeRawBufferPointer) {
        output.append(UInt8(ascii: "\""))
        var runStart = 0
        var index = 0
        let count = value.count
        while index < count {
            // Eight bytes at a time while none needs a look: no control byte, quote, backslash or 0xE2.
            if index &+ 8 <= count, let base = value.baseAddress,
               !Self.needsEscapeCheck(base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index &+= 8
                continue
            }
            let byte = value[index]
            if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte != 0xE2 {
                index &+= 1
                continue
            }
            var escape: (UInt8, UInt8)? = nil
            var consumed = 1
            switch byte {
            case UInt8(ascii: "\""): escape = (UInt8(ascii: "\\"), UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): escape = (UInt8(ascii: "\\"), UInt8(ascii: "\\"))
            case 0x08: escape = (UInt8(ascii: "\\"), UInt8(ascii: "b"))
            case 0x0C: escape = (UInt8(ascii: "\\"), UInt8(ascii: "f"))
            case 0x0A: escape = (UInt8(ascii: "\\"), UInt8(ascii: "n"))
            case 0x0D: escape = (UInt8(ascii: "\\"), UInt8(ascii: "r"))
            case 0x09: escape = (UInt8(ascii: "\\"), UInt8(ascii: "t"))
            case 0xE2:
                // U+2028 is E2 80 A8, U+2029 is E2 80 A9.
                guard index &+ 2 < count, value[index &+ 1] == 0x80,
                      value[index &+ 2] == 0xA8 || value[index &+ 2] == 0xA9 else {
                    index &+= 1
                    continue
                }
                consumed = 3
            default: break
            }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: value[runStart..<index]))
            if let (first, second) = escape {
                output.append(first)
                output.append(second)
            } else if consumed == 3 {
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "2"),
                                          UInt8(ascii: "0"), UInt8(ascii: "2"),
                                          value[index &+ 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9")])
            } else {
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0xF)]])
            }
            index &+= consumed
            runStart = index
        }
        output.append(contentsOf: UnsafeRawBufferPointer(rebasing: value[runStart..<count]))
        output.append(UInt8(ascii: "\""))
    }
}
