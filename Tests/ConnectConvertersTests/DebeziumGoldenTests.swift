import ConnectAPI
import ConnectConverters
import NIOCore
import Testing

/// The Debezium `inventory.customers` create event, built as Connect data, must serialize to exactly the
/// bytes Kafka's JsonConverter produced (captured in postgres-cdc.md §6.4).
@Suite struct DebeziumGoldenTests {
    static func optionalInt64() -> Schema { .optionalInt64 }

    static let keySchema = try! SchemaBuilder.struct().name("dbserver1.inventory.customers.Key")
        .field("id", SchemaBuilder.int32().defaultValue(.int32(0)))
        .build()

    static let rowSchema = try! SchemaBuilder.struct().name("dbserver1.inventory.customers.Value").optional()
        .field("id", SchemaBuilder.int32().defaultValue(.int32(0)))
        .field("first_name", .string)
        .field("last_name", .string)
        .field("email", .string)
        .build()

    static let sourceSchema = try! SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source").version(1)
        .field("version", .string)
        .field("connector", .string)
        .field("name", .string)
        .field("ts_ms", .int64)
        .field("snapshot", SchemaBuilder.string().optional().name("io.debezium.data.Enum").version(1)
            .parameter("allowed", "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental")
            .defaultValue("false"))
        .field("db", .string)
        .field("sequence", .optionalString)
        .field("ts_us", .optionalInt64)
        .field("ts_ns", .optionalInt64)
        .field("schema", .string)
        .field("table", .string)
        .field("txId", .optionalInt64)
        .field("lsn", .optionalInt64)
        .field("xmin", .optionalInt64)
        .field("origin", .optionalString)
        .field("origin_lsn", .optionalInt64)
        .build()

    static let transactionSchema = try! SchemaBuilder.struct().name("event.block").version(1).optional()
        .field("id", .string)
        .field("total_order", .int64)
        .field("data_collection_order", .int64)
        .build()

    static let envelopeSchema = try! SchemaBuilder.struct().name("dbserver1.inventory.customers.Envelope").version(2)
        .field("before", rowSchema)
        .field("after", rowSchema)
        .field("source", sourceSchema)
        .field("transaction", transactionSchema)
        .field("op", .string)
        .field("ts_ms", .optionalInt64)
        .field("ts_us", .optionalInt64)
        .field("ts_ns", .optionalInt64)
        .build()

    static func key() throws -> ConnectValue {
        .struct(try Struct(schema: keySchema).putting("id", .int32(2)))
    }

