import ConnectAPI
import ConnectConverters
import NIOCore
import Testing

/// The schema cache keyed by the exact bytes of an envelope's `"schema"` object, and the parser fast paths.
@Suite struct RawSchemaCacheTests {
    private static let rowSchema = #"{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},"#
        + #"{"type":"string","optional":true,"doc":"a \"quoted\" d\u00e9j\u00e0 vu ]}","field":"name"},"#
        + #"{"type":"array","items":{"type":"int32","optional":false},"optional":true,"field":"tags"},"#
        + #"{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"double","optional":true},"#
        + #""optional":true,"field":"scores"},{"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","#
        + #""version":1,"parameters":{"scale":"2"},"field":"price"}],"optional":false,"name":"Row","version":3}"#

    private static func row(_ n: Int, schema: String = rowSchema) -> String {
        #"{"schema":\#(schema),"payload":{"id":\#(n),"name":"näme \#(n)","tags":[1,2,\#(n)],"#
            + #""scores":{"a":1.5,"b":null},"price":"AQI="}}"#
    }

    @Test func aCachedSchemaGivesWhatAnUncachedParseGives() throws {
        let cached = try makeValueConverter()
        let uncached = try makeValueConverter(["schemas.cache.size": "0"])
        for n in 0..<5 {
            let text = Self.row(n)
            let expected = try #require(try? conversionOutcome(uncached, text).get())
            #expect(try conversionOutcome(cached, text).get() == expected)
        }
        #expect(cached.cachedRawSchemaCount == 1)
        #expect(uncached.cachedRawSchemaCount == 0)
        // Keys and primitive schemas too.
        for text in [#"{"schema":{"type":"int64","optional":false},"payload":7}"#, #"{"schema":null,"payload":"x"}"#] {
            for _ in 0..<2 { #expect(conversionOutcome(cached, text) == conversionOutcome(uncached, text)) }
        }
    }

    @Test func theCacheIsBounded() throws {
        let c = try makeValueConverter(["schemas.cache.size": "2"])
        for i in 0..<6 {
            let text = #"{"schema":{"type":"int32","optional":false,"name":"s\#(i)"},"payload":\#(i)}"#
            #expect(try conversionOutcome(c, text).get().schema?.name == "s\(i)")
        }
        #expect(c.cachedRawSchemaCount == 2)
        // Evicted schemas are parsed again.
        let first = #"{"schema":{"type":"int32","optional":false,"name":"s0"},"payload":0}"#
        #expect(try conversionOutcome(c, first).get().schema?.name == "s0")
    }

    @Test func differentSchemaBytesAreDifferentEntries() throws {
        let c = try makeValueConverter()
        let required = #"{"schema":{"type":"string","optional":false},"payload":"a"}"#
        let optional = #"{"schema":{"type":"string","optional":true},"payload":"a"}"#
        let spaced = #"{"schema": { "type" : "string", "optional" : false },"payload":"a"}"#
        for _ in 0..<2 {
            #expect(try conversionOutcome(c, required).get().schema?.isOptional == false)
            #expect(try conversionOutcome(c, optional).get().schema?.isOptional == true)
            #expect(try conversionOutcome(c, spaced).get().schema == conversionOutcome(c, required).get().schema)
        }
        #expect(c.cachedRawSchemaCount == 3)
        // A schema that differs from a cached one only inside a string is its own entry.
        let renamed = Self.row(1, schema: Self.rowSchema.replacing(#""name":"Row""#, with: #""name":"Rox""#))
        _ = try conversionOutcome(c, Self.row(1)).get()
        #expect(try conversionOutcome(c, renamed).get().schema?.name == "Rox")
    }

    @Test func errorsAreTheSameWhenTheSchemaIsCached() throws {
        let cached = try makeValueConverter()
        let uncached = try makeValueConverter(["schemas.cache.size": "0"])
        let schema = #"{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"}],"optional":false}"#
        _ = try conversionOutcome(cached, #"{"schema":\#(schema),"payload":{"id":1}}"#).get()
        let broken = [
            #"{"schema":\#(schema),"payload":{"id":"x"}}"#,  // payload does not fit
            #"{"schema":\#(schema),"payload":{"id":1}} x"#,  // trailing content
            #"{"schema":\#(schema),"payload":{"id":1},"extra":1}"#,  // a third member
            #"{"schema":\#(schema),"schema":\#(schema)}"#,  // no payload
            #"{"schema":\#(schema),"payload":{"id":1}"#,  // unterminated
            #"{"schema":\#(schema)"#,  // ends after the schema
            #"{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"}],"optional":false,"#
                + #""payload":{"id":1}}"#,  // the schema object does not close
            #"{"schema":{"type":"nope","optional":false},"payload":1}"#,  // unknown type
            #"{"schema":{"type":"string","optional":false,"doc":"\x"},"payload":"a"}"#,  // bad escape
        ]
        for text in broken {
            for _ in 0..<2 {
                let result = conversionOutcome(cached, text)
                guard case .failure = result else {
                    Issue.record("\(text) was accepted")
                    continue
                }
                #expect(result == conversionOutcome(uncached, text), "\(text)")
            }
        }
    }

    @Test func stringsWithoutEscapesAreValidated() throws {
        let c = try makeValueConverter(["schemas.enable": "false"])
        let valid = Array(#"["plain","d\#u{e9}j\#u{e0}","\u00e9\n"]"#.utf8)
        let value = try c.toConnectData(topic: "t", headers: nil, value: ByteBuffer(bytes: valid)).value
        #expect(value == .array([.string("plain"), .string("d\u{e9}j\u{e0}"), .string("\u{e9}\n")]))
        for invalid: [UInt8] in [[0x22, 0xC3, 0x22], [0x22, 0xFF, 0x41, 0x22], [0x22, 0x41, 0x0A, 0x22]] {
            #expect(throws: ConnectError.self) {
                try c.toConnectData(topic: "t", headers: nil, value: ByteBuffer(bytes: invalid))
            }
        }
    }
}
