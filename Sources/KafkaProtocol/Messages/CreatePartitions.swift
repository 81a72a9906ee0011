/// CreatePartitions request (key 37), v0–v3 (flexible from v2): raise topics' partition counts, optionally with
/// the new partitions' replica assignments.
public struct CreatePartitionsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.createPartitions
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 2

    /// The replica assignment of one new partition.
    public struct Assignment: Hashable, Sendable {
        /// The assigned broker ids.
        public var brokerIds: [Int32]

        public init(brokerIds: [Int32]) {
            self.brokerIds = brokerIds
        }
    }

    /// One topic to add partitions to.
    public struct Topic: Hashable, Sendable {
        /// The topic name.
        public var name: String
        /// The new partition count.
        public var count: Int32
        /// The new partitions' assignments, or nil for automatic assignment.
        public var assignments: [Assignment]?

        public init(name: String, count: Int32, assignments: [Assignment]? = nil) {
            self.name = name
            self.count = count
            self.assignments = assignments
        }
    }

    /// The topics to add partitions to.
    public var topics: [Topic]
    /// How long to wait in ms for the partitions to be created.
    public var timeoutMs: Int32
    /// Validate the request, but don't change any partition count.
    public var validateOnly: Bool

    public init(topics: [Topic], timeoutMs: Int32 = 0, validateOnly: Bool = false) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.validateOnly = validateOnly
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        // name, int32, nullable array (+ tags): 10 classic / 7 flexible bytes at least.
        topics = try reader.readArray("Topics", minimumElementSize: flexible ? 7 : 10) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            let name = try r.readString("Name")
            let count = try r.readInt32("Count")
            let assignments = try r.readNullableArray("Assignments", minimumElementSize: flexible ? 2 : 4) {
                (a: inout WireReader) throws(KafkaProtocolError) in
                let brokerIds = try a.readArray("BrokerIds", minimumElementSize: 4) {
                    (b: inout WireReader) throws(KafkaProtocolError) in try b.readInt32("BrokerId")
                }
                try a.skipTaggedFields()
                return Assignment(brokerIds: brokerIds)
            }
            try r.skipTaggedFields()
            return Topic(name: name, count: count, assignments: assignments)
        }
        timeoutMs = try reader.readInt32("TimeoutMs")
        validateOnly = try reader.readBool("ValidateOnly")
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeArray(topics) { w, topic in
            w.writeString(topic.name)
            w.writeInt32(topic.count)
            w.writeNullableArray(topic.assignments) { a, assignment in
                a.writeArray(assignment.brokerIds) { b, id in b.writeInt32(id) }
                a.writeEmptyTaggedFields()
            }
            w.writeEmptyTaggedFields()
        }
        writer.writeInt32(timeoutMs)
        writer.writeBool(validateOnly)
        writer.writeEmptyTaggedFields()
    }
}

/// CreatePartitions response, v0–v3: throttle time and per-topic results.
public struct CreatePartitionsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.createPartitions
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 2

    /// The result for one topic.
    public struct Result: Hashable, Sendable {
        /// The topic name.
        public var name: String
        public var errorCode: KafkaErrorCode
        /// The error message, or nil if there was no error.
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
    public var results: [Result]

    public init(throttleTimeMs: Int32 = 0, results: [Result]) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        let flexible = reader.flexible
        throttleTimeMs = try reader.readInt32("ThrottleTimeMs")
        // name, error code, nullable message (+ tags): 6 classic / 5 flexible bytes at least.
        results = try reader.readArray("Results", minimumElementSize: flexible ? 5 : 6) {
            (r: inout WireReader) throws(KafkaProtocolError) in
            let name = try r.readString("Name")
            let errorCode = KafkaErrorCode(rawValue: try r.readInt16("ErrorCode"))
            let errorMessage = try r.readNullableString("ErrorMessage")
            try r.skipTaggedFields()
            return Result(name: name, errorCode: errorCode, errorMessage: errorMessage)
        }
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt32(throttleTimeMs)
        writer.writeArray(results) { w, result in
            w.writeString(result.name)
            w.writeInt16(result.errorCode.rawValue)
            w.writeNullableString(result.errorMessage)
            w.writeEmptyTaggedFields()
        }
        writer.writeEmptyTaggedFields()
    }
}
