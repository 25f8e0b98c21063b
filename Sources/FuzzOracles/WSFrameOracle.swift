import Codecs
import WSFrame

/// WebSocket decoder oracle: for a role and an optional deflate negotiation, any input must decode to the same
/// items and the same error (code, offset) whole, split at input-derived points, and with partial delivery
/// (pieces reassembled), and through the push API `feed(_:onItem:)`; a `WebSocketConnection` gives the same events
/// and error through all three of its forms (`WSFrameOracle+Connection.swift`); errors carry a close code an endpoint may use (1002/1007/1009/1011, or 1006 at EOF);
/// text is valid UTF-8; no message exceeds the limit; and what decoded re-encodes and decodes to the same items.
public enum WSFrameOracle {
    /// An item as compared across runs (partial pieces reassembled into messages).
    enum Item: Equatable {
        case text([UInt8]), binary([UInt8]), ping([UInt8]), pong([UInt8]), close(UInt16?, [UInt8])
    }

    struct Outcome: Equatable {
        var items: [Item] = []
        var error: WebSocketError?

        /// Records a decoded message, reassembling partial-delivery pieces in `pending`.
        mutating func append(_ event: WebSocketEvent, pending: inout [UInt8]) {
            switch event {
            case let .message(.text(text)): items.append(.text(Array(text.utf8)))
            case let .message(.binary(data)): items.append(.binary(data))
            case let .ping(data): items.append(.ping(data))
            case let .pong(data): items.append(.pong(data))
            case let .close(code, reason): items.append(.close(code, Array(reason.utf8)))
            case let .fragment(piece):
                pending += piece.bytes
                if piece.messageFinished {
                    items.append(piece.isText ? .text(pending) : .binary(pending))
                    pending = []
                }
            }
        }
    }

    static let limits: WebSocketLimits = {
        var limits = WebSocketLimits()
        limits.maxMessageSize = 1 << 16
        limits.maxFramePayload = 1 << 16
        limits.maxFragments = 64
        return limits
    }()

    /// Negotiation variants chosen by the first input byte when deflate is on.
    static let variants: [PerMessageDeflateParameters] = [
        PerMessageDeflateParameters(),
        PerMessageDeflateParameters(serverNoContextTakeover: true, clientNoContextTakeover: true),
        PerMessageDeflateParameters(serverMaxWindowBits: 8, clientMaxWindowBits: 8),
        PerMessageDeflateParameters(serverMaxWindowBits: 11, clientMaxWindowBits: 9),
    ]

    /// Checks one input; with `deflate`, the first byte picks the negotiation variant.
    public static func check(_ input: UnsafeRawBufferPointer, role: WebSocketRole, deflate: Bool) throws(FuzzViolation) {
        var bytes = input
        var parameters: PerMessageDeflateParameters?
        if deflate {
            guard let first = bytes.first else { return }
            parameters = variants[Int(first) % variants.count]
            bytes = UnsafeRawBufferPointer(rebasing: bytes[1...])
        }
        let whole = decode(bytes, role: role, deflate: parameters, partial: false, splits: [])
        try validate(whole, count: bytes.count)
        let a = bytes.isEmpty ? 0 : Int(bytes[0]) * 31 % (bytes.count + 1)
        let b = bytes.count < 2 ? bytes.count : max(a, Int(bytes[bytes.count - 1]) * 257 % (bytes.count + 1))
        let split = decode(bytes, role: role, deflate: parameters, partial: false, splits: [a, b])
        guard split == whole else {
            throw FuzzViolation("split at \(a), \(b) gives \(describe(split)), whole gives \(describe(whole))")
        }
        let pushed = decode(bytes, role: role, deflate: parameters, partial: false, splits: [a, b], push: true)
        guard pushed == whole else {
            throw FuzzViolation("push API gives \(describe(pushed)), whole gives \(describe(whole))")
        }
        let partial = decode(bytes, role: role, deflate: parameters, partial: true, splits: [a, b])
        // Partial delivery inflates compressed data as it arrives, so in a stream cut inside a compressed frame it
        // may find bad DEFLATE data (or the size bound) before whole-frame decoding reaches the end of input.
        // Likewise it may see invalid UTF-8 in the inflated prefix of a frame whose DEFLATE data breaks later.
        let payloadErrors: [WebSocketError.Kind] = [.invalidCompressedData, .invalidUTF8,
                                                    .messageTooLarge(limit: limits.maxMessageSize)]
        let earlierInPartial = parameters != nil
            && (whole.error?.kind == .unexpectedEOF || payloadErrors.contains { $0 == whole.error?.kind })
            && payloadErrors.contains { $0 == partial.error?.kind }
        guard partial.items == whole.items, partial.error?.code == whole.error?.code || earlierInPartial else {
            throw FuzzViolation("partial delivery gives \(describe(partial)), whole gives \(describe(whole))")
        }
        if bytes.count <= 512 {
            let bytewise = decode(bytes, role: role, deflate: parameters, partial: false, splits: Array(0...bytes.count))
            guard bytewise == whole else {
                throw FuzzViolation("1-byte chunks give \(describe(bytewise)), whole gives \(describe(whole))")
            }
        }
        try checkConnection(bytes, role: role, deflate: parameters, splits: [a, b], decoded: whole)
        try roundTrip(whole.items, role: role, deflate: parameters)
    }

