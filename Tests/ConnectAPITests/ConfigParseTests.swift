import ConnectAPI
import Testing

/// The FileStreamSource definition, as Kafka declares it.
let fileSourceDefinition = ConfigDefinition()
    .define("file", .string, default: nil, importance: .high,
            documentation: "Source filename. If not specified, the standard input will be used")
    .define("topic", .string, importance: .high, documentation: "The topic to publish data to")
    .define("batch.size", .int, default: 2000, validator: .atLeast(1), importance: .low,
            documentation: "The maximum number of records the source task can read from the file each time it is polled")

@Suite("ConfigDefinition parse")
struct ConfigParseTests {
    @Test func defaultsFillUnsetKeys() throws {
        let config = try fileSourceDefinition.parse(["topic": "lines"])
        #expect(config.string("topic") == "lines")
        #expect(config.string("file") == nil)
        #expect(config.int("batch.size") == 2000)
        #expect(config.value("file") == nil)
    }

    @Test func requiredKeyMissing() {
        let error = #expect(throws: ConnectError.self) { try fileSourceDefinition.parse(["file": "/tmp/x"]) }
        #expect(error?.code == .config)
        #expect(error?.configName == "topic")
        #expect(error?.message == "Missing required configuration \"topic\" which has no default value.")
    }

