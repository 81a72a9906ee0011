public import ConnectAPI

/// Maps a PostgreSQL column type (OID, typmod, catalog facts) to Debezium's Connect schema and a ``ColumnKind``.
enum TypeMapper {
    /// The conversion and the (required, unnamed-default) schema builder of a column type.
    static func map(
        typeOID: UInt32, typeModifier: Int32, info: (UInt32) -> PgTypeInfo?, options: TypeMappingOptions
    ) -> (ColumnKind, SchemaBuilder) {
        let precision = typeModifier >= 0 ? Int(typeModifier) : 6
        switch typeOID {
        case PgTypeOID.bool: return (.boolean, .boolean())
        case PgTypeOID.int2: return (.int16, .int16())
        case PgTypeOID.int4: return (.int32, .int32())
        case PgTypeOID.int8, PgTypeOID.oid, PgTypeOID.xid: return (.int64, .int64())
        case PgTypeOID.float4: return (.float32, .float32())
        case PgTypeOID.float8: return (.float64, .float64())
        case PgTypeOID.numeric:
            switch options.decimalMode {
            case .double: return (.decimalAsDouble, .float64())
            case .string: return (.decimalAsString, .string())
            case .precise:
                guard typeModifier >= 4 else { return (.variableScaleDecimal, DebeziumSchemas.variableScaleDecimalBuilder) }
                let p = (typeModifier - 4) >> 16
                let s = (typeModifier - 4) & 0xFFFF
                return (.decimal(scale: s), decimalBuilder(scale: s, precision: p))
            }
        case PgTypeOID.money:
            switch options.decimalMode {
            case .double: return (.decimalAsDouble, .float64())
            case .string: return (.decimalAsString, .string())
            case .precise: return (.money(scale: options.moneyFractionDigits), decimalBuilder(scale: options.moneyFractionDigits, precision: nil))
            }
        case PgTypeOID.bytea: return (.bytes, .bytes())
        case PgTypeOID.uuid: return (.string, SchemaBuilder.string().name("io.debezium.data.Uuid").version(1))
        case PgTypeOID.json, PgTypeOID.jsonb: return (.string, SchemaBuilder.string().name("io.debezium.data.Json").version(1))
        case PgTypeOID.xml: return (.string, SchemaBuilder.string().name("io.debezium.data.Xml").version(1))
        case PgTypeOID.date:
            return options.timeMode == .connect ? (.connectDate, ConnectDate.builder())
                : (.debeziumDate, SchemaBuilder.int32().name("io.debezium.time.Date").version(1))
        case PgTypeOID.time:
            if options.timeMode == .connect { return (.connectTime, ConnectTime.builder()) }
            return precision <= 3 ? (.milliTime, SchemaBuilder.int32().name("io.debezium.time.Time").version(1))
                : (.microTime, SchemaBuilder.int64().name("io.debezium.time.MicroTime").version(1))
        case PgTypeOID.timetz: return (.zonedTime, SchemaBuilder.string().name("io.debezium.time.ZonedTime").version(1))
        case PgTypeOID.timestamp:
            if options.timeMode == .connect { return (.connectTimestamp, ConnectTimestamp.builder()) }
            return precision <= 3 ? (.milliTimestamp, SchemaBuilder.int64().name("io.debezium.time.Timestamp").version(1))
                : (.microTimestamp, SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1))
        case PgTypeOID.timestamptz:
            return (.zonedTimestamp(digits: min(precision, 6)), SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").version(1))
        case PgTypeOID.interval: return (.microDuration, SchemaBuilder.int64().name("io.debezium.time.MicroDuration").version(1))
        case PgTypeOID.bit where typeModifier == 1: return (.bit, .boolean())
        case PgTypeOID.bit, PgTypeOID.varbit:
            return (.bits, SchemaBuilder.bytes().name("io.debezium.data.Bits").version(1).parameter("length", String(max(typeModifier, 0))))
        default:
            break
        }
        let catalog = info(typeOID)
        if let element = catalog?.elementOID ?? PgTypeOID.arrayElements[typeOID], element != 0,
           catalog?.typeType ?? "b" == "b" {
            let (kind, builder) = map(typeOID: element, typeModifier: -1, info: info, options: options)
            let elementSchema = (try? builder.optional().build()) ?? .optionalString
            return (.array(kind), SchemaBuilder.array(elementSchema))
        }
        if let catalog {
            if catalog.typeType == "e" {
                return (.string, SchemaBuilder.string().name("io.debezium.data.Enum").version(1)
                    .parameter("allowed", catalog.enumLabels.joined(separator: ",")))
            }
            if catalog.typeType == "d", catalog.baseOID != 0 {
                return map(typeOID: catalog.baseOID, typeModifier: typeModifier, info: info, options: options)
            }
        }
        // text, varchar, bpchar, name, inet, cidr, macaddr, ranges and anything unknown: the text as is.
        return (.string, .string())
    }

    private static func decimalBuilder(scale: Int32, precision: Int32?) -> SchemaBuilder {
        var builder = ConnectDecimal.builder(scale: scale)
        if let precision { builder = builder.parameter("connect.decimal.precision", String(precision)) }
        return builder
    }
}
