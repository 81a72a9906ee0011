import ConnectAPI
import Testing

@testable import PostgresConnector

/// Text values from pgoutput-samples.md / postgres-cdc.md §5.1 → the values Debezium 3.6.3 emitted.
@Suite struct TypeConversionTests {
    private func map(_ oid: UInt32, _ typmod: Int32 = -1) -> (ColumnKind, Schema) {
        let (kind, builder) = TypeMapper.map(typeOID: oid, typeModifier: typmod, info: { _ in nil }, options: TypeMappingOptions())
        return (kind, (try? builder.build()) ?? .string)
    }

    @Test func temporal() {
        #expect(map(1082).0.convert("2024-03-01") == .int32(19783))
        #expect(map(1082).0.convert("0044-03-15 BC") == .int32(-703_383))
        #expect(map(1083).0.convert("12:34:56.5") == .int64(45_296_500_000))
        #expect(map(1083).0.convert("23:59:59.999999") == .int64(86_399_999_999))
        #expect(map(1083, 3).0.convert("10:34:56.5") == .int32(38_096_500))
        #expect(map(1266).0.convert("12:34:56+05:30") == .string("07:04:56Z"))
        #expect(map(1266).0.convert("10:34:56-03:30") == .string("14:04:56Z"))
        #expect(map(1114).0.convert("2024-03-01 12:34:56.789012") == .int64(1_709_296_496_789_012))
        #expect(map(1114, 3).0.convert("2024-03-01 12:34:56.789") == .int64(1_709_296_496_789))
        #expect(map(1114).0.convert("infinity") == .int64(9_223_372_036_825_200_000))
        #expect(map(1184).0.convert("2024-03-01 10:34:56.789012+00") == .string("2024-03-01T10:34:56.789012Z"))
        #expect(map(1184).0.convert("2024-03-01 10:34:56+00") == .string("2024-03-01T10:34:56.000000Z"))
        #expect(map(1184, 3).0.convert("2024-03-01 10:34:56.5+00") == .string("2024-03-01T10:34:56.500Z"))
        #expect(map(1186).0.convert("1 year 2 mons 3 days 04:05:06.789") == .int64(37_091_106_789_000))
        #expect(map(1186).0.convert("-1 days -02:00:00") == .int64(-93_600_000_000))
        #expect(map(1186).0.convert("-1 mons +2 days 00:00:00.000001") == .int64(-2_456_999_999_999))
    }

    @Test func numbersAndDecimals() {
        let (fixed, schema) = map(1700, 655_366)
        #expect(schema.name == "org.apache.kafka.connect.data.Decimal")
        #expect(schema.parameters == ["scale": "2", "connect.decimal.precision": "10"])
        guard case .decimal(let price)? = fixed.convert("12345.67") else { Issue.record("decimal"); return }
        #expect(price.unscaledBytes == [0x12, 0xD6, 0x87] && price.scale == 2)   // "EtaH"
        guard case .decimal(let negative)? = fixed.convert("-1.50") else { Issue.record("decimal"); return }
        #expect(negative.unscaledBytes == [0xFF, 0x6A])                              // "/2o="
        guard case .struct(let free)? = map(1700).0.convert("0.000") else { Issue.record("vsd"); return }
        #expect(free["scale"] == .int32(0) && free["value"] == ConnectValue(bytes: [0]))
        #expect(map(1700).0.convert("NaN") == nil)
        #expect(map(20).0.convert("9223372036854775807") == .int64(.max))
        #expect(map(701).0.convert("-Infinity") == .float64(-.infinity))
        guard case .decimal(let money)? = map(790).0.convert("$1,234.50") else { Issue.record("money"); return }
        #expect(money.unscaledBytes == [0x01, 0xE2, 0x3A] && money.scale == 2)
    }

    @Test func otherTypes() {
        #expect(map(17).0.convert("\\xdeadbeef00") == ConnectValue(bytes: [0xDE, 0xAD, 0xBE, 0xEF, 0x00]))
        #expect(map(1007).0.convert("{1,2,NULL,4}") == .array([.int32(1), .int32(2), .null, .int32(4)]))
        #expect(map(1009).0.convert(#"{x,"y z","q\"uote",NULL}"#) == .array(["x", "y z", #"q"uote"#, .null]))
        #expect(map(1560, 3).0.convert("101") == ConnectValue(bytes: [0x05]))
        #expect(map(1560, 3).1.parameters == ["length": "3"])
        #expect(map(2950).1.name == "io.debezium.data.Uuid")
        #expect(map(3802).1.name == "io.debezium.data.Json")
        let (enumKind, enumSchema) = TypeMapper.map(typeOID: 16390, typeModifier: -1,
                                                    info: { _ in PgTypeInfo(typeType: "e", enumLabels: ["sad", "ok", "happy"]) },
                                                    options: TypeMappingOptions())
        #expect(enumKind.convert("happy") == .string("happy"))
        #expect((try? enumSchema.build())?.parameters == ["allowed": "sad,ok,happy"])
    }
}

/// Rows with structs in optional columns (numeric without typmod, numeric[]) build under the column's own schema.
@Suite struct OptionalStructColumnTests {
    @Test func unconstrainedNumericInNullableColumnsAndArrays() throws {
        let columns = [PgColumn(isKey: true, name: "id", typeOID: 23, typeModifier: -1),
                       PgColumn(isKey: false, name: "n", typeOID: 1700, typeModifier: -1),
                       PgColumn(isKey: false, name: "ns", typeOID: 1231, typeModifier: -1)]
        let model = try TableModel(id: TableID(schema: "public", table: "t"), oid: 1, relationColumns: columns, replicaIdentity: "d",
                                   facts: nil, topicPrefix: "p", keyOverride: nil, options: TypeMappingOptions(), includeColumn: { _ in true })
        let row = try RowConverter(placeholder: "x").row(model, [.text("1"), .text("3.14"), .text("{1.5,NULL}")])
        try row.validate()
        guard case .struct(let n) = row.get(model.rowSchema.fields[1]) else { Issue.record("n is not a struct"); return }
        #expect(n.schema.isOptional)
        #expect(try n.get("scale") == .int32(2))
        guard case .array(let items) = row.get(model.rowSchema.fields[2]), case .struct(let first)? = items.first else {
            Issue.record("ns is not an array of structs"); return
        }
        #expect(first.schema == model.rowSchema.fields[2].schema.valueSchema)
    }
}
