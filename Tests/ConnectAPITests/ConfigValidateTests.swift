import ConnectAPI
import Foundation
import Testing

@Suite("ConfigDefinition validate and REST shapes")
struct ConfigValidateTests {
    @Test func validConfigHasNoErrors() {
        let values = fileSourceDefinition.validate(["file": "/srv/demo/input.txt", "topic": "rest-samples-src"])
        #expect(values.map(\.name) == ["file", "topic", "batch.size"])
        #expect(values.errorCount == 0)
        #expect(values["batch.size"] == ConfigValueInfo(name: "batch.size", value: "2000"))
        #expect(values["file"]?.value == "/srv/demo/input.txt")
    }

    /// Sample 8 of the Kafka Connect REST captures: `tasks.max` "zero" and `topic` missing.
    @Test func errorsMatchKafkaConnectSample() {
        let definition = ConnectorConfigKeys.source.merging(fileSourceDefinition)
        let values = definition.validate([
            "connector.class": "FileStreamSource", "name": "v2", "tasks.max": "zero", "file": "/srv/demo/input.txt",
        ])
        #expect(values["tasks.max"] == ConfigValueInfo(
            name: "tasks.max",
            value: nil,
            errors: [
                "Invalid value zero for configuration tasks.max: Not a number of type INT",
                "Invalid value null for configuration tasks.max: Value must be non-null",
            ]
        ))
        #expect(values["topic"] == ConfigValueInfo(
            name: "topic",
            value: nil,
            errors: ["Missing required configuration \"topic\" which has no default value."]
        ))
        #expect(values["file"]?.errors == [])
        #expect(values["transforms"]?.value == "")
        #expect(values.errorCount == 3)
        let infos = ConfigInfos(name: "FileStreamSource", definition: definition, values: values)
        #expect(infos.errorCount == 3)
        #expect(infos.groups == ["Common", "Transforms", "Predicates", "Error Handling", "Topic Creation", "Exactly Once Support", "offsets.topic"])
    }

    @Test func emptyNameIsRejectedAsKafkaDoes() {
        let values = ConnectorConfigKeys.common.validate(["name": "", "connector.class": "X"])
        #expect(values["name"]?.errors == ["Invalid value  for configuration name: String may not be empty"])
        let control = ConnectorConfigKeys.common.validate(["name": "a\nb", "connector.class": "X"])
        #expect(control["name"]?.errors == [
            "Invalid value a\nb for configuration name: String may not contain control sequences but had the following ASCII chars: 10",
        ])
    }

    @Test func passwordIsHiddenInValidateOutput() throws {
        let definition = ConfigDefinition()
            .define("database.password", .password, importance: .high, documentation: "The password")
            .define("secret.with.default", .password, default: "changeme", importance: .low, documentation: "")
        let values = definition.validate(["database.password": "hunter2"])
        #expect(values["database.password"]?.value == "[hidden]")
        #expect(definition["secret.with.default"]?.info.defaultValue == "[hidden]")
        let json = try String(decoding: JSONEncoder().encode(ConfigInfos(name: "p", definition: definition, values: values)), as: UTF8.self)
        #expect(!json.contains("hunter2"))
        #expect(!json.contains("changeme"))
    }

    @Test func recommendersAndDependents() {
        let definition = ConfigDefinition()
            .define("mode", .string, default: "bulk", validator: .in("bulk", "incrementing"), importance: .high,
                    documentation: "", dependents: ["incrementing.column.name", "missing.key"])
            .define("incrementing.column.name", .string, default: "", importance: .medium, documentation: "",
                    recommender: ConfigRecommender(
                        validValues: { _, parsed in parsed["mode"] == .string("incrementing") ? [.string("id"), .string("seq")] : [] },
                        visible: { _, parsed in parsed["mode"] == .string("incrementing") }
                    ))
        let bulk = definition.validate([:])
        #expect(bulk["incrementing.column.name"]?.visible == false)
        #expect(bulk["incrementing.column.name"]?.recommendedValues == [])
        #expect(bulk["missing.key"] == ConfigValueInfo(
            name: "missing.key",
            errors: ["missing.key is referred in the dependents, but not defined."],
            visible: false
        ))
        let incrementing = definition.validate(["mode": "incrementing"])
        #expect(incrementing["incrementing.column.name"]?.visible == true)
        #expect(incrementing["incrementing.column.name"]?.recommendedValues == ["id", "seq"])
        #expect(incrementing.map(\.name) == ["mode", "incrementing.column.name", "missing.key"])
    }

    @Test func definitionJSONMatchesKafkaConnect() throws {
        let info = try #require(fileSourceDefinition["batch.size"]).info
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try String(decoding: encoder.encode(info), as: UTF8.self)
        #expect(json == #"{"default_value":"2000","dependents":[],"display_name":"batch.size","documentation":"The maximum number of records the source task can read from the file each time it is polled","group":null,"importance":"LOW","name":"batch.size","order_in_group":-1,"required":false,"type":"INT","width":"NONE"}"#)
        let topic = try String(decoding: encoder.encode(try #require(fileSourceDefinition["topic"]).info), as: UTF8.self)
        #expect(topic.contains(#""required":true"#) && topic.contains(#""default_value":null"#))
    }

    @Test func valueJSONMatchesKafkaConnect() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let value = ConfigValueInfo(name: "topic", errors: ["Missing required configuration \"topic\" which has no default value."])
        let json = try String(decoding: encoder.encode(value), as: UTF8.self)
        #expect(json == #"{"errors":["Missing required configuration \"topic\" which has no default value."],"name":"topic","recommended_values":[],"value":null,"visible":true}"#)
        let decoded = try JSONDecoder().decode(ConfigValueInfo.self, from: Data(json.utf8))
        #expect(decoded == value)
    }

    @Test func validateResponseShape() throws {
        let infos = ConfigInfos(name: "FileStreamSource", validating: ["topic": "t"], against: fileSourceDefinition)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(infos)) as? [String: Any])
        #expect(Set(object.keys) == ["name", "error_count", "groups", "configs"])
        let configs = try #require(object["configs"] as? [[String: Any]])
        #expect(configs.count == 3)
        let first = try #require(configs.first)
        #expect(Set(first.keys) == ["definition", "value"])
        let definition = try #require(first["definition"] as? [String: Any])
        #expect(Set(definition.keys) == [
            "name", "type", "required", "default_value", "importance", "documentation", "group", "order_in_group",
            "width", "display_name", "dependents",
        ])
        let value = try #require(first["value"] as? [String: Any])
        #expect(Set(value.keys) == ["name", "value", "recommended_values", "errors", "visible"])
        let decoded = try JSONDecoder().decode(ConfigInfos.self, from: JSONEncoder().encode(infos))
        #expect(decoded == infos)
    }

    @Test func valuesForUndefinedKeysComeFirst() {
        var values = fileSourceDefinition.validate(["topic": "t"])
        values.addError("Error while validating connector config: unreachable", to: "connector")
        let infos = ConfigInfos(name: "X", definition: fileSourceDefinition, values: values)
        #expect(infos.configs.first?.definition == nil)
        #expect(infos.configs.first?.value?.name == "connector")
        #expect(infos.errorCount == 1)
        let merged = ConfigInfos.merged(name: "X", [infos, infos])
        #expect(merged.errorCount == 2)
        #expect(merged.configs.count == 8)
    }
}
