import ConnectAPI
import NIOCore
import Testing

@Suite("Connect headers")
struct HeadersTests {
    @Test func typedAddersPickSchemas() throws {
        var headers = ConnectHeaders()
        headers.addString("s", "x")
        headers.addString("nil", nil)
        headers.addBoolean("b", true)
        headers.addInt8("i8", 1)
        headers.addInt16("i16", 2)
        headers.addInt32("i32", 3)
        headers.addInt64("i64", 4)
        headers.addFloat32("f32", 1.5)
        headers.addFloat64("f64", 2.5)
        headers.addBytes("bytes", ByteBuffer(bytes: [1, 2]))
        headers.addDecimal("dec", ConnectDecimal("1.25")!)
        headers.addDate("date", ConnectDate(daysSinceEpoch: 1))
        headers.addTime("time", try ConnectTime(millisecondsOfDay: 1))
        headers.addTimestamp("ts", ConnectTimestamp(millisecondsSinceEpoch: 1))
        #expect(headers.count == 14)
        #expect(headers.map(\.key) == ["s", "nil", "b", "i8", "i16", "i32", "i64", "f32", "f64", "bytes", "dec", "date", "time", "ts"])
        #expect(headers.lastWithName("s")?.schema == .string)
        #expect(headers.lastWithName("nil")?.schema == .optionalString)
        #expect(headers.lastWithName("nil")?.value == .null)
        #expect(headers.lastWithName("dec")?.schema == ConnectDecimal.schema(scale: 2))
        #expect(headers.lastWithName("date")?.schema == ConnectDate.schema)
        for header in headers {
            if let schema = header.schema { try schema.validateValue(header.value) }
        }
    }

    @Test func duplicatesKeepInsertionOrder() {
        var headers = ConnectHeaders()
        headers.addInt32("attempt", 1)
        headers.addString("other", "o")
        headers.addInt32("attempt", 2)
        #expect(headers.allWithName("attempt").map(\.value) == [.int32(1), .int32(2)])
        #expect(headers.lastWithName("attempt")?.value == .int32(2))
        #expect(headers.lastWithName("missing") == nil)

        var latest = headers
        latest.retainLatest()
        #expect(latest.map(\.key) == ["other", "attempt"])
        #expect(latest.lastWithName("attempt")?.value == .int32(2))

        var latestAttempt = headers
        latestAttempt.addString("other", "p")
        latestAttempt.retainLatest("attempt")
        #expect(latestAttempt.map(\.key) == ["other", "attempt", "other"])

        var removed = headers
        removed.remove("attempt")
        #expect(removed.map(\.key) == ["other"])
    }

    @Test func addWithSchemaValidates() throws {
        var headers = ConnectHeaders()
        let error = #expect(throws: ConnectError.self) { try headers.add("n", "not a number", schema: .int32) }
        #expect(error?.message == "Invalid value for schema with type INT32: string for value")
        try headers.add("n", .int32(5), schema: .int32)
        try headers.add("schemaless", .array(["a"]), schema: nil)
        #expect(headers.count == 2)
        #expect(headers[1].schema == nil)
    }

    @Test func applyTransformsAndDrops() {
        var headers: ConnectHeaders = [
            ConnectHeader(key: "a", schema: .string, value: "1"),
            ConnectHeader(key: "b", schema: .string, value: "2"),
            ConnectHeader(key: "a", schema: .string, value: "3"),
        ]
        headers.apply(key: "a") { $0.value == "1" ? nil : $0.renamed("A") }
        #expect(headers.map(\.key) == ["b", "A"])
        headers.apply { $0.with(schema: .optionalString, value: nil) }
        #expect(headers.allSatisfy { $0.value == .null && $0.schema == .optionalString })
    }

    @Test func headersAreValues() {
        var first = ConnectHeaders()
        first.addString("k", "v")
        var second = first
        second.addString("k", "w")
        #expect(first.count == 1)
        #expect(second.count == 2)
        #expect(first != second)
        second.removeAll()
        #expect(second.isEmpty)
    }

    @Test func structHeaderUsesItsSchema() throws {
        let schema = try SchemaBuilder.struct().field("x", .int32).build()
        var headers = ConnectHeaders()
        #expect(throws: ConnectError.self) { try headers.addStruct("s", try Struct(schema: schema)) }
        try headers.addStruct("s", try Struct(schema: schema).putting("x", .int32(1)))
        #expect(headers.lastWithName("s")?.schema == schema)
    }
}
