/// DescribeConfigs request (key 32), v1–v4 (flexible from v4): the resources (topics, brokers, …) whose configs to
/// list; v3+ can ask for documentation. (v0's layout is not supported.)
public struct DescribeConfigsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.describeConfigs
    public static let versions: ClosedRange<Int16> = 1...4
    public static let firstFlexibleVersion: Int16? = 4

    /// One resource to describe.
    public struct Resource: Hashable, Sendable {
        /// The resource type (2 topic, 4 broker, 8 broker logger, …).
        public var resourceType: Int8
        /// The resource name (a topic name, or a broker id as text; empty = the default broker).
        public var resourceName: String
        /// The config keys to list, or nil for all of them.
        public var configurationKeys: [String]?

        public init(resourceType: Int8, resourceName: String, configurationKeys: [String]? = nil) {
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configurationKeys = configurationKeys
        }
    }

    /// The resources to describe.
    public var resources: [Resource]
    /// Whether to include every synonym of each config.
    public var includeSynonyms: Bool
    /// Whether to include config documentation (v3+; false before).
    public var includeDocumentation: Bool

    public init(resources: [Resource], includeSynonyms: Bool = false, includeDocumentation: Bool = false) {
        self.resources = resources
        self.includeSynonyms = includeSynonyms
        self.includeDocumentation = includeDocumentation
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        // int8, name, nullable array (+ tags): 7 classic / 4 flexible bytes at least.
        resources = try reader.readArray("Resources", minimumElementSize: flexible ? 4 : 7) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            let resourceType = try r.readInt8("ResourceType")
            let resourceName = try r.readString("ResourceName")
            let keys = try r.readNullableArray("ConfigurationKeys", minimumElementSize: flexible ? 1 : 2) {
                (k: inout WireReader) throws(KafkaProtocolError) in try k.readString("ConfigurationKey")
            }
            try r.skipTaggedFields()
            return Resource(resourceType: resourceType, resourceName: resourceName, configurationKeys: keys)
        }
        includeSynonyms = try reader.readBool("IncludeSynonyms")
        includeDocumentation = version >= 3 ? try reader.readBool("IncludeDocumentation") : false
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeArray(resources) { w, resource in
            w.writeInt8(resource.resourceType)
            w.writeString(resource.resourceName)
            w.writeNullableArray(resource.configurationKeys) { k, key in k.writeString(key) }
            w.writeEmptyTaggedFields()
        }
        writer.writeBool(includeSynonyms)
        if version >= 3 { writer.writeBool(includeDocumentation) }
        writer.writeEmptyTaggedFields()
    }
}

