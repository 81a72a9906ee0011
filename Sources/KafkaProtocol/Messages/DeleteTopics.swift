/// DeleteTopics request (key 20), v1–v5 (flexible from v4): topics to delete by name. (v6's name-or-id `Topics`
/// structs are not supported.)
public struct DeleteTopicsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.deleteTopics
    public static let versions: ClosedRange<Int16> = 1...5
    public static let firstFlexibleVersion: Int16? = 4

    /// The names of the topics to delete.
    public var topicNames: [String]
    /// How long to wait in ms for the deletions to complete.
    public var timeoutMs: Int32

    public init(topicNames: [String], timeoutMs: Int32 = 0) {
        self.topicNames = topicNames
        self.timeoutMs = timeoutMs
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        topicNames = try reader.readArray("TopicNames", minimumElementSize: flexible ? 1 : 2) {
            (r: inout WireReader) throws(KafkaProtocolError) in try r.readString("TopicName")
        }
        timeoutMs = try reader.readInt32("TimeoutMs")
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeArray(topicNames) { w, name in w.writeString(name) }
        writer.writeInt32(timeoutMs)
        writer.writeEmptyTaggedFields()
    }
}

/// DeleteTopics response, v1–v5: throttle time and per-topic results; v5+ adds an error message.
public struct DeleteTopicsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.deleteTopics
    public static let versions: ClosedRange<Int16> = 1...5
    public static let firstFlexibleVersion: Int16? = 4

    /// The result for one topic.
    public struct Result: Hashable, Sendable {
        /// The topic name.
        public var name: String
        public var errorCode: KafkaErrorCode
        /// The error message, or nil if there was no error (v5+; nil before).
        public var errorMessage: String?

        public init(name: String, errorCode: KafkaErrorCode = .none, errorMessage: String? = nil) {
            self.name = name
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }
    }

    /// Throttle time in ms.
    public var throttleTimeMs: Int32
    /// The results for each topic.
    public var responses: [Result]

    public init(throttleTimeMs: Int32 = 0, responses: [Result]) {
        self.throttleTimeMs = throttleTimeMs
        self.responses = responses
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        throttleTimeMs = try reader.readInt32("ThrottleTimeMs")
        // name + error code (+ tags): 4 bytes at least either way.
        responses = try reader.readArray("Responses", minimumElementSize: 4) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            let name = try r.readString("Name")
            let errorCode = KafkaErrorCode(rawValue: try r.readInt16("ErrorCode"))
            let errorMessage = version >= 5 ? try r.readNullableString("ErrorMessage") : nil
            try r.skipTaggedFields()
            return Result(name: name, errorCode: errorCode, errorMessage: errorMessage)
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt32(throttleTimeMs)
        writer.writeArray(responses) { w, result in
            w.writeString(result.name)
            w.writeInt16(result.errorCode.rawValue)
            if version >= 5 { w.writeNullableString(result.errorMessage) }
            w.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}
