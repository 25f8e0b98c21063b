/// One decoded eisy event that owns (shares) its document bytes: every field is read lazily from them, so
/// decoding allocates nothing and each String asked for costs at most one allocation.
public struct ISYEvent: ISYEventReading, Sendable {
    /// The XML document the event was decoded from.
    public let document: ArraySlice<UInt8>
    public let fields: ISYEventFields
    public let tolerant: Bool

    public init(document: ArraySlice<UInt8>, fields: ISYEventFields, tolerant: Bool) {
        self.document = document
        self.fields = fields
        self.tolerant = tolerant
    }

    @inlinable public func withDocument<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        document.withUnsafeBytes(body)
    }
}
