import ConnectAPI
import NIOCore
import Testing

@testable import ConnectConverters

/// The payload fast path on base64 decimals and bytes and on arrays: what it returns is what the general path
/// returns, anything it does not read exactly goes the general way, and a schema it keeps giving up on (a map
/// field) stops being tried.
@Suite struct KnownEnvelopeBytesTests {
    private static let schema = #"{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},"#
        + #"{"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,"#
        + #""parameters":{"scale":"2"},"field":"price"},"#
        + #"{"type":"bytes","optional":true,"field":"blob"},"#
        + #"{"type":"array","items":{"type":"int32","optional":false},"optional":true,"field":"nums"},"#
        + #"{"type":"array","items":{"type":"string","optional":true},"optional":true,"field":"tags"},"#
        + #"{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"#
        + #""optional":true,"field":"m"}],"optional":false,"name":"Row"}"#

    private static func envelope(_ payload: String) -> String { #"{"schema":\#(schema),"payload":\#(payload)}"# }

    private static let base = #"{"id":1,"price":"MDk=","blob":"AAEC","nums":[1,2,3],"tags":["a",null]}"#

    private static let payloads: [String] = [
        base,
        #"{"id":1,"price":"/w==","blob":"","nums":[],"tags":[]}"#,
        #"{"id":1,"nums":[ 1 , 2 ] ,"tags":[ "b" ]}"#,
        // Decimals: empty, invalid or escaped base64, numbers, wrong types.
        #"{"id":1,"price":""}"#,
        #"{"id":1,"price":"!!"}"#,
        #"{"id":1,"price":"\/w=="}"#,
        #"{"id":1,"price":12.5}"#,
        #"{"id":1,"price":true}"#,
        // Bytes.
        #"{"id":1,"blob":"AAE"}"#,
        #"{"id":1,"blob":"A"}"#,
        #"{"id":1,"blob":5}"#,
        // Arrays: null elements, wrong element types, malformed.
        #"{"id":1,"nums":[1,null]}"#,
        #"{"id":1,"nums":[1,"a"]}"#,
        #"{"id":1,"nums":[1,]}"#,
        #"{"id":1,"nums":[1 2]}"#,
        #"{"id":1,"nums":{}}"#,
        #"{"id":1,"nums":null}"#,
        // Maps go the general way.
        #"{"id":1,"m":{"a":1}}"#,
        #"{"id":1,"m":{}}"#,
    ]

    @Test func everyPayloadGivesTheGeneralPathsResultOrError() throws {
        let fast = try makeValueConverter()
        let general = try makeValueConverter(["schemas.cache.size": "0"])
        _ = try fast.toConnectData(topic: "t", headers: nil, value: ByteBuffer(string: Self.envelope(Self.base)))
        // Twice: the second round runs after the map payloads closed the fast path's gate for a while.
        for _ in 0..<2 {
            for payload in Self.payloads {
                let text = Self.envelope(payload)
                #expect(conversionOutcome(fast, text) == conversionOutcome(general, text), "payload \(payload)")
            }
        }
    }

    @Test func theReaderHandlesBase64AndArraysItself() throws {
        let converter = try makeValueConverter()
        let parsed = try converter.toConnectData(topic: "t", headers: nil, value: ByteBuffer(string: Self.envelope(Self.base)))
        let schema = try #require(parsed.schema)
        for payload in Self.payloads.prefix(3) {
            #expect(fastPathRead(payload, schema: schema) != nil, "payload \(payload)")
        }
        guard case .struct(let row) = parsed.value else {
            Issue.record("not a struct")
            return
        }
        #expect(try row.get("price") == .decimal(ConnectDecimal(unscaledBytes: [0x30, 0x39], scale: 2)))
        #expect(try row.get("blob") == ConnectValue(bytes: [0, 1, 2]))
        #expect(try row.get("nums") == .array([.int32(1), .int32(2), .int32(3)]))
    }

    @Test func theGateClosesAfterGiveUpsInARowAndASuccessOpensIt() {
        let gate = LastRawSchema.FastPathGate()
        for _ in 0..<(LastRawSchema.FastPathGate.limit - 1) { gate.gaveUp() }
        #expect(gate.shouldTry())
        gate.succeeded()
        for _ in 0..<LastRawSchema.FastPathGate.limit { gate.gaveUp() }
        let tries = (0..<2048).filter { _ in gate.shouldTry() }.count
        #expect(tries == 2, "every 1024th record still tries")
        gate.succeeded()
        #expect(gate.shouldTry())
    }
}
