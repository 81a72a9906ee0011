import ConnectAPI
@testable import ConnectTransforms
import Testing

@Suite struct CastTests {
    @Test func wholeValueSchemaless() throws {
        let t = try configured(Cast(part: .value), ["spec": "int8"])
        #expect(try t.apply(sink(value: .int32(42)))?.value == .int8(42))
        #expect(try t.apply(sink(value: "42"))?.value == .int8(42))
        #expect(try t.apply(sink(value: .boolean(true)))?.value == .int8(1))
        #expect(try t.apply(sink(value: .float64(42.9)))?.value == .int8(42))
    }

    @Test func wholeValueWithSchema() throws {
        let t = try configured(Cast(part: .key), ["spec": "string"])
        let out = try #require(try t.apply(sink(keySchema: .int32, key: .int32(42), value: .null)))
        #expect(out.key == "42")
        #expect(out.keySchema == .string)
        let bool = try configured(Cast(part: .value), ["spec": "boolean"])
        #expect(try bool.apply(sink(valueSchema: .optionalString, value: "true"))?.valueSchema == .optionalBoolean)
    }

    @Test func fieldsWithSchema() throws {
        let t = try configured(Cast(part: .value), ["spec": "int8:int16,int32:string,float:int64,str:float64,keep:boolean"])
        let schema = try SchemaBuilder.struct().field("int8", .int8).field("int32", .optionalInt32)
            .field("float", .float32).field("str", .string).field("keep", .int32).field("other", .string).build()
        let value = try Struct(schema: schema).putting("int8", .int8(8)).putting("int32", .int32(32))
            .putting("float", .float32(1.5)).putting("str", "2.25").putting("keep", .int32(0)).putting("other", "o")
        let out = try #require(try t.apply(sink(valueSchema: schema, value: .struct(value))))
        let s = try #require(out.valueSchema)
        #expect(s.field(named: "int8")?.schema == .int16)
        #expect(s.field(named: "int32")?.schema == .optionalString)
        #expect(s.field(named: "float")?.schema == .int64)
        #expect(s.field(named: "str")?.schema == .float64)
        #expect(s.field(named: "keep")?.schema == .boolean)
        #expect(s.field(named: "other")?.schema == .string)
        let st = try #require(out.value.structValue)
        #expect(st["int8"] == .int16(8))
        #expect(st["int32"] == "32")
        #expect(st["float"] == .int64(1))
        #expect(st["str"] == .float64(2.25))
        #expect(st["keep"] == .boolean(false))
        #expect(st["other"] == "o")
    }

    @Test func fieldsSchemaless() throws {
        let t = try configured(Cast(part: .value), ["spec": "a:int64,b:string"])
        let out = try #require(try t.apply(sink(value: map(["a": .int32(1), "b": .float64(2.5), "c": "x"]))))
        #expect(out.value == map(["a": .int64(1), "b": "2.5", "c": "x"]))
    }

    @Test func invalidSpecs() {
        #expect(errorMessage { _ = try configured(Cast(part: .value), ["spec": "foo:faketype"]) }
            == "Invalid type found in casting spec: faketype")
        #expect(errorMessage { _ = try configured(Cast(part: .value), ["spec": "a:int8:extra"]) }?
            .contains("Invalid cast mapping: a:int8:extra") == true)
        #expect(errorMessage { _ = try configured(Cast(part: .value), ["spec": "int8,a:int16"]) }?
            .hasPrefix("Cast transformations that specify a type to cast the entire value to") == true)
        #expect(errorMessage { _ = try configured(Cast(part: .value), ["spec": "bytes"]) }?
            .hasPrefix("Cast transformation does not support casting to BYTES") == true)
    }

    @Test func unsupportedInput() throws {
        let t = try configured(Cast(part: .value), ["spec": "int32"])
        #expect(errorMessage { _ = try t.apply(sink(value: .array([]))) }?
            .hasPrefix("Cast transformation does not support casting from ARRAY") == true)
    }
}

@Suite struct FlattenTests {
    @Test func schemalessNested() throws {
        let t = try configured(Flatten(part: .value), [:])
        let value = map(["A": map(["B": map(["int32": .int32(8), "string": "s"]), "x": .boolean(true)]), "top": .int64(1)])
        let out = try #require(try t.apply(sink(value: value)))
        #expect(out.value == map(["A.B.int32": .int32(8), "A.B.string": "s", "A.x": .boolean(true), "top": .int64(1)]))
    }

