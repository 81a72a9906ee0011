/// Parsers for PostgreSQL's temporal output formats under the pinned session settings
/// (`DateStyle=ISO`, `TimeZone=UTC`, `IntervalStyle=postgres`), producing Debezium's epoch-based numbers.
enum TemporalText {
    static let microsPerSecond: Int64 = 1_000_000
    static let microsPerDay: Int64 = 86_400_000_000
    /// Debezium's month length for MicroDuration: 30.4375 days (365.25 / 12), in µs.
    static let microsPerMonth: Int64 = 2_629_800_000_000
    /// Debezium's value for `timestamp 'infinity'` as MicroTimestamp.
    static let positiveInfinityMicros: Int64 = 9_223_372_036_825_200_000
    /// Debezium's value for `timestamp '-infinity'` as MicroTimestamp.
    static let negativeInfinityMicros: Int64 = -9_223_372_036_832_400_000

    /// Days since 1970-01-01 of a proleptic Gregorian date (astronomical year numbering).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `YYYY-MM-DD[ BC]` → days since the epoch; `nil` for text that is not a date (or `infinity`).
    /// The era is ignored, as Debezium 3.6.3 does (`0044-03-15 BC` gave -703383, the day count of 44 AD).
    static func date(_ text: Substring) -> Int64? {
        var body = text
        let bc = false
        if body.hasSuffix(" BC") { body = body.dropLast(3) }
        let parts = body.split(separator: "-")
        guard parts.count == 3, let y = Int64(parts[0]), let m = Int64(parts[1]), let d = Int64(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return daysFromCivil(year: bc ? 1 - y : y, month: m, day: d)
    }

    /// `HH:MM:SS[.ffffff]` → µs since midnight (24:00:00 allowed).
    static func timeOfDay(_ text: Substring) -> Int64? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let h = Int64(parts[0]), let m = Int64(parts[1]), let s = seconds(parts[2]) else { return nil }
        return (h * 3600 + m * 60) * microsPerSecond + s
    }

    /// `SS[.ffffff]` → µs.
    static func seconds(_ text: Substring) -> Int64? {
        let pieces = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = Int64(pieces[0]) else { return nil }
        var micros: Int64 = 0
        if pieces.count == 2 {
            let fraction = pieces[1]
            guard !fraction.isEmpty, fraction.count <= 9, let digits = Int64(fraction) else { return nil }
            var value = digits
            var count = fraction.count
            while count < 6 { value *= 10; count += 1 }
            while count > 6 { value /= 10; count -= 1 }
            micros = value
        }
        return whole * microsPerSecond + micros
    }

    /// A zone offset `±HH[:MM[:SS]]` → seconds east of UTC.
    static func offsetSeconds(_ text: Substring) -> Int64? {
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let parts = text.dropFirst().split(separator: ":")
        guard (1...3).contains(parts.count) else { return nil }
        var total: Int64 = 0
        for (i, part) in parts.enumerated() {
            guard let v = Int64(part) else { return nil }
            total += v * [3600, 60, 1][i]
        }
        return sign == "-" ? -total : total
    }

    /// Splits `…time±zone` at the zone sign after the time part.
    static func splitZone(_ text: Substring) -> (Substring, Substring)? {
        guard let index = text.lastIndex(where: { $0 == "+" || $0 == "-" }), index != text.startIndex else { return nil }
        return (text[..<index], text[index...])
    }

    /// `YYYY-MM-DD HH:MM:SS[.f][±zone][ BC]` → µs since the epoch in UTC (a missing zone means UTC wall clock).
    static func timestamp(_ text: Substring, zoned: Bool) -> Int64? {
        if let fast = text.utf8.withContiguousStorageIfAvailable({ canonicalTimestamp($0, zoned: zoned) }), let fast {
            return fast
        }
        return generalTimestamp(text, zoned: zoned)
    }

    /// ``timestamp(_:zoned:)`` for every form PostgreSQL writes (`infinity`, BC, wide years, odd zones).
    static func generalTimestamp(_ text: Substring, zoned: Bool) -> Int64? {
        if text == "infinity" { return positiveInfinityMicros }
        if text == "-infinity" { return negativeInfinityMicros }
        var body = text
        var bc = false
        if body.hasSuffix(" BC") { bc = true; body = body.dropLast(3) }
        guard let space = body.firstIndex(of: " ") else { return nil }
        var dateText = body[..<space]
        if bc { dateText = Substring(String(dateText) + " BC") }
        var timeText = body[body.index(after: space)...]
        var offset: Int64 = 0
        if zoned {
            guard let (time, zone) = splitZone(timeText), let seconds = offsetSeconds(zone) else { return nil }
            timeText = time
            offset = seconds
        }
        guard let days = date(dateText), let micros = timeOfDay(timeText) else { return nil }
        return days * microsPerDay + micros - offset * microsPerSecond
    }

