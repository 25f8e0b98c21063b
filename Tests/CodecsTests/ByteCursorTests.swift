import Codecs
import XCTest

final class ByteCursorTests: XCTestCase {
    func testFixedWidthReadsUseTheStatedByteOrder() throws {
        let bytes: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09]
        try bytes.withUnsafeBytes { raw in
            var cursor = ByteCursor(raw)
            XCTAssertEqual(try cursor.readU8(), 0x01)
            XCTAssertEqual(try cursor.readU16BE(), 0x0203)
            XCTAssertEqual(try cursor.readU16LE(), 0x0504)
            XCTAssertEqual(cursor.position, 5)
            XCTAssertEqual(try cursor.readU32BE(), 0x0607_0809)
            XCTAssertTrue(cursor.isAtEnd)

            cursor = ByteCursor(raw)
            XCTAssertEqual(try cursor.readU32LE(), 0x0403_0201)
            cursor = ByteCursor(raw)
            XCTAssertEqual(try cursor.readU64BE(), 0x0102_0304_0506_0708)
            cursor = ByteCursor(raw)
            XCTAssertEqual(try cursor.readU64LE(), 0x0807_0605_0403_0201)
            XCTAssertEqual(cursor.remaining, 1)
        }
    }

    /// Every read that does not fit fails with `truncated-input` at the absolute offset of the read, and leaves
    /// the cursor where it was.
    func testReadPastEndFailsAtTheReadOffsetForEveryWidth() {
        let widths: [(Int, (inout ByteCursor) throws(ByteCursorError) -> Void)] = [
            (1, { c throws(ByteCursorError) in _ = try c.readU8() }),
            (2, { c throws(ByteCursorError) in _ = try c.readU16BE() }),
            (2, { c throws(ByteCursorError) in _ = try c.readU16LE() }),
            (4, { c throws(ByteCursorError) in _ = try c.readU32BE() }),
            (4, { c throws(ByteCursorError) in _ = try c.readU32LE() }),
            (8, { c throws(ByteCursorError) in _ = try c.readU64BE() }),
            (8, { c throws(ByteCursorError) in _ = try c.readU64LE() }),
        ]
        for (width, read) in widths {
            for available in 0..<width {
                let bytes = [UInt8](repeating: 0xAB, count: 3 + available)
                bytes.withUnsafeBytes { raw in
                    var cursor = ByteCursor(raw, baseOffset: 100)
                    try? cursor.skip(3)
                    do throws(ByteCursorError) {
                        try read(&cursor)
                        XCTFail("width \(width) with \(available) bytes should fail")
                    } catch {
                        XCTAssertEqual(error.code, "truncated-input")
                        XCTAssertEqual(error.offset, 103, "width \(width), available \(available)")
                        XCTAssertEqual(error.kind, .truncated(needed: width, available: available))
                    }
                    XCTAssertEqual(cursor.position, 3)
                }
            }
        }
    }

    enum VarintOutcome: Equatable {
        case value(UInt64, consumed: Int)
        case failure(ByteCursorError.Kind)
    }

    /// Varint vectors from the protobuf encoding guide, plus the limits: 10 bytes at most, 64 bits at most,
    /// non-minimal encodings accepted.
    func testVarintVectors() {
        let maxBytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        let zeros: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80]
        let vectors: [([UInt8], VarintOutcome)] = [
            ([0x00], .value(0, consumed: 1)),
            ([0x01], .value(1, consumed: 1)),
            ([0x7F], .value(127, consumed: 1)),
            ([0x96, 0x01], .value(150, consumed: 2)),
            ([0xAC, 0x02], .value(300, consumed: 2)),
            ([0x80, 0x00], .value(0, consumed: 2)),
            ([0xFF, 0x80, 0x80, 0x00], .value(127, consumed: 4)),
            ([0xFF, 0xFF, 0xFF, 0xFF, 0x0F], .value(0xFFFF_FFFF, consumed: 5)),
            (maxBytes + [0x01], .value(UInt64.max, consumed: 10)),
            (zeros + [0x01], .value(1 << 63, consumed: 10)),
            (maxBytes + [0x02], .failure(.varintOverflow)),
            (maxBytes + [0x7F], .failure(.varintOverflow)),
            (zeros + [0x80, 0x00], .failure(.varintTooLong)),
            ([0x80], .failure(.truncated(needed: 1, available: 0))),
            ([], .failure(.truncated(needed: 1, available: 0))),
        ]
        for (bytes, expected) in vectors {
            (bytes + [0x55]).withUnsafeBytes { raw in
                var cursor = ByteCursor(UnsafeRawBufferPointer(rebasing: raw[0..<bytes.count]), baseOffset: 10)
                do throws(ByteCursorError) {
                    let value = try cursor.readVarUInt64()
                    XCTAssertEqual(VarintOutcome.value(value, consumed: cursor.position), expected, "\(bytes)")
                } catch {
                    XCTAssertEqual(VarintOutcome.failure(error.kind), expected, "\(bytes)")
                    XCTAssertEqual(cursor.position, 0, "a failed varint read must not move the cursor")
                    XCTAssertNotNil(error.offset)
                }
            }
        }
    }

    func testTruncatedVarintReportsTheOffsetWhereBytesRanOut() {
        [UInt8]([0x96, 0x96, 0x96]).withUnsafeBytes { raw in
            var cursor = ByteCursor(raw, baseOffset: 7)
            do throws(ByteCursorError) {
                _ = try cursor.readVarUInt64()
                XCTFail("truncated varint accepted")
            } catch {
                XCTAssertEqual(error.offset, 10)
            }
        }
    }

    func testSlicesAreViewsIntoTheSameBytesAndAreBoundsChecked() throws {
        let bytes: [UInt8] = Array(0..<10)
        try bytes.withUnsafeBytes { raw in
            var cursor = ByteCursor(raw, baseOffset: 50)
            try cursor.skip(2)
            let range = try cursor.readRange(count: 3)
            XCTAssertEqual(range, 2..<5)
            let view = try cursor.readBytes(count: 2)
            XCTAssertEqual(Array(view), [5, 6])
            XCTAssertEqual(view.baseAddress, raw.baseAddress.map { $0 + 5 })
            XCTAssertEqual(Array(try cursor.slice(0..<2)), [0, 1])
            XCTAssertThrowsError(try cursor.slice(8..<11)) { error in
                XCTAssertEqual((error as? ByteCursorError)?.code, "range-out-of-bounds")
            }
            XCTAssertThrowsError(try cursor.readBytes(count: 4)) { error in
                XCTAssertEqual((error as? ByteCursorError)?.offset, 57)
            }
            XCTAssertThrowsError(try cursor.skip(-1))
            XCTAssertThrowsError(try cursor.seek(to: 11))
            try cursor.seek(to: 10)
            XCTAssertTrue(cursor.isAtEnd)
            XCTAssertNil(cursor.peekU8())
        }
    }

    func testSubCursorReportsAbsoluteOffsets() throws {
        try [UInt8](repeating: 1, count: 8).withUnsafeBytes { raw in
            var outer = ByteCursor(raw, baseOffset: 1000)
            try outer.skip(2)
            var inner = try outer.subCursor(count: 3)
            XCTAssertEqual(outer.position, 5)
            try inner.skip(3)
            XCTAssertThrowsError(try inner.readU8()) { error in
                XCTAssertEqual((error as? ByteCursorError)?.offset, 1005)
            }
        }
    }
}
