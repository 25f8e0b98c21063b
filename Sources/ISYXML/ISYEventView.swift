/// A decoded event borrowing its document's bytes: valid only inside the `ISYEventDecoder.withEvent` call that
/// lent it.
public struct ISYEventView: ISYEventReading {
    /// The document bytes (borrowed).
    public let bytes: UnsafeRawBufferPointer
    public internal(set) var fields: ISYEventFields
    public let tolerant: Bool

    @usableFromInline init(bytes: UnsafeRawBufferPointer, fields: ISYEventFields, tolerant: Bool) {
        self.bytes = bytes
        self.fields = fields
        self.tolerant = tolerant
    }

    @inlinable public func withDocument<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        body(bytes)
    }
}
