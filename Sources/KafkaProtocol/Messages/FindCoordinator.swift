/// FindCoordinator request (key 10), v0–v3 (one key; v4+ `CoordinatorKeys` batching is not supported).
public struct FindCoordinatorRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.findCoordinator
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 3

    /// The coordinator key (a group id or a transactional id).
    public var key: String
    /// The coordinator key type (0 group, 1 transaction); v1+, 0 before.
    public var keyType: Int8

    public init(key: String, keyType: Int8 = 0) {
        self.key = key
        self.keyType = keyType
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        key = try reader.readString("Key")
        keyType = version >= 1 ? try reader.readInt8("KeyType") : 0
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeString(key)
        if version >= 1 { writer.writeInt8(keyType) }
        writer.writeEmptyTaggedFields()
    }
}

/// FindCoordinator response, v0–v3: the coordinator's node id, host and port.
public struct FindCoordinatorResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.findCoordinator
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 3

    /// Throttle time in ms (v1+).
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    /// The error message, or nil if there was no error (v1+).
    public var errorMessage: String?
    public var nodeId: Int32
    public var host: String
    public var port: Int32

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = .none,
        errorMessage: String? = nil,
        nodeId: Int32,
        host: String,
        port: Int32
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.nodeId = nodeId
        self.host = host
        self.port = port
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        throttleTimeMs = version >= 1 ? try reader.readInt32("ThrottleTimeMs") : 0
        errorCode = KafkaErrorCode(rawValue: try reader.readInt16("ErrorCode"))
        errorMessage = version >= 1 ? try reader.readNullableString("ErrorMessage") : nil
        nodeId = try reader.readInt32("NodeId")
        host = try reader.readString("Host")
        port = try reader.readInt32("Port")
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        writer.writeInt16(errorCode.rawValue)
        if version >= 1 { writer.writeNullableString(errorMessage) }
        writer.writeInt32(nodeId)
        writer.writeString(host)
        writer.writeInt32(port)
        writer.writeEmptyTaggedFields()
    }
}
