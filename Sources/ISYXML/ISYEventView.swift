/// A decoded event borrowing its document's bytes: valid only during the call that lent it
/// (`ISYEventDecoder.decode(_:baseOffset:_:)`, `ISYFrameDecoder.decode`, `ISYStreamDecoder.feed(_:onItem:)`);
/// `event` makes an owned copy. The read API is `ISYEventReading`, shared with the owned `ISYEvent`.
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

    /// The same event owning a copy of its document, to keep it past the call.
    public var event: ISYEvent {
        ISYEvent(document: Array(bytes)[...], fields: fields, tolerant: tolerant)
    }
}
