/// The controller state reported by `_5` events (pyisyox `SystemStatus`).
public enum ISYSystemStatus: String, Sendable, CaseIterable {
    case notBusy = "0", busy = "1", idle = "2", safeMode = "3"
}

extension ISYEventReading {
    /// The state carried by a `_5` frame; nil for other frames or unknown actions.
    public var systemStatus: ISYSystemStatus? {
        guard isSystem(.systemStatus), let action = string(.action) else { return nil }
        return ISYSystemStatus(rawValue: action)
    }
}
