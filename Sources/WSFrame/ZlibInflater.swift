import CZlib

/// Raw DEFLATE decompression (RFC 1951) for permessage-deflate, with a hard bound on output: a message is inflated
/// straight into this inflater's own output buffer, which grows only up to the limit, so a decompression bomb
/// fails once the limit is reached, never allocating beyond it. The buffer's capacity is reused across messages.
///
/// The zlib stream lives at a fixed address in this reference type; a decoder that is copied shares it.
final class ZlibInflater: @unchecked Sendable {
    /// Why inflation stopped.
    enum Failure: Error { case tooLarge, invalidData, internalFailure }

    private let stream: UnsafeMutablePointer<z_stream>
    /// A small compressed message is copied here with its 00 00 FF FF tail, so zlib is entered once, not twice.
    private let joinedInput: UnsafeMutableRawBufferPointer
    private let initialized: Bool
    private var output: UnsafeMutableRawPointer?
    private(set) var outputCapacity = 0
    /// Bytes inflated since the last `clearOutput`.
    private(set) var outputCount = 0
    static let joinedInputSize = 4 << 10
    static let minimumOutputCapacity = 4 << 10

    /// `windowBits` 8–15 as negotiated; 8 is inflated with a 9-bit window, which zlib needs and which accepts
    /// every stream valid for 8 (the window-bits-8 quirk).
    init(windowBits: Int) {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        joinedInput = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.joinedInputSize, alignment: 8)
        let bits = Int32(min(15, max(9, windowBits)))
        initialized = inflateInit2_(stream, -bits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit {
        if initialized { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        joinedInput.deallocate()
        output?.deallocate()
    }

    /// The bytes inflated since the last `clearOutput`; valid until the next call on this inflater.
    var outputBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: output, count: outputCount) }

    /// Forgets the inflated bytes, keeping the buffer for reuse.
    func clearOutput() { outputCount = 0 }

    /// Forgets the sliding window (no context takeover, RFC 7692 §7.1.1).
    func reset() {
        if initialized { inflateReset(stream) }
    }

    /// Inflates the last piece of a message followed by the 00 00 FF FF tail that the sender removed
    /// (RFC 7692 §7.2.2); same bound as `inflate`.
    func inflateFinal(_ input: UnsafeRawBufferPointer, limit: Int) throws(Failure) {
        let tail: UInt32 = 0xFFFF_0000
        if input.count <= Self.joinedInputSize &- 4, let base = joinedInput.baseAddress {
            if input.count > 0, let source = input.baseAddress {
                base.copyMemory(from: source, byteCount: input.count)
            }
            base.storeBytes(of: tail.littleEndian, toByteOffset: input.count, as: UInt32.self)
            try inflate(UnsafeRawBufferPointer(start: base, count: input.count &+ 4), limit: limit)
            return
        }
        try inflate(input, limit: limit)
        try withUnsafeBytes(of: tail.littleEndian) { (raw) throws(Failure) in
            try inflate(raw, limit: limit)
        }
    }

    /// Inflates `input` onto the output; fails with `.tooLarge` as soon as the output would exceed `limit` bytes.
    func inflate(_ input: UnsafeRawBufferPointer, limit: Int) throws(Failure) {
        guard initialized else { throw .internalFailure }
        guard let inputBase = input.baseAddress, input.count > 0 else { return }
        guard input.count <= Int(uInt.max) else { throw .tooLarge }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: inputBase.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        var probe: UInt8 = 0
        while true {
            if outputCount == outputCapacity, outputCapacity < limit { grow(limit: limit) }
            let room = max(0, min(min(outputCapacity, limit) &- outputCount, Int(uInt.max)))
            let status: Int32
            let roomLeft: Bool
            if room > 0, let base = output {
                stream.pointee.next_out = (base + outputCount).assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(room)
                status = CZlib.inflate(stream, Z_SYNC_FLUSH)
                outputCount &+= room &- Int(stream.pointee.avail_out)
                roomLeft = stream.pointee.avail_out > 0
            } else {
                // At the limit: one more byte of output means the message is too large.
                status = withUnsafeMutablePointer(to: &probe) { pointer in
                    stream.pointee.next_out = pointer
                    stream.pointee.avail_out = 1
                    return CZlib.inflate(stream, Z_SYNC_FLUSH)
                }
                guard stream.pointee.avail_out > 0 else { throw .tooLarge }
                roomLeft = true
            }
            switch status {
            case Z_OK:
                if stream.pointee.avail_in == 0, roomLeft { return }
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

    /// Doubles the output buffer (at least `minimumOutputCapacity`), never beyond `limit`.
    private func grow(limit: Int) {
        let doubled = outputCapacity > Int.max / 2 ? Int.max : outputCapacity &* 2
        let capacity = min(limit, max(doubled, Self.minimumOutputCapacity))
        let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        if let output {
            grown.copyMemory(from: output, byteCount: outputCount)
            output.deallocate()
        }
        output = grown
        outputCapacity = capacity
    }
}
