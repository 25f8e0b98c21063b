import Codecs
import MockServers
import Reconnect
import WSFrame

/// The upstream-to-client half of a proxied connection: reads the response head, then finds message
/// boundaries in the stream (WebSocket frames, or the chunked / length / close-delimited body with SSE or
/// NDJSON event ends), forwards the bytes unchanged up to the point a fault of the attempt fires there, and
/// decodes what the client was actually sent for the recording. After a scan error it forwards the rest as it
/// is and fires no more faults.
struct ProxyServerSide: Sendable {
    /// What one `receive` or `finish` produced.
    struct Step: Sendable {
        var actions: [ProxyAction] = []
        /// The stream opened (101, or 2xx on an HTTP stream request).
        var opened: (status: Int, headers: [(name: String, value: String)])?
        /// The negotiated permessage-deflate parameters, with `opened` 101.
        var negotiatedDeflate: PerMessageDeflateParameters?
        /// The stream request was answered with this status instead.
        var refusedStatus: Int?
        /// What the client was sent, decoded: WebSocket messages (`isText` set) or body reads.
        var reads: [(bytes: [UInt8], isText: Bool?)] = []
        /// How the connection ended, when this step ended it.
        var ending: ReasonCode?
        /// Forwarding stopped (drop, close, stall).
        var halted = false
    }

    enum Mode: Sendable, Equatable {
        case head, webSocket, chunked, length(Int), untilClose, passthrough
    }

    /// Bytes held back from the client until the message they start is complete (`drop-mid`, `garbage`,
    /// `bad-deflate`), with the ranges of them that are HTTP body data.
    struct Hold: Sendable {
        var bytes: [UInt8] = []
        var dataRanges: [Range<Int>] = []
        var form: EventForm?
    }

    private(set) var service = RecordService.sse
    private(set) var faults = AttemptFaults([], attempt: 0)
    private(set) var mode = Mode.head
    private var headReader = HTTPHeadReader(limit: 64 << 10)
    private var frames = WebSocketFrameScanner()
    private var chunks = ChunkedBodyScanner()
    private var body = BodyMessageScanner(.lines)
    private var recordDecoder: WebSocketDecoder?
    private var recordChunks = ChunkedBodyScanner()
    private var sawClose: UInt16?
    private var recording = false
    private var hold: Hold?
    private var halted = false
    /// Content messages forwarded whole.
    private(set) var sent = 0

    mutating func configure(service: RecordService, faults: AttemptFaults) {
        self.service = service
        self.faults = faults
    }

    /// Upstream bytes.
    mutating func receive(_ bytes: [UInt8], recording: Bool) -> Step {
        var step = Step()
        guard !halted else { return step }
        var rest = bytes
        if mode == .head {
            let used: Int?
            do throws(WebSocketHandshakeError) {
                used = try headReader.feed(bytes: bytes)
            } catch {
                mode = .passthrough
                emit(bytes, into: &step, record: false)
                return step
            }
            guard let used, let head = headReader.head else { return step }
            rest = Array(bytes[min(used, bytes.count)...])
            emit(head, into: &step, record: false)
            open(head, recording: recording, into: &step)
        }
        forward(rest, into: &step)
        if case .length(0) = mode { mode = .passthrough }
        return step
    }

    /// The upstream closed: held bytes go out as they are, and the ending is what the client saw.
    mutating func finish() -> Step {
        var step = Step()
        guard !halted else { return step }
        if let held = hold {
            hold = nil
            emit(held.bytes, into: &step)
        }
        halted = true
        step.halted = true
        guard recording else { return step }
        switch mode {
        case .webSocket: step.ending = ReasonCode("ws-close-\(sawClose ?? 1006)")
        case .chunked: step.ending = recordChunks.state == .done ? "end-of-stream" : "connection-closed-mid-body"
        case .length, .untilClose: step.ending = "end-of-stream"
        case .head, .passthrough: step.ending = "connection-closed"
        }
        return step
    }