    static func describe(_ outcome: Outcome) -> String {
        "\(outcome.items.count) items, error \(outcome.error.map { "\($0)" } ?? "none")"
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, role: WebSocketRole, deflate: PerMessageDeflateParameters?,
                       partial: Bool, splits: [Int], push: Bool = false) -> Outcome {
        var decoder = WebSocketDecoder(WebSocketDecoder.Configuration(
            role: role, limits: limits, deflate: deflate, partialDelivery: partial))
        var outcome = Outcome()
        var pending: [UInt8] = []
        var start = 0
        do throws(WebSocketError) {
            for end in splits + [bytes.count] where end >= start {
                let chunk = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                start = end
                if push {
                    var events: [WebSocketEvent] = []
                    defer { for event in events { outcome.append(event, pending: &pending) } }
                    try decoder.feed(chunk) { events.append($0.owned) }
                    continue
                }
                decoder.feed(chunk)
                while let event = try decoder.next() {
                    outcome.append(event, pending: &pending)
                }
            }
            try decoder.finish()
        } catch {
            outcome.error = error
        }
        return outcome
    }

    static func validate(_ outcome: Outcome, count: Int) throws(FuzzViolation) {
        if let error = outcome.error {
            guard [1002, 1006, 1007, 1009, 1011].contains(error.closeCode) else {
                throw FuzzViolation("error \(error.code) maps to close code \(error.closeCode)")
            }
            guard let offset = error.offset, offset >= 0, offset <= count else {
                throw FuzzViolation("error offset \(error.offset.map(String.init) ?? "nil") outside 0...\(count)")
            }
        }
        for item in outcome.items {
            switch item {
            case let .text(bytes):
                guard bytes.count <= limits.maxMessageSize else { throw FuzzViolation("text over the limit") }
                guard bytes.withUnsafeBytes({ UTF8Validation.isValid($0) }) else {
                    throw FuzzViolation("invalid UTF-8 delivered as text")
                }
            case let .binary(bytes):
                guard bytes.count <= limits.maxMessageSize else { throw FuzzViolation("binary over the limit") }
            case let .ping(bytes), let .pong(bytes):
                guard bytes.count <= 125 else { throw FuzzViolation("control payload over 125") }
            case let .close(code, _):
                if let code, !WebSocketCloseCode.isValidOnWire(code) {
                    throw FuzzViolation("close code \(code) delivered")
                }
            }
        }
    }

    /// Re-encodes decoded items as the peer would and decodes them again.
    static func roundTrip(_ items: [Item], role: WebSocketRole, deflate: PerMessageDeflateParameters?) throws(FuzzViolation) {
        let sender: WebSocketRole = role == .client ? .server : .client
        let encoder = WebSocketEncoder(role: sender, deflate: deflate, fragmentSize: 1000)
        var bytes: [UInt8] = []
        do throws(WebSocketError) {
            for item in items {
                switch item {
                case let .text(data): try encoder.writeText(String(decoding: data, as: UTF8.self), into: &bytes)
                case let .binary(data): try encoder.writeBinary(data, into: &bytes)
                case let .ping(data): try encoder.writePing(data, into: &bytes)
                case let .pong(data): try encoder.writePong(data, into: &bytes)
                case let .close(code, reason):
                    let payload = code.map { [UInt8($0 >> 8), UInt8($0 & 0xFF)] + reason } ?? []
                    payload.withUnsafeBytes { encoder.writeFrame(opcode: .close, payload: $0, into: &bytes) }
                }
            }
        } catch {
            throw FuzzViolation("re-encoding failed: \(error)")
        }
        let again = bytes.withUnsafeBytes { decode($0, role: role, deflate: deflate, partial: false, splits: []) }
        guard again.items == items, again.error == nil else {
            throw FuzzViolation("round trip gives \(describe(again)) for \(items.count) items")
        }
    }
}
