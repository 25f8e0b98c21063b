public import Codecs

/// The incremental WebSocket decoder (RFC 6455 §5, RFC 7692 §6): feed bytes in any chunking, take decoded events
/// (messages and control frames) one at a time.
///
/// The convention every decoder of the package follows: `feed(_:)` then `next()` until nil (pull, owned
/// `WebSocketEvent`s); `feed(_:onItem:)` (push, `WebSocketEventView`s lent during the call); `finish()` at end of
/// input. `next(_:)` is the pull step with the payload lent (what a lazy `WebSocketConnection` uses to decode one
/// frame when asked). Fast paths: `nextWholeFrame` and `nextCompressedWholeFrame` (single-frame messages in one
/// pass) and the push API's in-place decoding; their reference path is the general frame state machine
/// (`nextReadyItem`), and `WSFrameOracle` and the chunking tests hold them equal to it.
///
/// It enforces every framing rule for its role, the size limits,
/// fail-fast UTF-8 for text (checked as payload bytes arrive, before the frame completes), and inflates
/// permessage-deflate messages under a hard output bound.
///
/// Payloads are unmasked in place in the input buffer; an unfragmented, uncompressed message is handed out as a
/// view of that buffer, so steady-state decoding of small frames allocates nothing. After a close frame the
/// decoder stops (later bytes are discarded, §5.5.1); after an error it stays failed.
public struct WebSocketDecoder: Sendable {
    /// How the decoder behaves: role, limits, negotiated deflate, delivery mode.
    public struct Configuration: Sendable, Equatable {
        /// Our role; a client decodes the server's (unmasked) frames, a server the client's (masked) ones.
        public var role: WebSocketRole
        public var limits: WebSocketLimits
        /// Negotiated permessage-deflate parameters, or nil when not negotiated (then RSV1 is a protocol error).
        public var deflate: PerMessageDeflateParameters?
        /// Deliver data payloads in pieces as they arrive instead of whole messages (wsproto-style).
        public var partialDelivery: Bool

        public init(role: WebSocketRole, limits: WebSocketLimits = WebSocketLimits(),
                    deflate: PerMessageDeflateParameters? = nil, partialDelivery: Bool = false) {
            self.role = role
            self.limits = limits
            self.deflate = deflate
            self.partialDelivery = partialDelivery
        }
    }

    public let configuration: Configuration
    @usableFromInline var buffer = InputBuffer()
    var inflater: ZlibInflater?
    /// The peer compresses each message on its own (no context takeover), so the window is reset after each.
    let inflateResetsAfterMessage: Bool
    /// Header of the frame whose payload is being read (already consumed from `buffer`).
    @usableFromInline var frame: WebSocketFrameHeader?
    /// Stream offset of the current frame's first header byte.
    var frameOffset = 0
    /// Payload bytes of the current frame still in (or yet to reach) `buffer`.
    var payloadRemaining = 0
    /// Payload bytes of the current frame already consumed (partial delivery), i.e. the mask phase.
    var payloadPhase = 0
    /// Readable bytes at the buffer's start already unmasked (and UTF-8-checked for text).
    var prepared = 0
    /// Kind of the data message in progress, nil between messages.
    @usableFromInline var messageKind: WebSocketEventKind?
    var messageCompressed = false
    var fragments = 0
    /// Uncompressed: declared payload bytes so far; compressed: inflated bytes so far.
    var messageSize = 0
    var utf8 = IncrementalUTF8Validator()
    /// Reassembly (fragmented or inflated messages) and partial-delivery pieces; capacity is reused.
    @usableFromInline var messageBuffer: [UInt8] = []
    /// A close frame has been decoded; nothing more will be.
    public private(set) var receivedClose = false
    @usableFromInline var failure: WebSocketError?

    public init(_ configuration: Configuration) {
        self.configuration = configuration
        inflateResetsAfterMessage = configuration.deflate?.inflateNoContextTakeover(for: configuration.role) == true
        if let deflate = configuration.deflate {
            inflater = ZlibInflater(windowBits: deflate.inflateWindowBits(for: configuration.role))
        }
    }

    /// Total bytes fed so far.
    public var bytesFed: Int { buffer.totalAppended }
    /// True between messages with no partial frame buffered: a clean place for the transport to end.
    public var isAtMessageBoundary: Bool { frame == nil && buffer.isEmpty && messageKind == nil }

