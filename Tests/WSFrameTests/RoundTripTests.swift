import Codecs
import StreamTesting
import WSFrame
import XCTest

/// Encode → decode round trips at random chunkings: every message comes back identical, for both roles, with
/// and without fragmentation and deflate, whole-message and partial delivery.
final class RoundTripTests: XCTestCase {
    enum Item: Equatable {
        case text(String), binary([UInt8]), ping([UInt8]), close(UInt16, String)
    }

    func randomItems(_ random: inout SplitMix64) -> [Item] {
        var items: [Item] = []
        let alphabet = Array("abc xyz {}\":,\\\n€😀żł")
        for _ in 0..<Int(random.next() % 12 + 1) {
            switch random.next() % 3 {
            case 0:
                let count = Int(random.next() % 3000)
                items.append(.text(String((0..<count).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })))
            case 1:
                let count = Int([0, 1, 125, 126, 65535, 65536, 70000][Int(random.next() % 7)])
                items.append(.binary((0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }))
            default:
                items.append(.ping((0..<Int(random.next() % 126)).map { _ in UInt8(truncatingIfNeeded: random.next()) }))
            }
        }
        items.append(.close(1000 + UInt16(random.next() % 4), "done"))
        return items
    }

    func encode(_ items: [Item], encoder: WebSocketEncoder) throws -> [UInt8] {
        var out: [UInt8] = []
        for item in items {
            switch item {
            case let .text(text): try encoder.writeText(text, into: &out)
            case let .binary(bytes): try encoder.writeBinary(bytes, into: &out)
            case let .ping(bytes): try encoder.writePing(bytes, into: &out)
            case let .close(code, reason): encoder.writeClose(code: code, reason: reason, into: &out)
            }
        }
        return out
    }

    /// Decodes with partial delivery on or off and reassembles pieces, so both modes compare to the same items.
    func decode(_ bytes: [UInt8], role: WebSocketRole, deflate: PerMessageDeflateParameters?, partial: Bool,
                pieces: [Int]) throws -> [Item] {
        var limits = WebSocketLimits()
        limits.maxFramePayload = 1 << 17
        var decoder = makeDecoder(role: role, limits: limits, deflate: deflate, partialDelivery: partial)
        var items: [Item] = []
        var pending: [UInt8] = []
        var start = 0
        for size in pieces {
            decoder.feed(Array(bytes[start..<(start + size)]))
            start += size
            while let event = try decoder.next() {
                switch event {
                case let .message(.text(text)): items.append(.text(text))
                case let .message(.binary(data)): items.append(.binary(data))
                case let .ping(data): items.append(.ping(data))
                case .pong: XCTFail("no pongs were sent")
                case let .close(code, reason): items.append(.close(code ?? 0, reason))
                case let .fragment(piece):
                    pending += piece.bytes
                    if piece.messageFinished {
                        items.append(piece.isText ? .text(String(decoding: pending, as: UTF8.self)) : .binary(pending))
                        pending = []
                    }
                }
            }
        }
        try decoder.finish()
        return items
    }

    func testEncodeDecodeRoundTripsAtRandomChunkings() throws {
        var random = SplitMix64(seed: 42)
        let variants: [PerMessageDeflateParameters?] = [
            nil, PerMessageDeflateParameters(), PerMessageDeflateParameters(clientNoContextTakeover: true),
            PerMessageDeflateParameters(serverNoContextTakeover: true, serverMaxWindowBits: 9, clientMaxWindowBits: 8),
        ]
        for iteration in 0..<16 {
            let deflate = variants[iteration % variants.count]
            let sender: WebSocketRole = iteration % 2 == 0 ? .client : .server
            let receiver: WebSocketRole = sender == .client ? .server : .client
            let fragmentSize: Int? = iteration % 3 == 0 ? nil : Int(random.next() % 2000 + 1)
            let encoder = WebSocketEncoder(role: sender, deflate: deflate, fragmentSize: fragmentSize)
            let items = randomItems(&random)
            let bytes = try encode(items, encoder: encoder)
            for chunking in 0..<3 {
                let pieces = chunking == 0 ? [bytes.count] : randomPieces(bytes.count, maxPiece: chunking == 1 ? 61 : 5000, using: &random)
                for partial in [false, true] {
                    XCTAssertEqual(try decode(bytes, role: receiver, deflate: deflate, partial: partial, pieces: pieces), items,
                                   "iteration \(iteration) chunking \(chunking) partial \(partial)")
                }
            }
        }
    }

    func testPartialDeliveryHandsOutPiecesAsTheyArrive() throws {
        var decoder = makeDecoder(role: .client, partialDelivery: true)
        let payload = [UInt8](repeating: 0x61, count: 100)
        let bytes = frame(0x01, payload) + frame(0x80, Array("end".utf8))
        decoder.feed(Array(bytes[0..<40]))
        XCTAssertEqual(try decoder.next(), .fragment(WebSocketFragment(
            isText: true, bytes: [UInt8](repeating: 0x61, count: 38), frameFinished: false, messageFinished: false)))
        XCTAssertNil(try decoder.next())
        decoder.feed(Array(bytes[40...]))
        XCTAssertEqual(try decoder.next(), .fragment(WebSocketFragment(
            isText: true, bytes: [UInt8](repeating: 0x61, count: 62), frameFinished: true, messageFinished: false)))
        XCTAssertEqual(try decoder.next(), .fragment(WebSocketFragment(
            isText: true, bytes: Array("end".utf8), frameFinished: true, messageFinished: true)))
        XCTAssertNil(try decoder.next())
    }

    func testPartialDeliveryStillEnforcesTheMessageLimit() {
        var limits = WebSocketLimits()
        limits.maxMessageSize = 150
        var decoder = makeDecoder(role: .client, limits: limits, partialDelivery: true)
        decoder.feed(frame(0x02, [UInt8](repeating: 1, count: 100)) + frame(0x80, [UInt8](repeating: 2, count: 51)))
        XCTAssertNotNil(try decoder.next())
        XCTAssertThrowsError(try decoder.next()) { error in
            XCTAssertEqual((error as? WebSocketError)?.closeCode, 1009)
        }
    }

    func testUnmaskingAtEveryPhaseMatchesBytewiseXor() {
        var random = SplitMix64(seed: 9)
        for length in [0, 1, 3, 7, 8, 9, 31, 32, 33, 64, 100] {
            for phase in 0..<4 {
                let key = WebSocketMaskingKey(networkOrder: UInt32(truncatingIfNeeded: random.next()))
                let original = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                var masked = original
                masked.withUnsafeMutableBytes { key.apply(to: $0, phase: phase) }
                let expected = original.enumerated().map { $0.element ^ key[$0.offset + phase] }
                XCTAssertEqual(masked, expected, "length \(length) phase \(phase)")
            }
        }
    }
}
