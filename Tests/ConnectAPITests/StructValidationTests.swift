import ConnectAPI
import NIOCore
import Testing

private let addressSchema = try! SchemaBuilder.struct().name("Address")
    .field("city", .string)
    .field("zip", .optionalString)
    .build()

private let personSchema = try! SchemaBuilder.struct().name("Person")
    .field("id", .int64)
    .field("name", .string)
    .field("age", SchemaBuilder.int32().optional().defaultValue(.int32(18)))
    .field("address", addressSchema)
    .field("scores", SchemaBuilder.array(.int32).optional())
    .field("labels", SchemaBuilder.map(.string, .optionalString).optional())
    .build()

@Suite("Struct put, get and validate")
struct StructValidationTests {
    private func validPerson() throws -> Struct {
        let address = try Struct(schema: addressSchema).putting("city", "Lyon")
        return try Struct(schema: personSchema)
            .putting("id", .int64(1))
            .putting("name", "Ada")
            .putting("address", .struct(address))
    }

    @Test func completeStructValidates() throws {
        let person = try validPerson()
        try person.validate()
        #expect(try person.get("name") == "Ada")
        #expect(person["id"] == .int64(1))
        #expect(person["nope"] == nil)
        #expect(person.description == "Struct{id=1,name=Ada,address=Struct{city=Lyon}}")
    }

    @Test func nullFieldReadsItsDefault() throws {
        let person = try validPerson()
        #expect(try person.get("age") == .int32(18))
        #expect(try person.getWithoutDefault("age") == .null)
        #expect(try person.getInt32("age") == 18)
    }

    @Test func wrongTypeIsRejectedByPut() throws {
        var person = try Struct(schema: personSchema)
        let error = #expect(throws: ConnectError.self) { try person.put("id", "one") }
        #expect(error?.code == .data)
        #expect(error?.message == "Invalid value for schema with type INT64: string for field: \"id\"")
    }

    @Test func nullForRequiredFieldIsRejectedByPut() throws {
        var person = try Struct(schema: personSchema)
        let error = #expect(throws: ConnectError.self) { try person.put("name", nil) }
        #expect(error?.message == "Invalid value: null used for required field: \"name\", schema type: STRING")
    }

    @Test func missingRequiredFieldFailsValidate() throws {
        let person = try Struct(schema: personSchema).putting("id", .int64(1))
        let error = #expect(throws: ConnectError.self) { try person.validate() }
        #expect(error?.message == "Invalid value: null used for required field: \"name\", schema type: STRING")
    }

    @Test func nestedStructIsValidatedToo() throws {
        // As in Kafka, putting a struct value validates it completely, so an incomplete nested struct is
        // refused with the nested field's error.
        let emptyAddress = try Struct(schema: addressSchema)
        var person = try Struct(schema: personSchema)
            .putting("id", .int64(1))
            .putting("name", "Ada")
        let error = #expect(throws: ConnectError.self) { try person.put("address", .struct(emptyAddress)) }
        #expect(error?.message == "Invalid value: null used for required field: \"city\", schema type: STRING")
        // The same rule applies to structs inside arrays.
        let listSchema = try SchemaBuilder.struct().field("addresses", SchemaBuilder.array(addressSchema)).build()
        var list = try Struct(schema: listSchema)
        #expect(throws: ConnectError.self) { try list.put("addresses", .array([.struct(emptyAddress)])) }
        try list.put("addresses", .array([.struct(try emptyAddress.putting("city", "Oslo"))]))
        try list.validate()
        // And an unset nested struct field is caught by validate().
        let error2 = #expect(throws: ConnectError.self) { try person.validate() }
        #expect(error2?.message == "Invalid value: null used for required field: \"address\", schema type: STRUCT")
    }

    @Test func nestedStructWithOtherSchemaIsRejected() throws {
        let other = try SchemaBuilder.struct().name("Other").field("city", .string).build()
        let stranger = try Struct(schema: other).putting("city", "Lyon")
        var person = try Struct(schema: personSchema)
        let error = #expect(throws: ConnectError.self) { try person.put("address", .struct(stranger)) }
        #expect(error?.message == "Struct schemas do not match.")
    }

    @Test func arrayAndMapElementsAreChecked() throws {
        var person = try validPerson()
        let arrayError = #expect(throws: ConnectError.self) { try person.put("scores", .array([.int32(1), .int64(2)])) }
        #expect(arrayError?.message == "Invalid value for schema with type INT32: int64 for element of array field: \"scores\"")
        let mapError = #expect(throws: ConnectError.self) {
            try person.put("labels", .map([.init(key: .int32(1), value: "x")]))
        }
        #expect(mapError?.message == "Invalid value for schema with type STRING: int32 for key of map field: \"labels\"")
        try person.put("labels", .map([.init(key: "k", value: nil)]))
        try person.put("scores", .array([.int32(1), .int32(2)]))
        try person.validate()
    }

    @Test func logicalSchemasRequireLogicalValues() throws {
        let schema = try SchemaBuilder.struct()
            .field("day", ConnectDate.schema)
            .field("price", ConnectDecimal.schema(scale: 2))
            .build()
        var row = try Struct(schema: schema)
        let physical = #expect(throws: ConnectError.self) { try row.put("day", .int32(3)) }
        #expect(physical?.message == "Invalid value for schema \"org.apache.kafka.connect.data.Date\" with type INT32: int32 for field: \"day\"")
        try row.put("day", .date(ConnectDate(daysSinceEpoch: 3)))
        let scale = #expect(throws: ConnectError.self) { try row.put("price", .decimal(ConnectDecimal("1.5")!)) }
        #expect(scale?.message == "Decimal value has mismatching scale for given Decimal schema. Schema has scale 2, value has scale 1.")
        try row.put("price", .decimal(ConnectDecimal("1.50")!))
        try row.validate()
        #expect(try row.getDate("day") == ConnectDate(daysSinceEpoch: 3))
        #expect(try row.getDecimal("price")?.description == "1.50")
        // A logical value is refused by a plain schema of the same physical type.
        #expect(throws: ConnectError.self) { try Schema.int32.validateValue(.date(ConnectDate(daysSinceEpoch: 1))) }
    }

    @Test func unknownFieldsAndTypedGetterMismatchAreErrors() throws {
        let person = try validPerson()
        let unknown = #expect(throws: ConnectError.self) { try person.get("salary") }
        #expect(unknown?.message == "salary is not a valid field name")
        let mismatch = #expect(throws: ConnectError.self) { try person.getString("id") }
        #expect(mismatch?.message == "Field 'id' is not of type STRING")
        #expect(try person.getStruct("address")?.getString("city") == "Lyon")
        #expect(try person.getArray("scores") == nil)
    }

    @Test func nonStructSchemaCannotMakeAStruct() {
        let error = #expect(throws: ConnectError.self) { try Struct(schema: .int32) }
        #expect(error?.message == "Not a struct schema: Schema{INT32}")
    }

    @Test func equalStructsAreEqual() throws {
        #expect(try validPerson() == validPerson())
        #expect(try validPerson().putting("age", .int32(30)) != validPerson())
    }
}
