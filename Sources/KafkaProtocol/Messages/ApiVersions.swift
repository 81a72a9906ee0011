/// ApiVersions request (key 18), v0–v4. v3+ carries the client's software name and version (flexible).
public struct ApiVersionsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.apiVersions
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 3

    public var clientSoftwareName: String
    public var clientSoftwareVersion: String

    public init(clientSoftwareName: String = "", clientSoftwareVersion: String = "") {
        self.clientSoftwareName = clientSoftwareName
        self.clientSoftwareVersion = clientSoftwareVersion
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        if version >= 3 {
            clientSoftwareName = try reader.readString("ClientSoftwareName")
            clientSoftwareVersion = try reader.readString("ClientSoftwareVersion")
            try reader.skipTaggedFields()
        } else {
            clientSoftwareName = ""
            clientSoftwareVersion = ""
        }
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 3 {
            writer.writeString(clientSoftwareName)
            writer.writeString(clientSoftwareVersion)
            writer.writeEmptyTaggedFields()
        }
    }
}

/// ApiVersions response, v0–v4. Always sent with response header v0, even for flexible bodies; an unsupported
/// request version is answered in the v0 layout (so every client can read it).
public struct ApiVersionsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.apiVersions
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 3

    /// One supported API and its version range.
    public struct ApiVersion: Hashable, Sendable {
        public var apiKey: Int16
        public var minVersion: Int16
        public var maxVersion: Int16

        public init(apiKey: Int16, minVersion: Int16, maxVersion: Int16) {
            self.apiKey = apiKey
            self.minVersion = minVersion
            self.maxVersion = maxVersion
        }
    }

    public var errorCode: KafkaErrorCode
    public var apiKeys: [ApiVersion]
    public var throttleTimeMs: Int32

    public init(errorCode: KafkaErrorCode = .none, apiKeys: [ApiVersion], throttleTimeMs: Int32 = 0) {
        self.errorCode = errorCode
        self.apiKeys = apiKeys
        self.throttleTimeMs = throttleTimeMs
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        errorCode = KafkaErrorCode(rawValue: try reader.readInt16("ErrorCode"))
        apiKeys = try reader.readArray("ApiKeys", minimumElementSize: 6) { (entry: inout WireReader) throws(KafkaProtocolError) in
            let key = try entry.readInt16("ApiKey")
            let min = try entry.readInt16("MinVersion")
            let max = try entry.readInt16("MaxVersion")
            try entry.skipTaggedFields()
            return ApiVersion(apiKey: key, minVersion: min, maxVersion: max)
        }
        throttleTimeMs = version >= 1 ? try reader.readInt32("ThrottleTimeMs") : 0
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt16(errorCode.rawValue)
        writer.writeArray(apiKeys) { entry, api in
            entry.writeInt16(api.apiKey)
            entry.writeInt16(api.minVersion)
            entry.writeInt16(api.maxVersion)
            entry.writeEmptyTaggedFields()
        }
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        writer.writeEmptyTaggedFields()
    }
}
