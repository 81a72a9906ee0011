import ConnectAPI
import NIOCore
import Testing

@testable import ConnectConverters

/// The fast path for envelopes that repeat the previous record's schema bytes: whatever it returns must be what
/// the general path (parse tree + `convertToConnect`) returns, and every input it does not handle exactly must
/// reach the general path (same result or same error).
@Suite struct KnownEnvelopeTests {
    private static let nested = #"{"type":"struct","fields":[{"type":"int32","optional":false,"field":"x"},"#
        + #"{"type":"string","optional":true,"field":"s"}],"optional":true,"name":"Inner","field":"inner"}"#
    private static let schema = #"{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},"#
        + #"{"type":"string","optional":true,"field":"name"},{"type":"double","optional":true,"field":"amount"},"#
        + #"{"type":"float","optional":true,"field":"ratio"},{"type":"boolean","optional":true,"field":"ok"},"#
        + #"{"type":"int8","optional":true,"field":"small"},{"type":"int16","optional":true,"field":"mid"},"#
        + #"{"type":"int32","optional":true,"name":"org.apache.kafka.connect.data.Date","version":1,"field":"day"},"#
        + #"{"type":"int64","optional":true,"name":"org.apache.kafka.connect.data.Timestamp","version":1,"field":"at"},"#
        + #"{"type":"int32","optional":true,"name":"org.apache.kafka.connect.data.Time","version":1,"field":"tod"},"#
        + #"{"type":"string","optional":true,"default":"dflt","field":"withDefault"},"#
        + #"{"type":"int64","optional":false,"field":"required2"},"# + nested
        + #"],"optional":false,"name":"Row"}"#

