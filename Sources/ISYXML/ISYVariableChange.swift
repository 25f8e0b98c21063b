/// A variable value (`_1` action `6`) or init value (`_1` action `7`) change:
/// `<eventInfo><var type="2" id="12"><prec>0</prec><val>0</val><ts>20260506 13:23:15 </ts></var></eventInfo>`.
public struct ISYVariableChange: Sendable, Equatable {
    /// `var/@type`: `1` integer, `2` state (trimmed).
    public var type: String
    /// `var/@id` (trimmed).
    public var id: String
    /// `<val>` text, trimmed; nil when absent.
    public var value: String?
    /// `<init>` text, trimmed; nil when absent (init changes may carry the value in `<val>` instead).
    public var initialValue: String?
    /// `<prec>` as an integer.
    public var precision: Int?
    /// `<ts>` text, trimmed (controller local time `YYYYMMDD HH:MM:SS`).
    public var timestamp: String?
    /// True for action `7` (init value changed).
    public var isInit: Bool
}

extension ISYEventReading {
    /// The variable change carried by a `_1` frame with action `6` or `7`; nil for other frames or when `<var>`
    /// lacks `type` or `id` (pyisyox drops those).
    public var variableChange: ISYVariableChange? {
        guard isSystem(.trigger), let action = string(.action), action == "6" || action == "7" else { return nil }
        return withEventInfoBytes { payload -> ISYVariableChange? in
            let query = ISYEventInfoQuery(payload: payload, tolerant: tolerant)
            guard let variable = query.find(["var"], attributes: ["type", "id"]),
                  let type = query.string(variable.attributes[0], kind: .attribute)?.trimmedXML, !type.isEmpty,
                  let id = query.string(variable.attributes[1], kind: .attribute)?.trimmedXML, !id.isEmpty else {
                return nil
            }
            let precision = query.text(["var", "prec"]).flatMap { text -> Int? in
                var copy = text
                return copy.withUTF8 { ISYInteger.parse(UnsafeRawBufferPointer($0)) }
            }
            return ISYVariableChange(
                type: type, id: id, value: query.text(["var", "val"])?.trimmedXML,
                initialValue: query.text(["var", "init"])?.trimmedXML, precision: precision,
                timestamp: query.text(["var", "ts"])?.trimmedXML, isInit: action == "7")
        }
    }
}

extension String {
    /// The string without leading and trailing XML whitespace.
    var trimmedXML: String {
        var copy = self
        return copy.withUTF8 { buffer in
            var lower = 0
            var upper = buffer.count
            while lower < upper, XMLCharacters.isSpace(buffer[lower]) { lower &+= 1 }
            while upper > lower, XMLCharacters.isSpace(buffer[upper &- 1]) { upper &-= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[lower..<upper]), as: UTF8.self)
        }
    }
}
