/// Python's `datetime.now(timezone.utc).isoformat()`, which the SDK sends as the heartbeat `timestamp`
/// (service-profiles §3.1): `YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00`, the fraction only when the microseconds are
/// not zero. Pure: the caller gives the wall-clock time.
enum ISO8601UTC {
    /// `microseconds` since the Unix epoch (before 1970 is clamped to it) in that form.
    static func format(microsecondsSinceEpoch microseconds: Int64) -> String {
        let total = max(microseconds, 0)
        let seconds = total / 1_000_000
        let fraction = Int(total % 1_000_000)
        let days = seconds / 86_400
        let secondOfDay = Int(seconds % 86_400)
        // Civil from days (Howard Hinnant's algorithm), proleptic Gregorian.
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var text = pad(Int(year), 4) + "-" + pad(Int(month), 2) + "-" + pad(Int(day), 2) + "T"
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fraction != 0 { text += "." + pad(fraction, 6) }
        return text + "+00:00"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(width - digits.count, 0)) + digits
    }
}
