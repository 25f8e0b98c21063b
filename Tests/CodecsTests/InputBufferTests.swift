import Codecs
import XCTest

final class InputBufferTests: XCTestCase {
    /// A peer sending one byte at a time: the buffer delivers every byte in order and moves (by compaction) fewer
    /// bytes than it consumed, i.e. O(1) amortised per byte, never quadratic.
    func testOneByteChunksAreAmortisedConstantTimePerByte() {
        var buffer = InputBuffer()
        var generator = SystemRandomNumberGenerator()
        let total = 300_000
        var received: [UInt8] = []
        received.reserveCapacity(total)
        var nextByte: UInt8 = 0
        // Keep a backlog: consume in bursts so that unread bytes stay around and compaction must happen.
        for index in 0..<total {
            buffer.append(contentsOf: [nextByte])
            nextByte &+= 1
            if index % 5000 == 4999 || index == total - 1 {
                let keep = index == total - 1 ? 0 : Int.random(in: 0...3000, using: &generator)
                let take = buffer.readableCount - keep
                buffer.withReadableBytes { received.append(contentsOf: $0.prefix(take)) }
                buffer.consume(take)
            }
        }
        XCTAssertEqual(received.count, total)
        XCTAssertTrue(received.enumerated().allSatisfy { $0.element == UInt8(truncatingIfNeeded: $0.offset) })
        XCTAssertEqual(buffer.streamOffset, total)
        XCTAssertLessThanOrEqual(buffer.bytesMovedByCompaction, total)
    }

    func testConsumeTracksStreamOffsetAcrossCompactions() {
        var buffer = InputBuffer()
        let chunk = [UInt8](repeating: 7, count: 5000)
        chunk.withUnsafeBytes { buffer.append($0) }
        buffer.consume(4999)
        XCTAssertEqual(buffer.streamOffset, 4999)
        buffer.append(contentsOf: [1, 2, 3])
        XCTAssertEqual(buffer.readableCount, 4)
        XCTAssertEqual(buffer.streamOffset, 4999)
        XCTAssertEqual(buffer.totalAppended, 5003)
        XCTAssertEqual(buffer.copyBytes(0..<4), [7, 1, 2, 3])
        XCTAssertEqual(buffer.copyBytes(2..<99), [2, 3])
        buffer.consume(100)
        XCTAssertTrue(buffer.isEmpty)
        XCTAssertEqual(buffer.streamOffset, 5003)
        buffer.append(contentsOf: [9])
        buffer.withReadableBytes { XCTAssertEqual(Array($0), [9]) }
        XCTAssertEqual(buffer.streamOffset, 5003)
    }

    func testMutableViewTransformsReadableBytesInPlace() {
        var buffer = InputBuffer()
        buffer.append(contentsOf: [1, 2, 3, 4])
        buffer.consume(1)
        buffer.withMutableReadableBytes { bytes in
            for index in bytes.indices { bytes[index] ^= 0xFF }
        }
        XCTAssertEqual(buffer.copyBytes(0..<3), [0xFD, 0xFC, 0xFB])
    }

    func testNegativeOrOversizedConsumeIsClamped() {
        var buffer = InputBuffer()
        buffer.append(contentsOf: [1, 2])
        buffer.consume(-5)
        XCTAssertEqual(buffer.readableCount, 2)
        buffer.consume(Int.max)
        XCTAssertEqual(buffer.readableCount, 0)
        buffer.removeAll()
        XCTAssertEqual(buffer.streamOffset, 2)
    }
}
