import Codecs

/// A decoded `audittrail.AuditTrail` (the payload of Central's `audit-trail-events` topic): a zero-copy view
/// whose fields are read from the validated bytes on access.
public struct AuditTrailView: Sendable {
    public let message: MessageView

    init(_ message: MessageView) {
        self.message = message
    }

    /// Decodes and validates `bytes` as an AuditTrail.
    public static func decode(_ bytes: ProtobufBytes, limits: ProtobufLimits = ProtobufLimits()) throws(ProtobufError) -> AuditTrailView {
        try MessageValidator.validate(bytes, schema: .auditTrail, limits: limits)
        return AuditTrailView(MessageView(bytes))
    }

    /// Decodes a whole array (retained, not copied).
    public static func decode(_ bytes: [UInt8], limits: ProtobufLimits = ProtobufLimits()) throws(ProtobufError) -> AuditTrailView {
        try decode(ProtobufBytes(bytes), limits: limits)
    }

    public var tenantID: ProtobufString { message.string(1) }
    /// `occurred_on` (int64, milliseconds since the epoch in Central's events).
    public var occurredOn: Int64 { Int64(bitPattern: message.varint(2) ?? 0) }
    public var action: ProtobufString { message.string(3) }
    public var category: ProtobufString { message.string(4) }
    public var subCategory: ProtobufString { message.string(5) }
    public var destination: ProtobufString { message.string(6) }
    public var destinationName: ProtobufString { message.string(7) }
    public var scopeInfo: ScopeInfoView? { message.message(8).map(ScopeInfoView.init) }
    public var ipAddress: ProtobufString { message.string(9) }
    public var description: ProtobufString { message.string(10) }
    public var source: ProtobufString { message.string(11) }
    public var serviceName: ProtobufString { message.string(12) }
    public var logDetails: LogDetailsView? { message.message(13).map(LogDetailsView.init) }
    public var additionalInfo: ProtobufString { message.string(14) }
}

/// A repeated `string` field: zero-copy views in wire order.
public struct RepeatedStringView: Sequence, Sendable {
    let occurrences: RepeatedFieldView

    public struct Iterator: IteratorProtocol {
        var base: RepeatedFieldView.Iterator
        public mutating func next() -> ProtobufString? { base.next().map { ProtobufString(utf8: $0) } }
    }

    public func makeIterator() -> Iterator { Iterator(base: occurrences.makeIterator()) }
    /// Number of elements (a scan).
    public var count: Int { occurrences.count }
}

/// A repeated embedded-message field: views in wire order.
public struct RepeatedMessageView<Element: MapValueView>: Sequence, Sendable {
    let occurrences: RepeatedFieldView

    public struct Iterator: IteratorProtocol {
        var base: RepeatedFieldView.Iterator
        public mutating func next() -> Element? { base.next().map { Element(MessageView($0)) } }
    }

    public func makeIterator() -> Iterator { Iterator(base: occurrences.makeIterator()) }
    /// Number of elements (a scan).
    public var count: Int { occurrences.count }
}

/// `audittrail.ScopeInfo`.
public struct ScopeInfoView: Sendable, MapValueView {
    public let message: MessageView
    public init(_ message: MessageView) { self.message = message }

    public var scopeType: ProtobufString { message.string(1) }
    public var scopeIDs: RepeatedStringView { RepeatedStringView(occurrences: message.repeated(2)) }
}

/// `audittrail.LogDetails`.
public struct LogDetailsView: Sendable, MapValueView {
    public let message: MessageView
    public init(_ message: MessageView) { self.message = message }

    public var changedFields: RepeatedMessageView<ChangedFieldView> { RepeatedMessageView(occurrences: message.repeated(1)) }
    public var impactRadius: RepeatedMessageView<ImpactRadiusView> { RepeatedMessageView(occurrences: message.repeated(2)) }
    public var changedJSON: ChangedJSONView? { message.message(3).map(ChangedJSONView.init) }
}

/// `audittrail.ChangedField`.
public struct ChangedFieldView: Sendable, MapValueView {
    public let message: MessageView
    public init(_ message: MessageView) { self.message = message }

    public var fieldLabelKey: ProtobufString { message.string(1) }
    public var beforeTransaction: RepeatedStringView { RepeatedStringView(occurrences: message.repeated(2)) }
    public var afterTransaction: RepeatedStringView { RepeatedStringView(occurrences: message.repeated(3)) }
}

/// `audittrail.ImpactRadius`.
public struct ImpactRadiusView: Sendable, MapValueView {
    public let message: MessageView
    public init(_ message: MessageView) { self.message = message }

    public var context: ProtobufString { message.string(1) }
    public var values: RepeatedStringView { RepeatedStringView(occurrences: message.repeated(2)) }
}

/// `audittrail.ChangedJSON`: the configuration before and after, as Structs.
public struct ChangedJSONView: Sendable, MapValueView {
    public let message: MessageView
    public init(_ message: MessageView) { self.message = message }

    public var beforeTransaction: StructView? { message.message(1).map(StructView.init) }
    public var afterTransaction: StructView? { message.message(2).map(StructView.init) }
}
