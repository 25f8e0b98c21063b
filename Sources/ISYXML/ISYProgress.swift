/// A `_7` progress report or REST log: `<control>_7</control><action>1</action>
/// <eventInfo><![CDATA[U7 Rest:  submitCmd([6536],[DOF],[<NULL>])]]></eventInfo>`.
public struct ISYProgress: Sendable, Equatable {
    /// Action codes (Cookbook §8.5.9).
    public enum Kind: String, Sendable, CaseIterable {
        case update = "1", deviceAdderInfo = "2.1", deviceAdderWarning = "2.2", deviceAdderError = "2.3"
    }

    /// The kind, when the action is a known code.
    public var kind: Kind?
    /// The action text verbatim.
    public var rawAction: String
    /// The payload's character data (text and CDATA, references decoded; a stray `&` kept literally).
    public var message: String
}

extension ISYEventReading {
    /// The progress report of a `_7` frame; nil for other frames.
    public var progress: ISYProgress? {
        guard isSystem(.progress) else { return nil }
        let action = string(.action) ?? ""
        let message = withEventInfoBytes { ISYEventInfoQuery(payload: $0, tolerant: tolerant).topLevelText() }
        return ISYProgress(kind: ISYProgress.Kind(rawValue: action), rawAction: action, message: message)
    }
}
