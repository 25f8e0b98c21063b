public import Codecs

/// A WebSocket decoding or protocol failure. It carries the close code the endpoint must send when failing the
/// connection (RFC 6455 §7.1.7): 1002 protocol error, 1007 invalid payload data, 1009 too big, 1011 internal;
/// 1006 marks a transport that ended mid-frame (reported locally, never sent).
public struct WebSocketError: CodecError, Equatable {
    /// What went wrong; `code`, `message` and `closeCode` derive from it.
    public enum Kind: Sendable, Equatable {
        /// RSV2/RSV3 set, or RSV1 set without a negotiated extension that defines it (§5.2, RFC 7692 §6).
        case reservedBitsSet(rsv: UInt8)
        /// Opcode 3–7 or 0xB–0xF (§5.2).
        case reservedOpcode(UInt8)
        /// A server got a frame without a mask (§5.1).
        case unmaskedClientFrame
        /// A client got a masked frame (§5.1).
        case maskedServerFrame
        /// A control frame with more than 125 payload bytes (§5.5).
        case controlFrameTooLong(length: UInt64)
        /// A control frame without FIN (§5.5).
        case fragmentedControlFrame
        /// A continuation frame with no message in progress (§5.4).
        case unexpectedContinuation
        /// A text or binary frame while a fragmented message is in progress (§5.4).
        case expectedContinuation
        /// A 64-bit payload length with the most significant bit set (§5.2).
        case lengthHighBitSet
        /// A close payload of exactly one byte (§5.5.1).
        case closePayloadTooShort
        /// A close code that is not valid on the wire (§7.4).
        case invalidCloseCode(UInt16)
        /// Invalid UTF-8 in a text message or close reason (§8.1).
        case invalidUTF8
        /// A frame's declared payload exceeds `maxFramePayload`.
        case frameTooLarge(length: UInt64, limit: Int)
        /// A message (after decompression) exceeds `maxMessageSize`.
        case messageTooLarge(limit: Int)
        /// A message spans more frames than `maxFragments`.
        case tooManyFragments(limit: Int)
        /// The compressed payload is not a valid DEFLATE stream (RFC 7692 §8); 1002, as python-websockets.
        case invalidCompressedData
        /// The transport ended inside a frame or a fragmented message.
        case unexpectedEOF
        /// A frame arrived after the close frame was received.
        case frameAfterClose
        /// An internal failure, e.g. zlib could not be initialised.
        case internalFailure(String)
    }

    public let kind: Kind
    public let offset: Int?

    public init(_ kind: Kind, offset: Int?) {
        self.kind = kind
        self.offset = offset
    }

    /// The close code to send when failing the connection because of this error.
    public var closeCode: UInt16 {
        switch kind {
        case .invalidUTF8: WebSocketCloseCode.invalidPayloadData
        case .frameTooLarge, .messageTooLarge, .tooManyFragments: WebSocketCloseCode.messageTooBig
        case .unexpectedEOF: WebSocketCloseCode.abnormalClosure
        case .internalFailure: WebSocketCloseCode.internalError
        default: WebSocketCloseCode.protocolError
        }
    }

    public var code: String {
        switch kind {
        case .reservedBitsSet: "ws-reserved-bits"
        case .reservedOpcode: "ws-reserved-opcode"
        case .unmaskedClientFrame: "ws-unmasked-client-frame"
        case .maskedServerFrame: "ws-masked-server-frame"
        case .controlFrameTooLong: "ws-control-frame-too-long"
        case .fragmentedControlFrame: "ws-fragmented-control-frame"
        case .unexpectedContinuation: "ws-unexpected-continuation"
        case .expectedContinuation: "ws-expected-continuation"
        case .lengthHighBitSet: "ws-length-high-bit"
        case .closePayloadTooShort: "ws-close-payload-too-short"
        case .invalidCloseCode: "ws-invalid-close-code"
        case .invalidUTF8: "invalid-utf8"
        case .frameTooLarge: "ws-frame-too-large"
        case .messageTooLarge: "ws-message-too-large"
        case .tooManyFragments: "ws-too-many-fragments"
        case .invalidCompressedData: "ws-invalid-compressed-data"
        case .unexpectedEOF: "ws-unexpected-eof"
        case .frameAfterClose: "ws-frame-after-close"
        case .internalFailure: "ws-internal-error"
        }
    }

    public var message: String {
        switch kind {
        case let .reservedBitsSet(rsv): "reserved bits 0x\(String(rsv, radix: 16)) set without a negotiated extension"
        case let .reservedOpcode(opcode): "reserved opcode \(opcode)"
        case .unmaskedClientFrame: "client frame is not masked"
        case .maskedServerFrame: "server frame is masked"
        case let .controlFrameTooLong(length): "control frame of \(length) bytes exceeds 125"
        case .fragmentedControlFrame: "control frame without FIN"
        case .unexpectedContinuation: "continuation frame without a message in progress"
        case .expectedContinuation: "new data frame while a fragmented message is in progress"
        case .lengthHighBitSet: "64-bit payload length has its most significant bit set"
        case .closePayloadTooShort: "close payload of 1 byte"
        case let .invalidCloseCode(code): "close code \(code) is not valid on the wire"
        case .invalidUTF8: "invalid UTF-8 in text payload"
        case let .frameTooLarge(length, limit): "frame of \(length) bytes exceeds limit of \(limit)"
        case let .messageTooLarge(limit): "message exceeds limit of \(limit) bytes"
        case let .tooManyFragments(limit): "message exceeds \(limit) fragments"
        case .invalidCompressedData: "compressed payload is not valid DEFLATE data"
        case .unexpectedEOF: "stream ended inside a frame or message"
        case .frameAfterClose: "frame received after the close frame"
        case let .internalFailure(what): "internal error: \(what)"
        }
    }
}
