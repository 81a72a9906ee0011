import ConnectAPI
@testable import ConnectTransforms
import Testing

@Suite struct InsertFieldTests {
    let fullConfig = [
        "topic.field": "topic_field!", "partition.field": "partition_field", "offset.field": "offset_field!",
        "timestamp.field": "timestamp_field?", "static.field": "instance_id", "static.value": "my-instance-id",
    ]

    @Test func schemalessValue() throws {
        let t = try configured(InsertField(part: .value), fullConfig)
        let out = try #require(try t.apply(sink(value: map(["magic": .int64(42)]), offset: 7, timestamp: 1000)))
        #expect(out.value == map([
            "magic": .int64(42), "topic_field": "test", "partition_field": .int32(0), "offset_field": .int64(7),
            "timestamp_field": .int64(1000), "instance_id": "my-instance-id",
        ]))
        #expect(out.valueSchema == nil)
        #expect(out.kafkaOffset == 7)
    }

    @Test func schemaValueBuildsAndCachesSchema() throws {
        let t = try configured(InsertField(part: .value), fullConfig)
        let schema = try SchemaBuilder.struct().name("name").version(1).doc("doc").field("magic", .optionalInt64).build()
        let value = try Struct(schema: schema).putting("magic", .int64(42))
        let out = try #require(try t.apply(sink(valueSchema: schema, value: .struct(value), offset: 7, timestamp: 1000)))
        let s = try #require(out.valueSchema)
        #expect(s.name == "name" && s.version == 1 && s.doc == "doc")
        #expect(s.fieldNames == ["magic", "topic_field", "partition_field", "offset_field", "timestamp_field", "instance_id"])
        #expect(s.field(named: "topic_field")?.schema == .string)
        #expect(s.field(named: "partition_field")?.schema == .optionalInt32)
        #expect(s.field(named: "offset_field")?.schema == .int64)
        #expect(s.field(named: "timestamp_field")?.schema.name == ConnectTimestamp.logicalName)
        #expect(s.field(named: "timestamp_field")?.schema.isOptional == true)
        #expect(s.field(named: "instance_id")?.schema == .optionalString)
        let st = try #require(out.value.structValue)
        #expect(st["magic"] == .int64(42))
        #expect(st["topic_field"] == "test")
        #expect(st["partition_field"] == .int32(0))
        #expect(st["offset_field"] == .int64(7))
        #expect(st["timestamp_field"] == .timestamp(ConnectTimestamp(millisecondsSinceEpoch: 1000)))
        #expect(st["instance_id"] == "my-instance-id")
        let again = try #require(try t.apply(sink(valueSchema: schema, value: .struct(value))))
        #expect(again.valueSchema === out.valueSchema)
    }

    @Test func keyVariant() throws {
        let t = try configured(InsertField(part: .key), ["topic.field": "t"])
        let out = try #require(try t.apply(source(key: map(["id": .int32(1)]), value: "v")))
        #expect(out.key == map(["id": .int32(1), "t": "test"]))
        #expect(out.value == "v")
    }

    @Test func offsetOnSourceRecordFails() throws {
        let t = try configured(InsertField(part: .value), ["offset.field": "o"])
        let message = errorMessage { _ = try t.apply(source(value: map(["a": .int32(1)]))) }
        #expect(message?.hasPrefix("Only SinkRecord supported for [field insertion]") == true)
    }

    @Test func tombstonePassesThrough() throws {
        let t = try configured(InsertField(part: .value), ["topic.field": "t"])
        let record = sink(value: .null)
        #expect(try t.apply(record) == record)
    }

    @Test func wrongValueType() throws {
        let t = try configured(InsertField(part: .value), ["topic.field": "t"])
        let message = errorMessage { _ = try t.apply(sink(value: .int32(3))) }
        #expect(message == "Only Map objects supported in absence of schema for [field insertion], found: int32")
    }
}

@Suite struct ReplaceFieldTests {
    let config = ["exclude": "dont", "renames": "abc:xyz,foo:bar"]

    @Test func schemaless() throws {
        let t = try configured(ReplaceField(part: .value), config)
        let value = map(["dont": "whatever", "abc": .int32(42), "foo": .boolean(true), "etc": "etc"])
        let out = try #require(try t.apply(sink(value: value)))
        #expect(out.value == map(["xyz": .int32(42), "bar": .boolean(true), "etc": "etc"]))
    }

    @Test func withSchema() throws {
        let t = try configured(ReplaceField(part: .value), ["include": "abc,foo", "renames": "abc:xyz,foo:bar"])
        let schema = try SchemaBuilder.struct().field("dont", .string).field("abc", .int32).field("foo", .boolean)
            .field("etc", .string).build()
        let value = try Struct(schema: schema).putting("dont", "whatever").putting("abc", .int32(42))
            .putting("foo", .boolean(true)).putting("etc", "etc")
        let out = try #require(try t.apply(sink(valueSchema: schema, value: .struct(value))))
        #expect(out.valueSchema?.fieldNames == ["xyz", "bar"])
        #expect(out.value.structValue?["xyz"] == .int32(42))
        #expect(out.value.structValue?["bar"] == .boolean(true))
    }

    @Test func keyVariant() throws {
        let t = try configured(ReplaceField(part: .key), ["exclude": "b"])
        let out = try #require(try t.apply(sink(key: map(["a": .int32(1), "b": .int32(2)]), value: .null)))
        #expect(out.key == map(["a": .int32(1)]))
    }

    @Test func invalidRename() {
        let message = errorMessage { _ = try configured(ReplaceField(part: .value), ["renames": "abc"]) }
        #expect(message == "Invalid value abc for configuration renames: Invalid rename mapping: abc")
    }
}