    /// The response head: how the rest is framed, and whether it opens a recorded stream.
    private mutating func open(_ head: [UInt8], recording: Bool, into step: inout Step) {
        guard let response = try? HTTPHeadReader.parseResponse(head) else {
            mode = .passthrough
            return
        }
        guard recording else {
            mode = .passthrough
            return
        }
        let headers = response.headers.map { (name: $0.name, value: $0.value) }
        if response.status == 101, service.isWebSocket {
            let offered = response.headers.combinedValue(named: "sec-websocket-extensions")
            let deflate = offered.flatMap { try? PerMessageDeflateParameters(negotiated: $0) }
            recordDecoder = WebSocketDecoder(.init(role: .client, deflate: deflate))
            mode = .webSocket
            step.opened = (101, headers)
            step.negotiatedDeflate = deflate
        } else if (200...299).contains(response.status), !service.isWebSocket {
            body = BodyMessageScanner(service == .sse ? .serverSentEvents : .lines)
            if response.headers.tokens(named: "transfer-encoding").contains("chunked") {
                mode = .chunked
            } else if let length = response.headers.combinedValue(named: "content-length").flatMap({ Int($0) }), length >= 0 {
                mode = .length(length)
            } else {
                mode = .untilClose
            }
            step.opened = (response.status, headers)
        } else {
            mode = .passthrough
            step.refusedStatus = response.status
            return
        }
        self.recording = true
        check(into: &step)
    }

    /// Scans `rest` for message ends and forwards it, cutting where a fault fires.
    private mutating func forward(_ rest: [UInt8], into step: inout Step) {
        guard !rest.isEmpty, !halted else { return }
        var ends: [Int] = []
        var dataRanges: [Range<Int>] = []
        do throws(ProxyScanError) {
            switch mode {
            case .head, .passthrough:
                emit(rest, into: &step)
                return
            case .webSocket:
                for mark in try frames.scan(rest) { if case .messageEnd(let offset) = mark { ends.append(offset) } }
            case .chunked:
                for mark in try chunks.scan(rest) {
                    guard case .data(let range) = mark else { continue }
                    dataRanges.append(range)
                    ends += rest[range].withUnsafeBytes { body.scan($0) }.map { $0 &+ range.lowerBound }
                }
            case .length(let remaining):
                let take = min(remaining, rest.count)
                dataRanges = [0..<take]
                ends = rest[0..<take].withUnsafeBytes { body.scan($0) }
                mode = .length(remaining &- take)
            case .untilClose:
                dataRanges = [0..<rest.count]
                ends = body.scan(rest)
            }
        } catch {
            // Boundaries are lost from here on: pass everything through, fire nothing more.
            mode = .passthrough
            faults = AttemptFaults([], attempt: 0)
            if let held = hold {
                hold = nil
                emit(held.bytes, into: &step)
            }
            emit(rest, into: &step)
            return
        }
        var position = 0
        for end in ends {
            if hold != nil {
                keep(rest, position..<end, dataRanges)
                position = end
                release(into: &step)
            } else {
                emit(Array(rest[position..<end]), into: &step)
                position = end
            }
            if halted { return }
            sent &+= 1
            check(into: &step)
            if halted { return }
        }
        if hold != nil { keep(rest, position..<rest.count, dataRanges) } else { emit(Array(rest[position...]), into: &step) }
    }

    /// What the attempt's faults do now that `sent` messages went out whole.
    private mutating func check(into step: inout Step) {
        if let close = faults.close, close.afterEvents == nil, sent == 0 {
            closeNow(code: close.code, into: &step)
            return
        }
        switch faults.step(beforeEvent: sent) {
        case .send(.normal), .send(.oversize):
            return
        case .send(let form):
            hold = Hold(form: form)
        case .sendHalfThenDrop:
            hold = Hold(form: nil)
        case .drop:
            halt(.dropBoth, "proxy-drop", into: &step)
        case .stall:
            halt(.stall, nil, into: &step)
        case .close(let code):
            closeNow(code: code, into: &step)
        }
    }

