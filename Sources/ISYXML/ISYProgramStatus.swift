/// A program status change (`_1` action `0`, Cookbook §8.5.3):
/// `<eventInfo><id>8D</id><on /><nr /><r>260506 14:30:36 </r><f>260506 14:30:36 </f><s>31</s></eventInfo>`.
public struct ISYProgramStatus: Sendable, Equatable {
    /// Low nibble of the status byte: which clause ran last.
    public enum RunState: Int, Sendable {
        case idle = 0x01, then = 0x02, `else` = 0x03
    }

    /// High nibble of the status byte: the last evaluation of the condition.
    public enum EvalState: Int, Sendable {
        case unknown = 0x10, `true` = 0x20, `false` = 0x30, notLoaded = 0xF0
    }

    /// `<id>` text, trimmed, as sent (not zero-padded).
    public var id: String
    /// `<on/>` → true, `<off/>` → false, neither → nil: the program's enabled flag.
    public var enabled: Bool?
    /// `<rr/>` → true, `<nr/>` → false, neither → nil: run at reboot.
    public var runAtStartup: Bool?
    /// The `<s>` status byte (two hex digits); nil when absent or not hex.
    public var statusByte: Int?
    /// `<r>`, last run time, trimmed (controller local `YYMMDD HH:MM:SS`).
    public var lastRun: String?
    /// `<f>`, last finish time, trimmed.
    public var lastFinish: String?
    /// `<nsr>`, next scheduled run, trimmed.
    public var nextScheduledRun: String?

    /// The run clause from the status byte's low nibble.
    public var runState: RunState? { statusByte.flatMap { RunState(rawValue: $0 & 0x0F) } }
    /// The evaluation state from the status byte's high nibble.
    public var evalState: EvalState? { statusByte.flatMap { EvalState(rawValue: $0 & 0xF0) } }
}

extension ISYEventReading {
    /// The program status carried by a `_1` frame with action `0`; nil for other frames or without an `<id>`.
    public var programStatus: ISYProgramStatus? {
        guard isSystem(.trigger), string(.action) == "0" else { return nil }
        return withEventInfoBytes { payload -> ISYProgramStatus? in
            let query = ISYEventInfoQuery(payload: payload, tolerant: tolerant)
            guard let id = query.text(["id"])?.trimmedXML, !id.isEmpty else { return nil }
            let enabled: Bool? = query.find(["on"]) != nil ? true : (query.find(["off"]) != nil ? false : nil)
            let runAtStartup: Bool? = query.find(["rr"]) != nil ? true : (query.find(["nr"]) != nil ? false : nil)
            var statusText = query.text(["s"])?.trimmedXML ?? ""
            let statusByte = statusText.withUTF8 { ISYInteger.parse(UnsafeRawBufferPointer($0), radix: 16) }
            return ISYProgramStatus(
                id: id, enabled: enabled, runAtStartup: runAtStartup, statusByte: statusByte,
                lastRun: query.text(["r"])?.trimmedXML, lastFinish: query.text(["f"])?.trimmedXML,
                nextScheduledRun: query.text(["nsr"])?.trimmedXML)
        }
    }
}
