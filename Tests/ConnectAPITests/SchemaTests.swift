import ConnectAPI
import NIOCore
import Testing

@Suite("Schema building and equality")
struct SchemaTests {
    @Test func primitiveBuilderSetsEveryProperty() throws {
        let schema = try SchemaBuilder.int32()
            .optional()
            .name("com.example.Count")
            .version(3)
            .doc("how many")
            .parameter("unit", "items")
            .defaultValue(.int32(7))
            .build()
        #expect(schema.type == .int32)
        #expect(schema.isOptional)
        #expect(schema.name == "com.example.Count")
        #expect(schema.version == 3)
        #expect(schema.doc == "how many")
        #expect(schema.parameters == ["unit": "items"])
        #expect(schema.defaultValue == .int32(7))
        #expect(schema.fields.isEmpty)
        #expect(schema.keySchema == nil && schema.valueSchema == nil)
    }

    @Test func structFieldsKeepOrderAndIndex() throws {
        let schema = try SchemaBuilder.struct()
            .name("shop.orders.Value")
            .field("id", .int64)
            .field("note", .optionalString)
            .field("tags", SchemaBuilder.array(.string).optional())
            .build()
        #expect(schema.fieldNames == ["id", "note", "tags"])
        #expect(schema.fields.map(\.index) == [0, 1, 2])
        #expect(schema.field(named: "note")?.schema == .optionalString)
        #expect(schema.field(named: "tags")?.schema.valueSchema == .string)
        #expect(schema.field(named: "missing") == nil)
    }

    @Test func structurallyEqualSchemasAreEqualAndHashAlike() throws {
        func make() throws -> Schema {
            try SchemaBuilder.struct().name("k").version(1)
                .field("id", .int64)
                .field("m", SchemaBuilder.map(.string, .optionalInt32))
                .build()
        }
        let a = try make()
        let b = try make()
        #expect(a !== b)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
    }

    @Test(arguments: [
        try! SchemaBuilder.struct().name("k").field("id", .int32).build(),
        try! SchemaBuilder.struct().name("k").field("id", .int64).optional().build(),
        try! SchemaBuilder.struct().name("other").field("id", .int64).build(),
        try! SchemaBuilder.struct().name("k").field("identifier", .int64).build(),
        try! SchemaBuilder.struct().name("k").version(2).field("id", .int64).build(),
        try! SchemaBuilder.struct().name("k").doc("d").field("id", .int64).build(),
        try! SchemaBuilder.struct().name("k").parameter("a", "b").field("id", .int64).build(),
    ])
    func anyDifferenceBreaksEquality(other: Schema) throws {
        let base = try SchemaBuilder.struct().name("k").field("id", .int64).build()
        #expect(base != other)
    }

    @Test func standardSchemasMatchBuiltOnes() throws {
        #expect(try SchemaBuilder.string().optional().build() == Schema.optionalString)
        #expect(try SchemaBuilder.int8().build() == Schema.int8)
        #expect(Schema.primitive(.float64, optional: true) == .optionalFloat64)
        #expect(Schema.primitive(.struct) == nil)
        #expect(Schema.int32.asOptional() == .optionalInt32)
        #expect(Schema.optionalInt32.asRequired() == .int32)
        #expect(SchemaType.float32.lowercaseName == "float32")
        #expect(!SchemaType.map.isPrimitive && SchemaType.bytes.isPrimitive)
    }

    @Test func copyingBuilderReproducesTheSchema() throws {
        let original = try SchemaBuilder.struct().name("n").doc("d").field("a", .int8).optional().build()
        #expect(try SchemaBuilder(copying: original).build() == original)
        let renamed = try SchemaBuilder(copying: original).name("renamed").build()
        #expect(renamed.name == "renamed")
        #expect(renamed.fields == original.fields)
    }

    @Test func builderMisuseIsReportedByBuild() {
        #expect(throws: ConnectError.self) { try SchemaBuilder.int32().field("x", .int8).build() }
        let duplicate = #expect(throws: ConnectError.self) {
            try SchemaBuilder.struct().field("x", .int8).field("x", .int16).build()
        }
        #expect(duplicate?.code == .schemaBuilder)
        #expect(duplicate?.message == "Cannot create field because of field name duplication x")
        let badDefault = #expect(throws: ConnectError.self) {
            try SchemaBuilder.int32().defaultValue(.string("seven")).build()
        }
        #expect(badDefault?.message == "Invalid default value")
        let nested = #expect(throws: ConnectError.self) {
            try SchemaBuilder.struct().field("inner", SchemaBuilder.string().defaultValue(.int8(1))).build()
        }
        #expect(nested?.message.hasPrefix("Invalid schema for field inner") == true)
    }

    @Test func descriptionFollowsKafka() throws {
        #expect(Schema.int32.description == "Schema{INT32}")
        #expect(try SchemaBuilder.struct().name("a.B").build().description == "Schema{a.B:STRUCT}")
    }

    @Test func valuesCompareStructurally() {
        let bytes = ConnectValue(bytes: [1, 2, 3])
        var buffer = ByteBuffer()
        buffer.writeBytes([9, 1, 2, 3])
        buffer.moveReaderIndex(forwardBy: 1)
        #expect(bytes == .bytes(buffer))
        #expect(bytes.byteArray == [1, 2, 3])
        let map = ConnectValue(stringKeyedMap: ["b": 2, "a": 1].mapValues { ConnectValue.int32($0) })
        #expect(map.mapValue?.map(\.key) == ["a", "b"])
        #expect(map[mapKey: "b"] == .int32(2))
        #expect(ConnectValue.array([.int8(1), nil, "x"]).description == "[1, null, x]")
        #expect(ConnectValue.date(ConnectDate(daysSinceEpoch: 0)).schemaType == .int32)
    }
}