    private mutating func closeNow(code: Int, into step: inout Step) {
        guard service.isWebSocket else {
            halt(.dropBoth, "proxy-drop", into: &step)
            return
        }
        var frame: [UInt8] = []
        WebSocketEncoder.closePayload(code: UInt16(clamping: code), reason: "").withUnsafeBytes {
            WebSocketEncoder.writeFrame(opcode: .close, payload: $0, maskingKey: nil, into: &frame)
        }
        emit(frame, into: &step)
        halt(.closeBoth, ReasonCode("ws-close-\(code)"), into: &step)
    }

    private mutating func halt(_ action: ProxyAction, _ ending: ReasonCode?, into step: inout Step) {
        halted = true
        step.halted = true
        step.ending = ending
        step.actions.append(action)
    }

    /// Adds `range` of `rest` to the hold, with its body-data parts.
    private mutating func keep(_ rest: [UInt8], _ range: Range<Int>, _ dataRanges: [Range<Int>]) {
        guard var held = hold, !range.isEmpty else { return }
        let base = held.bytes.count &- range.lowerBound
        for data in dataRanges {
            let overlap = data.clamped(to: range)
            if !overlap.isEmpty { held.dataRanges.append((overlap.lowerBound &+ base)..<(overlap.upperBound &+ base)) }
        }
        held.bytes += rest[range]
        hold = held
    }

    /// The held message is complete: half of it then a drop, or its replacement.
    private mutating func release(into step: inout Step) {
        guard var held = hold else { return }
        hold = nil
        guard let form = held.form else {
            emit(Array(held.bytes.prefix(held.bytes.count / 2)), into: &step)
            halt(.dropBoth, "proxy-drop", into: &step)
            return
        }
        if service.isWebSocket {
            emit(ProxyFaults.replacementFrame(service, form: form), into: &step)
            return
        }
        var data = held.dataRanges.flatMap { held.bytes[$0] }
        ProxyFaults.garble(&data, service)
        var offset = 0
        for range in held.dataRanges {
            for index in range {
                held.bytes[index] = data[offset]
                offset &+= 1
            }
        }
        emit(held.bytes, into: &step)
    }

    /// Sends `bytes` to the client (one write per byte under `drip`) and decodes them for the recording.
    private mutating func emit(_ bytes: [UInt8], into step: inout Step, record: Bool = true) {
        guard !bytes.isEmpty else { return }
        if faults.drip {
            for byte in bytes { step.actions.append(.toClient([byte])) }
        } else {
            step.actions.append(.toClient(bytes))
        }
        guard record, recording else { return }
        switch mode {
        case .webSocket:
            recordMessages(bytes, into: &step)
        case .chunked:
            guard let marks = try? recordChunks.scan(bytes) else { return }
            var data: [UInt8] = []
            for case .data(let range) in marks { data += bytes[range] }
            if !data.isEmpty { step.reads.append((data, nil)) }
        case .length, .untilClose:
            step.reads.append((bytes, nil))
        case .head, .passthrough:
            break
        }
    }

    private mutating func recordMessages(_ bytes: [UInt8], into step: inout Step) {
        guard recordDecoder != nil else { return }
        recordDecoder?.feed(bytes)
        while let decoder = recordDecoder {
            var copy = decoder
            let event: WebSocketEvent?
            do throws(WebSocketError) { event = try copy.next() } catch {
                // What the client was sent is no longer decodable (a garbage or bad-deflate frame): the raw
                // frames went out; the recording keeps the messages before it.
                recordDecoder = nil
                return
            }
            recordDecoder = copy
            guard let event else { return }
            switch event {
            case .message(.text(let text)): step.reads.append((Array(text.utf8), true))
            case .message(.binary(let data)): step.reads.append((data, false))
            case .close(let code, _): sawClose = code ?? 1005
            default: break
            }
        }
    }
}
