/// The IoX system control codes `_0`…`_28` carried in `<control>` (ISY994 Developer Cookbook §8.5 for `_0`–`_23`,
/// IoX 6 additions `_24`–`_28`); names follow pyisyox 6.0.1 `SystemEventControl`.
public enum ISYSystemControl: Int, Sendable, CaseIterable {
    /// `_0`: periodic heartbeat; the action is the seconds until the next one.
    case heartbeat = 0
    /// `_1`: program status, variable value/init, key, info string, … (the action discriminates).
    case trigger
    /// `_2`: driver-specific events.
    case driverSpecific
    /// `_3`: node, scene and folder lifecycle (added, removed, renamed, comm error, …).
    case nodeLifecycle
    /// `_4`: system configuration updated.
    case systemConfig
    /// `_5`: controller busy / idle / safe mode.
    case systemStatus
    /// `_6`: internet access status.
    case internetAccess
    /// `_7`: progress reports and REST logs.
    case progress
    /// `_8`: security system.
    case securitySystem
    /// `_9`: system alert.
    case systemAlert
    /// `_10`: OpenADR demand response.
    case openADR
    /// `_11`: climate.
    case climate
    /// `_12`: AMI/SEP energy.
    case amiSEP
    /// `_13`: external energy monitoring.
    case energyMonitoring
    /// `_14`: UPB linker.
    case upbLinker
    /// `_15`: UPB device adder.
    case upbDeviceAdder
    /// `_16`: UPB device status.
    case upbDeviceStatus
    /// `_17`: gas meter.
    case gasMeter
    /// `_18`: legacy ZigBee.
    case zigbee
    /// `_19`: ELK alarm panel.
    case elk
    /// `_20`: device linker.
    case deviceLinker
    /// `_21`: legacy Z-Wave.
    case zwave
    /// `_22`: billing.
    case billing
    /// `_23`: portal.
    case portal
    /// `_24`: system editor changed.
    case systemEditor
    /// `_25`: ZMatter Z-Wave status (dotted action).
    case zmatterZWave
    /// `_26`: system upgrade lifecycle.
    case systemUpgrade
    /// `_27`: ZigBee (IoX 6 driver) status.
    case zigbeeUYB
    /// `_28`: Matter status.
    case matterStatus

    /// The lower-case label pyisyox logs for the code, e.g. `node_lifecycle`.
    public var name: String { Self.names[rawValue] }

    /// The wire form, e.g. `_3`.
    public var code: String { "_\(rawValue)" }

    static let names = [
        "heartbeat", "trigger", "driver_specific", "node_lifecycle", "system_config", "system_status",
        "internet_access", "progress", "security_system", "system_alert", "openadr", "climate", "ami_sep",
        "energy_monitoring", "upb_linker", "upb_device_adder", "upb_device_status", "gas_meter", "zigbee", "elk",
        "device_linker", "zwave", "billing", "portal", "system_editor", "zmatter_zwave", "system_upgrade",
        "zigbee_uyb", "matter_status",
    ]
}

/// What an event's `<control>` holds: a system code, a node property or command id passed through (`ST`, `OL`,
/// `DON`, `GV1`, …), or an underscore code this table does not know (`_29`, `_7A`), verbatim.
public enum ISYControl: Hashable, Sendable {
    case system(ISYSystemControl)
    case property(String)
    case unknownSystem(String)

    /// Classifies the control text.
    public init(_ text: String) {
        var copy = text
        self = copy.withUTF8 { Self(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Classifies control bytes (UTF-8); allocates only for ids longer than 15 bytes.
    public init(utf8 bytes: UnsafeRawBufferPointer) {
        if let first = bytes.first, first == UInt8(ascii: "_") {
            if let number = Self.systemNumber(bytes), let code = ISYSystemControl(rawValue: number) {
                self = .system(code)
            } else {
                self = .unknownSystem(String(decoding: bytes, as: UTF8.self))
            }
        } else {
            self = .property(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// `_` followed by 1–2 decimal digits without a leading zero (so `_05` is not `_5`).
    static func systemNumber(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count == 2 || bytes.count == 3 else { return nil }
        var value = 0
        for index in 1..<bytes.count {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            if index == 1, byte == UInt8(ascii: "0"), bytes.count == 3 { return nil }
            value = value &* 10 &+ Int(byte &- UInt8(ascii: "0"))
        }
        return value
    }

    /// The wire form, verbatim.
    public var rawValue: String {
        switch self {
        case let .system(code): code.code
        case let .property(id): id
        case let .unknownSystem(code): code
        }
    }

    /// A readable label: the system code's name, or the raw text for everything else.
    public var name: String {
        switch self {
        case let .system(code): code.name
        case let .property(id): id
        case let .unknownSystem(code): code
        }
    }
}
