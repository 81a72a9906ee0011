import ConnectAPI
import Testing

@testable import ConnectConverters

/// The tree-free payload writer must give exactly `JSONWriter.write(convertToJson(…))`, and leave every value it
/// does not handle (or the general path rejects) to the general path.
@Suite struct SchemaPayloadWriterTests {
    private static func converter(_ configs: [String: String] = [:]) throws -> JsonConverter {
        var converter = JsonConverter()
        try converter.configure(configs, isKey: false)
        return converter
    }

    /// What the general path gives: bytes, or the error's text.
    private static func general(_ converter: JsonConverter, _ schema: Schema, _ value: ConnectValue) -> Result<[UInt8], Failure> {
        do {
            return .success(JSONWriter.write(try converter.convertToJson(schema, value) ?? .null))
        } catch {
            return .failure(Failure(text: "\(error)"))
        }
    }

    private static func serialized(_ converter: JsonConverter, _ schema: Schema, _ value: ConnectValue) -> Result<[UInt8], Failure> {
        do {
            return .success(try converter.serialize(schema: schema, value: value) ?? [])
        } catch {
            return .failure(Failure(text: "\(error)"))
        }
    }

    private struct Failure: Error, Equatable {
        let text: String
    }

    private static func cases() throws -> [(Schema, ConnectValue, handled: Bool)] {
        let inner = try SchemaBuilder.struct().name("Inner").optional()
            .field("x", .int32).field("s", .optionalString).build()
        let row = try SchemaBuilder.struct().name("Row")
            .field("i8", .int8).field("i16", .int16).field("i32", .int32).field("i64", .int64)
            .field("f32", .optionalFloat32).field("f64", .optionalFloat64).field("b", .optionalBoolean)
            .field("s", .optionalString).field("bytes", .optionalBytes)
            .field("dec", ConnectDecimal.builder(scale: 2).optional().build())
            .field("day", ConnectDate.builder().optional().build())
            .field("tod", ConnectTime.builder().optional().build())
            .field("at", ConnectTimestamp.builder().optional().build())
            .field("tags", SchemaBuilder.array(.string).optional().build())
            .field("withDefault", SchemaBuilder.string().optional().defaultValue("dflt").build())
            .field("inner", inner)
            .build()
        func full(_ mutate: (inout Struct) throws -> Void = { _ in }) throws -> ConnectValue {
            var value = try Struct(schema: row)
            try value.put("i8", .int8(-8))
            try value.put("i16", .int16(300))
            try value.put("i32", .int32(-70000))
            try value.put("i64", .int64(.min))
            try value.put("f32", .float32(1.5e-7))
            try value.put("f64", .float64(12345678.9))
            try value.put("b", .boolean(true))
            try value.put("s", .string("quote \" backslash \\ newline \n tab \t ctrl \u{01} déjà ✓"))
            try value.put("bytes", ConnectValue(bytes: [0, 1, 2, 250, 255]))
            try value.put("dec", .decimal(ConnectDecimal(unscaled: -12345, scale: 2)))
            try value.put("day", .date(ConnectDate(daysSinceEpoch: -3)))
            try value.put("at", .timestamp(ConnectTimestamp(millisecondsSinceEpoch: 1_700_000_000_123)))
            try value.put("tags", .array([.string("a"), .string("")]))
            var nested = try Struct(schema: inner)
            try nested.put("x", .int32(7))
            try value.put("inner", .struct(nested))
            try mutate(&value)
            return .struct(value)
        }
        return [
            (row, try full(), true),
            (row, try full { try $0.put("f64", .float64(.nan)); try $0.put("f32", .float32(-.infinity)) }, true),
            (row, try full { try $0.put("f64", .float64(1e-300)); try $0.put("f32", .float32(3.4e38)) }, true),
            (row, try full { try $0.put("withDefault", .string("set")); try $0.put("tags", .array([])) }, true),
            (row, try full { try $0.put("inner", .null) }, true),
            (.optionalString, .null, true),
            (try SchemaBuilder.string().optional().defaultValue("d").build(), .null, true),
            (.string, .string("plain"), true),
            (ConnectDecimal.schema(scale: 3), .decimal(ConnectDecimal(unscaled: 1, scale: 3)), true),
            // The general path rejects these; the writer must leave them to it.
            (.string, .null, false),
            (.int32, .int64(1), false),
            (ConnectDecimal.schema(scale: 2), .string("1.00"), false),
            (ConnectDate.schema, .int32(1), false),
            (try SchemaBuilder.array(.string).build(), .array([.null]), false),
            (row, .struct(try Struct(schema: inner)), false),
            // Maps are left to the general path (ordering and key rules).
            (try SchemaBuilder.map(.string, .int32).build(), .map([.init(key: .string("k"), value: .int32(1))]), false),
        ]
    }

    @Test(arguments: ["BASE64", "NUMERIC"])
    func theWriterGivesTheGeneralPathsBytesOrLeavesTheValueToIt(decimalFormat: String) throws {
        let converter = try Self.converter(["schemas.enable": "false", "decimal.format": decimalFormat])
        let writer = SchemaPayloadWriter(replaceNullWithDefault: true, decimalFormat: decimalFormat == "BASE64" ? .base64 : .numeric)
        for (schema, value, handled) in try Self.cases() {
            let expected = Self.general(converter, schema, value)
            #expect(Self.serialized(converter, schema, value) == expected, "\(schema) \(value)")
            var out: [UInt8] = []
            let wrote = writer.write(schema, value, into: &out)
            #expect(wrote == handled, "\(schema) \(value)")
            if wrote { #expect(.success(out) == expected) }
        }
    }

    @Test func envelopesKeepTheirBytesWithTheFastPayload() throws {
        let converter = try Self.converter()
        for (schema, value, _) in try Self.cases() {
            guard case .success(let payload) = Self.general(converter, schema, value) else {
                #expect(throws: ConnectError.self) { try converter.serialize(schema: schema, value: value) }
                continue
            }
            let bytes = try #require(try converter.serialize(schema: schema, value: value))
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.hasSuffix(#","payload":"# + String(decoding: payload, as: UTF8.self) + "}"))
        }
    }
}
