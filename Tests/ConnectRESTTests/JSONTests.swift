@testable import ConnectREST
import HTTPTypes
import Testing

@Suite struct JSONTests {
    @Test func roundTripsKeepingOrderAndNumberText() throws {
        let text = #"{"z":1,"a":[true,false,null,-1.50e3,"x"],"m":{},"e":[]}"#
        let value = try JSONValue(parsing: text)
        #expect(value.compactText == text)
        #expect(value["a"] == .array([.bool(true), .bool(false), .null, .number("-1.50e3"), .string("x")]))
    }

    @Test func escapesAsJackson() throws {
        let value = JSONValue.string("a\"b\\c/d\n\t\u{01}é")
        #expect(value.compactText == #""a\"b\\c/d\n\t\u0001é""#)
        #expect(try JSONValue(parsing: value.compactText) == value)
        #expect(try JSONValue(parsing: #""\u00e9\ud83d\ude00\/""#) == .string("é😀/"))
    }

    @Test(arguments: [
        (#"{"name": "v6", "file": "#, 1, 24),
        ("not json at all", 1, 1),
        ("{\n  \"a\": tru\n}", 2, 8),
        (#"[1,]"#, 1, 4),
        (#"{"a" 1}"#, 1, 6),
        ("01", 1, 2),
        (#""abc"#, 1, 5),
        (#""\x""#, 1, 3),
        (#""\ud800""#, 1, 8),
    ])
    func syntaxErrorsSayWhere(text: String, line: Int, column: Int) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: text) }
        do {
            _ = try JSONValue(parsing: text)
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.column == column, "\(error)")
        }
    }

    @Test func depthIsBounded() {
        let deep = String(repeating: "[", count: JSONValue.maximumDepth + 1) + String(repeating: "]", count: JSONValue.maximumDepth + 1)
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: deep) }
        let fine = String(repeating: "[", count: JSONValue.maximumDepth) + String(repeating: "]", count: JSONValue.maximumDepth)
        #expect(throws: Never.self) { try JSONValue(parsing: fine) }
    }

    @Test func prettyText() throws {
        let value = try JSONValue(parsing: #"{"a":[1,{"b":null}],"c":{}}"#)
        #expect(value.prettyText == "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": {}\n}")
    }

    @Test func percentDecoding() {
        #expect(RequestInput.percentDecoded("my%20source") == "my source")
        #expect(RequestInput.percentDecoded("a%2Fb%zz%") == "a/b%zz%")
        #expect(RequestInput.percentDecoded("caf%C3%A9") == "café")
    }
}
