import ConnectAPI
import Foundation

/// A `java.text.SimpleDateFormat` pattern in UTC, formatted and parsed with Foundation's `DateFormatter`
/// (whose ICU patterns agree with Java's for the usual letters `yMdHmsSa` and quoted literals).
struct JavaDateFormat: Sendable {
    let pattern: String

    init(_ pattern: String) {
        self.pattern = pattern
    }

    private func formatter() -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = pattern
        f.isLenient = false
        return f
    }

    /// Whether the pattern yields a usable formatter (an empty pattern does not).
    var isUsable: Bool { !pattern.isEmpty }

    func format(milliseconds: Int64) -> String {
        formatter().string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    func parse(_ text: String) -> Int64? {
        guard let date = formatter().date(from: text) else { return nil }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
