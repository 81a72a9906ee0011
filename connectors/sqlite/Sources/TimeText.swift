import ConnectAPI

/// ISO 8601 text for dates and times, the form SQLite's date and time functions read
/// (`2024-03-01`, `12:34:56.789`, `2024-03-01T12:34:56.789012`).
enum TimeText {
    /// `yyyy-MM-dd` for days since 1970-01-01.
    static func date(days: Int64) -> String {
        ConnectDate(daysSinceEpoch: Int32(clamping: days)).description
    }

    /// `HH:MM:SS` plus `digits` fraction digits, from a count of `1/10^digits` seconds since midnight.
    static func time(units: Int64, digits: Int) -> String {
        let perSecond = power10(digits)
        let seconds = units / perSecond
        let fraction = units % perSecond
        var text = pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        if digits > 0 { text += "." + pad(fraction, digits) }
        return text
    }

    /// `yyyy-MM-ddTHH:MM:SS.f…` from a count of `1/10^digits` seconds since the epoch (negative before 1970).
    static func timestamp(units: Int64, digits: Int, zulu: Bool) -> String {
        let perDay = 86_400 * power10(digits)
        var days = units / perDay
        var rest = units % perDay
        if rest < 0 {
            days -= 1
            rest += perDay
        }
        return date(days: days) + "T" + time(units: rest, digits: digits) + (zulu ? "Z" : "")
    }

    private static func power10(_ digits: Int) -> Int64 {
        var value: Int64 = 1
        for _ in 0..<digits { value *= 10 }
        return value
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