    static func value() throws -> ConnectValue {
        let after = try Struct(schema: rowSchema)
            .putting("id", .int32(2))
            .putting("first_name", "Anne")
            .putting("last_name", "Kretchmar")
            .putting("email", "annek@noanswer.org")
        // `snapshot` stays null: its default "false" is what Kafka writes.
        let source = try Struct(schema: sourceSchema)
            .putting("version", "3.6.3.Final")
            .putting("connector", "postgresql")
            .putting("name", "dbserver1")
            .putting("ts_ms", .int64(1_795_394_592_349))
            .putting("db", "cdc")
            .putting("sequence", #"[null,"1214656464"]"#)
            .putting("ts_us", .int64(1_795_394_592_349_426))
            .putting("ts_ns", .int64(1_795_394_592_349_426_000))
            .putting("schema", "inventory")
            .putting("table", "customers")
            .putting("txId", .int64(200_874))
            .putting("lsn", .int64(1_214_656_464))
        let envelope = try Struct(schema: envelopeSchema)
            .putting("after", .struct(after))
            .putting("source", .struct(source))
            .putting("op", "c")
            .putting("ts_ms", .int64(1_795_394_592_824))
            .putting("ts_us", .int64(1_795_394_592_824_096))
            .putting("ts_ns", .int64(1_795_394_592_824_096_619))
        return .struct(envelope)
    }

    static func converter(schemas: Bool, isKey: Bool) throws -> JsonConverter {
        var converter = JsonConverter()
        try converter.configure(["schemas.enable": schemas ? "true" : "false"], isKey: isKey)
        return converter
    }

    static func text(_ buffer: ByteBuffer?) -> String? {
        buffer.map { String(decoding: $0.readableBytesView, as: UTF8.self) }
    }

    @Test func keyWithSchemaIsByteExact() throws {
        let converter = try Self.converter(schemas: true, isKey: true)
        let bytes = try converter.fromConnectData(topic: "dbserver1.inventory.customers", headers: nil, schema: Self.keySchema, value: Self.key())
        #expect(Self.text(bytes) == Golden.keyWithSchema)
    }

    @Test func valueWithSchemaIsByteExact() throws {
        let converter = try Self.converter(schemas: true, isKey: false)
        let bytes = try converter.fromConnectData(topic: "dbserver1.inventory.customers", headers: nil, schema: Self.envelopeSchema, value: Self.value())
        #expect(Self.text(bytes) == Golden.valueWithSchema)
    }

    @Test func keyAndValueWithoutSchemaAreByteExact() throws {
        let keys = try Self.converter(schemas: false, isKey: true)
        let values = try Self.converter(schemas: false, isKey: false)
        #expect(Self.text(try keys.fromConnectData(topic: "t", headers: nil, schema: Self.keySchema, value: Self.key())) == Golden.keyWithoutSchema)
        #expect(Self.text(try values.fromConnectData(topic: "t", headers: nil, schema: Self.envelopeSchema, value: Self.value())) == Golden.valueWithoutSchema)
    }

    @Test func goldenEnvelopeParsesBackToTheSameSchemaAndValue() throws {
        let converter = try Self.converter(schemas: true, isKey: false)
        let parsed = try converter.toConnectData(topic: "t", headers: nil, value: ByteBuffer(string: Golden.valueWithSchema))
        #expect(parsed.schema == Self.envelopeSchema)
        // The null `snapshot` comes back as its default, which is what the document carries.
        guard case .struct(let row) = parsed.value, case .struct(let source)? = row["source"] else {
            Issue.record("not a struct")
            return
        }
        #expect(source["snapshot"] == "false")
        #expect(row["ts_ns"] == .int64(1_795_394_592_824_096_619))
        let again = try converter.fromConnectData(topic: "t", headers: nil, schema: parsed.schema, value: parsed.value)
        #expect(Self.text(again) == Golden.valueWithSchema)
    }

    @Test func goldenPlainJSONParsesSchemaless() throws {
        let converter = try Self.converter(schemas: false, isKey: false)
        let parsed = try converter.toConnectData(topic: "t", headers: nil, value: ByteBuffer(string: Golden.valueWithoutSchema))
        #expect(parsed.schema == nil)
        guard case .map(let entries) = parsed.value else {
            Issue.record("not a map")
            return
        }
        #expect(entries.map(\.key) == ["before", "after", "source", "transaction", "op", "ts_ms", "ts_us", "ts_ns"])
        #expect(entries[0].value == .null)
        #expect(entries[7].value == .int64(1_795_394_592_824_096_619))
        let again = try converter.fromConnectData(topic: "t", headers: nil, schema: nil, value: parsed.value)
        #expect(Self.text(again) == Golden.valueWithoutSchema)
    }
}

@Suite struct GoldenRoundTripTests {
    /// Parsing each captured Kafka document and writing it back must reproduce it byte for byte.
    @Test func everyEnvelopedDocumentRoundTripsByteExact() throws {
        var converter = JsonConverter()
        try converter.configure([:], isKey: false)
        #expect(Golden.allEnveloped.count == 7)
        for document in Golden.allEnveloped {
            let parsed = try converter.toConnectData(topic: "t", headers: nil, value: ByteBuffer(string: document))
            #expect(parsed.schema != nil)
            let again = try converter.fromConnectData(topic: "t", headers: nil, schema: parsed.schema, value: parsed.value)
            #expect(again.map { String(decoding: $0.readableBytesView, as: UTF8.self) } == document)
        }
    }

    @Test func everyPlainDocumentRoundTripsByteExact() throws {
        var converter = JsonConverter()
        try converter.configure(["schemas.enable": "false"], isKey: false)
        #expect(!Golden.allPlain.isEmpty)
        for document in Golden.allPlain {
            let parsed = try converter.toConnectData(topic: "t", headers: nil, value: ByteBuffer(string: document))
            #expect(parsed.schema == nil)
            let again = try converter.fromConnectData(topic: "t", headers: nil, schema: nil, value: parsed.value)
            #expect(again.map { String(decoding: $0.readableBytesView, as: UTF8.self) } == document)
        }
    }
}
