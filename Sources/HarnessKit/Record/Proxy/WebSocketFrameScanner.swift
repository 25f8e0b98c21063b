/// Finds frame and message boundaries in a WebSocket byte stream (RFC 6455 §5.2) without decoding payloads, so
/// the recording proxy can cut, hold or replace whole messages while passing the bytes on unchanged. Frames are
/// taken as they come (either direction, masked or not); a frame above `maxFrameBytes` or a length that does not
/// fit stops the scan (`ProxyScanError`).
struct WebSocketFrameScanner: Sendable {
    /// One boundary inside a scanned chunk: `offset` is where it lies (0…chunk.count).
    enum Mark: Sendable, Equatable {
        /// A data message's first frame starts here.
        case messageStart(offset: Int)
        /// A data message's last frame ends here.
        case messageEnd(offset: Int)
        /// A control frame (opcode 8–10) ends here.
        case controlEnd(offset: Int, opcode: UInt8)
    }

    let maxFrameBytes: Int
    /// Header bytes of the frame being read (2–14).
    private var header: [UInt8] = []
    /// Payload bytes of the current frame still to come; nil while reading a header.
    private var remaining: Int?
    /// Opcode and FIN bit of the current frame.
    private var frameOpcode: UInt8 = 0
    private var fin = false
    /// A data message has started and not ended.
    private var inMessage = false

    init(maxFrameBytes: Int = 64 << 20) { self.maxFrameBytes = maxFrameBytes }

    /// The boundaries in `chunk`, in order.
    mutating func scan(_ chunk: [UInt8]) throws(ProxyScanError) -> [Mark] {
        var marks: [Mark] = []
        var index = 0
        while index < chunk.count {
            if let left = remaining {
                let take = min(left, chunk.count &- index)
                index &+= take
                remaining = left &- take
            } else {
                if header.isEmpty, opcode(of: chunk[index]) < 8, opcode(of: chunk[index]) != 0 {
                    marks.append(.messageStart(offset: index))
                }
                header.append(chunk[index])
                index &+= 1
                guard let length = try headerComplete() else { continue }
                remaining = length
            }
            if remaining == 0 {
                remaining = nil
                if frameOpcode >= 8 {
                    marks.append(.controlEnd(offset: index, opcode: frameOpcode))
                } else if fin {
                    inMessage = false
                    marks.append(.messageEnd(offset: index))
                } else {
                    inMessage = true
                }
            }
        }
        return marks
    }

    private func opcode(of byte: UInt8) -> UInt8 { byte & 0x0F }

    /// The payload length once `header` holds the whole header (then it is cleared), nil while bytes are missing.
    private mutating func headerComplete() throws(ProxyScanError) -> Int? {
        guard header.count >= 2 else { return nil }
        let code = header[1] & 0x7F
        let masked = header[1] & 0x80 != 0
        let lengthBytes = code == 127 ? 8 : code == 126 ? 2 : 0
        let total = 2 &+ lengthBytes &+ (masked ? 4 : 0)
        guard header.count == total else { return nil }
        var length: UInt64 = UInt64(code)
        if lengthBytes > 0 {
            length = 0
            for byte in header[2..<(2 &+ lengthBytes)] { length = length << 8 | UInt64(byte) }
        }
        guard length <= UInt64(maxFrameBytes) else {
            throw ProxyScanError(code: "proxy-frame-too-large", message: "a frame announces \(length) bytes (limit \(maxFrameBytes))")
        }
        frameOpcode = opcode(of: header[0])
        fin = header[0] & 0x80 != 0
        if frameOpcode == 0, !inMessage {
            throw ProxyScanError(code: "proxy-frame-malformed", message: "a continuation frame outside a message")
        }
        if frameOpcode != 0, frameOpcode < 8, inMessage {
            throw ProxyScanError(code: "proxy-frame-malformed", message: "a new data frame inside a fragmented message")
        }
        header.removeAll(keepingCapacity: true)
        return Int(length)
    }
}

/// Why the proxy stopped finding message boundaries on a connection (it then passes bytes on unchanged and
/// applies no more faults there). Stable codes: `proxy-frame-too-large`, `proxy-frame-malformed`,
/// `proxy-chunk-malformed`, `proxy-head-malformed`.
struct ProxyScanError: Error, Sendable, Equatable {
    let code: String
    let message: String
}
