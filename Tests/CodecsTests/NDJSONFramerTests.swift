import Codecs
import Testing

/// NDJSON framing rules, each vector checked whole, one byte at a time, and at every single split point.
@Suite struct NDJSONFramerTests {
    enum Item: Equatable, CustomStringConvertible {
        case line(String, number: Int, offset: Int)
        case tooLong(number: Int, offset: Int)

        var description: String {
            switch self {
            case let .line(text, number, offset): "line(\(text.debugDescription), #\(number), @\(offset))"
            case let .tooLong(number, offset): "tooLong(#\(number), @\(offset))"
            }
        }
    }

    static func item(_ frame: NDJSONFramer.Frame) -> Item {
        switch frame {
        case let .line(bytes, number, offset): .line(String(decoding: bytes, as: UTF8.self), number: number, offset: offset)
        case let .lineTooLong(number, offset): .tooLong(number: number, offset: offset)
        }
    }

    /// Frames `input` fed in `chunks`, through `feed(_:)` + `next(_:)` or, with `push`, through `feed(_:onItem:)`
    /// (lines handed out in place).
    static func frame(_ input: [UInt8], chunks: [Int], maxLine: Int, push: Bool = false) -> [Item] {
        var limits = NDJSONLimits()
        limits.maxLineLength = maxLine
        var framer = NDJSONFramer(limits: limits)
        var items: [Item] = []
        func drain() {
            while let item = framer.next({ frame -> Item in Self.item(frame) }) { items.append(item) }
        }
        func feed(_ bytes: ArraySlice<UInt8>) {
            bytes.withUnsafeBytes { raw in
                if push {
                    framer.feed(raw) { (frame: NDJSONFramer.Frame) -> Void in items.append(Self.item(frame)) }
                } else {
                    framer.feed(raw)
                    drain()
                }
            }
        }
        var start = 0
        for size in chunks where start < input.count {
            let end = min(input.count, start + size)
            feed(input[start..<end])
            start = end
        }
        if start < input.count { feed(input[start...]) }
        framer.finish()
        drain()
        return items
    }

    /// Every chunking must give the same items.
    static func check(_ input: String, maxLine: Int = 1 << 20, expected: [Item]) {
        let bytes = Array(input.utf8)
        for push in [false, true] {
            #expect(frame(bytes, chunks: [], maxLine: maxLine, push: push) == expected, "whole, push \(push)")
            #expect(frame(bytes, chunks: Array(repeating: 1, count: bytes.count), maxLine: maxLine, push: push)
                == expected, "1-byte, push \(push)")
            for split in 0...bytes.count {
                #expect(frame(bytes, chunks: [split], maxLine: maxLine, push: push) == expected,
                        "split at \(split), push \(push)")
            }
        }
    }

    @Test func lfAndCrlfTerminateLinesAndTheCrIsDropped() {
        Self.check("a\nbb\r\nc", expected: [
            .line("a", number: 1, offset: 0), .line("bb", number: 2, offset: 2), .line("c", number: 3, offset: 6),
        ])
    }

    @Test func blankLinesAreSkippedButCounted() {
        Self.check("\n \t\r\n\r\nx\n\n  y  \n", expected: [.line("x", number: 4, offset: 7), .line("  y  ", number: 6, offset: 10)])
    }

    @Test func loneCrIsNotATerminator() {
        Self.check("a\rb\n", expected: [.line("a\rb", number: 1, offset: 0)])
    }

    @Test func finalLineWithoutTerminatorIsDeliveredAtEnd() {
        Self.check("{}\n[1]", expected: [.line("{}", number: 1, offset: 0), .line("[1]", number: 2, offset: 3)])
    }

    @Test func overlongLineIsReportedOnceAndTheStreamGoesOn() {
        Self.check("abc\nabcdef\nxy\n", maxLine: 4, expected: [
            .line("abc", number: 1, offset: 0), .tooLong(number: 2, offset: 4), .line("xy", number: 3, offset: 11),
        ])
        // Exactly the limit, with CRLF: allowed. One more byte: too long.
        Self.check("abcd\r\nabcde\r\nz", maxLine: 4, expected: [
            .line("abcd", number: 1, offset: 0), .tooLong(number: 2, offset: 6), .line("z", number: 3, offset: 13),
        ])
        Self.check("abcdefgh", maxLine: 4, expected: [.tooLong(number: 1, offset: 0)])
    }

    /// The length check comes before the blank-line rule, so the verdict cannot depend on where chunks end (a
    /// long blank line cut before its LF is already reported).
    @Test func blankLineLongerThanTheLimitIsReportedAsTooLong() {
        Self.check("{}\n      \n[]", maxLine: 4, expected: [
            .line("{}", number: 1, offset: 0), .tooLong(number: 2, offset: 3), .line("[]", number: 3, offset: 10),
        ])
    }

    /// A line that never ends is dropped as it arrives: memory stays near the limit.
    @Test func endlessLineKeepsMemoryBounded() {
        var limits = NDJSONLimits()
        limits.maxLineLength = 1024
        var framer = NDJSONFramer(limits: limits)
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 4096)
        var reports = 0
        for _ in 0..<1000 {
            chunk.withUnsafeBytes { framer.feed($0) }
            while framer.next({ frame -> Bool in if case .lineTooLong = frame { return true }; return false }) != nil {
                reports += 1
            }
            #expect(framer.bufferedByteCount <= 4096 + 1025)
        }
        #expect(reports == 1)
        Array("\n{}\n".utf8).withUnsafeBytes { framer.feed($0) }
        let next = framer.next { frame -> Int in if case let .line(_, number, _) = frame { return number }; return -1 }
        #expect(next == 2)
    }
}
