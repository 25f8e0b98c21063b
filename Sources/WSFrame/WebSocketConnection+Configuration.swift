import Codecs

extension WebSocketConnection {
    /// Settings of a `WebSocketConnection`: limits, what the handshake negotiated, delivery and sending options,
    /// and the timers (close timeout, keepalive) that the caller drives with `tick(now:)`.
    public struct Configuration: Sendable {
        /// Keepalive: send a ping every `interval`; fail the connection (1011) when its pong is not back within
        /// `timeout`. Aruba Central uses 10 s / 5 s.
        public struct Keepalive: Sendable, Equatable {
            public var interval: Duration
            public var timeout: Duration
            public init(interval: Duration, timeout: Duration) {
                self.interval = interval
                self.timeout = timeout
            }
        }

        public var limits: WebSocketLimits
        /// permessage-deflate parameters from the handshake, nil when not negotiated.
        public var deflate: PerMessageDeflateParameters?
        /// Deliver data messages as `.fragment` pieces as they arrive instead of whole.
        public var partialDelivery: Bool
        /// Split outgoing messages into frames of at most this many payload bytes; nil for one frame each.
        public var fragmentSize: Int?
        /// Outgoing messages shorter than this are not compressed.
        public var compressionThreshold: Int
        /// How long to wait for the peer's close frame after ours (and, as a client, for the server to close the
        /// TCP connection after the closing handshake) before giving up (§7.1.1).
        public var closeTimeout: Duration
        /// Keepalive pings, nil for none.
        public var keepalive: Keepalive?
        /// Answer pings with pongs automatically (§5.5.2); the ping is still reported as an event.
        public var autoPong: Bool
        /// Source of masking keys for client frames.
        public var maskingKeys: WebSocketEncoder.MaskingKeySource

        public init(limits: WebSocketLimits = WebSocketLimits(), deflate: PerMessageDeflateParameters? = nil,
                    partialDelivery: Bool = false, fragmentSize: Int? = nil, compressionThreshold: Int = 0,
                    closeTimeout: Duration = .seconds(10), keepalive: Keepalive? = nil, autoPong: Bool = true,
                    maskingKeys: @escaping WebSocketEncoder.MaskingKeySource = { WebSocketMaskingKey.random() }) {
            self.limits = limits
            self.deflate = deflate
            self.partialDelivery = partialDelivery
            self.fragmentSize = fragmentSize
            self.compressionThreshold = compressionThreshold
            self.closeTimeout = closeTimeout
            self.keepalive = keepalive
            self.autoPong = autoPong
            self.maskingKeys = maskingKeys
        }
    }
}
