/// Owned values of `audittrail.AuditTrail` and its messages (see CentralModels.swift for the encoding rules).

/// `audittrail.AuditTrail`.
public struct AuditTrail: Sendable, Equatable {
    public var tenantID = ""
    public var occurredOn: Int64 = 0
    public var action = ""
    public var category = ""
    public var subCategory = ""
    public var destination = ""
    public var destinationName = ""
    public var scopeInfo: ScopeInfo?
    public var ipAddress = ""
    public var description = ""
    public var source = ""
    public var serviceName = ""
    public var logDetails: LogDetails?
    public var additionalInfo = ""
    public var unknownFields: [UInt8] = []

    public init() {}

    public init(_ view: AuditTrailView) {
        tenantID = view.tenantID.string
        occurredOn = view.occurredOn
        action = view.action.string
        category = view.category.string
        subCategory = view.subCategory.string
        destination = view.destination.string
        destinationName = view.destinationName.string
        scopeInfo = view.scopeInfo.map(ScopeInfo.init)
        ipAddress = view.ipAddress.string
        description = view.description.string
        source = view.source.string
        serviceName = view.serviceName.string
        logDetails = view.logDetails.map(LogDetails.init)
        additionalInfo = view.additionalInfo.string
        unknownFields = view.message.unknownFields(schema: .auditTrail)
    }

    public func encode(into writer: inout ProtobufWriter) {
        if !tenantID.isEmpty { writer.writeStringField(1, tenantID) }
        if occurredOn != 0 { writer.writeVarintField(2, UInt64(bitPattern: occurredOn)) }
        if !action.isEmpty { writer.writeStringField(3, action) }
        if !category.isEmpty { writer.writeStringField(4, category) }
        if !subCategory.isEmpty { writer.writeStringField(5, subCategory) }
        if !destination.isEmpty { writer.writeStringField(6, destination) }
        if !destinationName.isEmpty { writer.writeStringField(7, destinationName) }
        if let scopeInfo { writer.writeMessageField(8) { scopeInfo.encode(into: &$0) } }
        if !ipAddress.isEmpty { writer.writeStringField(9, ipAddress) }
        if !description.isEmpty { writer.writeStringField(10, description) }
        if !source.isEmpty { writer.writeStringField(11, source) }
        if !serviceName.isEmpty { writer.writeStringField(12, serviceName) }
        if let logDetails { writer.writeMessageField(13) { logDetails.encode(into: &$0) } }
        if !additionalInfo.isEmpty { writer.writeStringField(14, additionalInfo) }
        writer.writeRaw(unknownFields)
    }

    /// The serialized message.
    public func encoded() -> [UInt8] {
        var writer = ProtobufWriter()
        encode(into: &writer)
        return writer.bytes
    }
}

/// `audittrail.ScopeInfo`.
public struct ScopeInfo: Sendable, Equatable {
    public var scopeType = ""
    public var scopeIDs: [String] = []
    public var unknownFields: [UInt8] = []

    public init(scopeType: String = "", scopeIDs: [String] = []) {
        self.scopeType = scopeType
        self.scopeIDs = scopeIDs
    }

    public init(_ view: ScopeInfoView) {
        self.init(scopeType: view.scopeType.string, scopeIDs: view.scopeIDs.map(\.string))
        unknownFields = view.message.unknownFields(schema: .scopeInfo)
    }

    public func encode(into writer: inout ProtobufWriter) {
        if !scopeType.isEmpty { writer.writeStringField(1, scopeType) }
        for id in scopeIDs { writer.writeStringField(2, id) }
        writer.writeRaw(unknownFields)
    }
}

/// `audittrail.LogDetails`.
public struct LogDetails: Sendable, Equatable {
    public var changedFields: [ChangedField] = []
    public var impactRadius: [ImpactRadius] = []
    public var changedJSON: ChangedJSON?
    public var unknownFields: [UInt8] = []

