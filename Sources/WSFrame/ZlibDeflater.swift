import CZlib

/// Raw DEFLATE compression for permessage-deflate (RFC 7692 §7.2.1): each message is compressed with a sync
/// flush and the trailing `00 00 FF FF` removed.
///
/// zlib rejects a raw 8-bit window, so 8 is compressed with 9: zlib keeps its match distances under
/// `2^bits - 262` = 250 bytes there, so the output is valid for a peer that inflates with a 256-byte window.
final class ZlibDeflater: @unchecked Sendable {
    private let stream: UnsafeMutablePointer<z_stream>
    private let initialized: Bool
    private let scratch: UnsafeMutableRawBufferPointer
    static let scratchSize = 16 << 10

    init(windowBits: Int, level: Int = 6, memoryLevel: Int = 8) {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.scratchSize, alignment: 8)
        let bits = Int32(min(15, max(9, windowBits)))
        initialized = deflateInit2_(
            stream, Int32(level), Z_DEFLATED, -bits, Int32(min(9, max(1, memoryLevel))), Z_DEFAULT_STRATEGY,
            zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit {
        if initialized { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        scratch.deallocate()
    }

    /// Forgets the sliding window (no context takeover).
    func reset() {
        if initialized { deflateReset(stream) }
    }

    /// Compresses a whole message, appending the payload (without the `00 00 FF FF` tail) to `output`.
    /// Returns false if zlib failed (internal error).
    func compressMessage(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) -> Bool {
        guard initialized else { return false }
        // An empty message is one empty stored-block header (RFC 7692 §7.2.3.6); zlib emits nothing for a
        // second sync flush without input, so it is written directly.
        if input.count == 0 {
            output.append(0x00)
            return true
        }
        guard input.count <= Int(uInt.max), let scratchRaw = scratch.baseAddress else { return false }
        let start = output.count
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        let scratchBase = scratchRaw.assumingMemoryBound(to: Bytef.self)
        while true {
            stream.pointee.next_out = scratchBase
            stream.pointee.avail_out = uInt(Self.scratchSize)
            let status = deflate(stream, Z_SYNC_FLUSH)
            let written = Self.scratchSize &- Int(stream.pointee.avail_out)
            output.append(contentsOf: UnsafeRawBufferPointer(start: scratch.baseAddress, count: written))
            guard status == Z_OK || status == Z_BUF_ERROR else { return false }
            // Done once zlib had room left over: everything was flushed.
            if stream.pointee.avail_out > 0, stream.pointee.avail_in == 0 { break }
        }
        // Remove the empty stored block's 00 00 FF FF that the sync flush ends with (RFC 7692 §7.2.1).
        if output.count &- start >= 4, output[output.count &- 4] == 0, output[output.count &- 3] == 0,
           output[output.count &- 2] == 0xFF, output[output.count &- 1] == 0xFF {
            output.removeLast(4)
        }
        return true
    }
}
