import Codecs
import Testing
import WSFrame

/// The connection is lazy (h11's `next_event()`): bytes are only buffered by `feed`, each `next` decodes one
/// frame and does that frame's work (pong, close echo, failure), and the lent (`next(_:)`, `feed(_:now:onItem:)`)
/// and owned (`next()`) forms give the same payloads, writes and failures under any chunking.
struct LazyConnectionTests {
    static let now = MonotonicInstant(nanoseconds: 1_000_000_000)

    /// What the peer (a server) reads from a client connection's writes.
    static func peerReads(_ bytes: [UInt8]) -> [String] {
        decodeAll(bytes, role: .server, eof: false)
    }

    @Test func connectionFedThreeFramesYieldsThemOneAtATimeDecodingNothingAhead() throws {
        var client = WebSocketConnection(role: .client)
        client.feed(frame(0x81, Array("a".utf8)) + frame(0x89, Array("p".utf8)) + frame(0x81, Array("b".utf8)),
                    now: Self.now)
        #expect(client.pendingWrites.isEmpty, "the ping is not decoded (so not answered) before it is asked for")
        #expect(try client.next() == .message(.text("a")))
        #expect(client.pendingWrites.isEmpty, "one next() decodes one frame: the ping behind it is untouched")
        #expect(try client.next() == .ping(Array("p".utf8)))
        #expect(Self.peerReads(client.pendingWrites) == ["pong:p"], "§5.5.2: answered when decoded")
        client.clearPendingWrites()
        #expect(try client.next() == .message(.text("b")))
        #expect(try client.next() == nil)
        #expect(client.pendingWrites.isEmpty)
    }

    @Test func aProtocolViolationIsAnsweredOnlyWhenItsFrameIsReached() throws {
        var client = WebSocketConnection(role: .client)
        // RSV2 without an extension defining it (§5.2): fail with 1002.
        client.feed(frame(0x81, Array("good".utf8)) + frame(0xA1, []), now: Self.now)
        #expect(client.state == .open)
        #expect(try client.next() == .message(.text("good")))
        #expect(client.state == .open, "the good message is handed out before the fault behind it is seen")
        #expect(client.pendingWrites.isEmpty)
        var first: WebSocketConnectionError?
        do { _ = try client.next() } catch { first = error }
        #expect(first?.closeCode == 1002)
        #expect(Self.peerReads(client.pendingWrites) == ["close:1002:"])
        #expect(client.state == .closed)
        #expect(client.shouldCloseTransport)
        client.clearPendingWrites()
        var again: WebSocketConnectionError?
        do { _ = try client.next() } catch { again = error }
        #expect(again == first, "the failure is thrown by every later call")
        #expect(client.pendingWrites.isEmpty, "and the close is sent once")
    }

    @Test func framesBufferedBeforeEndOfInputAreStillDelivered() throws {
        var client = WebSocketConnection(role: .client)
        client.feed(frame(0x81, Array("last".utf8)) + closeFrame(1000), now: Self.now)
        client.finish(now: Self.now)
        #expect(try client.next() == .message(.text("last")))
        #expect(try client.next() == .close(code: 1000, reason: ""))
        #expect(try client.next() == nil, "a closing handshake before EOF is not an abnormal closure")
        #expect(client.pendingWrites.isEmpty, "the transport is gone: no echo is queued after EOF")
    }

    @Test func endOfInputWithoutCloseFailsAfterTheBufferedFrames() throws {
        var client = WebSocketConnection(role: .client)
        client.feed(frame(0x81, Array("x".utf8)), now: Self.now)
        client.finish(now: Self.now)
        #expect(try client.next() == .message(.text("x")))
        #expect(throws: WebSocketConnectionError(.abnormalClosure)) { try client.next() }
    }

    // MARK: lent == owned

    /// One event as kind and payload bytes (close: the raw close payload), whichever form it came in.
    struct Record: Equatable, CustomStringConvertible {
        var kind: String
        var bytes: [UInt8]
        var description: String { "\(kind):\(bytes.count)" }

        init(kind: String, bytes: [UInt8]) {
            self.kind = kind
            self.bytes = bytes
        }

        init(lent view: WebSocketEventView) {
            let name: String = switch view.kind {
            case .text: "text"
            case .binary: "binary"
            case .ping: "ping"
            case .pong: "pong"
            case .close: "close"
            }
            self.init(kind: view.isPiece ? "piece-\(name)-\(view.isMessageEnd)" : name, bytes: Array(view.payload))
        }

