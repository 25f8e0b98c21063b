/// Finds where each event of a decoded HTTP body ends, as the mocks count events (`Docs/fault-grammar.md`):
/// an NDJSON line (Event Streamer: batches, heartbeats and errors alike; empty lines are not events), or an SSE
/// block that ends in a blank line and holds at least one field line (comment-only blocks are keep-alives, not
/// events; WHATWG HTML §9.2.6 line ends CR, LF and CRLF, a blank line's CRLF kept whole with its event).
struct BodyMessageScanner: Sendable {
    enum Framing: Sendable { case lines, serverSentEvents }

    let framing: Framing
    /// Bytes of the current line so far (CR excluded).
    private var lineLength = 0
    private var lineIsComment = false
    private var blockHasField = false
    /// A CR ended the previous line; an LF right after it belongs to the same line end.
    private var pendingCR = false
    /// The CR that ended a blank line closing an event: the event's end is after a following LF, or at the CR.
    private var eventEndPendingCR = false

    init(_ framing: Framing) { self.framing = framing }

    /// The offsets in `bytes` (0…count) where an event ends, in order.
    mutating func scan(_ bytes: UnsafeRawBufferPointer) -> [Int] {
        var ends: [Int] = []
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if pendingCR {
                pendingCR = false
                if eventEndPendingCR {
                    eventEndPendingCR = false
                    ends.append(byte == 0x0A ? index &+ 1 : index)
                }
                if byte == 0x0A { continue }
            }
            switch framing {
            case .lines:
                if byte == 0x0A {
                    if lineLength > 0 { ends.append(index &+ 1) }
                    lineLength = 0
                } else if byte != 0x0D {
                    lineLength &+= 1
                }
            case .serverSentEvents:
                if byte == 0x0A || byte == 0x0D {
                    let blank = lineLength == 0
                    if blank, blockHasField {
                        blockHasField = false
                        if byte == 0x0A { ends.append(index &+ 1) } else { eventEndPendingCR = true }
                    } else if !blank, !lineIsComment {
                        blockHasField = true
                    }
                    pendingCR = byte == 0x0D
                    lineLength = 0
                } else {
                    if lineLength == 0 { lineIsComment = byte == UInt8(ascii: ":") }
                    lineLength &+= 1
                }
            }
        }
        return ends
    }

    mutating func scan(_ bytes: [UInt8]) -> [Int] { bytes.withUnsafeBytes { scan($0) } }
}