    /// The usual output, `YYYY-MM-DD HH:MM:SS[.f…][±HH[:MM[:SS]]]` (four-digit AD year, two-digit parts), read
    /// straight from the bytes; `nil` for anything else, which ``timestamp(_:zoned:)`` then parses the general way
    /// (so this gives the same value whenever it gives one).
    static func canonicalTimestamp(_ b: UnsafeBufferPointer<UInt8>, zoned: Bool) -> Int64? {
        func number(_ start: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for i in start..<start + count {
                let digit = b[i] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: " "),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
              let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var i = 19
        var micros: Int64 = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, b[i] &- UInt8(ascii: "0") < 10 { i += 1 }
            var count = i - start
            guard count >= 1, count <= 9, var value = number(start, count) else { return nil }
            while count < 6 { value *= 10; count += 1 }
            while count > 6 { value /= 10; count -= 1 }
            micros = value
        }
        var offset: Int64 = 0
        if zoned {
            guard i + 3 <= b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), let hours = number(i + 1, 2)
            else { return nil }
            let negative = b[i] == UInt8(ascii: "-")
            offset = hours * 3600
            i += 3
            if i < b.count {
                guard i + 3 <= b.count, b[i] == UInt8(ascii: ":"), let minutes = number(i + 1, 2) else { return nil }
                offset += minutes * 60
                i += 3
            }
            if i < b.count {
                guard i + 3 <= b.count, b[i] == UInt8(ascii: ":"), let seconds = number(i + 1, 2) else { return nil }
                offset += seconds
                i += 3
            }
            if negative { offset = -offset }
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return days * microsPerDay + ((hour * 3600 + minute * 60 + second) * microsPerSecond + micros) - offset * microsPerSecond
    }

    /// `HH:MM:SS[.f]±zone` → (µs since midnight in UTC, wrapped into one day).
    static func zonedTimeUTC(_ text: Substring) -> Int64? {
        guard let (time, zone) = splitZone(text), let micros = timeOfDay(time), let offset = offsetSeconds(zone) else { return nil }
        let utc = (micros - offset * microsPerSecond) % microsPerDay
        return utc < 0 ? utc + microsPerDay : utc
    }

    /// Two-digit (or wider) zero-padded decimal.
    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// `.ffffff` with exactly `digits` fraction digits of `micros` (0 digits → empty).
    static func fraction(_ micros: Int64, digits: Int) -> String {
        guard digits > 0 else { return "" }
        let six = pad(micros, 6)
        return "." + six.prefix(digits)
    }

    /// Debezium's ZonedTimestamp text: ISO-8601 in UTC with exactly `digits` fraction digits.
    static func isoUTC(micros: Int64, digits: Int) -> String {
        let days = micros >= 0 ? micros / microsPerDay : (micros - microsPerDay + 1) / microsPerDay
        let ofDay = micros - days * microsPerDay
        let (y, m, d) = civilFromDays(days)
        let seconds = ofDay / microsPerSecond
        guard y >= 0 && y <= 9999 && digits >= 0 && digits <= 6 else { return generalISOUTC(micros: micros, digits: digits) }
        // The same text written into one buffer: `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`.
        let fractionMicros = ofDay % microsPerSecond
        return String(unsafeUninitializedCapacity: 28) { out in
            var n = 0
            func put(_ value: Int64, _ width: Int) {
                var v = value
                for k in stride(from: width - 1, through: 0, by: -1) {
                    out[n + k] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
                n += width
            }
            func char(_ c: UInt8) { out[n] = c; n += 1 }
            put(y, 4); char(UInt8(ascii: "-")); put(m, 2); char(UInt8(ascii: "-")); put(d, 2); char(UInt8(ascii: "T"))
            put(seconds / 3600, 2); char(UInt8(ascii: ":")); put(seconds / 60 % 60, 2); char(UInt8(ascii: ":"))
            put(seconds % 60, 2)
            if digits > 0 {
                char(UInt8(ascii: "."))
                var scaled = fractionMicros
                for _ in digits..<6 { scaled /= 10 }
                put(scaled, digits)
            }
            char(UInt8(ascii: "Z"))
            return n
        }
    }

    /// ``isoUTC(micros:digits:)`` built from strings, for every year and width.
    static func generalISOUTC(micros: Int64, digits: Int) -> String {
        let days = micros >= 0 ? micros / microsPerDay : (micros - microsPerDay + 1) / microsPerDay
        let ofDay = micros - days * microsPerDay
        let (y, m, d) = civilFromDays(days)
        let seconds = ofDay / microsPerSecond
        let yearText = y >= 0 && y <= 9999 ? pad(y, 4) : (y < 0 ? "-" + pad(-y, 4) : "+" + String(y))
        return "\(yearText)-\(pad(m, 2))-\(pad(d, 2))T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
            + fraction(ofDay % microsPerSecond, digits: digits) + "Z"
    }

    /// Debezium's ZonedTime text: `HH:MM:SS[.fraction]Z` with trailing zeros of the fraction removed.
    static func isoTimeUTC(micros: Int64) -> String {
        let seconds = micros / microsPerSecond
        var text = "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        let fractionMicros = micros % microsPerSecond
        if fractionMicros != 0 {
            var f = pad(fractionMicros, 6)
            while f.hasSuffix("0") { f.removeLast() }
            text += "." + f
        }
        return text + "Z"
    }

    /// `N year(s) N mon(s) N day(s) [-]HH:MM:SS[.f]` (IntervalStyle postgres) → Debezium MicroDuration µs.
    static func intervalMicros(_ text: Substring) -> Int64? {
        let tokens = text.split(separator: " ")
        var months: Int64 = 0
        var days: Int64 = 0
        var micros: Int64 = 0
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            if token.contains(":") {
                var clock = token
                var negative = false
                if clock.first == "-" { negative = true; clock = clock.dropFirst() } else if clock.first == "+" { clock = clock.dropFirst() }
                guard let value = timeOfDay(clock) else { return nil }
                micros += negative ? -value : value
                i += 1
                continue
            }
            guard i + 1 < tokens.count, let amount = Int64(token) else { return nil }
            let unit = tokens[i + 1]
            switch unit {
            case "year", "years": months += amount * 12
            case "mon", "mons": months += amount
            case "day", "days": days += amount
            default: return nil
            }
            i += 2
        }
        return months * microsPerMonth + days * microsPerDay + micros
    }
}
