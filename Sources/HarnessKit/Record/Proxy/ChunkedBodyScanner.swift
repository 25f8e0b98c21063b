/// Finds the data of an HTTP/1.1 chunked body (RFC 9112 §7.1) in the raw bytes, incrementally, so the recording
/// proxy can record the de-chunked body and cut at event boundaries while forwarding the bytes unchanged.
/// Chunk extensions and trailer fields are skipped; a size line or trailer line over `maxLineBytes`, a size that
/// is not hex or does not fit, or a missing CRLF after the data stop the scan (`proxy-chunk-malformed`).
struct ChunkedBodyScanner: Sendable {
    enum Mark: Sendable, Equatable {
        /// Body bytes at `range` of the scanned chunk.
        case data(Range<Int>)
        /// The last chunk and the trailer section end here.
        case end(offset: Int)
    }

    enum State: Sendable, Equatable {
        case sizeLine
        case data(remaining: Int)
        case dataCR
        case dataLF
        case trailerLine
        case done
    }

    let maxLineBytes: Int
    private(set) var state = State.sizeLine
    private var line: [UInt8] = []

    init(maxLineBytes: Int = 4096) { self.maxLineBytes = maxLineBytes }

    mutating func scan(_ chunk: [UInt8]) throws(ProxyScanError) -> [Mark] {
        var marks: [Mark] = []
        var index = 0
        while index < chunk.count {
            switch state {
            case .done:
                return marks
            case .data(let remaining):
                let take = min(remaining, chunk.count &- index)
                marks.append(.data(index..<(index &+ take)))
                index &+= take
                state = remaining == take ? .dataCR : .data(remaining: remaining &- take)
            case .dataCR:
                let byte = chunk[index]
                index &+= 1
                if byte == 0x0D { state = .dataLF } else if byte == 0x0A { state = .sizeLine } else {
                    throw Self.malformed("no CRLF after a chunk's data")
                }
            case .dataLF:
                guard chunk[index] == 0x0A else { throw Self.malformed("no LF after a chunk's CR") }
                index &+= 1
                state = .sizeLine
            case .sizeLine, .trailerLine:
                let byte = chunk[index]
                index &+= 1
                guard byte == 0x0A else {
                    line.append(byte)
                    if line.count > maxLineBytes { throw Self.malformed("a chunk size or trailer line over \(maxLineBytes) bytes") }
                    continue
                }
                if line.last == 0x0D { line.removeLast() }
                if state == .trailerLine {
                    if line.isEmpty {
                        state = .done
                        marks.append(.end(offset: index))
                    }
                } else {
                    let size = try Self.size(line)
                    state = size == 0 ? .trailerLine : .data(remaining: size)
                }
                line.removeAll(keepingCapacity: true)
            }
        }
        return marks
    }

    /// The hex chunk size before any `;extension` (at most 15 hex digits, so it fits an Int).
    static func size(_ line: [UInt8]) throws(ProxyScanError) -> Int {
        var value = 0
        var digits = 0
        for byte in line {
            if byte == UInt8(ascii: ";") || byte == 0x20 || byte == 0x09 { break }
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte &- UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte &- UInt8(ascii: "a")) &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte &- UInt8(ascii: "A")) &+ 10
            default: throw malformed("a chunk size that is not hex")
            }
            digits &+= 1
            guard digits <= 15 else { throw malformed("a chunk size too large") }
            value = value << 4 | digit
        }
        guard digits > 0 else { throw malformed("an empty chunk size") }
        return value
    }

    static func malformed(_ message: String) -> ProxyScanError {
        ProxyScanError(code: "proxy-chunk-malformed", message: message)
    }
}
