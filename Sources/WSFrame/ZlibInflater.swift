import CZlib

/// Raw DEFLATE decompression (RFC 1951) for permessage-deflate, with a hard bound on output: a message is
/// inflated into the caller's array through a fixed 16 KiB scratch buffer, and the array never grows past the
/// limit, so a decompression bomb fails after at most `limit` bytes, never allocating beyond it.
///
/// The zlib stream lives at a fixed address in this reference type; a decoder that is copied shares it.
final class ZlibInflater: @unchecked Sendable {
    /// Why inflation stopped.
    enum Failure: Error { case tooLarge, invalidData, internalFailure }

    private let stream: UnsafeMutablePointer<z_stream>
    private let scratch: UnsafeMutableRawBufferPointer
    private let initialized: Bool
    static let scratchSize = 16 << 10

    /// `windowBits` 8–15 as negotiated; 8 is inflated with a 9-bit window, which zlib needs and which accepts
    /// every stream valid for 8 (the window-bits-8 quirk).
    init(windowBits: Int) {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.scratchSize, alignment: 8)
        let bits = Int32(min(15, max(9, windowBits)))
        initialized = inflateInit2_(stream, -bits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit {
        if initialized { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        scratch.deallocate()
    }

    /// Forgets the sliding window (no context takeover, RFC 7692 §7.1.1).
    func reset() {
        if initialized { inflateReset(stream) }
    }

    /// Inflates `input`, appending to `output`; fails with `.tooLarge` before `output` would exceed `limit`.
    func inflate(_ input: UnsafeRawBufferPointer, into output: inout [UInt8], limit: Int) throws(Failure) {
        guard initialized else { throw .internalFailure }
        guard let inputBase = input.baseAddress, input.count > 0 else { return }
        guard input.count <= Int(uInt.max) else { throw .tooLarge }
        guard let scratchRaw = scratch.baseAddress else { throw .internalFailure }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: inputBase.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        let scratchBase = scratchRaw.assumingMemoryBound(to: Bytef.self)
        while true {
            stream.pointee.next_out = scratchBase
            stream.pointee.avail_out = uInt(Self.scratchSize)
            let status = CZlib.inflate(stream, Z_SYNC_FLUSH)
            let produced = Self.scratchSize &- Int(stream.pointee.avail_out)
            if produced > 0 {
                guard produced <= limit &- output.count else { throw .tooLarge }
                let needed = output.count &+ produced
                if needed > output.capacity {
                    output.reserveCapacity(min(limit, max(needed, output.capacity &* 2)))
                }
                output.append(contentsOf: UnsafeRawBufferPointer(start: scratch.baseAddress, count: produced))
            }
            switch status {
            case Z_OK:
                if stream.pointee.avail_in == 0, stream.pointee.avail_out > 0 { return }
            case Z_STREAM_END:
                // A final block (BFINAL) ends the DEFLATE stream; later input starts a new one.
                inflateReset(stream)
                if stream.pointee.avail_in == 0 { return }
            case Z_BUF_ERROR:
                if stream.pointee.avail_in == 0 { return }
                throw .invalidData
            case Z_MEM_ERROR:
                throw .internalFailure
            default:
                throw .invalidData
            }
        }
    }
}
