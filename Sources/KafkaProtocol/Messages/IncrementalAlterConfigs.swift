/// IncrementalAlterConfigs request (key 44), v0–v1 (flexible from v1): set, delete, append to or subtract from
/// individual configs of resources.
public struct IncrementalAlterConfigsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.incrementalAlterConfigs
    public static let versions: ClosedRange<Int16> = 0...1
    public static let firstFlexibleVersion: Int16? = 1

    /// One change to one config.
    public struct Config: Hashable, Sendable {
        /// The config key name.
        public var name: String
        /// The operation: 0 set, 1 delete, 2 append, 3 subtract.
        public var configOperation: Int8
        /// The value to set, append or subtract (nullable).
        public var value: String?

        public init(name: String, configOperation: Int8 = 0, value: String?) {
            self.name = name
            self.configOperation = configOperation
            self.value = value
        }
    }

    /// One resource to alter.
    public struct Resource: Hashable, Sendable {
        /// The resource type (2 topic, 4 broker, 8 broker logger, …).
        public var resourceType: Int8
        /// The resource name.
        public var resourceName: String
        /// The configs.
        public var configs: [Config]

        public init(resourceType: Int8, resourceName: String, configs: [Config]) {
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configs = configs
        }
    }

    /// The incremental updates for each resource.
    public var resources: [Resource]
    /// Validate the request, but don't change any config.
    public var validateOnly: Bool

    public init(resources: [Resource], validateOnly: Bool = false) {
        self.resources = resources
        self.validateOnly = validateOnly
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        // int8, name, configs array (+ tags): 7 classic / 4 flexible bytes at least.
        resources = try reader.readArray("Resources", minimumElementSize: flexible ? 4 : 7) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            let resourceType = try r.readInt8("ResourceType")
            let resourceName = try r.readString("ResourceName")
            let configs = try r.readArray("Configs", minimumElementSize: flexible ? 4 : 5) {
                (c: inout WireReader) throws(KafkaProtocolError) in
                let name = try c.readString("Name")
                let configOperation = try c.readInt8("ConfigOperation")
                let value = try c.readNullableString("Value")
                try c.skipTaggedFields()
                return Config(name: name, configOperation: configOperation, value: value)
            }
            try r.skipTaggedFields()
            return Resource(resourceType: resourceType, resourceName: resourceName, configs: configs)
        }
        validateOnly = try reader.readBool("ValidateOnly")
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeArray(resources) { w, resource in
            w.writeInt8(resource.resourceType)
            w.writeString(resource.resourceName)
            w.writeArray(resource.configs) { c, config in
                c.writeString(config.name)
                c.writeInt8(config.configOperation)
                c.writeNullableString(config.value)
                c.writeEmptyTaggedFields()
            }
            w.writeEmptyTaggedFields()
        }
        writer.writeBool(validateOnly)
        writer.writeEmptyTaggedFields()
    }
}

/// IncrementalAlterConfigs response, v0–v1: throttle time and per-resource results.
public struct IncrementalAlterConfigsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.incrementalAlterConfigs
    public static let versions: ClosedRange<Int16> = 0...1
    public static let firstFlexibleVersion: Int16? = 1

    /// The result for one resource.
    public struct Result: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        /// The error message, or nil if there was no error.
        public var errorMessage: String?
        /// The resource type.
        public var resourceType: Int8
        /// The resource name.
        public var resourceName: String

        public init(
            errorCode: KafkaErrorCode = .none, errorMessage: String? = nil, resourceType: Int8, resourceName: String
        ) {
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.resourceType = resourceType
            self.resourceName = resourceName
        }
    }

    /// Throttle time in ms.
    public var throttleTimeMs: Int32
    /// The results for each resource.
    public var responses: [Result]

    public init(throttleTimeMs: Int32 = 0, responses: [Result]) {
        self.throttleTimeMs = throttleTimeMs
        self.responses = responses
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        throttleTimeMs = try reader.readInt32("ThrottleTimeMs")
        // int16, nullable message, int8, name (+ tags): 7 classic / 6 flexible bytes at least.
        responses = try reader.readArray("Responses", minimumElementSize: flexible ? 6 : 7) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            let errorCode = KafkaErrorCode(rawValue: try r.readInt16("ErrorCode"))
            let errorMessage = try r.readNullableString("ErrorMessage")
            let resourceType = try r.readInt8("ResourceType")
            let resourceName = try r.readString("ResourceName")
            try r.skipTaggedFields()
            return Result(
                errorCode: errorCode, errorMessage: errorMessage, resourceType: resourceType,
                resourceName: resourceName)
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt32(throttleTimeMs)
        writer.writeArray(responses) { w, result in
            w.writeInt16(result.errorCode.rawValue)
            w.writeNullableString(result.errorMessage)
            w.writeInt8(result.resourceType)
            w.writeString(result.resourceName)
            w.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}
