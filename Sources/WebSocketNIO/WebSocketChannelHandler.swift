import Codecs
import WSFrame
import NIOCore

/// One WebSocket connection on a NIO channel: runs the opening handshake, then moves bytes between the socket and
/// the codec's sans-I/O connection, hands data messages to the application's `InboundMessageQueue`, writes what
/// the codec wants sent, and drives its timers with the event loop's monotonic clock. No protocol logic lives here.
final class WebSocketChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Phase {
        case clientHandshake(ClientHandshakeDriver)
        case serverHandshake(ServerHandshakeDriver)
        case open(ConnectionDriver)
        case closed
    }

    private var phase: Phase
    private let bufferCapacity: Int
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
    init(client: ClientHandshakeDriver, bufferCapacity: Int, handshakeTimeout: TimeAmount,
         onOpen: @escaping (Result<WebSocket, any Error>) -> Void) {
        self.phase = .clientHandshake(client)
        self.bufferCapacity = bufferCapacity
        self.handshakeTimeout = handshakeTimeout
        self.onOpen = onOpen
    }

    /// A server handler: waits for an upgrade request and answers it.
    init(server: ServerHandshakeDriver, bufferCapacity: Int, handshakeTimeout: TimeAmount,
         onOpen: @escaping (Result<WebSocket, any Error>) -> Void) {
        self.phase = .serverHandshake(server)
        self.bufferCapacity = bufferCapacity
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
        case .open(var connection):
            let now = Self.now()
            buffer.withUnsafeReadableBytes { connection.receive($0, now: now) }
            phase = .open(connection)
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
        case .open(var connection):
            connection.receiveEOF(now: Self.now())
            phase = .open(connection)
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

    private func becomeOpen(_ connection: ConnectionDriver, negotiated: WebSocketNegotiated, leftover: [UInt8],
                            context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        handshakeTimer = nil
        var connection = connection
        let now = Self.now()
        if !leftover.isEmpty { leftover.withUnsafeBytes { connection.receive($0, now: now) } }
        phase = .open(connection)
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let queue = InboundMessageQueue(capacity: bufferCapacity) {
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

    /// Pulls events while the application has room (or the connection is closing), writes the codec's output,
    /// closes the transport when the codec says so, re-arms the timer and sets read interest.
    private func drive(context: ChannelHandlerContext) {
        guard case .open(var connection) = phase else { return }
        var needsBytes = false
        let now = Self.now()
        while true {
            let mayPull = inputClosed || !connection.isOpen || (queue?.hasRoom() ?? true)
            guard mayPull else { break }
            guard let event = connection.nextEvent(now: now) else {
                needsBytes = true
                break
            }
            switch event {
            case .message(let message):
                queue?.offer(message)
            case .pong:
                break
            case .closed(let code, let reason):
                peerClose = (code, reason)
            case .failed(let error):
                if failure == nil { failure = error }
            }
        }
        let output = connection.takeOutput()
        let shouldClose = connection.shouldCloseTransport
        let deadline = connection.nextDeadline
        phase = .open(connection)
        if !output.isEmpty {
            write(output, context: context)
            context.flush()
        }
        if shouldClose && !closeTransportRequested {
            closeTransportRequested = true
            closeAfterWrites(context: context)
        }
        schedule(deadline, context: context)
        setReadPaused(!needsBytes, context: context)
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
        guard let context, case .open(var connection) = phase else { return }
        connection.tick(now: Self.now())
        phase = .open(connection)
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
    func send(_ message: WebSocketDataMessage, on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        perform(on: eventLoop) { connection in try connection.send(message) }
    }

    /// Sends a ping with `payload` (≤ 125 bytes).
    func ping(_ payload: [UInt8], on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        perform(on: eventLoop) { connection in try connection.ping(payload) }
    }

    /// Starts the closing handshake; `closed` completes when the transport has closed.
    func close(code: UInt16, reason: String, on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        perform(on: eventLoop) { connection in try connection.close(code: code, reason: reason, now: Self.now()) }
    }

    private func perform(on eventLoop: any EventLoop, _ operation: (inout ConnectionDriver) throws -> Void)
        -> EventLoopFuture<Void>
    {
        guard let context, case .open(var connection) = phase else {
            return eventLoop.makeFailedFuture(WebSocketClientError.notOpen)
        }
        do {
            try operation(&connection)
        } catch {
            phase = .open(connection)
            return eventLoop.makeFailedFuture(error)
        }
        phase = .open(connection)
        lastWrite = nil
        drive(context: context)
        return lastWrite ?? context.eventLoop.makeSucceededVoidFuture()
    }

    /// Messages decoded ahead of the application (tests check the memory bound with it).
    var bufferedMessageCount: Int { queue?.bufferedCount ?? 0 }
}
