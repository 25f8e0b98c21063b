/// A zero-copy view of a `bytes` field (or any byte range) of a decoded message: the message's storage is
/// retained, not copied, and bytes are copied out only when asked for.
public struct ProtobufBytes: Sendable, Equatable {
    /// The storage the range points into (shared, copy-on-write; never mutated through a view).
    public let storage: [UInt8]
    /// The range of `storage` viewed.
    public let range: Range<Int>

    public init(storage: [UInt8], range: Range<Int>) {
        self.storage = storage
        self.range = range
    }

    /// A view of a whole array.
    public init(_ bytes: [UInt8]) {
        self.storage = bytes
        self.range = 0..<bytes.count
    }

    /// Number of bytes viewed.
    @inlinable public var count: Int { range.count }
    /// True for a zero-length view.
    @inlinable public var isEmpty: Bool { range.isEmpty }

    /// Calls `body` with the viewed bytes; the pointer is valid only inside `body`.
    @inlinable public func withUnsafeBytes<R, E: Error>(
        _ body: (UnsafeRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        let result: Result<R, E> = storage.withUnsafeBytes { raw in
            do throws(E) {
                return .success(try body(UnsafeRawBufferPointer(rebasing: raw[range])))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The viewed bytes, copied into a new array.
    public var bytes: [UInt8] { Array(storage[range]) }

    public static func == (lhs: ProtobufBytes, rhs: ProtobufBytes) -> Bool {
        lhs.count == rhs.count && lhs.storage[lhs.range].elementsEqual(rhs.storage[rhs.range])
    }
}

/// A zero-copy view of a proto3 `string` field, already validated as UTF-8; materialised as a `String` on access.
public struct ProtobufString: Sendable, Equatable, CustomStringConvertible {
    /// The UTF-8 bytes.
    public let utf8: ProtobufBytes

    public init(utf8: ProtobufBytes) {
        self.utf8 = utf8
    }

    /// The empty string (a field that is absent).
    public static let empty = ProtobufString(utf8: ProtobufBytes([]))

    /// True for the empty string.
    @inlinable public var isEmpty: Bool { utf8.isEmpty }

    /// The string, copied out of the message.
    public var string: String {
        utf8.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    public var description: String { string }

    /// Compares with a Swift string without materialising this one.
    public static func == (lhs: ProtobufString, rhs: String) -> Bool {
        var rhs = rhs
        return rhs.withUTF8 { other in
            lhs.utf8.withUnsafeBytes { mine in mine.elementsEqual(UnsafeRawBufferPointer(other)) }
        }
    }
}
