import Codecs
import SSE

/// A second, deliberately plain implementation of WHATWG HTML §9.2.6 "Event stream interpretation", written
/// straight from the spec text for differential testing of `SSEDecoder`: the whole body is decoded to scalars
/// first (Encoding Standard "UTF-8 decode": BOM sniff, then the UTF-8 decoder with U+FFFD on errors), then split
/// into lines, then each line is processed in order. No chunking, no speed, no shared code with the decoder.
public enum SSEReference {
    /// Everything a whole stream produces.
    public struct Outcome: Sendable, Equatable {
        public var items: [SSEItem<SSEEvent>] = []
        public var error: SSEDecodingError?
        public var lastEventID: String
        public var reconnectionTime: Int?
    }

    /// A decoded scalar and the span of input bytes it came from (U+FFFD covers the bytes it replaced).
    struct Character {
        var scalar: Unicode.Scalar
        var offset: Int
        var length: Int
    }

    /// Interprets a complete body that ends (EOF) after `bytes`.
    public static func interpret(_ bytes: [UInt8], limits: SSELimits = SSELimits(), lastEventID: String = "") -> Outcome {
        var outcome = Outcome(lastEventID: lastEventID)
        let characters = decodeUTF8(bytes)
        var lines: [(characters: ArraySlice<Character>, offset: Int)] = []
        var lineStart = 0
        var index = 0
        var trailing: (characters: ArraySlice<Character>, offset: Int)?
        while index <= characters.count {
            if index == characters.count {
                if lineStart < characters.count {
                    trailing = (characters[lineStart..<index], characters[lineStart].offset)
                }
                break
            }
            let scalar = characters[index].scalar
            if scalar == "\r" || scalar == "\n" {
                let offset = lineStart < index ? characters[lineStart].offset : characters[index].offset
                lines.append((characters[lineStart..<index], offset))
                if scalar == "\r", index + 1 < characters.count, characters[index + 1].scalar == "\n" { index += 1 }
                lineStart = index + 1
            }
            index += 1
        }
        var state = State(idBuffer: lastEventID)
        let maxLine = max(0, limits.maxLineLength)
        for line in lines {
            let length = line.characters.reduce(0) { $0 + $1.length }
            if length > maxLine {
                outcome.error = SSEDecodingError(.lineTooLong(limit: maxLine), offset: line.offset + maxLine)
                break
            }
            if let error = state.process(line.characters, offset: line.offset, limits: limits, outcome: &outcome) {
                outcome.error = error
                break
            }
        }
        if outcome.error == nil, let trailing {
            let length = trailing.characters.reduce(0) { $0 + $1.length }
            if length > maxLine {
                outcome.error = SSEDecodingError(.lineTooLong(limit: maxLine), offset: trailing.offset + maxLine)
            }
        }
        return outcome
    }

    /// The buffers of §9.2.6.
    struct State {
        var data = ""
        var dataBytes = 0
        var eventType = ""
        var idBuffer: String

        mutating func process(
            _ line: ArraySlice<Character>, offset: Int, limits: SSELimits, outcome: inout Outcome
        ) -> SSEDecodingError? {
            if line.isEmpty {
                dispatch(&outcome)
                return nil
            }
            if line.first?.scalar == ":" { return nil }
            let field: ArraySlice<Character>
            var value: ArraySlice<Character>
            if let colon = line.firstIndex(where: { $0.scalar == ":" }) {
                field = line[line.startIndex..<colon]
                value = line[(colon + 1)...]
                if value.first?.scalar == " " { value = value.dropFirst() }
            } else {
                field = line
                value = []
            }
            let name = String(String.UnicodeScalarView(field.map(\.scalar)))
            let text = String(String.UnicodeScalarView(value.map(\.scalar)))
            switch name {
            case "event":
                eventType = text
            case "data":
                let valueBytes = value.reduce(0) { $0 + $1.length }
                if dataBytes + valueBytes > limits.maxEventDataSize {
                    return SSEDecodingError(.eventDataTooLarge(limit: max(0, limits.maxEventDataSize)), offset: offset)
                }
                data += text
                data += "\n"
                dataBytes += valueBytes + 1
            case "id":
                if !text.unicodeScalars.contains("\u{0}") { idBuffer = text }
            case "retry":
                let scalars = text.unicodeScalars
                if !scalars.isEmpty, scalars.allSatisfy({ ("0"..."9").contains($0) }) {
                    let milliseconds = Int(text) ?? Int.max
                    outcome.reconnectionTime = milliseconds
                    outcome.items.append(.retry(milliseconds: milliseconds))
                }
            default:
                break
            }
            return nil
        }

        mutating func dispatch(_ outcome: inout Outcome) {
            outcome.lastEventID = idBuffer
            if data.isEmpty {
                data = ""
                dataBytes = 0
                eventType = ""
                return
            }
            if data.unicodeScalars.last == "\n" { data.unicodeScalars.removeLast() }
            let type = eventType.isEmpty ? "message" : eventType
            outcome.items.append(.event(SSEEvent(type: type, data: data, lastEventID: idBuffer)))
            data = ""
            dataBytes = 0
            eventType = ""
        }
    }

    /// Encoding Standard "UTF-8 decode": strip one leading BOM, then run the UTF-8 decoder, emitting U+FFFD for
    /// each error and re-reading the byte that caused it.
    static func decodeUTF8(_ bytes: [UInt8]) -> [Character] {
        var output: [Character] = []
        var index = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        var codePoint: UInt32 = 0
        var bytesSeen = 0
        var bytesNeeded = 0
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        var sequenceStart = index
        let replacement: Unicode.Scalar = "\u{FFFD}"
        while index < bytes.count {
            let byte = bytes[index]
            if bytesNeeded == 0 {
                sequenceStart = index
                switch byte {
                case 0x00...0x7F:
                    output.append(Character(scalar: Unicode.Scalar(byte), offset: index, length: 1))
                case 0xC2...0xDF:
                    bytesNeeded = 1
                    codePoint = UInt32(byte & 0x1F)
                case 0xE0...0xEF:
                    if byte == 0xE0 { lower = 0xA0 }
                    if byte == 0xED { upper = 0x9F }
                    bytesNeeded = 2
                    codePoint = UInt32(byte & 0xF)
                case 0xF0...0xF4:
                    if byte == 0xF0 { lower = 0x90 }
                    if byte == 0xF4 { upper = 0x8F }
                    bytesNeeded = 3
                    codePoint = UInt32(byte & 0x7)
                default:
                    output.append(Character(scalar: replacement, offset: index, length: 1))
                }
                index += 1
                continue
            }
            if byte < lower || byte > upper {
                // Error: reset, emit U+FFFD for the bytes so far, and re-read this byte (index not advanced).
                output.append(Character(scalar: replacement, offset: sequenceStart, length: index - sequenceStart))
                codePoint = 0
                bytesNeeded = 0
                bytesSeen = 0
                lower = 0x80
                upper = 0xBF
                continue
            }
            lower = 0x80
            upper = 0xBF
            codePoint = codePoint << 6 | UInt32(byte & 0x3F)
            bytesSeen += 1
            index += 1
            if bytesSeen == bytesNeeded {
                let scalar = Unicode.Scalar(codePoint) ?? replacement
                output.append(Character(scalar: scalar, offset: sequenceStart, length: index - sequenceStart))
                codePoint = 0
                bytesNeeded = 0
                bytesSeen = 0
            }
        }
        if bytesNeeded != 0 {
            output.append(Character(scalar: replacement, offset: sequenceStart, length: bytes.count - sequenceStart))
        }
        return output
    }
}
