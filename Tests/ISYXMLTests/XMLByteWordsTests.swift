import Codecs
import StreamTesting
import XCTest
@testable import ISYXML

/// The word-at-a-time search must find exactly the first byte a bytewise scan finds, whatever follows it.
final class XMLByteWordsTests: XCTestCase {
    func testFirstStopFindsTheFirstTargetOrControlByteLikeABytewiseScan() {
        let targets: [UInt8] = [UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: "&")]
        // Bytes around every class boundary, plus the targets and their neighbours.
        let palette: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x25, 0x26, 0x27, 0x3B,
                                0x3C, 0x3D, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xA2, 0xBC, 0xC3, 0xFF]
        var random = SplitMix64(seed: 0x9E37)
        for _ in 0..<200_000 {
            var bytes: [UInt8] = []
            for _ in 0..<8 {
                bytes.append(palette[Int(random.next() >> 33) % palette.count])
            }
            let word = bytes.withUnsafeBytes { XMLByteWords.load($0.baseAddress!, 0) }
            let marks = XMLByteWords.firstStop(word, ByteWord.broadcast(targets[0]),
                                               ByteWord.broadcast(targets[1]), ByteWord.broadcast(targets[2]))
            let found = marks == 0 ? 8 : marks.trailingZeroBitCount >> 3
            let expected = bytes.firstIndex { $0 < 0x20 || targets.contains($0) } ?? 8
            XCTAssertEqual(found, expected, "\(bytes)")
            if found != expected { return }
        }
    }
}
