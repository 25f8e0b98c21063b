/// Writes canonical `text/event-stream` frames (HTML §9.2.5 format): `id: `, `event: `, one `data: ` line per line
/// of data (split on CRLF, LF and CR, as a decoder joins them back with LF), then a blank line; `retry: ` lines;
/// comments and keep-alives. Every field value follows `": "`, so a value's own leading space survives decoding.
public struct SSEEncoder: Sendable, Equatable {
    /// The line terminator written after each line.
    public enum LineEnding: Sendable, Equatable {
        /// `\n`, the common choice.
        case lf
        /// `\r\n`, as sse-starlette writes by default.
        case crlf
        /// `\r` alone, legal and rare: useful to test decoders.
        case cr

        @usableFromInline func append(to output: inout [UInt8]) {
            switch self {
            case .lf: output.append(0x0A)
            case .crlf: output.append(contentsOf: [0x0D, 0x0A])
            case .cr: output.append(0x0D)
            }
        }
    }

    /// The terminator for every line; LF unless a test wants another.
    public var lineEnding: LineEnding

    /// An encoder writing `lineEnding` after every line.
    public init(lineEnding: LineEnding = .lf) {
        self.lineEnding = lineEnding
    }

    /// Appends one event. `type` nil or empty gives the default `message` type; `id` nil leaves the last event ID
    /// as it was, `""` resets it. A data line end of any kind (CRLF, LF, CR) becomes a new `data` line.
    public func encodeEvent(
        data: String, type: String? = nil, id: String? = nil, into output: inout [UInt8]
    ) throws(SSEEncodingError) {
        if let id {
            var id = id
            let invalid: SSEEncodingError.Kind? = id.withUTF8 { bytes in
                if bytes.contains(0) { return .idHasNull }
                if bytes.contains(0x0A) || bytes.contains(0x0D) { return .idHasLineEnd }
                return nil
            }
            if let invalid { throw SSEEncodingError(invalid) }
        }
        if let type {
            var type = type
            let invalid = type.withUTF8 { $0.contains(0x0A) || $0.contains(0x0D) }
            if invalid { throw SSEEncodingError(.eventTypeHasLineEnd) }
        }
        if let id { appendField("id", value: id, into: &output) }
        if let type, !type.isEmpty { appendField("event", value: type, into: &output) }
        var data = data
        data.withUTF8 { bytes in
            forEachLine(UnsafeRawBufferPointer(bytes)) { line in
                appendField("data", value: line, into: &output)
            }
        }
        lineEnding.append(to: &output)
    }

    /// Appends an event given as the decoder hands it out (its `lastEventID` is written as `id`).
    public func encode(_ event: SSEEvent, into output: inout [UInt8]) throws(SSEEncodingError) {
        try encodeEvent(data: event.data, type: event.type, id: event.lastEventID, into: &output)
    }

    /// Appends a `retry` line telling clients to wait this many milliseconds before reconnecting.
    public func encodeRetry(milliseconds: Int, into output: inout [UInt8]) throws(SSEEncodingError) {
        guard milliseconds >= 0 else { throw SSEEncodingError(.negativeRetry) }
        appendField("retry", value: String(milliseconds), into: &output)
    }

    /// Appends a comment; text with line ends becomes several comment lines. Decoders ignore comments.
    public func encodeComment(_ text: String, into output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            forEachLine(UnsafeRawBufferPointer(bytes)) { line in
                output.append(UInt8(ascii: ":"))
                if !line.isEmpty {
                    output.append(UInt8(ascii: " "))
                    output.append(contentsOf: line)
                }
                lineEnding.append(to: &output)
            }
        }
    }

    /// Appends a keep-alive: an empty comment line, which keeps proxies from timing out an idle stream.
    public func encodeKeepAlive(into output: inout [UInt8]) {
        output.append(UInt8(ascii: ":"))
        lineEnding.append(to: &output)
    }

    func appendField(_ name: StaticString, value: String, into output: inout [UInt8]) {
        var value = value
        value.withUTF8 { appendField(name, value: UnsafeRawBufferPointer($0), into: &output) }
    }

    func appendField(_ name: StaticString, value: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        output.append(contentsOf: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        output.append(UInt8(ascii: ":"))
        output.append(UInt8(ascii: " "))
        output.append(contentsOf: value)
        lineEnding.append(to: &output)
    }

    /// Calls `body` with each line of `bytes`, split on CRLF, LF and CR; text ending in a line end has an empty
    /// last line, and empty text is one empty line.
    func forEachLine(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        var index = 0
        while let end = SSELineEndScanner.firstLineEnd(in: bytes, from: index) {
            body(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            index = end &+ 1
            if bytes[end] == 0x0D, index < bytes.count, bytes[index] == 0x0A { index &+= 1 }
            start = index
        }
        body(UnsafeRawBufferPointer(rebasing: bytes[start..<bytes.count]))
    }
}