        init(owned event: WebSocketEvent) {
            switch event {
            case .message(.text(let text)): self.init(kind: "text", bytes: Array(text.utf8))
            case .message(.binary(let bytes)): self.init(kind: "binary", bytes: bytes)
            case .fragment(let piece):
                self.init(kind: "piece-\(piece.isText ? "text" : "binary")-\(piece.messageFinished)", bytes: piece.bytes)
            case .ping(let bytes): self.init(kind: "ping", bytes: bytes)
            case .pong(let bytes): self.init(kind: "pong", bytes: bytes)
            case .close(let code, let reason):
                self.init(kind: "close", bytes: WebSocketEncoder.closePayload(code: code, reason: reason))
            }
        }
    }

    /// Events, bytes written and failure of one way of taking events.
    struct Run: Equatable {
        var records: [Record] = []
        var writes: [UInt8] = []
        var failure: WebSocketConnectionError?
    }

    enum Form: CaseIterable { case owned, lentPull, push }

    static func run(_ input: [UInt8], splits: [Int], form: Form, configuration: WebSocketConnection.Configuration)
        -> Run
    {
        var connection = WebSocketConnection(role: .client, configuration: configuration)
        var result = Run()
        var start = 0
        do throws(WebSocketConnectionError) {
            for end in splits + [input.count] where end >= start {
                let chunk = Array(input[start..<end])
                start = end
                switch form {
                case .owned:
                    connection.feed(chunk, now: now)
                    while let event = try connection.next() { result.records.append(Record(owned: event)) }
                case .lentPull:
                    connection.feed(chunk, now: now)
                    while let record = try connection.next({ Record(lent: $0) }) { result.records.append(record) }
                case .push:
                    try connection.feed(chunk, now: now) { result.records.append(Record(lent: $0)) }
                }
                result.writes += connection.pendingWrites
                connection.clearPendingWrites()
            }
        } catch {
            result.failure = error
            result.writes += connection.pendingWrites
        }
        return result
    }

    /// A server stream with every kind of event: single-frame and fragmented text and binary (compressed or not),
    /// a ping between fragments, a pong, then `tail` (a close, or a protocol violation).
    static func serverStream(deflate: PerMessageDeflateParameters?, tail: [UInt8]) throws -> [UInt8] {
        let encoder = WebSocketEncoder(role: .server, deflate: deflate)
        let fragmenting = WebSocketEncoder(role: .server, deflate: deflate, fragmentSize: 7)
        var out: [UInt8] = []
        try encoder.writeText("héllo, wörld", into: &out)
        try encoder.writeBinary([0, 1, 2, 3, 250, 255], into: &out)
        try fragmenting.writeText("a fragmented text message ✓", into: &out)
        out += frame(0x01, Array("pi".utf8)) + frame(0x89, Array("beat".utf8)) + frame(0x80, Array("ece".utf8))
        try encoder.writePong(Array("unsolicited".utf8), into: &out)
        try fragmenting.writeBinary(Array(repeating: 0x5A, count: 40), into: &out)
        return out + tail
    }

    @Test(arguments: [false, true], [false, true])
    func lentPayloadEqualsOwnedPayloadAtEveryChunking(deflated: Bool, endsInViolation: Bool) throws {
        let deflate: PerMessageDeflateParameters? = deflated ? PerMessageDeflateParameters() : nil
        let tail = endsInViolation ? frame(0x83, []) : closeFrame(1001, Array("bye".utf8))
        let input = try Self.serverStream(deflate: deflate, tail: tail)
        // A fixed masking key, so the pongs and close echoes written are the same bytes in every run.
        let configuration = WebSocketConnection.Configuration(
            deflate: deflate, maskingKeys: { WebSocketMaskingKey(1, 2, 3, 4) })
        let whole = Self.run(input, splits: [], form: .owned, configuration: configuration)
        // text, binary, fragmented text, ping, "piece" (the message the ping interrupted), pong, fragmented
        // binary, and the close (a violation is the failure instead).
        #expect(whole.records.map(\.kind) == ["text", "binary", "text", "ping", "text", "pong", "binary"]
            + (endsInViolation ? [] : ["close"]))
        #expect(Self.peerReads(whole.writes) == ["pong:beat", endsInViolation ? "close:1002:" : "close:1001:"])
        #expect(whole.failure?.closeCode == (endsInViolation ? 1002 : nil))
        var chunkings: [[Int]] = (0...input.count).map { [$0] }
        chunkings.append(Array(0...input.count))
        for splits in chunkings {
            for form in Form.allCases {
                let other = Self.run(input, splits: splits, form: form, configuration: configuration)
                #expect(other == whole, "form \(form), splits \(splits.count == 1 ? "at \(splits[0])" : "1-byte")")
            }
        }
    }
}
