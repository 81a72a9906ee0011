import ConnectAPI
import Testing

@Suite("Date, Time and Timestamp logical types")
struct DateTimeTests {
    static let civilCases: [(Int, Int, Int, Int32)] = [
        (1970, 1, 1, 0),
        (1970, 1, 2, 1),
        (1969, 12, 31, -1),
        (1900, 1, 1, -25_567),
        (1600, 3, 1, -135_080),
        (2000, 2, 29, 11_016),
        (2024, 12, 31, 20_088),
        (1, 1, 1, -719_162),
    ]

    @Test(arguments: civilCases)
    func civilDatesMapToEpochDays(year: Int, month: Int, day: Int, days: Int32) throws {
        let date = try #require(ConnectDate(year: year, month: month, day: day))
        #expect(date.daysSinceEpoch == days)
        let components = date.components
        #expect(components.year == year && components.month == month && components.day == day)
        let schema = ConnectDate.schema
        #expect(try ConnectDate.fromLogical(schema, date) == days)
        #expect(try ConnectDate.toLogical(schema, days) == date)
        #expect(try ConnectDate(millisecondsSinceEpoch: Int64(days) * 86_400_000) == date)
    }

    @Test func impossibleDatesAreRejected() {
        #expect(ConnectDate(year: 2023, month: 2, day: 29) == nil)
        #expect(ConnectDate(year: 1900, month: 2, day: 29) == nil)
        #expect(ConnectDate(year: 2000, month: 13, day: 1) == nil)
        #expect(ConnectDate(year: 2000, month: 4, day: 31) == nil)
    }

    @Test func dateMustBeMidnight() {
        let error = #expect(throws: ConnectError.self) { try ConnectDate(millisecondsSinceEpoch: -1) }
        #expect(error?.message == "Kafka Connect Date type should not have any time fields set to non-zero values.")
        #expect(throws: ConnectError.self) { try ConnectDate(millisecondsSinceEpoch: 86_400_001) }
    }

    @Test func dateDescriptionIsISO() {
        #expect(ConnectDate(year: 1969, month: 7, day: 20)?.description == "1969-07-20")
        #expect(ConnectDate(daysSinceEpoch: -719_162).description == "0001-01-01")
    }

    @Test func timeRangeAndComponents() throws {
        let time = try #require(ConnectTime(hour: 13, minute: 45, second: 30, millisecond: 250))
        #expect(time.millisecondsOfDay == 49_530_250)
        #expect(time.description == "13:45:30.250")
        #expect(try ConnectTime.toLogical(ConnectTime.schema, 49_530_250) == time)
        #expect(try ConnectTime.fromLogical(ConnectTime.schema, time) == 49_530_250)
        #expect(ConnectTime(hour: 24, minute: 0, second: 0)?.millisecondsOfDay == 86_400_000)
        #expect(ConnectTime(hour: 24, minute: 0, second: 1) == nil)
        #expect(ConnectTime(hour: 12, minute: 60, second: 0) == nil)
        let error = #expect(throws: ConnectError.self) { try ConnectTime.toLogical(ConnectTime.schema, -1) }
        #expect(error?.message == "Time values must use number of milliseconds greater than 0 and less than 86400000")
        #expect(throws: ConnectError.self) { try ConnectTime(millisecondsOfDay: 86_400_001) }
    }

    static let timestampCases: [(Int64, String)] = [
        (0, "1970-01-01T00:00:00.000Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (-86_400_000, "1969-12-31T00:00:00.000Z"),
        (-86_400_001, "1969-12-30T23:59:59.999Z"),
        (951_782_400_123, "2000-02-29T00:00:00.123Z"),
        (-2_208_988_800_000, "1900-01-01T00:00:00.000Z"),
    ]

    @Test(arguments: timestampCases)
    func timestampsSplitIntoUTCDateAndTime(milliseconds: Int64, text: String) throws {
        let timestamp = ConnectTimestamp(millisecondsSinceEpoch: milliseconds)
        #expect(timestamp.description == text)
        #expect(ConnectTimestamp(date: timestamp.date, time: timestamp.timeOfDay) == timestamp)
        #expect(try ConnectTimestamp.fromLogical(ConnectTimestamp.schema, timestamp) == milliseconds)
        #expect(try ConnectTimestamp.toLogical(ConnectTimestamp.schema, milliseconds) == timestamp)
    }

    @Test func conversionsCheckTheSchemaName() {
        let dateError = #expect(throws: ConnectError.self) { try ConnectDate.toLogical(.int32, 1) }
        #expect(dateError?.message == "Requested conversion of Date object but the schema does not match.")
        let timestampError = #expect(throws: ConnectError.self) {
            try ConnectTimestamp.fromLogical(.int64, ConnectTimestamp(millisecondsSinceEpoch: 1))
        }
        #expect(timestampError?.message == "Requested conversion of Timestamp object but the schema does not match.")
    }

    @Test func schemasHaveKafkaNamesAndVersions() throws {
        #expect(ConnectDate.schema.name == "org.apache.kafka.connect.data.Date")
        #expect(ConnectTime.schema.name == "org.apache.kafka.connect.data.Time")
        #expect(ConnectTimestamp.schema.name == "org.apache.kafka.connect.data.Timestamp")
        #expect(ConnectDate.schema.type == .int32 && ConnectTime.schema.type == .int32 && ConnectTimestamp.schema.type == .int64)
        #expect(try ConnectDate.builder().build() == ConnectDate.schema)
        #expect(try ConnectTimestamp.builder().build().version == 1)
    }

    @Test func schemaConvertsPhysicalValuesBothWays() throws {
        #expect(try ConnectDate.schema.toLogical(.int32(-1)) == .date(ConnectDate(year: 1969, month: 12, day: 31)!))
        #expect(try ConnectTimestamp.schema.fromLogical(.timestamp(ConnectTimestamp(millisecondsSinceEpoch: -5))) == .int64(-5))
        #expect(throws: ConnectError.self) { try ConnectTime.schema.toLogical(.int32(90_000_000)) }
        #expect(try ConnectTime.schema.toLogical(.null) == .null)
    }
}