    /// Appends received bytes (copied into the decoder); call `next` until it returns nil.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard !receivedClose, failure == nil else { return }
        buffer.append(bytes)
    }

    /// Appends received bytes.
    public mutating func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }

    /// The transport ended: throws `.unexpectedEOF` if it ended inside a frame or a fragmented message.
    public mutating func finish() throws(WebSocketError) {
        if let failure { throw failure }
        if receivedClose { return }
        guard isAtMessageBoundary else {
            let error = WebSocketError(.unexpectedEOF, offset: buffer.totalAppended)
            failure = error
            throw error
        }
    }

    /// Decodes the next item and passes a borrowed view of it to `body`; nil when more input is needed.
    /// Throws the first protocol violation (and again on every later call).
    @inlinable public mutating func next<R>(_ body: (WebSocketEventView) -> R) throws(WebSocketError) -> R? {
        if failure == nil, !receivedClose, frame == nil, messageKind == nil, !configuration.partialDelivery,
           let result = nextWholeFrame(body) {
            return result
        }
        guard let item = try nextReadyItem() else { return nil }
        let result: R
        switch item.source {
        case .input:
            result = buffer.withReadableBytes { raw in
                body(WebSocketEventView(kind: item.kind, payload: UnsafeRawBufferPointer(rebasing: raw[0..<item.count]),
                                       isFrameEnd: item.isFrameEnd, isMessageEnd: item.isMessageEnd,
                                       isPiece: item.isPiece))
            }
        case .reassembled:
            result = messageBuffer.withUnsafeBytes { raw in
                body(WebSocketEventView(kind: item.kind, payload: raw, isFrameEnd: item.isFrameEnd,
                                       isMessageEnd: item.isMessageEnd, isPiece: item.isPiece))
            }
        case .inflated:
            result = body(WebSocketEventView(kind: item.kind, payload: inflatedBytes, isFrameEnd: item.isFrameEnd,
                                            isMessageEnd: item.isMessageEnd, isPiece: item.isPiece))
        }
        completeDelivery(item)
        return result
    }

    /// Decodes the next event as an owned value (pull); nil when more input is needed. `next(_:)` is the same
    /// step with the payload lent instead of copied.
    public mutating func next() throws(WebSocketError) -> WebSocketEvent? {
        try next { $0.owned }
    }

    /// An item ready for delivery: where its payload is and what to do once the caller has seen it. The general
    /// path is not generic, so it runs specialised code whatever the caller's result type.
    @usableFromInline struct ReadyItem {
        @usableFromInline var kind: WebSocketEventKind
        @usableFromInline var source: Source
        @usableFromInline var count: Int
        @usableFromInline var isFrameEnd: Bool
        @usableFromInline var isMessageEnd: Bool
        @usableFromInline var isPiece: Bool

        /// Where the payload is.
        @usableFromInline enum Source {
            /// The first `count` readable bytes of `buffer`.
            case input
            /// All of `messageBuffer` (reassembled fragments).
            case reassembled
            /// All of the inflater's output.
            case inflated
        }

        init(kind: WebSocketEventKind, source: Source, count: Int, isFrameEnd: Bool = true, isMessageEnd: Bool = true,
             isPiece: Bool = false) {
            self.kind = kind
            self.source = source
            self.count = count
            self.isFrameEnd = isFrameEnd
            self.isMessageEnd = isMessageEnd
            self.isPiece = isPiece
        }
    }

    /// The inflater's output (compressed messages); valid until the decoder is next used.
    @usableFromInline var inflatedBytes: UnsafeRawBufferPointer {
        inflater?.outputBytes ?? UnsafeRawBufferPointer(start: nil, count: 0)
    }

    /// Everything but the common case: fragments, control frames, deflate, partial frames, errors.
    @usableFromInline mutating func nextReadyItem() throws(WebSocketError) -> ReadyItem? {
        if let failure { throw failure }
        do throws(WebSocketError) {
            return try step()
        } catch {
            throw latch(error)
        }
    }

    /// Makes `error` the decoder's final state: buffers are dropped and every later call throws it.
    mutating func latch(_ error: WebSocketError) -> WebSocketError {
        failure = error
        messageBuffer = []
        inflater?.clearOutput()
        buffer.removeAll()
        return error
    }

    /// Releases what a delivered item held: consumes input payload bytes or clears the reassembly buffer, and
    /// ends the frame, message or stream it finished.
    @usableFromInline mutating func completeDelivery(_ item: ReadyItem) {
        switch item.kind {
        case .ping, .pong, .close:
            buffer.consume(item.count)
            frame = nil
            if item.kind == .close { receivedClose = true }
        case .text, .binary:
            switch item.source {
            case .input:
                if item.isPiece {
                    advancePayload(by: item.count, frameComplete: item.isFrameEnd, messageEnd: item.isMessageEnd)
                    return
                }
                buffer.consume(item.count)
                frame = nil
            case .reassembled:
                messageBuffer.removeAll(keepingCapacity: true)
            case .inflated:
                inflater?.clearOutput()
            }
            if item.isMessageEnd { endMessage() }
        }
    }

    mutating func step() throws(WebSocketError) -> ReadyItem? {
        while true {
            if receivedClose {
                buffer.removeAll()
                return nil
            }
            if frame == nil {
                if messageKind == nil, !configuration.partialDelivery, let inflater,
                   let item = try nextCompressedWholeFrame(inflater) {
                    return item
                }
                let offset = buffer.streamOffset
                let parsed = try buffer.withReadableBytes { (bytes) throws(WebSocketError) in
                    try WebSocketFrameHeader.parse(bytes, offset: offset)
                }
                guard let header = parsed else { return nil }
                try begin(header, offset: offset)
                buffer.consume(header.headerLength)
                frame = header
                frameOffset = offset
                payloadRemaining = header.payloadLength
                payloadPhase = 0
                prepared = 0
            }
            guard let header = frame else { return nil }
            let available = min(buffer.readableCount, payloadRemaining)
            if available > prepared { try prepare(header, upTo: available) }
            let frameComplete = available == payloadRemaining
            if header.opcode.isControl {
                guard frameComplete else { return nil }
                return try finishControl(header)
            }
            if configuration.partialDelivery {
                if let item = try deliverPiece(header, available: available, frameComplete: frameComplete) {
                    return item
                }
                if frame != nil { return nil }
            } else {
                guard frameComplete else { return nil }
                if let item = try finishDataFrame(header) { return item }
            }
        }
    }

    /// The common case in one pass over the buffer: a complete, final, uncompressed text or binary frame that
    /// starts a message. Returns nil (having changed nothing) for anything else, which the general path handles,
    /// including invalid text, so errors and their offsets come from one place. Unmasking is undone on that
    /// fallback (XOR is its own inverse).
    @inlinable mutating func nextWholeFrame<R>(_ body: (WebSocketEventView) -> R) -> R? {
        let limits = configuration.limits
        let masked = configuration.role == .server
        let frameLimit = min(limits.maxFramePayload, limits.maxMessageSize)
        guard limits.maxFragments > 0 else { return nil }
        var consumed = 0
        let result: R? = buffer.withMutableReadableBytes { raw -> R? in
            guard let frame = WholeFrame.locate(UnsafeRawBufferPointer(raw), masked: masked, compressed: false,
                                                limit: frameLimit) else { return nil }
            let payload = UnsafeMutableRawBufferPointer(rebasing: raw[frame.payloadStart..<frame.end])
            let key = masked ? frame.maskingKey(in: UnsafeRawBufferPointer(raw)) : nil
            key?.apply(to: payload)
            if frame.isText, !UTF8Validation.isValid(UnsafeRawBufferPointer(payload)) {
                key?.apply(to: payload)
                return nil
            }
            consumed = frame.end
            return body(WebSocketEventView(kind: frame.isText ? .text : .binary, payload: UnsafeRawBufferPointer(payload),
                                          isFrameEnd: true, isMessageEnd: true, isPiece: false))
        }
        buffer.consume(consumed)
        return result
    }

    /// The common compressed case in one pass: a complete, final, compressed text or binary frame that starts a
    /// message is unmasked, inflated (with its tail) and checked at once. Returns nil, having changed nothing, for
    /// anything else; its failures are the ones the general path reports for the same frame.
    mutating func nextCompressedWholeFrame(_ inflater: ZlibInflater) throws(WebSocketError) -> ReadyItem? {
        guard configuration.limits.maxFragments > 0 else { return nil }
        let masked = configuration.role == .server
        let limit = compressedFrameLimit
        let offset = buffer.streamOffset
        let messageLimit = configuration.limits.maxMessageSize
        let resetAfter = inflateResetsAfterMessage
        enum Outcome { case notHandled, decoded(text: Bool, consumed: Int), failed(WebSocketError) }
        let outcome: Outcome = buffer.withMutableReadableBytes { raw in
            guard let frame = WholeFrame.locate(UnsafeRawBufferPointer(raw), masked: masked, compressed: true,
                                                limit: limit) else { return .notHandled }
            let payload = UnsafeMutableRawBufferPointer(rebasing: raw[frame.payloadStart..<frame.end])
            if masked { frame.maskingKey(in: UnsafeRawBufferPointer(raw)).apply(to: payload) }
            if let error = Self.inflateWholeMessage(UnsafeRawBufferPointer(payload), text: frame.isText,
                                                    inflater: inflater, limit: messageLimit, resetAfter: resetAfter,
                                                    offset: offset) {
                return .failed(error)
            }
            return .decoded(text: frame.isText, consumed: frame.end)
        }
        switch outcome {
        case .notHandled:
            return nil
        case let .failed(error):
            throw error
        case let .decoded(text, consumed):
            buffer.consume(consumed)
            return ReadyItem(kind: text ? .text : .binary, source: .inflated, count: inflater.outputCount)
        }
    }

    /// A compressed frame may exceed the frame limit by DEFLATE's worst-case stored-block overhead.
    var compressedFrameLimit: Int {
        let limit = configuration.limits.maxFramePayload
        return limit &+ limit / 1024 &+ 1024
    }

    /// Inflates a whole single-frame message onto the inflater's (empty) output and checks it; returns the error
    /// the general path reports for the same frame (at the frame's stream `offset`), nil on success.
    static func inflateWholeMessage(
        _ payload: UnsafeRawBufferPointer, text: Bool, inflater: ZlibInflater, limit: Int, resetAfter: Bool,
        offset: Int
    ) -> WebSocketError? {
        inflater.clearOutput()
        do throws(ZlibInflater.Failure) {
            try inflater.inflateFinal(payload, limit: limit)
        } catch {
            switch error {
            case .tooLarge: return WebSocketError(.messageTooLarge(limit: limit), offset: offset)
            case .invalidData: return WebSocketError(.invalidCompressedData, offset: offset)
            case .internalFailure: return WebSocketError(.internalFailure("zlib inflate"), offset: offset)
            }
        }
        if text, !UTF8Validation.isValid(inflater.outputBytes) {
            return WebSocketError(.invalidUTF8, offset: offset)
        }
        if resetAfter { inflater.reset() }
        return nil
    }

    /// Applies the frame rules that the header alone decides (§5.2–§5.5, RFC 7692 §6.1) and the declared-size
    /// limits, before any payload byte is read.
    mutating func begin(_ header: WebSocketFrameHeader, offset: Int) throws(WebSocketError) {
        let opcode = header.opcode
        if header.rsv2 || header.rsv3 || (header.rsv1 && (configuration.deflate == nil || opcode.isControl
                                                          || opcode == .continuation)) {
            let rsv = (header.rsv1 ? 4 : 0) | (header.rsv2 ? 2 : 0) | (header.rsv3 ? 1 : 0)
            throw WebSocketError(.reservedBitsSet(rsv: UInt8(rsv)), offset: offset)
        }
        guard opcode.isDefined else { throw WebSocketError(.reservedOpcode(opcode.rawValue), offset: offset) }
        switch configuration.role {
        case .server: if header.maskingKey == nil { throw WebSocketError(.unmaskedClientFrame, offset: offset) }
        case .client: if header.maskingKey != nil { throw WebSocketError(.maskedServerFrame, offset: offset) }
        }
        let length = header.payloadLength
        if opcode.isControl {
            guard length <= 125 else {
                throw WebSocketError(.controlFrameTooLong(length: UInt64(length)), offset: offset)
            }
            guard header.fin else { throw WebSocketError(.fragmentedControlFrame, offset: offset) }
            return
        }
        let limits = configuration.limits
        if opcode == .continuation {
            guard messageKind != nil else { throw WebSocketError(.unexpectedContinuation, offset: offset) }
        } else {
            guard messageKind == nil else { throw WebSocketError(.expectedContinuation, offset: offset) }
        }
        let compressed = opcode == .continuation ? messageCompressed : header.rsv1
        // A compressed frame may exceed the frame limit by DEFLATE's worst-case stored-block overhead.
        let frameLimit = compressed ? compressedFrameLimit : limits.maxFramePayload
        guard length <= frameLimit else {
            throw WebSocketError(.frameTooLarge(length: UInt64(length), limit: frameLimit), offset: offset)
        }
        guard fragments < limits.maxFragments else {
            throw WebSocketError(.tooManyFragments(limit: limits.maxFragments), offset: offset)
        }
        if !compressed {
            guard length <= limits.maxMessageSize &- messageSize else {
                throw WebSocketError(.messageTooLarge(limit: limits.maxMessageSize), offset: offset)
            }
            messageSize &+= length
        }
        if opcode != .continuation {
            messageKind = opcode == .text ? .text : .binary
            messageCompressed = header.rsv1
        }
        fragments &+= 1
    }

    /// Unmasks newly arrived payload bytes in place and validates them as UTF-8 when they are uncompressed text,
    /// so invalid text fails on its first impossible byte, before the frame completes.
    mutating func prepare(_ header: WebSocketFrameHeader, upTo available: Int) throws(WebSocketError) {
        let start = prepared
        let phase = payloadPhase &+ start
        let checkText = messageKind == .text && !messageCompressed && !header.opcode.isControl
        var validator = utf8
        let before = validator.bytesValidated
        let streamStart = buffer.streamOffset &+ start
        let failed: UTF8ValidationError? = buffer.withMutableReadableBytes { raw in
            let piece = UnsafeMutableRawBufferPointer(rebasing: raw[start..<available])
            header.maskingKey?.apply(to: piece, phase: phase)
            guard checkText else { return nil }
            do throws(UTF8ValidationError) {
                try validator.feed(UnsafeRawBufferPointer(piece))
            } catch {
                return error
            }
            return nil
        }
        if let failed {
            let local = (failed.offset ?? before) &- before
            throw WebSocketError(.invalidUTF8, offset: streamStart &+ local)
        }
        utf8 = validator
        prepared = available
    }

    /// Validates a complete control frame (§5.5) for delivery; a close frame ends decoding once delivered.
    mutating func finishControl(_ header: WebSocketFrameHeader) throws(WebSocketError) -> ReadyItem {
        let length = header.payloadLength
        let kind: WebSocketEventKind = header.opcode == .close ? .close : (header.opcode == .ping ? .ping : .pong)
        if kind == .close {
            let offset = frameOffset
            let payloadOffset = frameOffset &+ header.headerLength
            try buffer.withReadableBytes { (raw) throws(WebSocketError) in
                try Self.validateClosePayload(UnsafeRawBufferPointer(rebasing: raw[0..<length]), frameOffset: offset,
                                              payloadOffset: payloadOffset)
            }
        }
        return ReadyItem(kind: kind, source: .input, count: length)
    }

    /// §5.5.1 and §7.4: a close payload is empty, or a valid code followed by a UTF-8 reason.
    static func validateClosePayload(
        _ payload: UnsafeRawBufferPointer, frameOffset: Int, payloadOffset: Int
    ) throws(WebSocketError) {
        if payload.count == 0 { return }
        guard payload.count >= 2 else { throw WebSocketError(.closePayloadTooShort, offset: frameOffset) }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        guard WebSocketCloseCode.isValidOnWire(code) else {
            throw WebSocketError(.invalidCloseCode(code), offset: payloadOffset)
        }
        do throws(UTF8ValidationError) {
            try UTF8Validation.validate(UnsafeRawBufferPointer(rebasing: payload[2...]))
        } catch {
            throw WebSocketError(.invalidUTF8, offset: payloadOffset &+ 2 &+ (error.offset ?? 0))
        }
    }

    /// Whole-message delivery: handles a complete data frame; returns the message when the frame ends one.
    mutating func finishDataFrame(_ header: WebSocketFrameHeader) throws(WebSocketError) -> ReadyItem? {
        let length = header.payloadLength
        let kind = messageKind ?? .binary
        let payloadOffset = frameOffset &+ header.headerLength
        if !messageCompressed {
            if header.fin, fragments == 1, messageBuffer.isEmpty {
                try finishText(kind, endOffset: payloadOffset)
                return ReadyItem(kind: kind, source: .input, count: length)
            }
            var assembled: [UInt8] = []
            swap(&assembled, &messageBuffer)
            buffer.withReadableBytes { raw in
                assembled.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[0..<length]))
            }
            swap(&assembled, &messageBuffer)
            buffer.consume(length)
            frame = nil
            guard header.fin else { return nil }
            try finishText(kind, endOffset: payloadOffset)
            return ReadyItem(kind: kind, source: .reassembled, count: messageBuffer.count)
        }
        try inflateFrame(header, count: length, final: header.fin)
        guard header.fin else { return nil }
        return ReadyItem(kind: kind, source: .inflated, count: inflatedBytes.count)
    }

    /// Partial delivery: hands out what has arrived of the current data frame; nil when there is nothing to give.
    mutating func deliverPiece(
        _ header: WebSocketFrameHeader, available: Int, frameComplete: Bool
    ) throws(WebSocketError) -> ReadyItem? {
        let kind = messageKind ?? .binary
        let messageEnd = frameComplete && header.fin
        let payloadOffset = frameOffset &+ header.headerLength
        if !messageCompressed {
            if available == 0, !messageEnd {
                if frameComplete { frame = nil }
                return nil
            }
            if messageEnd { try finishText(kind, endOffset: payloadOffset) }
            return ReadyItem(kind: kind, source: .input, count: available, isFrameEnd: frameComplete,
                             isMessageEnd: messageEnd, isPiece: true)
        }
        inflater?.clearOutput()
        try inflateFrame(header, count: available, final: messageEnd)
        if inflatedBytes.isEmpty, !messageEnd {
            if frameComplete { frame = nil }
            return nil
        }
        return ReadyItem(kind: kind, source: .inflated, count: inflatedBytes.count, isFrameEnd: frameComplete,
                         isMessageEnd: messageEnd, isPiece: true)
    }

    mutating func advancePayload(by count: Int, frameComplete: Bool, messageEnd: Bool) {
        buffer.consume(count)
        payloadRemaining &-= count
        payloadPhase &+= count
        prepared = 0
        if frameComplete { frame = nil }
        if messageEnd { endMessage() }
    }

    /// Inflates `count` payload bytes (already unmasked) onto the inflater's output, plus the 00 00 FF FF tail
    /// when the message ends; checks the output against the message limit and, for text, as UTF-8.
    mutating func inflateFrame(_ header: WebSocketFrameHeader, count: Int, final: Bool) throws(WebSocketError) {
        guard let inflater else { throw WebSocketError(.internalFailure("no inflater"), offset: frameOffset) }
        let offset = frameOffset
        let limit = configuration.limits.maxMessageSize
        // In partial mode the output holds only this piece; the limit counts the whole message.
        let pieceLimit = configuration.partialDelivery ? max(0, limit &- messageSize) : limit
        let before = inflater.outputCount
        let failure: ZlibInflater.Failure? = buffer.withReadableBytes { raw in
            do throws(ZlibInflater.Failure) {
                let piece = UnsafeRawBufferPointer(rebasing: raw[0..<count])
                if final {
                    try inflater.inflateFinal(piece, limit: pieceLimit)
                } else {
                    try inflater.inflate(piece, limit: pieceLimit)
                }
            } catch {
                return error
            }
            return nil
        }
        switch failure {
        case .tooLarge?: throw WebSocketError(.messageTooLarge(limit: limit), offset: offset)
        case .invalidData?: throw WebSocketError(.invalidCompressedData, offset: offset)
        case .internalFailure?: throw WebSocketError(.internalFailure("zlib inflate"), offset: offset)
        case nil: break
        }
        if configuration.partialDelivery {
            messageSize &+= inflater.outputCount &- before
            advancePayload(by: count, frameComplete: count == payloadRemaining, messageEnd: false)
        } else {
            buffer.consume(count)
            frame = nil
        }
        if messageKind == .text {
            do throws(UTF8ValidationError) {
                try utf8.feed(UnsafeRawBufferPointer(rebasing: inflater.outputBytes[before...]))
                if final { try utf8.finish() }
            } catch {
                throw WebSocketError(.invalidUTF8, offset: offset)
            }
        }
        if final, inflateResetsAfterMessage { inflater.reset() }
    }

    /// Ends a text message's UTF-8 check: a message may not stop inside a code point.
    mutating func finishText(_ kind: WebSocketEventKind, endOffset: Int) throws(WebSocketError) {
        guard kind == .text else { return }
        do throws(UTF8ValidationError) {
            try utf8.finish()
        } catch {
            throw WebSocketError(.invalidUTF8, offset: endOffset &+ payloadRemaining)
        }
    }

    mutating func endMessage() {
        messageKind = nil
        messageCompressed = false
        fragments = 0
        messageSize = 0
        utf8.reset()
    }
}
