/// A growable byte buffer reused across events: appends are one `memcpy`, clearing only resets the length, and the
/// storage is kept, so steady-state decoding does not allocate for its buffers. Copy-on-write like an Array, but
/// its bytes can be lent (`bytes`) without a closure, so a decoder lends an event's pieces without copying itself.
@usableFromInline struct SSEByteBuffer: Sendable {
    /// The storage (nil until the first append); shared between copies until one of them writes.
    @usableFromInline var storage: SSEByteStorage?
    /// Bytes in use.
    @usableFromInline var count = 0

    @inlinable init() {}

    @inlinable var isEmpty: Bool { count == 0 }

    /// The bytes in use; valid while this buffer is neither mutated nor destroyed.
    @inlinable var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage.map { UnsafeRawPointer($0.pointer) }, count: count)
    }

    /// Forgets the contents, keeping the storage (`release` gives it back, e.g. at end of stream).
    @inlinable mutating func removeAll(releasingStorage release: Bool = false) {
        count = 0
        if release { storage = nil }
    }

    /// Where `extra` more bytes can be written, at `count` on: the storage, made unique and large enough.
    @inlinable @inline(__always) mutating func writableBase(forAppending extra: Int) -> UnsafeMutableRawPointer {
        let needed = count &+ extra
        // Uniqueness first: a binding of the storage taken before the check would be a second reference.
        if isKnownUniquelyReferenced(&storage), let current = storage, needed <= current.capacity {
            return current.pointer
        }
        return grow(to: needed)
    }

    /// Moves to new storage of at least `needed` bytes (doubling, so appends are amortised O(1)), keeping the bytes
    /// in use.
    @usableFromInline @inline(never) mutating func grow(to needed: Int) -> UnsafeMutableRawPointer {
        let newCapacity = max(needed, (storage?.capacity ?? 0) &* 2, 64)
        let replacement = SSEByteStorage(capacity: newCapacity)
        if count > 0, let current = storage {
            replacement.pointer.copyMemory(from: current.pointer, byteCount: count)
        }
        storage = replacement
        return replacement.pointer
    }

    /// Replaces the contents with `bytes`.
    @inlinable mutating func replace(with bytes: UnsafeRawBufferPointer) {
        count = 0
        append(bytes)
    }

    /// Replaces the contents with `bytes` of at most 16 bytes, copied with word loads and stores instead of a
    /// `memcpy` call.
    @inlinable @inline(__always) mutating func replace(withShort bytes: UnsafeRawBufferPointer) {
        let length = bytes.count
        count = 0
        guard length > 0, let source = bytes.baseAddress else { return }
        copyShortBytes(from: source, to: writableBase(forAppending: length), count: length)
        count = length
    }

    @inlinable mutating func append(_ bytes: UnsafeRawBufferPointer) {
        let length = bytes.count
        guard length > 0, let source = bytes.baseAddress else { return }
        let base = writableBase(forAppending: length)
        (base + count).copyMemory(from: source, byteCount: length)
        count &+= length
    }

    @inlinable mutating func append(_ byte: UInt8) {
        let base = writableBase(forAppending: 1)
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count &+= 1
    }

    /// Calls `body` with the bytes in use.
    @inlinable func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        body(bytes)
    }

    /// True when the bytes in use equal `other`.
    @inlinable func elementsEqual(_ other: UnsafeRawBufferPointer) -> Bool {
        guard other.count == count else { return false }
        guard let a = bytes.baseAddress, let b = other.baseAddress else { return true }
        return memcmpBytes(a, b, count)
    }
}

/// The heap block behind an `SSEByteBuffer`. Written only through a buffer that holds the sole reference (checked
/// with `isKnownUniquelyReferenced`), so sharing it between threads is safe.
@usableFromInline final class SSEByteStorage: @unchecked Sendable {
    @usableFromInline let pointer: UnsafeMutableRawPointer
    @usableFromInline let capacity: Int

    @usableFromInline init(capacity: Int) {
        self.capacity = capacity
        pointer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { pointer.deallocate() }
}

/// Copies `count` (at most 16) bytes with two overlapping word loads and stores (or a byte loop below 4), so short
/// values such as IDs cost no `memcpy` call.
@inlinable @inline(__always)
func copyShortBytes(from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count: Int) {
    if count >= 8 {
        let head = source.loadUnaligned(as: UInt64.self)
        let tail = source.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        target.storeBytes(of: head, as: UInt64.self)
        target.storeBytes(of: tail, toByteOffset: count &- 8, as: UInt64.self)
    } else if count >= 4 {
        let head = source.loadUnaligned(as: UInt32.self)
        let tail = source.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
        target.storeBytes(of: head, as: UInt32.self)
        target.storeBytes(of: tail, toByteOffset: count &- 4, as: UInt32.self)
    } else {
        var index = 0
        while index < count {
            let byte = source.load(fromByteOffset: index, as: UInt8.self)
            target.storeBytes(of: byte, toByteOffset: index, as: UInt8.self)
            index &+= 1
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
