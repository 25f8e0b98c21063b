import Codecs

/// UTF-8 validation vs the standard library's `String(validating:as:)` on the same buffers.
enum UTF8Benchmarks {
    static let suite = BenchmarkSuite(codec: "utf8") {
        [
            messages(name: "100k 64-byte ASCII messages", messageSize: 64, count: 100_000, text: asciiText),
            whole(name: "10 MB mixed text (26% non-ASCII bytes)", text: mixedText),
            whole(name: "10 MB mostly-ASCII JSON (4% non-ASCII bytes)", text: mostlyASCIIText),
            whole(name: "10 MB CJK text (3-byte heavy)", text: cjkText),
        ]
    }

    /// A deterministic generator for inputs.
    static func sample(from alphabet: [String], count: Int, seed: UInt64) -> String {
        var state = seed
        var text = ""
        text.reserveCapacity(count)
        var utf8Count = 0
        while utf8Count < count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let piece = alphabet[Int(state >> 33) % alphabet.count]
            text += piece
            utf8Count += piece.utf8.count
        }
        return text
    }

    static let asciiText = sample(from: ["event", " ", "data", ":", "{\"id\":", "42", ",", "\"name\"", "hello", "world", "\n"], count: 7_000_000, seed: 1)

    /// JSON-ish text in several languages: mostly ASCII with accented Latin, Greek, CJK and emoji sprinkled in.
    static let mixedText = sample(
        from: ["{\"user\":", "\"name\":", " the ", "event ", "stream ", "value", "12345", ",", "\n", "Zürich", "café",
               "naïve", "Ελλάδα", "東京", "€", "😀", " and ", "data", "subscription", "timestamp"],
        count: 10_000_000, seed: 2)

    /// Event-stream-like JSON text where non-ASCII is occasional (a name or a symbol now and then).
    static let mostlyASCIIText = sample(
        from: ["{\"event\":\"update\",", "\"user\":\"alice\",", "\"value\":12345,", "\"subscription\":\"s-1\"}", "\n",
               "\"ts\":\"2026-11-22T23:00:00Z\",", "\"name\":\"Zürich\",", "\"price\":\"10 €\","],
        count: 10_000_000, seed: 4)

    static let cjkText = sample(from: ["東京", "漢字", "かな", "한국어", "。", "、", " ", "中文字符"], count: 10_000_000, seed: 3)

    static func messages(name: String, messageSize: Int, count: Int, text: String) -> BenchmarkCase {
        let bytes = Array(text.utf8.prefix(messageSize * count))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        buffer.copyMemory(from: UnsafeRawBufferPointer(start: bytes, count: bytes.count))
        let input = UnsafeRawBufferPointer(buffer)
        return BenchmarkCase(
            codec: "utf8", name: name, bytes: bytes.count, items: count,
            ours: Contender(name: "UTF8Validation") {
                var valid = 0
                var offset = 0
                while offset < input.count {
                    if UTF8Validation.isValid(UnsafeRawBufferPointer(rebasing: input[offset..<(offset + messageSize)])) {
                        valid += 1
                    }
                    offset += messageSize
                }
                return valid
            },
            peer: Contender(name: "String(validating:)") {
                var valid = 0
                var offset = 0
                while offset < input.count {
                    if String(validating: UnsafeRawBufferPointer(rebasing: input[offset..<(offset + messageSize)]), as: UTF8.self) != nil {
                        valid += 1
                    }
                    offset += messageSize
                }
                return valid
            })
    }

    static func whole(name: String, text: String) -> BenchmarkCase {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        buffer.copyMemory(from: UnsafeRawBufferPointer(start: bytes, count: bytes.count))
        let input = UnsafeRawBufferPointer(buffer)
        return BenchmarkCase(
            codec: "utf8", name: name, bytes: bytes.count, items: 1,
            ours: Contender(name: "UTF8Validation") { UTF8Validation.isValid(input) ? 1 : 0 },
            peer: Contender(name: "String(validating:)") { String(validating: input, as: UTF8.self) != nil ? 1 : 0 })
    }
}
