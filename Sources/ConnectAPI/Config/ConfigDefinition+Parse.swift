extension ConfigDefinition {
    /// Parses string properties into typed values, applying defaults and validators (Kafka's `ConfigDef.parse`).
    ///
    /// Keys are processed in definition order and the first problem is thrown. Properties that are not
    /// defined are ignored here but kept in ``ParsedConfig/originals``.
    /// - Throws: ``ConnectError`` (`config`) with Kafka's message, e.g.
    ///   `Missing required configuration "topic" which has no default value.` or
    ///   `Invalid value abc for configuration batch.size: Not a number of type INT`.
    public func parse(_ properties: [String: String]) throws(ConnectError) -> ParsedConfig {
        var values: [String: ConfigValue] = [:]
        for key in keys {
            let value: ConfigValue?
            if let raw = properties[key.name] {
                value = try ConfigParsing.parse(name: key.name, raw: raw, type: key.type)
            } else {
                switch key.defaultValue {
                case .required: throw .missingConfig(name: key.name)
                case .null: value = nil
                case .value(let fallback): value = fallback
                }
            }
            try key.validator?.ensureValid(name: key.name, value: value)
            values[key.name] = value
        }
        return ParsedConfig(values: values, originals: properties, definedNames: Set(names))
    }
}