    private static func envelope(_ payload: String) -> String { #"{"schema":\#(schema),"payload":\#(payload)}"# }

    private static let base = #"{"id":1,"name":"a","amount":1.5,"ratio":0.25,"ok":true,"small":3,"mid":300,"#
        + #""day":19000,"at":1700000000123,"tod":3600000,"withDefault":"x","required2":7,"inner":{"x":1,"s":"y"}}"#

    /// Payloads the fast path reads itself, and ones it must hand to the general path.
    private static let payloads: [String] = [
        base,
        // Member order, whitespace.
        #"{"required2":7,"id":1,"inner":{"s":"y","x":1},"withDefault":"x"}"#,
        " { \"id\" : 1 ,\n\t\"required2\" : 2 , \"withDefault\" : \"q\" } ",
        // Missing optional members, nulls.
        #"{"id":1,"required2":2,"withDefault":"x","name":null,"inner":null,"amount":null}"#,
        // Missing members that need the default, or are required.
        #"{"id":1,"required2":2}"#,
        #"{"id":1,"withDefault":"x"}"#,
        #"{"id":1,"required2":2,"withDefault":null}"#,
        #"{"id":null,"required2":2,"withDefault":"x"}"#,
        // Numbers.
        #"{"id":-0,"required2":9223372036854775807,"withDefault":"x"}"#,
        #"{"id":-9223372036854775808,"required2":0,"withDefault":"x"}"#,
        #"{"id":9223372036854775808,"required2":0,"withDefault":"x"}"#,
        #"{"id":1.0,"required2":0,"withDefault":"x"}"#,
        #"{"id":1e3,"required2":0,"withDefault":"x"}"#,
        #"{"id":01,"required2":0,"withDefault":"x"}"#,
        #"{"id":1,"required2":0,"withDefault":"x","small":300,"mid":70000}"#,
        #"{"id":1,"required2":0,"withDefault":"x","amount":-1.25e-3,"ratio":3}"#,
        #"{"id":1,"required2":0,"withDefault":"x","amount":123456789012345678901234567890}"#,
        #"{"id":1,"required2":0,"withDefault":"x","amount":"NaN","ratio":"-Infinity"}"#,
        #"{"id":1,"required2":0,"withDefault":"x","amount":"nope"}"#,
        #"{"id":1,"required2":0,"withDefault":"x","amount":1.}"#,
        #"{"id":"1","required2":0,"withDefault":"x"}"#,
        // Logical types.
        #"{"id":1,"required2":0,"withDefault":"x","day":-1,"at":-5,"tod":86399999}"#,
        #"{"id":1,"required2":0,"withDefault":"x","day":3000000000}"#,
        #"{"id":1,"required2":0,"withDefault":"x","tod":90000000}"#,
        #"{"id":1,"required2":0,"withDefault":"x","at":1.5}"#,
        // Strings.
        #"{"id":1,"required2":0,"withDefault":"x","name":"d\u00e9j\u00e0 \"vu\""}"#,
        #"{"id":1,"required2":0,"withDefault":"x","name":"déjà vu ✓"}"#,
        #"{"id":1,"required2":0,"withDefault":"x","name":5}"#,
        // Booleans.
        #"{"id":1,"required2":0,"withDefault":"x","ok":false}"#,
        #"{"id":1,"required2":0,"withDefault":"x","ok":tru}"#,
        #"{"id":1,"required2":0,"withDefault":"x","ok":1}"#,
        // Unknown, repeated and escaped member names.
        #"{"id":1,"required2":0,"withDefault":"x","extra":[1,{"a":2}]}"#,
        #"{"id":1,"required2":0,"withDefault":"x","id":2}"#,
        #"{"i\u0064":1,"required2":0,"withDefault":"x"}"#,
        // Nested.
        #"{"id":1,"required2":0,"withDefault":"x","inner":{"x":2}}"#,
        #"{"id":1,"required2":0,"withDefault":"x","inner":{"s":"only"}}"#,
        #"{"id":1,"required2":0,"withDefault":"x","inner":[]}"#,
        // Malformed.
        #"{"id":1,"required2":0,"withDefault":"x",}"#,
        #"{"id":1,"required2":0,"withDefault":"x""#,
        #"{"id":1 "required2":0}"#,
        "null",
        "[1]",
    ]

    /// Equal outcomes; NaN values (never equal to themselves) compared by their text.
    private static func same(_ a: Result<SchemaAndValue, ConversionFailure>, _ b: Result<SchemaAndValue, ConversionFailure>) -> Bool {
        a == b || ("\(a)".contains("nan") && "\(a)" == "\(b)")
    }

    @Test func everyPayloadGivesTheGeneralPathsResultOrError() throws {
        let fast = try makeValueConverter()
        let general = try makeValueConverter(["schemas.cache.size": "0"])
        // Prime the fast converter's last-schema slot.
        _ = try fast.toConnectData(topic: "t", headers: nil, value: ByteBuffer(string: Self.envelope(Self.base)))
        for payload in Self.payloads {
            let text = Self.envelope(payload)
            let expected = conversionOutcome(general, text)
            #expect(Self.same(conversionOutcome(fast, text), expected), "payload \(payload)")
            // Trailing content after the envelope as well.
            #expect(Self.same(conversionOutcome(fast, text + " x"), conversionOutcome(general, text + " x")), "payload \(payload) + x")
            #expect(Self.same(conversionOutcome(fast, text + "\n"), conversionOutcome(general, text + "\n")), "payload \(payload) + newline")
        }
    }

    @Test func theReaderHandlesTheCommonShapesItself() throws {
        let converter = try makeValueConverter()
        let parsed = try converter.toConnectData(topic: "t", headers: nil, value: ByteBuffer(string: Self.envelope(Self.base)))
        let schema = try #require(parsed.schema)
        let accepted = [Self.payloads[0], Self.payloads[1], Self.payloads[2], Self.payloads[3], Self.payloads[8],
                        Self.payloads[9], #"{"id":1,"required2":0,"withDefault":"x","amount":"NaN"}"#]
        for payload in accepted {
            #expect(fastPathRead(payload, schema: schema) != nil, "payload \(payload)")
        }
    }

    @Test func anotherSchemaAfterTheLastOneIsReadTheGeneralWay() throws {
        let converter = try makeValueConverter()
        let general = try makeValueConverter(["schemas.cache.size": "0"])
        let first = Self.envelope(Self.base)
        let other = #"{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"}],"optional":false},"payload":{"id":5}}"#
        for text in [first, other, first, other, other] {
            #expect(conversionOutcome(converter, text) == conversionOutcome(general, text))
        }
    }
}