    @Test func malformedNumberNamesKeyAndValue() {
        let error = #expect(throws: ConnectError.self) {
            try fileSourceDefinition.parse(["topic": "t", "batch.size": "abc"])
        }
        #expect(error?.message == "Invalid value abc for configuration batch.size: Not a number of type INT")
    }

    @Test func validatorFailure() {
        let error = #expect(throws: ConnectError.self) {
            try fileSourceDefinition.parse(["topic": "t", "batch.size": "0"])
        }
        #expect(error?.message == "Invalid value 0 for configuration batch.size: Value must be at least 1")
    }

    @Test func everyTypeParses() throws {
        let definition = ConfigDefinition()
            .define("b", .boolean, importance: .low, documentation: "")
            .define("s", .string, importance: .low, documentation: "")
            .define("i", .int, importance: .low, documentation: "")
            .define("sh", .short, importance: .low, documentation: "")
            .define("l", .long, importance: .low, documentation: "")
            .define("d", .double, importance: .low, documentation: "")
            .define("list", .list, importance: .low, documentation: "")
            .define("c", .class, importance: .low, documentation: "")
            .define("p", .password, importance: .low, documentation: "")
        let config = try definition.parse([
            "b": " TRUE ", "s": "  padded  ", "i": "-42", "sh": "7", "l": "9000000000", "d": "2.5",
            "list": " a , b,c ", "c": "org.apache.kafka.connect.json.JsonConverter", "p": "s3cret",
        ])
        #expect(config.bool("b") == true)
        #expect(config.string("s") == "padded")
        #expect(config.int("i") == -42)
        #expect(config.short("sh") == 7)
        #expect(config.long("l") == 9_000_000_000)
        #expect(config.double("d") == 2.5)
        #expect(config.list("list") == ["a", "b", "c"])
        #expect(config.className("c") == "org.apache.kafka.connect.json.JsonConverter")
        #expect(config.password("p")?.value == "s3cret")
    }

    static let badValueCases: [(String, ConfigType, String, String)] = [
        ("b", .boolean, "yes", "Invalid value yes for configuration b: Expected value to be either true or false"),
        ("i", .int, "2147483648", "Invalid value 2147483648 for configuration i: Not a number of type INT"),
        ("sh", .short, "40000", "Invalid value 40000 for configuration sh: Not a number of type SHORT"),
        ("l", .long, "1.5", "Invalid value 1.5 for configuration l: Not a number of type LONG"),
        ("d", .double, "x", "Invalid value x for configuration d: Not a number of type DOUBLE"),
        ("i", .int, "", "Invalid value  for configuration i: Not a number of type INT"),
    ]

    @Test(arguments: badValueCases)
    func badValuesAreReportedAsKafkaDoes(name: String, type: ConfigType, raw: String, message: String) {
        let definition = ConfigDefinition().define(name, type, importance: .low, documentation: "")
        let error = #expect(throws: ConnectError.self) { try definition.parse([name: raw]) }
        #expect(error?.message == message)
    }

    static let listCases: [(String, [String])] = [
        ("", []),
        ("   ", []),
        ("a", ["a"]),
        ("a,b", ["a", "b"]),
        (" a ,  b ,c ", ["a", "b", "c"]),
        ("a,,b", ["a", "", "b"]),
        ("a,", ["a", ""]),
    ]

    @Test(arguments: listCases)
    func listsSplitOnCommasAndTrim(raw: String, expected: [String]) throws {
        let definition = ConfigDefinition().define("l", .list, importance: .low, documentation: "")
        #expect(try definition.parse(["l": raw]).list("l") == expected)
    }

    @Test func passwordsNeverPrint() throws {
        let definition = ConfigDefinition()
            .define("database.password", .password, importance: .high, documentation: "")
            .define("database.user", .string, importance: .high, documentation: "")
        let config = try definition.parse(["database.password": "hunter2", "database.user": "app"])
        let password = try #require(config.password("database.password"))
        #expect(password.value == "hunter2")
        #expect(password.description == "[hidden]")
        #expect("\(password)" == "[hidden]")
        #expect(String(reflecting: password) == "[hidden]")
        var dumped = ""
        dump(password, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(!config.description.contains("hunter2"))
        #expect(config.description.contains("database.password = [hidden]"))
        #expect(ConfigValue.password(password).description == "[hidden]")
    }

    @Test func literalDefaultsAreConvertedToTheKeyType() throws {
        let definition = ConfigDefinition()
            .define("as.string", .int, default: "15", importance: .low, documentation: "")
            .define("as.int", .long, default: 15, importance: .low, documentation: "")
            .define("as.double", .double, default: 1, importance: .low, documentation: "")
            .define("as.list", .list, default: "x, y", importance: .low, documentation: "")
            .define("empty.list", .list, default: [], importance: .low, documentation: "")
            .define("flag", .boolean, default: false, importance: .low, documentation: "")
        let config = try definition.parse([:])
        #expect(config.int("as.string") == 15)
        #expect(config.long("as.int") == 15)
        #expect(config.double("as.double") == 1.0)
        #expect(config.list("as.list") == ["x", "y"])
        #expect(config.list("empty.list") == [])
        #expect(config.bool("flag") == false)
        #expect(definition["as.list"]?.info.defaultValue == "x,y")
    }

    @Test func standardValidators() throws {
        let definition = ConfigDefinition()
            .define("mode", .string, default: "a", validator: .in("a", "b"), importance: .low, documentation: "")
            .define("level", .string, default: "info", validator: .inCaseInsensitive("info", "debug"), importance: .low, documentation: "")
            .define("ratio", .double, default: 0.5, validator: .between(0.0, 1.0), importance: .low, documentation: "")
            .define("parts", .list, default: [], validator: .listIn("x", "y"), importance: .low, documentation: "")
            .define("label", .string, default: nil, validator: .nonEmptyString, importance: .low, documentation: "")
            .define("port", .int, default: 80, validator: .between(1, 65535), importance: .low, documentation: "")
            .define("even", .int, default: 2, validator: ConfigValidator(description: "even") { name, value in
                if case .int(let n)? = value, n % 2 != 0 { throw ConnectError.invalidConfig(name: name, value: String(n), message: "Value must be even") }
            }, importance: .low, documentation: "")
            .define("custom", .string, default: "ok", validator: ConfigValidator(description: "not bad") { _, value in
                struct Bad: Error, CustomStringConvertible { var description: String { "bad string" } }
                if value == .string("bad") { throw Bad() }
            }, importance: .low, documentation: "")
        func failure(_ props: [String: String]) -> String? {
            let result = Result { () throws(ConnectError) -> ParsedConfig in try definition.parse(props) }
            if case .failure(let error) = result { return error.message }
            return nil
        }
        #expect(failure([:]) == nil)
        #expect(failure(["level": "DEBUG", "parts": "y,x", "port": "65535"]) == nil)
        #expect(failure(["mode": "c"]) == "Invalid value c for configuration mode: String must be one of: a, b")
        #expect(failure(["level": "trace"]) == "Invalid value trace for configuration level: String must be one of (case insensitive): INFO, DEBUG")
        #expect(failure(["ratio": "1.5"]) == "Invalid value 1.5 for configuration ratio: Value must be no more than 1.0")
        #expect(failure(["parts": "x,z"]) == "Invalid value z for configuration parts: String must be one of: x, y")
        #expect(failure(["label": ""]) == "Invalid value  for configuration label: String must be non-empty")
        #expect(failure(["port": "0"]) == "Invalid value 0 for configuration port: Value must be at least 1")
        #expect(failure(["even": "3"]) == "Invalid value 3 for configuration even: Value must be even")
        #expect(failure(["custom": "bad"]) == "Invalid value bad for configuration custom: bad string")
        #expect(ConfigValidator.atLeast(1).description == "[1,...]")
        #expect(ConfigValidator.between(1, 10).description == "[1,...,10]")
        #expect(ConfigValidator.in("a", "b").description == "[a, b]")
    }

    @Test func undefinedPropertiesAreKeptAsOriginals() throws {
        let config = try fileSourceDefinition.parse([
            "topic": "t", "key.converter.schemas.enable": "false", "key.converter.x": "1", "other": "o",
        ])
        #expect(config.originals["other"] == "o")
        #expect(config.originals(withPrefix: "key.converter.") == ["schemas.enable": "false", "x": "1"])
        #expect(config.originals(withPrefix: "key.converter.", strip: false).keys.sorted() == ["key.converter.schemas.enable", "key.converter.x"])
    }

    @Test func mergingAndEmbedding() {
        let transform = ConfigDefinition()
            .define("regex", .string, importance: .high, documentation: "", group: "Routing", orderInGroup: 1)
        let merged = fileSourceDefinition.merging(ConnectorConfigKeys.source)
        #expect(merged.names.prefix(3) == ["file", "topic", "batch.size"])
        #expect(merged["tasks.max"] != nil)
        let embedded = ConfigDefinition().embedding(prefix: "transforms.route.", groupPrefix: "Transforms: route", startingOrder: 10, transform)
        let key = embedded["transforms.route.regex"]
        #expect(key?.group == "Transforms: route: Routing")
        #expect(key?.orderInGroup == 11)
        #expect(embedded.groups == ["Transforms: route: Routing"])
    }
}