    public init(changedFields: [ChangedField] = [], impactRadius: [ImpactRadius] = [], changedJSON: ChangedJSON? = nil) {
        self.changedFields = changedFields
        self.impactRadius = impactRadius
        self.changedJSON = changedJSON
    }

    public init(_ view: LogDetailsView) {
        self.init(changedFields: view.changedFields.map(ChangedField.init),
                  impactRadius: view.impactRadius.map(ImpactRadius.init),
                  changedJSON: view.changedJSON.map(ChangedJSON.init))
        unknownFields = view.message.unknownFields(schema: .logDetails)
    }

    public func encode(into writer: inout ProtobufWriter) {
        for field in changedFields { writer.writeMessageField(1) { field.encode(into: &$0) } }
        for impact in impactRadius { writer.writeMessageField(2) { impact.encode(into: &$0) } }
        if let changedJSON { writer.writeMessageField(3) { changedJSON.encode(into: &$0) } }
        writer.writeRaw(unknownFields)
    }
}

/// `audittrail.ChangedField`.
public struct ChangedField: Sendable, Equatable {
    public var fieldLabelKey = ""
    public var beforeTransaction: [String] = []
    public var afterTransaction: [String] = []
    public var unknownFields: [UInt8] = []

    public init(fieldLabelKey: String = "", beforeTransaction: [String] = [], afterTransaction: [String] = []) {
        self.fieldLabelKey = fieldLabelKey
        self.beforeTransaction = beforeTransaction
        self.afterTransaction = afterTransaction
    }

    public init(_ view: ChangedFieldView) {
        self.init(fieldLabelKey: view.fieldLabelKey.string, beforeTransaction: view.beforeTransaction.map(\.string),
                  afterTransaction: view.afterTransaction.map(\.string))
        unknownFields = view.message.unknownFields(schema: .changedField)
    }

    public func encode(into writer: inout ProtobufWriter) {
        if !fieldLabelKey.isEmpty { writer.writeStringField(1, fieldLabelKey) }
        for value in beforeTransaction { writer.writeStringField(2, value) }
        for value in afterTransaction { writer.writeStringField(3, value) }
        writer.writeRaw(unknownFields)
    }
}

/// `audittrail.ImpactRadius`.
public struct ImpactRadius: Sendable, Equatable {
    public var context = ""
    public var values: [String] = []
    public var unknownFields: [UInt8] = []

    public init(context: String = "", values: [String] = []) {
        self.context = context
        self.values = values
    }

    public init(_ view: ImpactRadiusView) {
        self.init(context: view.context.string, values: view.values.map(\.string))
        unknownFields = view.message.unknownFields(schema: .impactRadius)
    }

    public func encode(into writer: inout ProtobufWriter) {
        if !context.isEmpty { writer.writeStringField(1, context) }
        for value in values { writer.writeStringField(2, value) }
        writer.writeRaw(unknownFields)
    }
}

/// `audittrail.ChangedJSON`.
public struct ChangedJSON: Sendable, Equatable {
    public var beforeTransaction: ProtobufStruct?
    public var afterTransaction: ProtobufStruct?
    public var unknownFields: [UInt8] = []

    public init(beforeTransaction: ProtobufStruct? = nil, afterTransaction: ProtobufStruct? = nil) {
        self.beforeTransaction = beforeTransaction
        self.afterTransaction = afterTransaction
    }

    public init(_ view: ChangedJSONView) {
        self.init(beforeTransaction: view.beforeTransaction.map(ProtobufStruct.init),
                  afterTransaction: view.afterTransaction.map(ProtobufStruct.init))
        unknownFields = view.message.unknownFields(schema: .changedJSON)
    }

    public func encode(into writer: inout ProtobufWriter) {
        if let beforeTransaction { writer.writeMessageField(1) { beforeTransaction.encode(into: &$0) } }
        if let afterTransaction { writer.writeMessageField(2) { afterTransaction.encode(into: &$0) } }
        writer.writeRaw(unknownFields)
    }
}