@Suite struct MaskFieldTests {
    @Test func schemalessZeroes() throws {
        let t = try configured(MaskField(part: .value), ["fields": "int,str,bool,list,map,keep_null"])
        let value = map([
            "int": .int32(42), "str": "secret", "bool": true, "list": .array(["a"]),
            "map": map(["k": "v"]), "keep_null": .null, "other": "x",
        ])
        let out = try #require(try t.apply(sink(value: value)))
        #expect(out.value == map([
            "int": .int32(0), "str": "", "bool": false, "list": .array([]), "map": .map([]), "keep_null": .null, "other": "x",
        ]))
    }

    @Test func withSchemaAndReplacement() throws {
        let t = try configured(MaskField(part: .value), ["fields": "num,str", "replacement": "123"])
        let schema = try SchemaBuilder.struct().field("num", .int64).field("str", .string).field("other", .string).build()
        let value = try Struct(schema: schema).putting("num", .int64(9)).putting("str", "s").putting("other", "o")
        let out = try #require(try t.apply(sink(valueSchema: schema, value: .struct(value))))
        #expect(out.valueSchema == schema)
        #expect(out.value.structValue?["num"] == .int64(123))
        #expect(out.value.structValue?["str"] == "123")
        #expect(out.value.structValue?["other"] == "o")
    }

    @Test func replacementNotANumber() throws {
        let t = try configured(MaskField(part: .key), ["fields": "n", "replacement": "abc"])
        let message = errorMessage { _ = try t.apply(sink(key: map(["n": .int32(1)]), value: .null)) }
        #expect(message?.hasPrefix("Unable to convert abc") == true)
    }

    @Test func missingFields() {
        let message = errorMessage { _ = try configured(MaskField(part: .value), [:]) }
        #expect(message == "Missing required configuration \"fields\" which has no default value.")
    }
}

@Suite struct ValueToKeyTests {
    @Test func schemaless() throws {
        let t = try configured(ValueToKey(), ["fields": "a,b"])
        let out = try #require(try t.apply(sink(value: map(["a": .int32(1), "b": .int32(2), "c": .int32(3)]))))
        #expect(out.key == map(["a": .int32(1), "b": .int32(2)]))
        #expect(out.keySchema == nil)
    }

    @Test func withSchema() throws {
        let t = try configured(ValueToKey(), ["fields": "a,b"])
        let schema = try SchemaBuilder.struct().field("a", .int32).field("b", .int32).field("c", .int32).build()
        let value = try Struct(schema: schema).putting("a", .int32(1)).putting("b", .int32(2)).putting("c", .int32(3))
        let out = try #require(try t.apply(sink(valueSchema: schema, value: .struct(value))))
        #expect(out.keySchema?.fieldNames == ["a", "b"])
        #expect(out.key.structValue?["a"] == .int32(1))
        #expect(out.key.structValue?["b"] == .int32(2))
        #expect(out.value == .struct(value))
    }

    @Test func nonExistentField() throws {
        let t = try configured(ValueToKey(), ["fields": "not_exist"])
        let schema = try SchemaBuilder.struct().field("a", .int32).build()
        let value = try Struct(schema: schema).putting("a", .int32(1))
        let message = errorMessage { _ = try t.apply(sink(valueSchema: schema, value: .struct(value))) }
        #expect(message == "Field does not exist: not_exist")
    }
}

@Suite struct ExtractAndHoistFieldTests {
    @Test func extractSchemalessKey() throws {
        let t = try configured(ExtractField(part: .key), ["field": "magic"])
        let out = try #require(try t.apply(sink(key: map(["magic": .int32(42)]), value: .null)))
        #expect(out.key == .int32(42))
        #expect(out.keySchema == nil)
    }

    @Test func extractWithSchema() throws {
        let t = try configured(ExtractField(part: .value), ["field": "magic"])
        let schema = try SchemaBuilder.struct().field("magic", .int32).build()
        let value = try Struct(schema: schema).putting("magic", .int32(42))
        let out = try #require(try t.apply(sink(valueSchema: schema, value: .struct(value))))
        #expect(out.value == .int32(42))
        #expect(out.valueSchema == .int32)
        let tombstone = try #require(try t.apply(sink(valueSchema: schema, value: .null)))
        #expect(tombstone.value == .null)
    }

    @Test func extractUnknownField() throws {
        let t = try configured(ExtractField(part: .value), ["field": "nope"])
        let schema = try SchemaBuilder.struct().field("magic", .int32).build()
        let value = try Struct(schema: schema).putting("magic", .int32(42))
        #expect(errorMessage { _ = try t.apply(sink(valueSchema: schema, value: .struct(value))) } == "Unknown field: nope")
    }

    @Test func extractRequiresField() {
        #expect(errorMessage { _ = try configured(ExtractField(part: .value), [:]) }
            == "Missing required configuration \"field\" which has no default value.")
    }

    @Test func hoistSchemaless() throws {
        let t = try configured(HoistField(part: .key), ["field": "magic"])
        let out = try #require(try t.apply(sink(key: .int32(42), value: .null)))
        #expect(out.key == map(["magic": .int32(42)]))
    }

    @Test func hoistWithSchema() throws {
        let t = try configured(HoistField(part: .value), ["field": "magic"])
        let out = try #require(try t.apply(sink(valueSchema: .int32, value: .int32(42))))
        #expect(out.valueSchema?.fieldNames == ["magic"])
        #expect(out.valueSchema?.field(named: "magic")?.schema == .int32)
        #expect(out.value.structValue?["magic"] == .int32(42))
    }
}
