public import Codecs

/// Why a connection failed or refused an operation; `closeCode` is the code sent (or, for 1006, reported).
public struct WebSocketConnectionError: CodecError, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The peer broke the protocol; the connection was failed with the error's close code.
        case protocolViolation(WebSocketError)
        /// The peer did not answer our close frame within the close timeout.
        case closeTimeout
        /// A keepalive ping was not answered within its timeout (1011).
        case keepaliveTimeout
        /// The transport ended without a closing handshake (1006).
        case abnormalClosure
        /// A send or close was attempted when the connection is no longer open.
        case notOpen
        /// The message could not be encoded (control payload over 125 bytes, zlib failure).
        case encodingFailed(WebSocketError)
    }

    public let kind: Kind
    public var offset: Int? {
        if case let .protocolViolation(error) = kind { return error.offset }
        return nil
    }

    public init(_ kind: Kind) { self.kind = kind }

    /// The close code this failure maps to.
    public var closeCode: UInt16 {
        switch kind {
        case let .protocolViolation(error): error.closeCode
        case .closeTimeout, .abnormalClosure: WebSocketCloseCode.abnormalClosure
        case .keepaliveTimeout: WebSocketCloseCode.internalError
        case .notOpen: WebSocketCloseCode.abnormalClosure
        case let .encodingFailed(error): error.closeCode
        }
    }

    public var code: String {
        switch kind {
        case let .protocolViolation(error): error.code
        case .closeTimeout: "ws-close-timeout"
        case .keepaliveTimeout: "ws-keepalive-timeout"
        case .abnormalClosure: "ws-abnormal-closure"
        case .notOpen: "ws-not-open"
        case let .encodingFailed(error): error.code
        }
    }

    public var message: String {
        switch kind {
        case let .protocolViolation(error): error.message
        case .closeTimeout: "peer did not complete the closing handshake in time"
        case .keepaliveTimeout: "keepalive ping was not answered in time"
        case .abnormalClosure: "transport closed without a closing handshake"
        case .notOpen: "connection is not open"
        case let .encodingFailed(error): error.message
        }
    }
}
