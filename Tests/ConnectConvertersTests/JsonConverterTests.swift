import ConnectAPI
import ConnectConverters
import NIOCore
import Testing

private func converter(_ configs: [String: String] = [:], isKey: Bool = false) throws -> JsonConverter {
    var converter = JsonConverter()
    try converter.configure(configs, isKey: isKey)
    return converter
}

private func json(_ converter: JsonConverter, _ schema: Schema?, _ value: ConnectValue) throws -> String? {
    try converter.fromConnectData(topic: "t", headers: nil, schema: schema, value: value)
        .map { String(decoding: $0.readableBytesView, as: UTF8.self) }
}

private func read(_ converter: JsonConverter, _ text: String) throws -> SchemaAndValue {
    try converter.toConnectData(topic: "t", headers: nil, value: ByteBuffer(string: text))
}

@Suite struct JsonConverterPrimitiveTests {
    @Test(arguments: [
        (Schema.boolean, ConnectValue.boolean(true), #"{"schema":{"type":"boolean","optional":false},"payload":true}"#),
        (Schema.int8, .int8(-12), #"{"schema":{"type":"int8","optional":false},"payload":-12}"#),
        (Schema.int16, .int16(32767), #"{"schema":{"type":"int16","optional":false},"payload":32767}"#),
        (Schema.int32, .int32(1_000_000), #"{"schema":{"type":"int32","optional":false},"payload":1000000}"#),
        (Schema.int64, .int64(.max), #"{"schema":{"type":"int64","optional":false},"payload":9223372036854775807}"#),
        (Schema.float32, .float32(1.5), #"{"schema":{"type":"float","optional":false},"payload":1.5}"#),
        (Schema.float64, .float64(2.718281828459045), #"{"schema":{"type":"double","optional":false},"payload":2.718281828459045}"#),
        (Schema.string, "hé \"q\" \n\u{1F}€", #"{"schema":{"type":"string","optional":false},"payload":"hé \"q\" \n\u001F€"}"#),
        (Schema.bytes, ConnectValue(bytes: [0xDE, 0xAD, 0xBE, 0xEF, 0x00]), #"{"schema":{"type":"bytes","optional":false},"payload":"3q2+7wA="}"#),
        (Schema.optionalString, .null, #"{"schema":{"type":"string","optional":true},"payload":null}"#),
    ])
    func primitiveWithSchema(schema: Schema, value: ConnectValue, expected: String) throws {
        let c = try converter()
        #expect(try json(c, schema, value) == expected)
        let back = try read(c, expected)
        #expect(back.schema == schema)
        #expect(back.value == value)
    }

    @Test(arguments: [
        (1.0, "1.0"), (100.0, "100.0"), (1e10, "1.0E10"), (1e300, "1.0E300"), (0.001, "0.001"), (1e-4, "1.0E-4"),
        (1_234_567.0, "1234567.0"), (12_345_678.9, "1.23456789E7"), (1e7, "1.0E7"), (9_999_999.0, "9999999.0"),
        (Double.leastNonzeroMagnitude, "4.9E-324"), (Double.greatestFiniteMagnitude, "1.7976931348623157E308"), (-0.0, "-0.0"), (0.0, "0.0"),
        (0.1, "0.1"), (-1.25e-7, "-1.25E-7"), (123.456, "123.456"), (1e23, "1.0E23"), (2e-3, "0.002"),
    ])
    func doublesPrintLikeJava(value: Double, expected: String) {
        #expect(JavaNumberFormat.doubleToString(value) == expected)
    }

    @Test(arguments: [
        (Float(1.0), "1.0"), (1e10, "1.0E10"), (0.1, "0.1"), (Float.greatestFiniteMagnitude, "3.4028235E38"),
        (Float.leastNonzeroMagnitude, "1.4E-45"), (1.5, "1.5"), (-3.25, "-3.25"), (16_777_216, "1.6777216E7"),
    ])
    func floatsPrintLikeJava(value: Float, expected: String) {
        #expect(JavaNumberFormat.floatToString(value) == expected)
    }

    @Test func nonFiniteNumbersAreStrings() throws {
        let c = try converter(["schemas.enable": "false"])
        #expect(try json(c, .float64, .float64(.nan)) == #""NaN""#)
        #expect(try json(c, .float64, .float64(-.infinity)) == #""-Infinity""#)
        #expect(try json(c, .float32, .float32(.infinity)) == #""Infinity""#)
        #expect(try read(try converter(), #"{"schema":{"type":"double","optional":false},"payload":"-Infinity"}"#).value == .float64(-.infinity))
    }

    @Test func schemalessValuesInferTheirTypes() throws {
        let c = try converter(["schemas.enable": "false"])
        let value = ConnectValue.map([
            .init(key: "a", value: .int32(1)),
            .init(key: "b", value: .array([.float64(1.5), .null, "x", .boolean(false)])),
            .init(key: "c", value: ConnectValue(bytes: [1, 2, 3])),
        ])
        #expect(try json(c, nil, value) == #"{"a":1,"b":[1.5,null,"x",false],"c":"AQID"}"#)
        let back = try read(c, #"{"a":1,"b":[1.5,null,"x",false],"big":12345678901234567890,"e":1e2}"#)
        #expect(back.schema == nil)
        #expect(back.value == .map([
            .init(key: "a", value: .int64(1)),
            .init(key: "b", value: .array([.float64(1.5), .null, "x", .boolean(false)])),
            .init(key: "big", value: .float64(Double("12345678901234567890")!)),
            .init(key: "e", value: .float64(100)),
        ]))
    }

    @Test func nullWithoutSchemaIsATombstone() throws {
        for schemas in ["true", "false"] {
            let c = try converter(["schemas.enable": schemas])
            #expect(try c.fromConnectData(topic: "t", headers: nil, schema: nil, value: .null) == nil)
            #expect(try c.toConnectData(topic: "t", headers: nil, value: nil) == .null)
        }
        // With a schema the envelope is still written.
        #expect(try json(try converter(), .optionalInt32, .null) == #"{"schema":{"type":"int32","optional":true},"payload":null}"#)
        #expect(try json(try converter(["schemas.enable": "false"]), .optionalInt32, .null) == "null")
    }

    @Test func schemalessNullInsideTheEnvelope() throws {
        #expect(try json(try converter(), nil, .int64(5)) == #"{"schema":null,"payload":5}"#)
        let back = try read(try converter(), #"{"schema":null,"payload":{"k":[1,2]}}"#)
        #expect(back.schema == nil)
        #expect(back.value == .map([.init(key: "k", value: .array([.int64(1), .int64(2)]))]))
    }
}

@Suite struct JsonConverterSchemaTests {
    @Test func optionalDefaultNameVersionDocParameters() throws {
        let schema = try SchemaBuilder.int32().optional().name("my.Int").version(3).doc("a \"doc\"")
            .parameter("b", "2").parameter("a", "1").defaultValue(.int32(42)).build()
        let c = try converter()
        let expected = #"{"schema":{"type":"int32","optional":true,"name":"my.Int","version":3,"doc":"a \"doc\"","parameters":{"a":"1","b":"2"},"default":42},"payload":42}"#
        #expect(try json(c, schema, .null) == expected)
        #expect(try read(c, expected).schema == schema)
        let noReplace = try converter(["replace.null.with.default": "false"])
        #expect(try json(noReplace, schema, .null)?.hasSuffix(#""payload":null}"#) == true)
    }

    @Test func requiredNullFails() throws {
        #expect(throws: ConnectError.self) { try json(try converter(), .int32, .null) }
        let error = try #require(throws: ConnectError.self) {
            try read(try converter(), #"{"schema":{"type":"int32","optional":false},"payload":null}"#)
        }
        #expect(error.message == "Invalid null value for required INT32 field")
    }

    @Test func arrays() throws {
        let schema = try SchemaBuilder.array(.optionalInt32).build()
        let c = try converter()
        let expected = #"{"schema":{"type":"array","items":{"type":"int32","optional":true},"optional":false},"payload":[1,2,null,4]}"#
        let value = ConnectValue.array([.int32(1), .int32(2), .null, .int32(4)])
        #expect(try json(c, schema, value) == expected)
        let back = try read(c, expected)
        #expect(back.schema == schema)
        #expect(back.value == value)
    }

    @Test func stringKeyedMapsAreObjects() throws {
        let schema = try SchemaBuilder.map(.string, .int64).build()
        let c = try converter()
        let value = ConnectValue.map([.init(key: "z", value: .int64(1)), .init(key: "a", value: .int64(2))])
        let expected = #"{"schema":{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int64","optional":false},"optional":false},"payload":{"z":1,"a":2}}"#
        #expect(try json(c, schema, value) == expected)
        let back = try read(c, expected)
        #expect(back.schema == schema)
        #expect(back.value == value)
    }

    @Test func nonStringKeyedMapsArePairArrays() throws {
        let schema = try SchemaBuilder.map(.int32, .string).build()
        let c = try converter()
        let value = ConnectValue.map([.init(key: .int32(1), value: "one"), .init(key: .int32(-2), value: "minus two")])
        let expected = #"{"schema":{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"string","optional":false},"optional":false},"payload":[[1,"one"],[-2,"minus two"]]}"#
        #expect(try json(c, schema, value) == expected)
        let back = try read(c, expected)
        #expect(back.value == value)
        // Schemaless maps with any non-string key are also written as pairs.
        let schemaless = try converter(["schemas.enable": "false"])
        #expect(try json(schemaless, nil, .map([.init(key: .int64(1), value: .boolean(true))])) == "[[1,true]]")
    }

    @Test func nestedStructWithDefaultsRoundTrips() throws {
        let inner = try SchemaBuilder.struct().name("Inner").optional().field("x", .float64).build()
        let schema = try SchemaBuilder.struct().name("Outer").version(1).doc("d")
            .field("id", .int64)
            .field("tag", SchemaBuilder.string().defaultValue("none"))
            .field("inner", inner)
            .field("list", try SchemaBuilder.array(inner).optional().build())
            .build()
        let value = ConnectValue.struct(try Struct(schema: schema)
            .putting("id", .int64(7))
            .putting("inner", .struct(try Struct(schema: inner).putting("x", .float64(1e-9))))
            .putting("list", .array([.null])))
        let c = try converter()
        let expected = #"{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},{"type":"string","optional":false,"default":"none","field":"tag"},{"type":"struct","fields":[{"type":"double","optional":false,"field":"x"}],"optional":true,"name":"Inner","field":"inner"},{"type":"array","items":{"type":"struct","fields":[{"type":"double","optional":false,"field":"x"}],"optional":true,"name":"Inner"},"optional":true,"field":"list"}],"optional":false,"name":"Outer","version":1,"doc":"d"},"payload":{"id":7,"tag":"none","inner":{"x":1.0E-9},"list":[null]}}"#
        #expect(try json(c, schema, value) == expected)
        let back = try read(c, expected)
        #expect(back.schema == schema)
        guard case .struct(let row) = back.value else { Issue.record("no struct"); return }
        #expect(row["tag"] == "none")
        #expect(row["id"] == .int64(7))
        #expect(try json(c, back.schema, back.value) == expected)
    }

    @Test func mismatchedValuesFail() throws {
        let c = try converter()
        #expect(throws: ConnectError.self) { try json(c, .int32, "x") }
        let other = try SchemaBuilder.struct().name("A").field("a", .int32).build()
        let another = try SchemaBuilder.struct().name("B").field("a", .int32).build()
        let error = try #require(throws: ConnectError.self) {
            try json(c, another, .struct(try Struct(schema: other).putting("a", .int32(1))))
        }
        #expect(error.message == "Mismatching schema.")
    }
}

@Suite struct JsonConverterLogicalTests {
    static let decimalSchema = try! ConnectDecimal.builder(scale: 2).parameter("connect.decimal.precision", "10").build()

    @Test func decimalsAreBase64OfUnscaledBytes() throws {
        let c = try converter()
        let schemaJSON = #"{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2","connect.decimal.precision":"10"}}"#
        #expect(try json(c, Self.decimalSchema, .decimal(ConnectDecimal("12345.67")!)) == #"{"schema":\#(schemaJSON),"payload":"EtaH"}"#)
        #expect(try json(c, Self.decimalSchema, .decimal(ConnectDecimal("-1.50")!)) == #"{"schema":\#(schemaJSON),"payload":"/2o="}"#)
        let back = try read(c, #"{"schema":\#(schemaJSON),"payload":"/2o="}"#)
        #expect(back.schema == Self.decimalSchema)
        #expect(back.value == .decimal(ConnectDecimal("-1.50")!))
    }

    @Test func numericDecimalFormat() throws {
        let c = try converter(["decimal.format": "numeric", "schemas.enable": "false"])
        #expect(try json(c, Self.decimalSchema, .decimal(ConnectDecimal("-1.50")!)) == "-1.50")
        #expect(try json(c, Self.decimalSchema, .decimal(ConnectDecimal("0.00")!)) == "0.00")
        let tiny = ConnectDecimal.schema(scale: 10)
        #expect(try json(c, tiny, .decimal(ConnectDecimal(unscaled: 5, scale: 10))) == "5E-10")
        let withSchema = try converter(["decimal.format": "NUMERIC"])
        let text = try #require(try json(withSchema, Self.decimalSchema, .decimal(ConnectDecimal("12345.67")!)))
        #expect(text.hasSuffix(#""payload":12345.67}"#))
        #expect(try read(withSchema, text).value == .decimal(ConnectDecimal("12345.67")!))
        // Numbers are rescaled to the schema's scale when exact.
        #expect(try read(withSchema, text.replacingPayload("3")).value == .decimal(ConnectDecimal("3.00")!))
    }

    @Test func javaBigDecimalToString() {
        #expect(JavaNumberFormat.bigDecimalToString(unscaled: "123", scale: -2) == "1.23E+4")
        #expect(JavaNumberFormat.bigDecimalToString(unscaled: "-123", scale: 8) == "-0.00000123")
        #expect(JavaNumberFormat.bigDecimalToString(unscaled: "123", scale: 9) == "1.23E-7")
        #expect(JavaNumberFormat.bigDecimalToString(unscaled: "0", scale: 3) == "0.000")
        #expect(JavaNumberFormat.bigDecimalToString(unscaled: "7", scale: 0) == "7")
    }

    @Test func dateTimeTimestampAreIntegers() throws {
        let c = try converter()
        let date = ConnectDate(daysSinceEpoch: 19783)
        let time = try ConnectTime(millisecondsOfDay: 38_096_500)
        let ts = ConnectTimestamp(millisecondsSinceEpoch: -1_709_296_496_789)
        let dateJSON = #"{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":19783}"#
        #expect(try json(c, ConnectDate.schema, .date(date)) == dateJSON)
        #expect(try read(c, dateJSON).value == .date(date))
        let timeJSON = #"{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1},"payload":38096500}"#
        #expect(try json(c, ConnectTime.schema, .time(time)) == timeJSON)
        #expect(try read(c, timeJSON).value == .time(time))
        let tsJSON = #"{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":-1709296496789}"#
        #expect(try json(c, ConnectTimestamp.schema, .timestamp(ts)) == tsJSON)
        #expect(try read(c, tsJSON).value == .timestamp(ts))
        let error = try #require(throws: ConnectError.self) { try read(c, dateJSON.replacingPayload("\"x\"")) }
        #expect(error.message == "Invalid type for Date, underlying representation should be integer but was STRING")
    }

    @Test func logicalDefaultsRoundTrip() throws {
        let schema = try ConnectDecimal.builder(scale: 1).optional().defaultValue(.decimal(ConnectDecimal("-0.5")!)).build()
        let c = try converter()
        let text = try #require(try json(c, schema, .null))
        #expect(text == #"{"schema":{"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"1"},"default":"+w=="},"payload":"+w=="}"#)
        #expect(try read(c, text).schema == schema)
    }
}

@Suite struct JsonConverterErrorTests {
    @Test func envelopeIsRequiredWhenSchemasAreEnabled() throws {
        let c = try converter()
        for text in [#"{"a":1}"#, #"[1]"#, #"{"schema":null,"payload":1,"x":2}"#, "3", ""] {
            let error = try #require(throws: ConnectError.self) { try read(c, text) }
            #expect(error.code == .data)
            #expect(error.message == "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not contain additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.")
        }
        #expect(try read(try converter(["schemas.enable": "false"]), "").value == .null)
    }

    @Test(arguments: [
        "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"abc", "\"\\x\"", "\"\\u12\"", "[1] x", "{\"a\":1,}",
        "\"a\u{01}b\"", "nul", "1e", "[\"\\uD800\"", "{1:2}",
    ])
    func malformedJSONIsADataError(text: String) throws {
        let error = try #require(throws: ConnectError.self) { try read(try converter(["schemas.enable": "false"]), text) }
        #expect(error.message == "Converting byte[] to Kafka Connect data failed due to serialization error: ")
    }

    @Test func invalidUTF8AndDeepNestingAreRejected() throws {
        let c = try converter(["schemas.enable": "false"])
        #expect(throws: ConnectError.self) {
            try c.toConnectData(topic: "t", headers: nil, value: ByteBuffer(bytes: [0x22, 0xFF, 0x22]))
        }
        let deep = String(repeating: "[", count: 1001) + String(repeating: "]", count: 1001)
        #expect(throws: ConnectError.self) { try read(c, deep) }
        let ok = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect(try read(c, ok).value != .null)
        #expect(throws: ConnectError.self) { try read(c, String(repeating: "9", count: 1001)) }
    }

    @Test func badSchemasHaveKafkaMessages() throws {
        let c = try converter()
        let cases: [(String, String)] = [
            (#"{"schema":{"optional":false},"payload":1}"#, "Schema must contain 'type' field"),
            (#"{"schema":{"type":"nope"},"payload":1}"#, "Unknown schema type: nope"),
            (#"{"schema":{"type":"array"},"payload":[]}"#, "Array schema did not specify the element type"),
            (#"{"schema":{"type":"map","values":{"type":"int8"}},"payload":[]}"#, "Map schema did not specify the key type"),
            (#"{"schema":{"type":"struct"},"payload":{}}"#, "Struct schema's \"fields\" argument is not an array."),
            (#"{"schema":{"type":"struct","fields":[{"type":"int8"}]},"payload":{}}"#, "Struct schema's field name not specified properly"),
            (#"{"schema":{"type":"int8","parameters":{"a":1}},"payload":1}"#, "Schema parameters must have string values."),
            (#"{"schema":{"type":"struct","fields":[]},"payload":[1]}"#, "Structs should be encoded as JSON objects, but found ARRAY"),
            (#"{"schema":{"type":"map","keys":{"type":"string"},"values":{"type":"int8"}},"payload":[]}"#, "Maps with string fields should be encoded as JSON objects, but found ARRAY"),
            (#"{"schema":{"type":"map","keys":{"type":"int8"},"values":{"type":"int8"}},"payload":[[1]]}"#, "Found invalid map entry, expected length 2 but found :1"),
            (#"{"schema":{"type":"bytes"},"payload":"!!"}"#, "Invalid bytes field"),
            (#"{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}},"payload":"!!"}"#, "Invalid bytes for Decimal field"),
            (#"{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}},"payload":true}"#, "Invalid type for Decimal, underlying representation should be numeric or bytes but was BOOLEAN"),
            (#"{"schema":{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp"},"payload":1.5}"#, "Invalid type for Timestamp, underlying representation should be integral but was NUMBER"),
        ]
        for (text, message) in cases {
            let error = try #require(throws: ConnectError.self) { try read(c, text) }
            #expect(error.message == message, "\(text)")
        }
    }

    @Test func parserHandlesEscapesUnicodeAndBigNumbers() throws {
        let c = try converter(["schemas.enable": "false"])
        let back = try read(c, #" ["\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\", 123456789012345678901234567890, -0.0, 1E+2, "€"] "#)
        #expect(back.value == .array([
            .string("é😀/\u{08}\u{0C}\n\r\t\"\\"), .float64(1.2345678901234568e29), .float64(-0.0), .float64(100), "€",
        ]))
        // Writing escapes as Jackson: short forms for \b \t \n \f \r, \u00XX for other control characters, raw UTF-8 otherwise.
        #expect(try json(c, .string, "\u{08}\u{09}\u{0A}\u{0C}\u{0D}\u{00}\u{7F}/😀") == "\"\\b\\t\\n\\f\\r\\u0000\u{7F}/😀\"")
    }

    @Test func configValidation() throws {
        #expect(throws: ConnectError.self) { try converter(["decimal.format": "HEX"]) }
        #expect(throws: ConnectError.self) { try converter(["schemas.enable": "maybe"]) }
        let c = try converter(["schemas.cache.size": "5", "decimal.format": "numeric"], isKey: true)
        #expect(c.settings.type == .key)
        #expect(c.settings.decimalFormat == .numeric)
        #expect(c.settings.schemaCacheSize == 5)
        #expect(c.config.names.contains("schemas.enable"))
    }
}

@Suite struct SimpleConverterTests {
    @Test func stringConverter() throws {
        var c = StringConverter()
        try c.configure(["converter.encoding": "UTF-8"], isKey: false)
        #expect(try c.fromConnectData(topic: "t", headers: nil, schema: .string, value: "héllo") == ByteBuffer(string: "héllo"))
        #expect(try c.fromConnectData(topic: "t", headers: nil, schema: nil, value: .float64(1e10)) == ByteBuffer(string: "1.0E10"))
        #expect(try c.fromConnectData(topic: "t", headers: nil, schema: nil, value: .null) == nil)
        #expect(try c.toConnectData(topic: "t", headers: nil, value: ByteBuffer(string: "x")) == SchemaAndValue(schema: .optionalString, value: "x"))
        #expect(try c.toConnectData(topic: "t", headers: nil, value: nil) == SchemaAndValue(schema: .optionalString, value: .null))
        var latin = StringConverter()
        #expect(throws: ConnectError.self) { try latin.configure(["converter.encoding": "ISO-8859-1"], isKey: true) }
    }

    @Test func byteArrayConverter() throws {
        var c = ByteArrayConverter()
        try c.configure([:], isKey: false)
        let bytes = ByteBuffer(bytes: [0, 1, 255])
        #expect(try c.fromConnectData(topic: "t", headers: nil, schema: .bytes, value: .bytes(bytes)) == bytes)
        #expect(try c.fromConnectData(topic: "t", headers: nil, schema: nil, value: .null) == nil)
        #expect(try c.toConnectData(topic: "t", headers: nil, value: bytes) == SchemaAndValue(schema: .optionalBytes, value: .bytes(bytes)))
        #expect(throws: ConnectError.self) { try c.fromConnectData(topic: "t", headers: nil, schema: .string, value: "x") }
        #expect(throws: ConnectError.self) { try c.fromConnectData(topic: "t", headers: nil, schema: nil, value: .int32(1)) }
    }
}

extension String {
    /// The envelope text with its payload replaced.
    fileprivate func replacingPayload(_ payload: String) -> String {
        guard let range = self.firstRange(of: #""payload":"#) else { return self }
        return String(self[..<range.upperBound]) + payload + "}"
    }
}

@Suite struct JsonConverterCacheAndHeaderTests {
    @Test func schemasAreCachedWithinTheBound() throws {
        let c = try converter(["schemas.cache.size": "2"])
        for i in 0..<5 {
            let schema = try SchemaBuilder.int32().name("s\(i)").build()
            let text = try #require(try json(c, schema, .int32(Int32(i))))
            #expect(try read(c, text).schema == schema)
            #expect(try json(c, schema, .int32(Int32(i))) == text)
        }
        #expect(c.cachedSchemaCounts.fromConnect == 2)
        #expect(c.cachedSchemaCounts.toConnect == 2)
        let none = try converter(["schemas.cache.size": "0"])
        _ = try json(none, .int8, .int8(1))
        #expect(none.cachedSchemaCounts.fromConnect == 0)
    }

    @Test func headersUseTheValueFormat() throws {
        let c = try converter()
        let bytes = try #require(try c.fromConnectHeader(topic: "t", headerKey: "h", schema: .string, value: "v"))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"schema":{"type":"string","optional":false},"payload":"v"}"#)
        #expect(try c.toConnectHeader(topic: "t", headerKey: "h", value: bytes) == SchemaAndValue(schema: .string, value: "v"))
        #expect(try c.toConnectHeader(topic: "t", headerKey: "h", value: nil) == .null)
    }
}

@Suite struct RobustnessTests {
    @Test func everyTruncationOfAGoldenDocumentFailsCleanly() throws {
        let c = try converter()
        let bytes = Array(Golden.valueWithSchema.utf8)
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: ConnectError.self) {
                try c.toConnectData(topic: "t", headers: nil, value: ByteBuffer(bytes: bytes[..<length]))
            }
        }
    }

    @Test func randomBytesNeverCrash() throws {
        let c = try converter(["schemas.enable": "false"])
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]",:0123456789.eE-+truefalsnl\u "#.utf8) + [0x00, 0xC3, 0xA9, 0xFF]
        for _ in 0..<2000 {
            let count = Int.random(in: 0..<40, using: &generator)
            let bytes = (0..<count).map { _ in alphabet.randomElement(using: &generator)! }
            _ = try? c.toConnectData(topic: "t", headers: nil, value: ByteBuffer(bytes: bytes))
        }
    }

    @Test func javaDoubleStringsRoundTrip() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let d = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
            guard d.isFinite else { continue }
            let text = JavaNumberFormat.doubleToString(d)
            #expect(Double(text) == d, "\(text)")
            #expect(text.contains(".") || text.contains("E"))
            let f = Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &generator))
            if f.isFinite { #expect(Float(JavaNumberFormat.floatToString(f)) == f) }
        }
    }
}
