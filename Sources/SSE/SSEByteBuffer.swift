/// A growable byte buffer reused across events: appends are one `memcpy`, clearing only resets the length, and the
/// storage is kept, so steady-state decoding does not allocate for its buffers.
@usableFromInline struct SSEByteBuffer: Sendable {
    /// Initialised storage; bytes past `count` are stale.
    @usableFromInline var storage: [UInt8] = []
    /// Bytes in use.
    @usableFromInline var count = 0

    @inlinable init() {}

    @inlinable var isEmpty: Bool { count == 0 }

    /// Forgets the contents, keeping the storage (`release` gives it back, e.g. at end of stream).
    @inlinable mutating func removeAll(releasingStorage release: Bool = false) {
        count = 0
        if release { storage = [] }
    }

    /// Makes room for `extra` more bytes, doubling so appends are amortised O(1).
    @inlinable @inline(__always) mutating func reserve(_ extra: Int) {
        let needed = count &+ extra
        if needed > storage.count { grow(to: needed) }
    }

    /// Reallocates the storage to hold at least `needed` bytes, keeping the bytes in use.
    @usableFromInline @inline(never) mutating func grow(to needed: Int) {
        let newCapacity = max(needed, storage.count &* 2, 64)
        let old = storage
        let used = count
        storage = [UInt8](unsafeUninitializedCapacity: newCapacity) { buffer, initialized in
            buffer.initialize(repeating: 0)
            if used > 0 {
                old.withUnsafeBufferPointer { source in
                    if let target = buffer.baseAddress, let from = source.baseAddress {
                        target.update(from: from, count: used)
                    }
                }
            }
            initialized = newCapacity
        }
    }

    /// Replaces the contents with `bytes`.
    @inlinable mutating func replace(with bytes: UnsafeRawBufferPointer) {
        count = 0
        append(bytes)
    }

    @inlinable mutating func append(_ bytes: UnsafeRawBufferPointer) {
        let length = bytes.count
        guard length > 0, let source = bytes.baseAddress else { return }
        reserve(length)
        let start = count
        storage.withUnsafeMutableBytes { target in
            if let base = target.baseAddress { (base + start).copyMemory(from: source, byteCount: length) }
        }
        count = start &+ length
    }

    @inlinable mutating func append(_ byte: UInt8) {
        reserve(1)
        let index = count
        storage.withUnsafeMutableBufferPointer { $0[index] = byte }
        count = index &+ 1
    }

    /// Calls `body` with the bytes in use.
    @inlinable func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        storage.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    /// True when the bytes in use equal `other`.
    @inlinable func elementsEqual(_ other: UnsafeRawBufferPointer) -> Bool {
        guard other.count == count else { return false }
        return withBytes { mine in
            guard let a = mine.baseAddress, let b = other.baseAddress else { return true }
            return memcmpBytes(a, b, count)
        }
    }
}

/// Byte-wise equality of two regions, without Foundation: overlapping word loads, so short keys such as event
/// types cost two comparisons.
@inlinable func memcmpBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    if count >= 8 {
        var index = 0
        while index &+ 8 < count {
            if a.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                != b.loadUnaligned(fromByteOffset: index, as: UInt64.self) { return false }
            index &+= 8
        }
        let last = count &- 8
        return a.loadUnaligned(fromByteOffset: last, as: UInt64.self) == b.loadUnaligned(fromByteOffset: last, as: UInt64.self)
    }
    if count >= 4 {
        let last = count &- 4
        return a.loadUnaligned(fromByteOffset: 0, as: UInt32.self) == b.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
            && a.loadUnaligned(fromByteOffset: last, as: UInt32.self) == b.loadUnaligned(fromByteOffset: last, as: UInt32.self)
    }
    var index = 0
    while index < count {
        if a.load(fromByteOffset: index, as: UInt8.self) != b.load(fromByteOffset: index, as: UInt8.self) { return false }
        index &+= 1
    }
    return true
}
