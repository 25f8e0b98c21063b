/// Accumulates input chunks for an incremental decoder: append, decode from the readable bytes, consume.
///
/// Appending is amortised O(1) per byte however the peer splits its writes: consumed bytes are dropped by
/// compaction only once they outnumber the bytes still unread (so each byte is moved at most a constant number of
/// times), and a fully consumed buffer is reset without copying. Storage is reused in steady state.
public struct InputBuffer: Sendable {
    @usableFromInline var storage: [UInt8]
    @usableFromInline var readIndex: Int
    /// Stream offset of `storage[0]`: bytes dropped by compaction so far.
    @usableFromInline var droppedBytes: Int
    /// Unread bytes moved by compactions so far; stays below the bytes consumed (the amortisation bound).
    public internal(set) var bytesMovedByCompaction = 0

    /// Compaction is skipped below this many consumed bytes: moving a few bytes often costs more than it saves.
    @usableFromInline static let compactionThreshold = 4096

    public init(minimumCapacity: Int = 0) {
        storage = []
        storage.reserveCapacity(minimumCapacity)
        readIndex = 0
        droppedBytes = 0
    }

    /// Number of bytes appended but not yet consumed.
    @inlinable public var readableCount: Int { storage.count &- readIndex }
    /// True when nothing is left to read.
    @inlinable public var isEmpty: Bool { readIndex == storage.count }
    /// Stream offset of the first readable byte (total bytes consumed since creation).
    @inlinable public var streamOffset: Int { droppedBytes &+ readIndex }
    /// Total bytes appended since creation.
    @inlinable public var totalAppended: Int { droppedBytes &+ storage.count }

    /// Appends a chunk, compacting first when that is worthwhile.
    @inlinable public mutating func append(_ chunk: UnsafeRawBufferPointer) {
        prepareForAppend()
        storage.append(contentsOf: chunk)
    }

    /// Appends a chunk given as a collection of bytes.
    @inlinable public mutating func append<C: Collection>(contentsOf chunk: C) where C.Element == UInt8 {
        prepareForAppend()
        storage.append(contentsOf: chunk)
    }

    @usableFromInline mutating func prepareForAppend() {
        if readIndex == storage.count {
            if readIndex > 0 {
                droppedBytes &+= readIndex
                storage.removeAll(keepingCapacity: true)
                readIndex = 0
            }
        } else if readIndex >= Self.compactionThreshold, readIndex >= storage.count &- readIndex {
            droppedBytes &+= readIndex
            bytesMovedByCompaction &+= storage.count &- readIndex
            storage.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }

    /// Calls `body` with a view of the readable bytes; the view is valid only inside `body`.
    @inlinable public func withReadableBytes<R, E: Error>(
        _ body: (UnsafeRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        let result: Result<R, E> = storage.withUnsafeBytes { raw in
            do throws(E) { return .success(try body(UnsafeRawBufferPointer(rebasing: raw[readIndex...]))) } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Calls `body` with a mutable view of the readable bytes, for in-place transforms such as unmasking.
    @inlinable public mutating func withMutableReadableBytes<R, E: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        let start = readIndex
        let result: Result<R, E> = storage.withUnsafeMutableBytes { raw in
            do throws(E) { return .success(try body(UnsafeMutableRawBufferPointer(rebasing: raw[start...]))) } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Marks the first `count` readable bytes as consumed; `count` is clamped to what is readable.
    @inlinable public mutating func consume(_ count: Int) {
        readIndex &+= max(0, min(count, readableCount))
    }

    /// Copies the readable bytes in `range` (relative to the first readable byte) into a new array.
    @inlinable public func copyBytes(_ range: Range<Int>) -> [UInt8] {
        let lower = max(0, min(range.lowerBound, readableCount))
        let upper = max(lower, min(range.upperBound, readableCount))
        return Array(storage[(readIndex &+ lower)..<(readIndex &+ upper)])
    }

    /// Counts `count` bytes that a decoder read in place from the caller's chunk instead of appending them, so
    /// stream offsets stay right. Only meaningful while nothing is buffered; ignored otherwise.
    @inlinable public mutating func skipUnbuffered(_ count: Int) {
        guard isEmpty else { return }
        droppedBytes &+= max(0, count)
    }

    /// Drops everything, keeping the storage for reuse.
    @inlinable public mutating func removeAll() {
        droppedBytes &+= storage.count
        storage.removeAll(keepingCapacity: true)
        readIndex = 0
    }
}
