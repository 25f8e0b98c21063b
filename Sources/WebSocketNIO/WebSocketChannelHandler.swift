import Codecs
import WSFrame
import NIOCore

/// One WebSocket connection on a NIO channel: runs the opening handshake, then moves bytes between the socket and
/// the codec's sans-I/O connection, hands data messages to the application's `InboundMessageQueue`, writes what
/// the codec wants sent, and drives its timers with the event loop's monotonic clock. No protocol logic lives here.
///
/// Delivery is paced by the application: the connection is lazy (it decodes one frame per `next()`), and the
/// handler asks for the next event only while the queue has room, so with `maxBufferedMessages == 0` (lockstep)
/// a frame is decoded only while the application waits for a message: an echo leaves before a fault behind it on
/// the wire is answered (Autobahn 3.2, 4.x, 5.15 strict). While the queue is full the handler stops reading
/// (no `read()` is passed on), so memory stays bounded by the queue (`maxBufferedBytes` plus one message) plus
/// one read.
final class WebSocketChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Phase {
        case clientHandshake(ClientHandshakeDriver)
        case serverHandshake(ServerHandshakeDriver)
        case open
        case closed
    }

    private var phase: Phase
    /// The codec's connection once the handshake succeeded; mutated in place (never copied out of an enum, which
    /// would make its buffers non-unique and copy them on the next write).
    private var connection: WebSocketConnection?
    private let bufferCapacity: Int
    private let bufferByteCapacity: Int
    private let handshakeTimeout: TimeAmount
    private let onOpen: (Result<WebSocket, any Error>) -> Void
    private var context: ChannelHandlerContext?
    private var queue: InboundMessageQueue?
    private var openReported = false
    private var readPaused = false
    private var readPending = false
    private var inputClosed = false
    private var closeTransportRequested = false
    private var timer: Scheduled<Void>?
    private var timerDeadline: MonotonicInstant?
    private var handshakeTimer: Scheduled<Void>?
    private var lastWrite: EventLoopFuture<Void>?
    private var peerClose: (code: UInt16?, reason: String)?
    private var failure: WebSocketConnectionError?
    private var closedPromise: EventLoopPromise<WebSocketCloseInfo>?

    /// A client handler: writes the upgrade request once the channel is active.
    init(client: ClientHandshakeDriver, bufferCapacity: Int, bufferByteCapacity: Int, handshakeTimeout: TimeAmount,
         onOpen: @escaping (Result<WebSocket, any Error>) -> Void) {
        self.phase = .clientHandshake(client)
        self.bufferCapacity = bufferCapacity
        self.bufferByteCapacity = bufferByteCapacity
        self.handshakeTimeout = handshakeTimeout
        self.onOpen = onOpen
    }

    /// A server handler: waits for an upgrade request and answers it.
    init(server: ServerHandshakeDriver, bufferCapacity: Int, bufferByteCapacity: Int, handshakeTimeout: TimeAmount,
         onOpen: @escaping (Result<WebSocket, any Error>) -> Void) {
        self.phase = .serverHandshake(server)
        self.bufferCapacity = bufferCapacity
        self.bufferByteCapacity = bufferByteCapacity
        self.handshakeTimeout = handshakeTimeout
        self.onOpen = onOpen
    }

    static func now() -> MonotonicInstant { MonotonicInstant(nanoseconds: NIODeadline.now().uptimeNanoseconds) }

    // MARK: channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        closedPromise = context.eventLoop.makePromise(of: WebSocketCloseInfo.self)
        if context.channel.isActive { start(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        failHandshake(WebSocketClientError.connectionClosedDuringHandshake)
        finishConnection()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    private var started = false

    private func start(context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        handshakeTimer = context.eventLoop.scheduleTask(in: handshakeTimeout) {
            loopBound.value.handshakeTimedOut()
        }
        if case .clientHandshake(let driver) = phase {
            write(driver.requestBytes, context: context)
            context.flush()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        switch phase {
        case .clientHandshake(var driver):
            let step = driver.receive(buffer)
            phase = .clientHandshake(driver)
            handleClientStep(step, context: context)
        case .serverHandshake(var driver):
            let step = driver.receive(buffer)
            phase = .serverHandshake(driver)
            handleServerStep(step, context: context)
        case .open:
            let now = Self.now()
            buffer.withUnsafeReadableBytes { connection?.feed($0, now: now) }
            drive(context: context)
        case .closed:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        inputClosed = true
        switch phase {
        case .clientHandshake(var driver):
            let step = driver.receiveEOF()
            phase = .clientHandshake(driver)
            handleClientStep(step, context: context)
            if !openReported { failHandshake(WebSocketClientError.connectionClosedDuringHandshake) }
        case .serverHandshake:
            failHandshake(WebSocketClientError.connectionClosedDuringHandshake)
        case .open:
            connection?.finish(now: Self.now())
            drive(context: context)
        case .closed:
            break
        }
        finishConnection()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !openReported {
            failHandshake(error)
        } else if failure == nil && peerClose == nil {
            failure = WebSocketConnectionError(.abnormalClosure)
        }
        context.close(promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        if readPaused {
            readPending = true
        } else {
            context.read()
        }
    }

    // MARK: handshake

    private func handleClientStep(_ step: ClientHandshakeDriver.Step, context: ChannelHandlerContext) {
        switch step {
        case .needMore:
            break
        case .upgraded(let connection, let negotiated, let leftover):
            becomeOpen(connection, negotiated: negotiated, leftover: leftover, context: context)
        case .failed(let error):
            failHandshake(error)
            context.close(promise: nil)
        }
    }

    private func handleServerStep(_ step: ServerHandshakeDriver.Step, context: ChannelHandlerContext) {
        switch step {
        case .needMore:
            break
        case .respond(let response, let connection, let negotiated, let leftover):
            write(response, context: context)
            context.flush()
            if let connection {
                becomeOpen(connection, negotiated: negotiated, leftover: leftover, context: context)
            } else {
                phase = .closed
                failHandshake(WebSocketClientError.connectionClosedDuringHandshake)
                closeAfterWrites(context: context)
            }
        }
    }

    private func failHandshake(_ error: any Error) {
        guard !openReported else { return }
        openReported = true
        handshakeTimer?.cancel()
        handshakeTimer = nil
        phase = .closed
        onOpen(.failure(error))
    }

    private func handshakeTimedOut() {
        guard !openReported, let context else { return }
        failHandshake(WebSocketClientError.handshakeTimeout)
        context.close(promise: nil)
    }

    private func becomeOpen(_ connection: WebSocketConnection, negotiated: WebSocketNegotiated, leftover: [UInt8],
                            context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        handshakeTimer = nil
        self.connection = connection
        if !leftover.isEmpty { self.connection?.feed(leftover, now: Self.now()) }
        phase = .open
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let queue = InboundMessageQueue(capacity: bufferCapacity, byteCapacity: bufferByteCapacity) {
            loopBound.eventLoop.execute { loopBound.value.consumerDemand() }
        }
        self.queue = queue
        let socket = WebSocket(
            channel: context.channel, handler: loopBound, queue: queue, negotiated: negotiated,
            closed: closedPromise?.futureResult ?? context.eventLoop.makeFailedFuture(WebSocketClientError.notOpen))
        openReported = true
        onOpen(.success(socket))
        drive(context: context)
    }

    // MARK: open connection

    /// The consumer made room or is waiting: decode more and resume socket reads when the codec needs bytes.
    private func consumerDemand() {
        guard let context else { return }
        drive(context: context)
    }

    /// Pulls events (one frame each) while the application has room (or the connection is closing), writes the
    /// codec's output, closes the transport when the codec says so, re-arms the timer and sets read interest:
    /// reads continue only when the codec needs bytes.
    private func drive(context: ChannelHandlerContext) {
        guard case .open = phase, connection != nil else { return }
        var needsBytes = false
        var room = queue?.hasRoom() ?? true
        while inputClosed || connection?.state != .open || room {
            let event: WebSocketEvent?
            do throws(WebSocketConnectionError) {
                event = try connection?.next()
            } catch {
                if failure == nil { failure = error }
                break
            }
            guard let event else {
                needsBytes = true
                break
            }
            switch event {
            case .message(let message):
                room = queue?.offer(message) ?? true
            case .close(let code, let reason):
                peerClose = (code, reason)
            case .fragment, .ping, .pong:
                continue
            }
        }
        let pending = connection?.pendingWrites.count ?? 0
        if pending > 0 {
            var buffer = context.channel.allocator.buffer(capacity: pending)
            _ = connection?.pendingWrites.withUnsafeBytes { buffer.writeBytes($0) }
            connection?.clearPendingWrites()
            lastWrite = context.write(wrapOutboundOut(buffer))
            context.flush()
        }
        if connection?.shouldCloseTransport == true && !closeTransportRequested {
            closeTransportRequested = true
            closeAfterWrites(context: context)
        }
        schedule(connection?.nextDeadline, context: context)
        setReadPaused(!needsBytes, context: context)
        queue?.deliver()
    }

    private func setReadPaused(_ paused: Bool, context: ChannelHandlerContext) {
        readPaused = paused
        if !paused && readPending {
            readPending = false
            context.read()
        }
    }

    private func schedule(_ deadline: MonotonicInstant?, context: ChannelHandlerContext) {
        guard deadline != timerDeadline else { return }
        timer?.cancel()
        timer = nil
        timerDeadline = deadline
        guard let deadline else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: NIODeadline.uptimeNanoseconds(deadline.nanoseconds)) {
            loopBound.value.timerFired()
        }
    }

    private func timerFired() {
        timer = nil
        timerDeadline = nil
        guard let context, case .open = phase else { return }
        connection?.tick(now: Self.now())
        drive(context: context)
    }

    private func cancelTimers() {
        timer?.cancel()
        timer = nil
        timerDeadline = nil
        handshakeTimer?.cancel()
        handshakeTimer = nil
    }

    private func finishConnection() {
        cancelTimers()
        guard case .open = phase else {
            phase = .closed
            closedPromise?.fail(WebSocketConnectionError(.abnormalClosure))
            return
        }
        phase = .closed
        let info = WebSocketCloseInfo(
            code: peerClose?.code, reason: peerClose?.reason ?? "",
            wasClean: failure == nil && peerClose != nil)
        if let failure {
            queue?.finish(failure)
        } else if peerClose == nil {
            queue?.finish(WebSocketConnectionError(.abnormalClosure))
        } else {
            queue?.finish()
        }
        closedPromise?.succeed(info)
    }

    private func write(_ bytes: [UInt8], context: ChannelHandlerContext) {
        let buffer = context.channel.allocator.buffer(bytes: bytes)
        lastWrite = context.write(wrapOutboundOut(buffer))
    }

    private func closeAfterWrites(context: ChannelHandlerContext) {
        let channel = context.channel
        if let lastWrite {
            lastWrite.whenComplete { _ in channel.close(promise: nil) }
        } else {
            context.close(promise: nil)
        }
    }

    // MARK: application commands (on the event loop)

    /// Queues `message` for sending; the future completes when it is written to the socket.
    func send(_ message: WebSocketMessage, on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        perform(on: eventLoop) { connection throws(WebSocketConnectionError) in try connection.send(message) }
    }

    /// Sends a ping with `payload` (≤ 125 bytes).
    func ping(_ payload: [UInt8], on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        perform(on: eventLoop) { connection throws(WebSocketConnectionError) in try connection.sendPing(payload) }
    }

    /// Starts the closing handshake; `closed` completes when the transport has closed.
    func close(code: UInt16, reason: String, on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        perform(on: eventLoop) { connection throws(WebSocketConnectionError) in
            try connection.close(code: code, reason: reason, now: Self.now())
        }
    }

    private func perform(
        on eventLoop: any EventLoop,
        _ operation: (inout WebSocketConnection) throws(WebSocketConnectionError) -> Void
    ) -> EventLoopFuture<Void> {
        guard let context, case .open = phase, var current = connection else {
            return eventLoop.makeFailedFuture(WebSocketClientError.notOpen)
        }
        // Moved out while it runs, so `current` holds the only reference to the codec's buffers.
        connection = nil
        do throws(WebSocketConnectionError) {
            defer { connection = current }
            try operation(&current)
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        lastWrite = nil
        drive(context: context)
        return lastWrite ?? context.eventLoop.makeSucceededVoidFuture()
    }

    /// Messages decoded ahead of the application (tests check the memory bound with it).
    var bufferedMessageCount: Int { queue?.bufferedCount ?? 0 }
}
