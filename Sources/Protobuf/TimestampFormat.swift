/// Formats a Timestamp as the reference's JSON mapping does (`Timestamp.ToJsonString`): RFC 3339 in UTC with a
/// `Z`, and a fraction of 0, 3, 6 or 9 digits, the fewest that hold the nanos exactly. Seconds must lie in
/// 0001-01-01T00:00:00Z...9999-12-31T23:59:59Z and nanos in 0...999999999, otherwise the reference fails.
public enum TimestampFormat {
    /// Earliest and latest seconds the mapping accepts.
    public static let minSeconds: Int64 = -62_135_596_800
    public static let maxSeconds: Int64 = 253_402_300_799

    /// The RFC 3339 text, or nil when out of range.
    public static func string(seconds: Int64, nanos: Int32) -> String? {
        guard seconds >= minSeconds, seconds <= maxSeconds, nanos >= 0, nanos <= 999_999_999 else { return nil }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds &- 86_399) / 86_400
        let secondOfDay = seconds &- days &* 86_400
        // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil inverse).
        let z = days &+ 719_468
        let era = (z >= 0 ? z : z &- 146_096) / 146_097
        let dayOfEra = z &- era &* 146_097
        let yearOfEra = (dayOfEra &- dayOfEra / 1460 &+ dayOfEra / 36_524 &- dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra &- (365 &* yearOfEra &+ yearOfEra / 4 &- yearOfEra / 100)
        let monthIndex = (5 &* dayOfYear &+ 2) / 153
        let day = dayOfYear &- (153 &* monthIndex &+ 2) / 5 &+ 1
        let month = monthIndex < 10 ? monthIndex &+ 3 : monthIndex &- 9
        let year = yearOfEra &+ era &* 400 &+ (month <= 2 ? 1 : 0)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if nanos != 0 {
            if nanos % 1_000_000 == 0 {
                text += "." + pad(Int64(nanos / 1_000_000), 3)
            } else if nanos % 1000 == 0 {
                text += "." + pad(Int64(nanos / 1000), 6)
            } else {
                text += "." + pad(Int64(nanos), 9)
            }
        }
        return text + "Z"
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width &- digits.count) + digits
    }
}
