import Testing

@testable import PostgresConnector

/// The byte-level timestamp parser and ISO writer give what the general string-based ones give.
@Suite struct TemporalFastPathTests {
    private static let texts: [Substring] = [
        "2024-03-01 12:34:56", "2024-03-01 12:34:56.789012", "2024-03-01 12:34:56.5", "1970-01-01 00:00:00",
        "0001-01-01 00:00:00", "9999-12-31 23:59:59.999999", "2024-02-29 24:00:00", "1999-12-31 23:59:59.123456789",
        "2024-03-01 10:34:56.789012+00", "2024-03-01 10:34:56+05:30", "2024-03-01 10:34:56-03:30",
        "2024-03-01 10:34:56.1+05:30:15", "1900-06-15 01:02:03-00:00:01",
        // Not canonical: the general parser decides.
        "0044-03-15 12:00:00 BC", "0044-03-15 12:00:00+00 BC", "12345-01-01 00:00:00", "infinity", "-infinity",
        "2024-13-01 00:00:00", "2024-03-01 12:34:56.", "2024-03-01 12:34:56.1234567890", "2024-03-01T12:34:56",
        "2024-03-01 12:34:56+5", "2024-03-01 12:34:56+05:3", "2024-03-01 12:34:56 ", "", "garbage",
    ]

    @Test func canonicalParseMatchesTheGeneralParse() {
        for text in Self.texts {
            for zoned in [false, true] {
                #expect(TemporalText.timestamp(text, zoned: zoned) == TemporalText.generalTimestamp(text, zoned: zoned),
                        "\(text) zoned=\(zoned)")
                // A slice of a longer string too (a Substring not starting at its base's start).
                let padded = "xx" + text
                let slice = padded.dropFirst(2)
                #expect(TemporalText.timestamp(slice, zoned: zoned) == TemporalText.generalTimestamp(text, zoned: zoned))
            }
        }
        #expect(TemporalText.timestamp("2024-03-01 12:34:56.789012", zoned: false) == 1_709_296_496_789_012)
    }

    @Test func bufferWriterMatchesTheStringWriter() {
        let micros: [Int64] = [0, 1, 999_999, 1_000_000, 1_709_296_496_789_012, -1, -86_400_000_000, -62_135_596_800_000_000,
                               253_402_300_799_999_999, 253_402_300_800_000_000, -62_135_596_800_000_001, 123_456_789]
        for value in micros {
            for digits in 0...6 {
                #expect(TemporalText.isoUTC(micros: value, digits: digits) == TemporalText.generalISOUTC(micros: value, digits: digits),
                        "\(value) digits=\(digits)")
            }
        }
        #expect(TemporalText.isoUTC(micros: 1_709_289_296_789_012, digits: 6) == "2024-03-01T10:34:56.789012Z")
    }
}
