import ConnectAPI
import NIOCore
import Testing

@Suite("Decimal logical type")
struct DecimalTests {
    /// Unscaled values and the bytes Java's `BigInteger.toByteArray()` gives for them.
    static let unscaledCases: [(Int64, [UInt8])] = [
        (0, [0x00]),
        (1, [0x01]),
        (-1, [0xFF]),
        (127, [0x7F]),
        (128, [0x00, 0x80]),
        (-128, [0x80]),
        (-129, [0xFF, 0x7F]),
        (156, [0x00, 0x9C]),
        (-156, [0xFF, 0x64]),
        (Int64.max, [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
        (Int64.min, [0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]),
    ]

    @Test(arguments: unscaledCases)
    func unscaledBytesAreMinimalTwosComplement(unscaled: Int64, bytes: [UInt8]) {
        let decimal = ConnectDecimal(unscaled: unscaled, scale: 2)
        #expect(decimal.unscaledBytes == bytes)
        #expect(decimal.unscaledInt64 == unscaled)
        #expect(ConnectDecimal(unscaledBytes: bytes, scale: 2) == decimal)
        // Redundant sign bytes are dropped on input.
        let padded = (bytes[0] & 0x80 != 0 ? [0xFF, 0xFF] : [0x00, 0x00]) + bytes
        #expect(ConnectDecimal(unscaledBytes: padded, scale: 2) == decimal)
    }

    /// Decimal texts, their unscaled two's complement bytes and scale.
    static let textCases: [(String, [UInt8], Int32)] = [
        ("1.56", [0x00, 0x9C], 2),
        ("-1.56", [0xFF, 0x64], 2),
        ("-12.50", [0xFB, 0x1E], 2),
        ("0.001", [0x01], 3),
        ("-0.001", [0xFF], 3),
        ("42", [0x2A], 0),
        ("18446744073709551616", [0x01, 0, 0, 0, 0, 0, 0, 0, 0], 0),
        ("-18446744073709551616", [0xFF, 0, 0, 0, 0, 0, 0, 0, 0], 0),
        ("-9223372036854775809", [0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 0),
        ("12345678901234567890.123456789", [0x27, 0xE4, 0x1B, 0x32, 0x46, 0xBE, 0xC9, 0xB1, 0x6E, 0x39, 0x81, 0x15], 9),
    ]

    @Test(arguments: textCases)
    func textRoundTripsThroughWireBytes(text: String, bytes: [UInt8], scale: Int32) throws {
        let decimal = try #require(ConnectDecimal(text))
        #expect(decimal.scale == scale)
        #expect(decimal.unscaledBytes == bytes)
        #expect(decimal.description == text)
        let schema = ConnectDecimal.schema(scale: scale)
        let wire = try ConnectDecimal.fromLogical(schema, decimal)
        #expect(wire == bytes)
        #expect(try ConnectDecimal.toLogical(schema, wire) == decimal)
    }

    @Test func parsingFollowsBigDecimalScales() throws {
        #expect(ConnectDecimal("1e3")?.scale == -3)
        #expect(ConnectDecimal("1e3")?.description == "1000")
        #expect(ConnectDecimal("1.25E-2")?.description == "0.0125")
        #expect(ConnectDecimal("+7")?.description == "7")
        #expect(ConnectDecimal(".5")?.description == "0.5")
        #expect(ConnectDecimal("-0.00")?.isZero == true)
        #expect(ConnectDecimal("-0.00")?.description == "0.00")
        for bad in ["", "-", ".", "1.2.3", "abc", "1e", "1 ", "0x10"] {
            #expect(ConnectDecimal(bad) == nil, "\(bad)")
        }
    }

    @Test func equalityIncludesScaleAsJavaBigDecimal() {
        #expect(ConnectDecimal("1.0") != ConnectDecimal("1.00"))
        #expect(ConnectDecimal("1.0")?.rescaled(to: 2) == ConnectDecimal("1.00"))
        #expect(ConnectDecimal("-12.50")?.rescaled(to: 1) == ConnectDecimal("-12.5"))
        #expect(ConnectDecimal("-12.55")?.rescaled(to: 1) == nil)
        #expect(ConnectDecimal("-12.5")?.doubleValue == -12.5)
    }

    @Test func schemaCarriesNameScaleAndVersion() throws {
        let schema = ConnectDecimal.schema(scale: 4)
        #expect(schema.type == .bytes)
        #expect(schema.name == "org.apache.kafka.connect.data.Decimal")
        #expect(schema.parameters == ["scale": "4"])
        #expect(schema.version == 1)
        #expect(try ConnectDecimal.builder(scale: 4).build() == schema)
        #expect(try ConnectDecimal.builder(scale: 4).optional().build() == schema.asOptional())
        #expect(schema.isLogical)
    }

    @Test func mismatchedOrMissingScaleIsAnError() throws {
        let mismatch = #expect(throws: ConnectError.self) {
            try ConnectDecimal.fromLogical(ConnectDecimal.schema(scale: 2), ConnectDecimal("1.5")!)
        }
        #expect(mismatch?.message == "Decimal value has mismatching scale for given Decimal schema. Schema has scale 2, value has scale 1.")
        let noScale = try SchemaBuilder.bytes().name(ConnectDecimal.logicalName).build()
        let missing = #expect(throws: ConnectError.self) { try ConnectDecimal.toLogical(noScale, [1]) }
        #expect(missing?.message == "Invalid Decimal schema: scale parameter not found.")
    }

    @Test func schemaConvertsBetweenLogicalAndPhysical() throws {
        let schema = ConnectDecimal.schema(scale: 2)
        let logical = ConnectValue.decimal(ConnectDecimal("-1.56")!)
        let physical = try schema.fromLogical(logical)
        #expect(physical == ConnectValue(bytes: [0xFF, 0x64]))
        #expect(try schema.toLogical(physical) == logical)
        #expect(try Schema.bytes.toLogical(physical) == physical)
    }
}
