public import ConnectAPI
import ConnectConverters

/// Makes the converters named by `key.converter` / `value.converter` (Kafka's class names or simple names), each
/// configured with the keys under its prefix (`value.converter.schemas.enable=false`).
public enum ConverterFactory {
    /// The converter plugins, as `GET /connector-plugins?connectorsOnly=false` lists them.
    public static let plugins: [PluginInfo] = [
        PluginInfo(className: "org.apache.kafka.connect.converters.ByteArrayConverter", type: "converter", version: version),
        PluginInfo(className: "org.apache.kafka.connect.json.JsonConverter", type: "converter", version: version),
        PluginInfo(className: "org.apache.kafka.connect.storage.StringConverter", type: "converter", version: version),
    ]

    static let version = "0.1.0"

    /// A configured converter.
    /// - Throws: ``ConnectError`` (`config`) for an unknown class or a bad converter setting.
    public static func make(className: String, configs: [String: String], isKey: Bool) throws -> any Converter {
        let simple = className.split(separator: ".").last.map(String.init) ?? className
        switch simple {
        case "JsonConverter":
            var converter = JsonConverter()
            try converter.configure(configs, isKey: isKey)
            return converter
        case "StringConverter":
            var converter = StringConverter()
            try converter.configure(configs, isKey: isKey)
            return converter
        case "ByteArrayConverter":
            var converter = ByteArrayConverter()
            try converter.configure(configs, isKey: isKey)
            return converter
        default:
            throw ConnectError(
                .config,
                "Invalid value \(className) for configuration \(isKey ? "key" : "value").converter: Class \(className) "
                    + "could not be found. Known converters: JsonConverter, StringConverter, ByteArrayConverter",
                configName: isKey ? "key.converter" : "value.converter"
            )
        }
    }

    /// The converter for keys or values of a connector: its own `key.converter` if set, else the worker's, with
    /// the settings under the same prefix from the connector config overriding the worker's.
    static func make(isKey: Bool, connectorConfig: [String: String], worker: WorkerConfig) throws -> any Converter {
        let key = isKey ? "key.converter" : "value.converter"
        let prefix = key + "."
        if let className = connectorConfig[key], !className.isEmpty {
            return try make(className: className, configs: strip(prefix, connectorConfig), isKey: isKey)
        }
        let className = isKey ? worker.keyConverter : worker.valueConverter
        var configs = strip(prefix, worker.properties)
        for (k, v) in strip(prefix, connectorConfig) { configs[k] = v }
        return try make(className: className, configs: configs, isKey: isKey)
    }

    static func strip(_ prefix: String, _ properties: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in properties where key.hasPrefix(prefix) {
            result[String(key.dropFirst(prefix.count))] = value
        }
        return result
    }
}