/// DescribeConfigs response, v1–v4: each resource's configs with source and synonyms; v3+ type and documentation.
public struct DescribeConfigsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.describeConfigs
    public static let versions: ClosedRange<Int16> = 1...4
    public static let firstFlexibleVersion: Int16? = 4

    /// One synonym of a config (where else its value can come from).
    public struct Synonym: Hashable, Sendable {
        /// The synonym's name.
        public var name: String
        /// The synonym's value (nullable).
        public var value: String?
        /// The synonym's source (same numbering as `Config.configSource`).
        public var source: Int8

        public init(name: String, value: String?, source: Int8) {
            self.name = name
            self.value = value
            self.source = source
        }
    }

    /// One listed config.
    public struct Config: Hashable, Sendable {
        /// The config name.
        public var name: String
        /// The config value (nullable, e.g. for sensitive configs).
        public var value: String?
        /// Whether the config is read-only.
        public var readOnly: Bool
        /// Where the value comes from: 1 dynamic topic, 2 dynamic broker, 3 dynamic default broker, 4 static broker,
        /// 5 default, 6 dynamic broker logger; -1 unknown.
        public var configSource: Int8
        /// Whether the config is sensitive.
        public var isSensitive: Bool
        /// The config's synonyms.
        public var synonyms: [Synonym]
        /// The config's data type: 1 boolean, 2 string, 3 int, 4 short, 5 long, 6 double, 7 list, 8 class,
        /// 9 password; 0 unknown (v3+; 0 before).
        public var configType: Int8
        /// The config's documentation (v3+; nil before).
        public var documentation: String?

        public init(
            name: String, value: String?, readOnly: Bool = false, configSource: Int8 = -1, isSensitive: Bool = false,
            synonyms: [Synonym] = [], configType: Int8 = 0, documentation: String? = nil
        ) {
            self.name = name
            self.value = value
            self.readOnly = readOnly
            self.configSource = configSource
            self.isSensitive = isSensitive
            self.synonyms = synonyms
            self.configType = configType
            self.documentation = documentation
        }
    }

    /// The result for one resource.
    public struct Result: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        /// The error message, or nil if there was no error.
        public var errorMessage: String?
        /// The resource type.
        public var resourceType: Int8
        /// The resource name.
        public var resourceName: String
        /// Each listed config.
        public var configs: [Config]

        public init(
            errorCode: KafkaErrorCode = .none, errorMessage: String? = nil, resourceType: Int8, resourceName: String,
            configs: [Config]
        ) {
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configs = configs
        }
    }

    /// Throttle time in ms.
    public var throttleTimeMs: Int32
    /// The results for each resource.
    public var results: [Result]

    public init(throttleTimeMs: Int32 = 0, results: [Result]) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        throttleTimeMs = try reader.readInt32("ThrottleTimeMs")
        // int16, nullable message, int8, name, configs array (+ tags): 11 classic / 7 flexible bytes at least.
        results = try reader.readArray("Results", minimumElementSize: flexible ? 7 : 11) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            let errorCode = KafkaErrorCode(rawValue: try r.readInt16("ErrorCode"))
            let errorMessage = try r.readNullableString("ErrorMessage")
            let resourceType = try r.readInt8("ResourceType")
            let resourceName = try r.readString("ResourceName")
            // name, value, three single bytes, synonyms (+ v3+ type and documentation, + tags).
            let configs = try r.readArray("Configs", minimumElementSize: flexible ? 9 : 11) {
                (c: inout WireReader) throws(KafkaProtocolError) in
                let name = try c.readString("Name")
                let value = try c.readNullableString("Value")
                let readOnly = try c.readBool("ReadOnly")
                let configSource = try c.readInt8("ConfigSource")
                let isSensitive = try c.readBool("IsSensitive")
                let synonyms = try c.readArray("Synonyms", minimumElementSize: flexible ? 4 : 5) {
                    (s: inout WireReader) throws(KafkaProtocolError) in
                    let name = try s.readString("Name")
                    let value = try s.readNullableString("Value")
                    let source = try s.readInt8("Source")
                    try s.skipTaggedFields()
                    return Synonym(name: name, value: value, source: source)
                }
                var configType: Int8 = 0
                var documentation: String? = nil
                if version >= 3 {
                    configType = try c.readInt8("ConfigType")
                    documentation = try c.readNullableString("Documentation")
                }
                try c.skipTaggedFields()
                return Config(
                    name: name, value: value, readOnly: readOnly, configSource: configSource, isSensitive: isSensitive,
                    synonyms: synonyms, configType: configType, documentation: documentation)
            }
            try r.skipTaggedFields()
            return Result(
                errorCode: errorCode, errorMessage: errorMessage, resourceType: resourceType,
                resourceName: resourceName, configs: configs)
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt32(throttleTimeMs)
        writer.writeArray(results) { w, result in
            w.writeInt16(result.errorCode.rawValue)
            w.writeNullableString(result.errorMessage)
            w.writeInt8(result.resourceType)
            w.writeString(result.resourceName)
            w.writeArray(result.configs) { c, config in
                c.writeString(config.name)
                c.writeNullableString(config.value)
                c.writeBool(config.readOnly)
                c.writeInt8(config.configSource)
                c.writeBool(config.isSensitive)
                c.writeArray(config.synonyms) { s, synonym in
                    s.writeString(synonym.name)
                    s.writeNullableString(synonym.value)
                    s.writeInt8(synonym.source)
                    s.writeEmptyTaggedFields()
                }
                if version >= 3 {
                    c.writeInt8(config.configType)
                    c.writeNullableString(config.documentation)
                }
                c.writeEmptyTaggedFields()
            }
            w.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}
