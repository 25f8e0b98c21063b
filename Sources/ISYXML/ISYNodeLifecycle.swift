/// The verbs of `_3` node lifecycle events (Cookbook §8.5.5; pyisyox `NodeLifecycleAction`).
public enum ISYNodeLifecycleVerb: String, Sendable, CaseIterable {
    case nodeAdded = "ND", nodeRemoved = "NR", nodeRenamed = "NN", nodeMoved = "MV", linkChanged = "CL"
    case nodeRemovedFromGroup = "RG", parentChanged = "PC", nodeEnabled = "EN", powerInfoChanged = "PI"
    case deviceIDChanged = "DI", devicePropertyChanged = "DP", pendingDeviceOperation = "WH"
    case programmingDevice = "WD", nodeRevised = "RV", nodeTypeInfoChanged = "NI", allNodesAdded = "AA"
    case linkUpdated = "LU", discoveringNodes = "SN", nodeDiscoveryComplete = "SC", nodeError = "NE"
    case nodeErrorCleared = "CE", folderAdded = "FD", folderRemoved = "FR", folderRenamed = "FN"
    case groupAdded = "GD", groupRemoved = "GR", groupRenamed = "GN", networkResourceRenamed = "WR"
}

/// A `_3` node lifecycle event: `<control>_3</control><action>WH</action><node>8E 55 0D 1</node>
/// <eventInfo><status>0</status></eventInfo>`.
public struct ISYNodeLifecycle: Sendable, Equatable {
    /// The verb, when it is one the table knows.
    public var verb: ISYNodeLifecycleVerb?
    /// The action text verbatim (for verbs newer firmware adds).
    public var rawAction: String
    /// The affected node's address (`<node>`), empty for system-wide signals.
    public var node: String
    /// For `EN`: `<enabled>` true/1 → true, false/0 → false.
    public var enabled: Bool?
    /// `<newName>` (renames).
    public var newName: String?
    /// `<nodeName>` (node added).
    public var nodeName: String?
    /// `<groupName>` (scene added).
    public var groupName: String?
    /// `<status>` (seen on `WH`/`WD`).
    public var status: String?
}

extension ISYEventReading {
    /// The lifecycle details of a `_3` frame; nil for other frames.
    public var nodeLifecycle: ISYNodeLifecycle? {
        guard isSystem(.nodeLifecycle) else { return nil }
        let action = string(.action) ?? ""
        return withEventInfoBytes { payload in
            let query = ISYEventInfoQuery(payload: payload, tolerant: tolerant)
            let enabledText = query.text(["enabled"])?.trimmedXML.lowercased()
            let enabled: Bool? = switch enabledText {
            case "true", "1": true
            case "false", "0": false
            default: nil
            }
            return ISYNodeLifecycle(
                verb: ISYNodeLifecycleVerb(rawValue: action), rawAction: action, node: string(.node) ?? "",
                enabled: enabled, newName: query.text(["newName"]), nodeName: query.text(["nodeName"]),
                groupName: query.text(["groupName"]), status: query.text(["status"]))
        }
    }
}
