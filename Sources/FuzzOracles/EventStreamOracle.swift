import Codecs
import EventStreamer

/// The Event Streamer NDJSON stream decoder on arbitrary bytes: fed whole, in input-derived pieces and one byte at a
/// time, it gives exactly the items of a spec-literal reference (split at LF, strip one CR, skip blank lines, report
/// lines over the limit, decode the rest with `StreamingMessageDecoder`), with physical line numbers; errors have
/// kebab-case codes and offsets inside the input; every decoded message re-encodes to a line that decodes to it.
/// Byte 0 picks the limits (even: defaults; odd: small line, depth and count limits) and the piece size.
public enum EventStreamOracle {
    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        let selector = input.first ?? 0
        let (lineLimits, jsonLimits) = limits(selector)
        let expected = reference(input, lineLimits: lineLimits, jsonLimits: jsonLimits)
        for item in expected { try checkItem(item, count: input.count) }

        let whole = stream(input, piece: input.count, lineLimits: lineLimits, jsonLimits: jsonLimits)
        guard whole == expected else {
            throw FuzzViolation("stream decoder differs from the reference framing: \(whole) vs \(expected)")
        }
        let piece = Int(selector >> 2) % 13 &+ 2
        let pieces = stream(input, piece: piece, lineLimits: lineLimits, jsonLimits: jsonLimits)
        guard pieces == expected else {
            throw FuzzViolation("stream decoding depends on chunking (\(piece)): \(pieces) vs \(expected)")
        }
        for push in [input.count, piece] {
            let pushed = stream(input, piece: push, lineLimits: lineLimits, jsonLimits: jsonLimits, push: true)
            guard pushed == expected else {
                throw FuzzViolation("feed(_:onItem:) in pieces of \(push) differs: \(pushed) vs \(expected)")
            }
        }
        if input.count <= 512 {
            let bytewise = stream(input, piece: 1, lineLimits: lineLimits, jsonLimits: jsonLimits)
            guard bytewise == expected else {
                throw FuzzViolation("stream decoding byte by byte differs: \(bytewise) vs \(expected)")
            }
        }
    }

    /// Each line as the reference splits it, decoded on its own.
    /// The limits byte 0 picks, for this oracle and `EventStreamFastOracle`: even, the defaults; odd, a small line
    /// limit and small depth, count and number limits, so the limit paths are reached.
    static func limits(_ selector: UInt8) -> (NDJSONLimits, JSONLimits) {
        var lineLimits = NDJSONLimits()
        var jsonLimits = JSONLimits()
        if selector & 1 == 1 {
            lineLimits.maxLineLength = Int(selector >> 1) % 64 &+ 1
            jsonLimits.maxDepth = 3
            jsonLimits.maxContainerCount = 4
            jsonLimits.maxNumberLength = 8
        }
        return (lineLimits, jsonLimits)
    }

    static func reference(
        _ input: UnsafeRawBufferPointer, lineLimits: NDJSONLimits, jsonLimits: JSONLimits
    ) -> [EventStreamDecoder.Item] {
        let decoder = StreamingMessageDecoder(limits: jsonLimits)
        var items: [EventStreamDecoder.Item] = []
        var start = 0
        var number = 1
        while start < input.count {
            var end = start
            while end < input.count, input[end] != 0x0A { end &+= 1 }
            var contentEnd = end
            if contentEnd > start, input[contentEnd &- 1] == 0x0D { contentEnd &-= 1 }
            let line = UnsafeRawBufferPointer(rebasing: input[start..<contentEnd])
            if line.count > lineLimits.maxLineLength {
                items.append(.rejected(
                    EventStreamerError(.lineTooLong(limit: lineLimits.maxLineLength), offset: start), line: number))
            } else if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                do throws(EventStreamerError) {
                    items.append(.message(try decoder.decode(line, baseOffset: start), line: number))
                } catch {
                    items.append(.rejected(error, line: number))
                }
            }
            number &+= 1
            start = end &+ 1
        }
        return items
    }

    /// The items of `input` fed in pieces of `piece` bytes, drained with `next()` or, with `push`, taken from
    /// `feed(_:onItem:)` (lines decoded in place).
    static func stream(
        _ input: UnsafeRawBufferPointer, piece: Int, lineLimits: NDJSONLimits, jsonLimits: JSONLimits,
        push: Bool = false
    ) -> [EventStreamDecoder.Item] {
        var decoder = EventStreamDecoder(lineLimits: lineLimits, jsonLimits: jsonLimits)
        var items: [EventStreamDecoder.Item] = []
        var start = 0
        let step = max(1, piece)
        while start < input.count {
            let end = min(input.count, start &+ step)
            let chunk = UnsafeRawBufferPointer(rebasing: input[start..<end])
            start = end
            if push {
                decoder.feed(chunk) { items.append($0) }
            } else {
                decoder.feed(chunk)
                while let item = decoder.next() { items.append(item) }
            }
        }
        decoder.finish { items.append($0) }
        return items
    }

    static func checkItem(_ item: EventStreamDecoder.Item, count: Int) throws(FuzzViolation) {
        switch item {
        case let .rejected(error, _):
            guard !error.code.isEmpty, error.code.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else {
                throw FuzzViolation("error code not kebab-case: \(error.code)")
            }
            guard let offset = error.offset, offset >= 0, offset <= count else {
                throw FuzzViolation("error offset \(String(describing: error.offset)) outside 0...\(count)")
            }
        case let .message(message, _):
            var encoder = StreamingMessageEncoder()
            var line = encoder.encode(message)
            if line.last == 0x0A { line.removeLast() }
            let decoded: Result<StreamingMessage, EventStreamerError> = line.withUnsafeBytes { bytes in
                do throws(EventStreamerError) { return .success(try StreamingMessageDecoder().decode(bytes)) } catch {
                    return .failure(error)
                }
            }
            guard case let .success(again) = decoded else {
                throw FuzzViolation("re-encoded message does not decode: \(decoded)")
            }
            guard again == message else { throw FuzzViolation("round trip changed the message: \(message) -> \(again)") }
        }
    }
}
