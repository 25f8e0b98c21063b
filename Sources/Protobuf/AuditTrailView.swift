import Codecs

/// A decoded `audittrail.AuditTrail` (the payload of Central's `audit-trail-events` topic): a zero-copy view
/// whose fields are read from the validated bytes on access, located through the index of its fields that the
/// validating pass recorded (no rescan per field).
public struct AuditTrailView: Sendable {
    /// The message bytes.
    public var message: MessageView { fields.message }
    /// The message and the index of its fields.
    var fields: IndexedMessageView

    init(_ fields: IndexedMessageView) {
        self.fields = fields
    }

    /// Decodes and validates `bytes` as an AuditTrail.
    public static func decode(_ bytes: ProtobufBytes, limits: ProtobufLimits = ProtobufLimits()) throws(ProtobufError) -> AuditTrailView {
        var view = AuditTrailView(IndexedMessageView(MessageView(bytes), index: FieldIndex()))
        try MessageValidator.validate(bytes, schema: .auditTrail, limits: limits, index: &view.fields.index)
        return view
    }

    /// Decodes a whole array (retained, not copied).
    public static func decode(_ bytes: [UInt8], limits: ProtobufLimits = ProtobufLimits()) throws(ProtobufError) -> AuditTrailView {
        try decode(ProtobufBytes(bytes), limits: limits)
    }

    public var tenantID: ProtobufString { fields.string(1) }
    /// `occurred_on` (int64, milliseconds since the epoch in Central's events).
    public var occurredOn: Int64 { Int64(bitPattern: fields.varint(2) ?? 0) }
    public var action: ProtobufString { fields.string(3) }
    public var category: ProtobufString { fields.string(4) }
    public var subCategory: ProtobufString { fields.string(5) }
    public var destination: ProtobufString { fields.string(6) }
    public var destinationName: ProtobufString { fields.string(7) }
    public var scopeInfo: ScopeInfoView? { fields.message(8).map(ScopeInfoView.init) }
    public var ipAddress: ProtobufString { fields.string(9) }
    public var description: ProtobufString { fields.string(10) }
    public var source: ProtobufString { fields.string(11) }
    public var serviceName: ProtobufString { fields.string(12) }
    public var logDetails: LogDetailsView? { fields.message(13).map(LogDetailsView.init) }
    public var additionalInfo: ProtobufString { fields.string(14) }
}

/// A repeated `string` field: zero-copy views in wire order.
public struct RepeatedStringView: Sequence, Sendable {
    let occurrences: RepeatedFieldView

    public struct Iterator: IteratorProtocol {
        var base: RepeatedFieldView.Iterator
        public mutating func next() -> ProtobufString? { base.next().map { ProtobufString(utf8: $0) } }
    }

    public func makeIterator() -> Iterator { Iterator(base: occurrences.makeIterator()) }
    /// Number of elements (from the index when it holds the field, else a scan).
    public var count: Int { occurrences.count }
}

/// A repeated embedded-message field: views in wire order. Inlinable, so that a caller's loop is specialised for
/// `Element` (no type-metadata lookup per element).
public struct RepeatedMessageView<Element: MapValueView>: Sequence, Sendable {
    @usableFromInline let occurrences: RepeatedFieldView

    @usableFromInline init(occurrences: RepeatedFieldView) {
        self.occurrences = occurrences
    }

    public struct Iterator: IteratorProtocol {
        @usableFromInline var base: RepeatedFieldView.Iterator

        @inlinable init(base: RepeatedFieldView.Iterator) {
            self.base = base
        }

        @inlinable public mutating func next() -> Element? {
            guard let bytes = base.next() else { return nil }
            return Element(MessageView(bytes))
        }
    }

    @inlinable public func makeIterator() -> Iterator { Iterator(base: occurrences.makeIterator()) }
    /// Number of elements (from the index when it holds the field, else a scan).
    @inlinable public var count: Int { occurrences.count }
}

/// `audittrail.ScopeInfo`.
public struct ScopeInfoView: Sendable, MapValueView {
    /// The message bytes. Its few fields are read by scanning it: cheaper, for so small a message, than
    /// indexing it first (measured).
    public let message: MessageView
    public init(_ message: MessageView) { self.message = message }

    public var scopeType: ProtobufString { message.string(1) }
    public var scopeIDs: RepeatedStringView { RepeatedStringView(occurrences: message.repeated(2)) }
}

/// `audittrail.LogDetails`.
public struct LogDetailsView: Sendable, MapValueView {
    /// The message bytes. Its few fields are read by scanning it: cheaper, for so small a message, than
    /// indexing it first (measured).
    public let message: MessageView
    public init(_ message: MessageView) { self.message = message }

    public var changedFields: RepeatedMessageView<ChangedFieldView> { RepeatedMessageView(occurrences: message.repeated(1)) }
    public var impactRadius: RepeatedMessageView<ImpactRadiusView> { RepeatedMessageView(occurrences: message.repeated(2)) }
    public var changedJSON: ChangedJSONView? { message.message(3).map(ChangedJSONView.init) }
}

/// `audittrail.ChangedField`.
public struct ChangedFieldView: Sendable, MapValueView {
    /// The message bytes. Its few fields are read by scanning it: cheaper, for so small a message, than
    /// indexing it first (measured).
    public let message: MessageView
    public init(_ message: MessageView) { self.message = message }

    public var fieldLabelKey: ProtobufString { message.string(1) }
    public var beforeTransaction: RepeatedStringView { RepeatedStringView(occurrences: message.repeated(2)) }
    public var afterTransaction: RepeatedStringView { RepeatedStringView(occurrences: message.repeated(3)) }
}

/// `audittrail.ImpactRadius`.
public struct ImpactRadiusView: Sendable, MapValueView {
    /// The message bytes. Its few fields are read by scanning it: cheaper, for so small a message, than
    /// indexing it first (measured).
    public let message: MessageView
    public init(_ message: MessageView) { self.message = message }

    public var context: ProtobufString { message.string(1) }
    public var values: RepeatedStringView { RepeatedStringView(occurrences: message.repeated(2)) }
}

/// `audittrail.ChangedJSON`: the configuration before and after, as Structs.
public struct ChangedJSONView: Sendable, MapValueView {
    /// The message bytes. Its few fields are read by scanning it: cheaper, for so small a message, than
    /// indexing it first (measured).
    public let message: MessageView
    public init(_ message: MessageView) { self.message = message }

    public var beforeTransaction: StructView? { message.message(1).map(StructView.init) }
    public var afterTransaction: StructView? { message.message(2).map(StructView.init) }
}