    @Test func withSchemaAndDelimiter() throws {
        let t = try configured(Flatten(part: .key), ["delimiter": "#"])
        let inner = try SchemaBuilder.struct().field("int8", .int8).field("opt", .optionalString).build()
        let outer = try SchemaBuilder.struct().field("B", SchemaBuilder(copying: inner).optional()).field("c", .int32).build()
        let innerValue = try Struct(schema: outer.field(named: "B")!.schema).putting("int8", .int8(2))
        let value = try Struct(schema: outer).putting("B", .struct(innerValue)).putting("c", .int32(3))
        let out = try #require(try t.apply(sink(keySchema: outer, key: .struct(value), value: .null)))
        let s = try #require(out.keySchema)
        #expect(s.fieldNames == ["B#int8", "B#opt", "c"])
        #expect(s.field(named: "B#int8")?.schema == .optionalInt8)
        #expect(s.field(named: "c")?.schema == .int32)
        #expect(out.key.structValue?["B#int8"] == .int8(2))
        #expect(out.key.structValue?["c"] == .int32(3))
    }

    @Test func mapWithSchemaUnsupported() throws {
        let t = try configured(Flatten(part: .value), [:])
        let schema = try SchemaBuilder.struct().field("m", SchemaBuilder.map(.string, .string)).build()
        let value = try Struct(schema: schema).putting("m", .map([]))
        #expect(errorMessage { _ = try t.apply(sink(valueSchema: schema, value: .struct(value))) }
            == "Flatten transformation does not support MAP for record with schemas (for field m).")
    }
}

@Suite struct TimestampConverterTests {
    // 2017-01-02 (UTC) 01:02:03.004 as in Kafka's tests' style.
    static let dateMillis: Int64 = 17168 * 86_400_000
    static let timeMillis: Int64 = ((1 * 60 + 2) * 60 + 3) * 1000 + 4
    static let millis = dateMillis + timeMillis

    @Test func schemalessUnixToTimestampAndString() throws {
        let t = try configured(TimestampConverter(part: .value), ["target.type": "Timestamp"])
        #expect(try t.apply(sink(value: .int64(Self.millis)))?.value == .timestamp(.init(millisecondsSinceEpoch: Self.millis)))
        let s = try configured(TimestampConverter(part: .value), ["target.type": "string", "format": "yyyy MM dd HH mm ss SSS"])
        #expect(try s.apply(sink(value: .int64(Self.millis)))?.value == "2017 01 02 01 02 03 004")
        let back = try configured(TimestampConverter(part: .value), ["target.type": "unix", "format": "yyyy MM dd HH mm ss SSS"])
        #expect(try back.apply(sink(value: "2017 01 02 01 02 03 004"))?.value == .int64(Self.millis))
    }

    @Test func unixPrecision() throws {
        let t = try configured(TimestampConverter(part: .value), ["target.type": "unix", "unix.precision": "seconds"])
        #expect(try t.apply(sink(value: .timestamp(.init(millisecondsSinceEpoch: Self.millis))))?.value
            == .int64(Self.millis / 1000))
        let micro = try configured(TimestampConverter(part: .value), ["target.type": "Timestamp", "unix.precision": "microseconds"])
        #expect(try micro.apply(sink(value: .int64(Self.millis * 1000)))?.value == .timestamp(.init(millisecondsSinceEpoch: Self.millis)))
    }

    @Test func withSchemaFieldToDateAndTime() throws {
        let schema = try SchemaBuilder.struct().field("ts", .int64).field("other", .string).build()
        let value = try Struct(schema: schema).putting("ts", .int64(Self.millis)).putting("other", "o")
        let date = try configured(TimestampConverter(part: .value), ["target.type": "Date", "field": "ts"])
        let out = try #require(try date.apply(sink(valueSchema: schema, value: .struct(value))))
        #expect(out.valueSchema?.field(named: "ts")?.schema == ConnectDate.schema)
        #expect(out.value.structValue?["ts"] == .date(ConnectDate(daysSinceEpoch: 17168)))
        #expect(out.value.structValue?["other"] == "o")
        let time = try configured(TimestampConverter(part: .value), ["target.type": "Time"])
        let whole = try #require(try time.apply(sink(valueSchema: ConnectTimestamp.schema, value: .timestamp(.init(millisecondsSinceEpoch: Self.millis)))))
        #expect(whole.valueSchema == ConnectTime.schema)
        #expect(whole.value == .time(try ConnectTime(millisecondsOfDay: Int32(Self.timeMillis))))
    }

    @Test func configErrors() {
        #expect(errorMessage { _ = try configured(TimestampConverter(part: .value), [:]) }
            == "Missing required configuration \"target.type\" which has no default value.")
        #expect(errorMessage { _ = try configured(TimestampConverter(part: .value), ["target.type": "string"]) }
            == "TimestampConverter requires format option to be specified when using string timestamps")
        #expect(errorMessage { _ = try configured(TimestampConverter(part: .value), ["target.type": "bogus"]) }?
            .hasPrefix("Invalid value bogus for configuration target.type") == true)
    }

    @Test func unsupportedSchema() throws {
        let t = try configured(TimestampConverter(part: .value), ["target.type": "unix"])
        #expect(errorMessage { _ = try t.apply(sink(valueSchema: .boolean, value: true)) }?
            .hasSuffix("does not correspond to a known timestamp type format") == true)
    }
}
