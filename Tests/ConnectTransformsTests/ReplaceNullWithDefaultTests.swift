import ConnectAPI
@testable import ConnectTransforms
import Testing

@Suite struct ReplaceNullWithDefaultTests {
    let schema = try! SchemaBuilder.struct().field("f", SchemaBuilder.int32().optional().defaultValue(.int32(7))).build()

    @Test func extractFieldUsesDefaultUnlessDisabled() throws {
        let value = try Struct(schema: schema)
        let withDefault = try configured(ExtractField(part: .value), ["field": "f"])
        #expect(try withDefault.apply(sink(valueSchema: schema, value: .struct(value)))?.value == .int32(7))
        let withoutDefault = try configured(ExtractField(part: .value), ["field": "f", "replace.null.with.default": "false"])
        #expect(try withoutDefault.apply(sink(valueSchema: schema, value: .struct(value)))?.value == .null)
    }

    @Test func insertFieldKeepsNullWhenDisabled() throws {
        let value = try Struct(schema: schema)
        let t = try configured(InsertField(part: .value), ["topic.field": "t", "replace.null.with.default": "false"])
        let out = try #require(try t.apply(sink(valueSchema: schema, value: .struct(value))))
        #expect(try out.value.structValue?.getWithoutDefault("f") == .null)
        let d = try configured(InsertField(part: .value), ["topic.field": "t"])
        let out2 = try #require(try d.apply(sink(valueSchema: schema, value: .struct(value))))
        #expect(try out2.value.structValue?.getWithoutDefault("f") == .int32(7))
    }
}
