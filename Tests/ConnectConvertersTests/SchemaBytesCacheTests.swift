import ConnectAPI
import ConnectConverters
import NIOCore
import Testing

/// The cache of serialized JSON schemas on the write path, and JSONWriter's fast paths.
@Suite struct SchemaBytesCacheTests {
    private static func converter(_ configs: [String: String] = [:]) throws -> JsonConverter {
        var converter = JsonConverter()
        try converter.configure(configs, isKey: false)
        return converter
    }

    private static func text(_ converter: JsonConverter, _ schema: Schema?, _ value: ConnectValue) throws -> String? {
        try converter.fromConnectData(topic: "t", headers: nil, schema: schema, value: value).map {
            String(decoding: $0.readableBytesView, as: UTF8.self)
        }
    }

    private static func rowSchema() throws -> Schema {
        try SchemaBuilder.struct().name("Row").version(3).doc("a \"row\"\n")
            .field("id", .int64)
            .field("name", SchemaBuilder.string().optional().defaultValue("n/a").build())
            .field("price", ConnectDecimal.builder(scale: 2).optional().build())
            .field("tags", SchemaBuilder.array(.int32).optional().build())
            .field("scores", SchemaBuilder.map(.string, .optionalFloat64).optional().build())
            .build()
    }

    private static func row(_ schema: Schema, _ n: Int64) throws -> ConnectValue {
        var row = try Struct(schema: schema)
        try row.put("id", .int64(n))
        if n % 2 == 0 { try row.put("name", .string("näme \(n) \"q\" \\ \u{1}")) }
        try row.put("tags", .array([.int32(1), .int32(Int32(truncatingIfNeeded: n))]))
        return .struct(row)
    }

    @Test func cachedSchemaBytesGiveWhatAnUncachedWriteGives() throws {
        let cached = try Self.converter()
        let uncached = try Self.converter(["schemas.cache.size": "0"])
        let schema = try Self.rowSchema()
        for n: Int64 in [0, 1, -7, .max, .min] {
            let expected = try Self.text(uncached, schema, try Self.row(schema, n))
            // First write fills the cache, the second uses it; an equal schema built again hits it too.
            #expect(try Self.text(cached, schema, try Self.row(schema, n)) == expected)
            #expect(try Self.text(cached, schema, try Self.row(schema, n)) == expected)
            let rebuilt = try Self.rowSchema()
            #expect(try Self.text(cached, rebuilt, try Self.row(rebuilt, n)) == expected)
        }
        #expect(cached.cachedSchemaCounts.fromConnect == 1)
        #expect(uncached.cachedSchemaCounts.fromConnect == 0)
        // No schema, a primitive schema, a null value under an optional schema.
        for (schema, value) in [(nil, ConnectValue.string("x")), (Schema.int32, .int32(5)), (Schema.optionalString, .null)] {
            for _ in 0..<2 { #expect(try Self.text(cached, schema, value) == Self.text(uncached, schema, value)) }
        }
        #expect(try Self.text(cached, nil, .int64(3)) == #"{"schema":null,"payload":3}"#)
    }

    @Test func errorsAreTheSameWithAndWithoutTheCache() throws {
        let schema = try Self.rowSchema()
        for configs in [[:], ["schemas.cache.size": "0"]] {
            let c = try Self.converter(configs)
            _ = try Self.text(c, schema, try Self.row(schema, 1))
            #expect(throws: ConnectError.self) { try Self.text(c, schema, .string("not a struct")) }
            #expect(throws: ConnectError.self) { try Self.text(c, .int32, .null) }
        }
    }

    @Test func theCacheIsBounded() throws {
        let c = try Self.converter(["schemas.cache.size": "3"])
        for i in 0..<10 {
            let schema = try SchemaBuilder.int32().name("s\(i)").build()
            #expect(try Self.text(c, schema, .int32(Int32(i))) == #"{"schema":{"type":"int32","optional":false,"name":"s\#(i)"},"payload":\#(i)}"#)
        }
        #expect(c.cachedSchemaCounts.fromConnect == 3)
    }

    @Test func writerFastPathsMatchTheGeneralForms() {
        for v: Int64 in [0, 9, 10, -1, -9, -10, 1234567890, .max, .min, .max - 1, .min + 1] {
            #expect(JSONWriter.write(.int(v)) == Array(String(v).utf8))
        }
        #expect(String(decoding: JSONWriter.write(.string("plain déjà vu")), as: UTF8.self) == "\"plain déjà vu\"")
        #expect(String(decoding: JSONWriter.write(.string("a\"b\\c\nd\u{1F}")), as: UTF8.self) == #""a\"b\\c\nd\u001F""#)
        #expect(String(decoding: JSONWriter.write(.string("")), as: UTF8.self) == "\"\"")
        // A bridged or sliced string without contiguous UTF-8 takes the byte loop: same text.
        let sliced = String("xx\"tail\"".dropFirst(2))
        #expect(String(decoding: JSONWriter.write(.string(sliced)), as: UTF8.self) == #""\"tail\"""#)
    }
}
