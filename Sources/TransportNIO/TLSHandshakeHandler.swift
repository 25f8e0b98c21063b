import Codecs
import NIOCore
import NIOSSL
import NIOTLS

/// Sits right behind swift-nio-ssl's handler and turns how a handshake ends into one typed `TLSError` for the
/// handlers behind it: the verifier's recorded reason in place of BoringSSL's `CERTIFICATE_VERIFY_FAILED`, a
/// host name mismatch, a protocol failure with BoringSSL's reason name, an early close, or its own timeout
/// (nothing from the peer for `timeout` fails the handshake and closes the channel). After the handshake it
/// passes everything through.
final class TLSHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: Duration
    private let slot: TLSFailureSlot
    private let serverHostname: String
    private var timer: Scheduled<Void>?
    private var state: State = .waiting

    private enum State {
        case waiting
        case failed
        case completed
    }

    init(timeout: Duration, slot: TLSFailureSlot, serverHostname: String) {
        self.timeout = timeout
        self.slot = slot
        self.serverHostname = serverHostname
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startTimer(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        startTimer(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if state == .waiting { fail(.closedDuringHandshake, context: context) }
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event, state == .waiting {
            state = .completed
            timer?.cancel()
            timer = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch state {
        case .waiting:
            fail(Self.classify(error, recorded: slot.recorded, serverHostname: serverHostname), context: context)
            context.close(promise: nil)
        case .failed:
            break
        case .completed:
            context.fireErrorCaught(error)
        }
    }

    private func startTimer(context: ChannelHandlerContext) {
        guard timer == nil, state == .waiting else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let timeout = self.timeout
        timer = context.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanosecondsSaturating)) {
            let (handler, context) = loopBound.value
            guard handler.state == .waiting else { return }
            handler.fail(.handshakeTimeout(timeout), context: context)
            context.close(promise: nil)
        }
    }

    private func fail(_ error: TLSError, context: ChannelHandlerContext) {
        guard state == .waiting else { return }
        state = .failed
        timer?.cancel()
        timer = nil
        context.fireErrorCaught(error)
    }

    /// The typed reason for an error swift-nio-ssl raised during the handshake.
    static func classify(_ error: any Error, recorded: TLSError?, serverHostname: String) -> TLSError {
        if let recorded { return recorded }
        if let error = error as? TLSError { return error }
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return .hostnameMismatch(host: serverHostname)
        }
        if let error = error as? NIOSSLError {
            switch error {
            case .handshakeFailed(.sslError(let stack)) where stack.contains(.eofDuringHandshake):
                return .closedDuringHandshake
            case .handshakeFailed(let failure):
                return .handshakeFailed(reason: reasonName(failure))
            case .uncleanShutdown:
                return .closedDuringHandshake
            default:
                return .handshakeFailed(reason: "\(error)")
            }
        }
        if let error = error as? ChannelError, error == .eof || error == .ioOnClosedChannel {
            return .closedDuringHandshake
        }
        if error is IOError {
            // A reset (or any socket failure) before the handshake finished: the peer went away mid-handshake;
            // whether a close arrives as EOF or as a reset depends on timing, so both are the same outcome.
            return .closedDuringHandshake
        }
        return .handshakeFailed(reason: "\(error)")
    }

    /// BoringSSL's reason names from an error stack (`WRONG_VERSION_NUMBER`, `TLSV1_ALERT_UNKNOWN_CA`), without
    /// the numeric codes and source paths of its error strings.
    static func reasonName(_ error: BoringSSLError) -> String {
        guard case .sslError(let stack) = error else { return "\(error)" }
        let names = stack.map { entry -> String in
            let text = entry.description
            guard let start = text.range(of: "OPENSSL_internal:")?.upperBound else { return text }
            let rest = text[start...]
            return String(rest.prefix { $0 != " " })
        }
        return names.isEmpty ? "\(error)" : names.joined(separator: ", ")
    }
}
