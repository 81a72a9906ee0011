import KafkaProtocol
import NIOCore
import Testing

// Admin and producer-id APIs: CreateTopics, DeleteTopics, CreatePartitions, DeleteRecords, DescribeConfigs,
// AlterConfigs, IncrementalAlterConfigs, InitProducerId.

/// Concatenates byte groups (keeps the hand-written layouts readable and cheap to type-check).
private func bytes(_ parts: [UInt8]...) -> [UInt8] { parts.flatMap { $0 } }

/// The UTF-8 bytes of `text` (string payloads in hand-written layouts).
private func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Encodes `value` at `version`, checks it decodes to `expected` (the value with fields the version does not carry
/// reset to their defaults), that `expected` encodes to the same bytes, and that every truncation of the body throws.
private func checkRoundTrip<M: KafkaMessage & Equatable>(_ value: M, expected: M, version: Int16) throws {
    let body = value.encoded(version: version)
    let decoded = try M.decode(body, version: version)
    #expect(decoded == expected, "\(M.self) v\(version)")
    #expect(expected.encoded(version: version) == body, "\(M.self) v\(version): absent fields were written")
    let all = Array(body.readableBytesView)
    for length in 0..<all.count {
        let prefix = ByteBuffer(bytes: all.prefix(length))
        #expect(throws: KafkaProtocolError.self, "\(M.self) v\(version) cut at \(length)") {
            _ = try M.decode(prefix, version: version)
        }
    }
}

/// Checks `value` encodes at `version` to exactly `layout`, and that `layout` decodes back to `value`.
private func checkLayout<M: KafkaMessage & Equatable>(
    _ value: M, version: Int16, _ layout: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
) throws {
    #expect(Array(value.encoded(version: version).readableBytesView) == layout, sourceLocation: sourceLocation)
    #expect(try M.decode(ByteBuffer(bytes: layout), version: version) == value, sourceLocation: sourceLocation)
}

/// Checks that decoding `layout` at `version` fails with `.invalidLength`.
private func checkInvalidLength<M: KafkaMessage>(
    _ type: M.Type, version: Int16, _ layout: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        _ = try M.decode(ByteBuffer(bytes: layout), version: version)
        Issue.record("\(M.self) v\(version) decoded a hostile count", sourceLocation: sourceLocation)
    } catch {
        #expect(error.code == .invalidLength, "\(error)", sourceLocation: sourceLocation)
    }
}

/// Checks that decoding at `version` (outside the codec's range) fails with `.unsupportedVersion`.
private func checkUnsupported<M: KafkaMessage>(
    _ type: M.Type, version: Int16, sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        _ = try M.decode(ByteBuffer(), version: version)
        Issue.record("\(M.self) v\(version) decoded", sourceLocation: sourceLocation)
    } catch {
        #expect(error.code == .unsupportedVersion, "\(error)", sourceLocation: sourceLocation)
    }
}

/// A classic int32 array count of 0x7FFFFFFF.
private let hostileClassicCount: [UInt8] = [0x7F, 0xFF, 0xFF, 0xFF]
/// A compact array count (uvarint N+1) of 0x7FFFFFFF.
private let hostileCompactCount: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x08]

// MARK: - Populated values and their per-version normal forms

extension CreateTopicsRequest {
    fileprivate static let populated = CreateTopicsRequest(
        topics: [
            .init(
                name: "orders", numPartitions: 6, replicationFactor: 3,
                assignments: [.init(partitionIndex: 0, brokerIds: [1, 2, 3]), .init(partitionIndex: 1, brokerIds: [2])],
                configs: [.init(name: "retention.ms", value: "1000"), .init(name: "cleanup.policy", value: nil)]),
            .init(name: "payments", numPartitions: 1, replicationFactor: 1),
        ],
        timeoutMs: 1234, validateOnly: true)

    fileprivate func normalised(_ version: Int16) -> Self {
        var copy = self
        if version < 1 { copy.validateOnly = false }
        return copy
    }
}

extension CreateTopicsResponse {
    fileprivate static let populated = CreateTopicsResponse(
        throttleTimeMs: 11,
        topics: [
            .init(
                name: "orders", topicId: KafkaUUID(high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10),
                errorCode: .topicAlreadyExists, errorMessage: "exists", numPartitions: 6, replicationFactor: 3,
                configs: [
                    .init(name: "retention.ms", value: "1000", readOnly: true, configSource: 1, isSensitive: true),
                    .init(name: "password", value: nil, readOnly: false, configSource: 5, isSensitive: true),
                ]),
            .init(
                name: "payments", errorCode: .none, errorMessage: nil, numPartitions: 1, replicationFactor: 1,
                configs: nil),
        ])

    fileprivate func normalised(_ version: Int16) -> Self {
        var copy = self
        if version < 2 { copy.throttleTimeMs = 0 }
        copy.topics = topics.map { topic in
            var topic = topic
            if version < 7 { topic.topicId = .zero }
            if version < 1 { topic.errorMessage = nil }
            if version < 5 {
                topic.numPartitions = -1
                topic.replicationFactor = -1
                topic.configs = nil
            }
            return topic
        }
        return copy
    }
}

extension DeleteTopicsRequest {
    fileprivate static let populated = DeleteTopicsRequest(topicNames: ["orders", "payments", ""], timeoutMs: 3000)
}

extension DeleteTopicsResponse {
    fileprivate static let populated = DeleteTopicsResponse(
        throttleTimeMs: 5,
        responses: [
            .init(name: "orders", errorCode: .unknownTopicOrPartition, errorMessage: "no such topic"),
            .init(name: "payments"),
        ])

    fileprivate func normalised(_ version: Int16) -> Self {
        var copy = self
        if version < 5 {
            copy.responses = responses.map { result in
                var result = result
                result.errorMessage = nil
                return result
            }
        }
        return copy
    }
}

extension CreatePartitionsRequest {
    fileprivate static let populated = CreatePartitionsRequest(
        topics: [
            .init(name: "orders", count: 8, assignments: [.init(brokerIds: [1, 2]), .init(brokerIds: [2, 3])]),
            .init(name: "payments", count: 3, assignments: nil),
            .init(name: "empty", count: 2, assignments: []),
        ],
        timeoutMs: 5000, validateOnly: true)
}

extension CreatePartitionsResponse {
    fileprivate static let populated = CreatePartitionsResponse(
        throttleTimeMs: 2,
        results: [
            .init(name: "orders", errorCode: .invalidPartitions, errorMessage: "cannot shrink"),
            .init(name: "payments"),
        ])
}

extension DeleteRecordsRequest {
    fileprivate static let populated = DeleteRecordsRequest(
        topics: [
            .init(
                name: "orders",
                partitions: [.init(partitionIndex: 0, offset: 100), .init(partitionIndex: 3, offset: -1)]),
            .init(name: "payments", partitions: []),
        ],
        timeoutMs: 30000)
}

extension DeleteRecordsResponse {
    fileprivate static let populated = DeleteRecordsResponse(
        throttleTimeMs: 4,
        topics: [
            .init(
                name: "orders",
                partitions: [
                    .init(partitionIndex: 0, lowWatermark: 100),
                    .init(partitionIndex: 3, lowWatermark: -1, errorCode: .offsetOutOfRange),
                ])
        ])
}

extension DescribeConfigsRequest {
    fileprivate static let populated = DescribeConfigsRequest(
        resources: [
            .init(resourceType: 2, resourceName: "orders", configurationKeys: ["retention.ms", "cleanup.policy"]),
            .init(resourceType: 4, resourceName: "1", configurationKeys: nil),
        ],
        includeSynonyms: true, includeDocumentation: true)

    fileprivate func normalised(_ version: Int16) -> Self {
        var copy = self
        if version < 3 { copy.includeDocumentation = false }
        return copy
    }
}

extension DescribeConfigsResponse {
    fileprivate static let populated = DescribeConfigsResponse(
        throttleTimeMs: 3,
        results: [
            .init(
                errorCode: .none, errorMessage: nil, resourceType: 2, resourceName: "orders",
                configs: [
                    .init(
                        name: "retention.ms", value: "1000", readOnly: false, configSource: 1, isSensitive: false,
                        synonyms: [
                            .init(name: "retention.ms", value: "1000", source: 1),
                            .init(name: "log.retention.ms", value: nil, source: 5),
                        ],
                        configType: 5, documentation: "How long to keep a log."),
                    .init(
                        name: "sasl.password", value: nil, readOnly: true, configSource: 4, isSensitive: true,
                        configType: 9, documentation: nil),
                ]),
            .init(
                errorCode: .unknownTopicOrPartition, errorMessage: "no such topic", resourceType: 2,
                resourceName: "gone", configs: []),
        ])

    fileprivate func normalised(_ version: Int16) -> Self {
        var copy = self
        guard version < 3 else { return copy }
        copy.results = results.map { result in
            var result = result
            result.configs = result.configs.map { config in
                var config = config
                config.configType = 0
                config.documentation = nil
                return config
            }
            return result
        }
        return copy
    }
}

extension AlterConfigsRequest {
    fileprivate static let populated = AlterConfigsRequest(
        resources: [
            .init(
                resourceType: 2, resourceName: "orders",
                configs: [.init(name: "retention.ms", value: "1000"), .init(name: "cleanup.policy", value: nil)]),
            .init(resourceType: 4, resourceName: "1", configs: []),
        ],
        validateOnly: true)
}

extension AlterConfigsResponse {
    fileprivate static let populated = AlterConfigsResponse(
        throttleTimeMs: 9,
        responses: [
            .init(errorCode: .invalidConfig, errorMessage: "bad value", resourceType: 2, resourceName: "orders"),
            .init(resourceType: 4, resourceName: "1"),
        ])
}

extension IncrementalAlterConfigsRequest {
    fileprivate static let populated = IncrementalAlterConfigsRequest(
        resources: [
            .init(
                resourceType: 2, resourceName: "orders",
                configs: [
                    .init(name: "retention.ms", configOperation: 0, value: "1000"),
                    .init(name: "cleanup.policy", configOperation: 1, value: nil),
                    .init(name: "leader.replication.throttled.replicas", configOperation: 2, value: "0:1"),
                ]),
            .init(resourceType: 4, resourceName: "", configs: [.init(name: "x", configOperation: 3, value: "y")]),
        ],
        validateOnly: true)
}

extension IncrementalAlterConfigsResponse {
    fileprivate static let populated = IncrementalAlterConfigsResponse(
        throttleTimeMs: 8,
        responses: [
            .init(errorCode: .policyViolation, errorMessage: "no", resourceType: 2, resourceName: "orders"),
            .init(resourceType: 4, resourceName: ""),
        ])
}

extension InitProducerIdRequest {
    fileprivate static let populated = InitProducerIdRequest(
        transactionalId: "txn-1", transactionTimeoutMs: 60000, producerId: 42, producerEpoch: 3)

    fileprivate func normalised(_ version: Int16) -> Self {
        var copy = self
        if version < 3 {
            copy.producerId = -1
            copy.producerEpoch = -1
        }
        return copy
    }
}

extension InitProducerIdResponse {
    fileprivate static let populated = InitProducerIdResponse(
        throttleTimeMs: 1, errorCode: .concurrentTransactions, producerId: 0x0102_0304_0506_0708, producerEpoch: 7)
}

@Suite struct AdminApiTests {
    // MARK: - Every version round-trips and every truncation throws

    @Test(arguments: CreateTopicsRequest.versions) func createTopicsRequestRoundTrips(version: Int16) throws {
        let value = CreateTopicsRequest.populated
        try checkRoundTrip(value, expected: value.normalised(version), version: version)
    }

    @Test(arguments: CreateTopicsResponse.versions) func createTopicsResponseRoundTrips(version: Int16) throws {
        let value = CreateTopicsResponse.populated
        try checkRoundTrip(value, expected: value.normalised(version), version: version)
    }

    @Test(arguments: DeleteTopicsRequest.versions) func deleteTopicsRequestRoundTrips(version: Int16) throws {
        try checkRoundTrip(DeleteTopicsRequest.populated, expected: DeleteTopicsRequest.populated, version: version)
    }

    @Test(arguments: DeleteTopicsResponse.versions) func deleteTopicsResponseRoundTrips(version: Int16) throws {
        let value = DeleteTopicsResponse.populated
        try checkRoundTrip(value, expected: value.normalised(version), version: version)
    }

    @Test(arguments: CreatePartitionsRequest.versions) func createPartitionsRequestRoundTrips(version: Int16) throws {
        let value = CreatePartitionsRequest.populated
        try checkRoundTrip(value, expected: value, version: version)
    }

    @Test(arguments: CreatePartitionsResponse.versions) func createPartitionsResponseRoundTrips(version: Int16) throws {
        let value = CreatePartitionsResponse.populated
        try checkRoundTrip(value, expected: value, version: version)
    }

    @Test(arguments: DeleteRecordsRequest.versions) func deleteRecordsRequestRoundTrips(version: Int16) throws {
        try checkRoundTrip(DeleteRecordsRequest.populated, expected: DeleteRecordsRequest.populated, version: version)
    }

    @Test(arguments: DeleteRecordsResponse.versions) func deleteRecordsResponseRoundTrips(version: Int16) throws {
        try checkRoundTrip(DeleteRecordsResponse.populated, expected: DeleteRecordsResponse.populated, version: version)
    }

    @Test(arguments: DescribeConfigsRequest.versions) func describeConfigsRequestRoundTrips(version: Int16) throws {
        let value = DescribeConfigsRequest.populated
        try checkRoundTrip(value, expected: value.normalised(version), version: version)
    }

    @Test(arguments: DescribeConfigsResponse.versions) func describeConfigsResponseRoundTrips(version: Int16) throws {
        let value = DescribeConfigsResponse.populated
        try checkRoundTrip(value, expected: value.normalised(version), version: version)
    }

    @Test(arguments: AlterConfigsRequest.versions) func alterConfigsRequestRoundTrips(version: Int16) throws {
        try checkRoundTrip(AlterConfigsRequest.populated, expected: AlterConfigsRequest.populated, version: version)
    }

    @Test(arguments: AlterConfigsResponse.versions) func alterConfigsResponseRoundTrips(version: Int16) throws {
        try checkRoundTrip(AlterConfigsResponse.populated, expected: AlterConfigsResponse.populated, version: version)
    }

    @Test(arguments: IncrementalAlterConfigsRequest.versions)
    func incrementalAlterConfigsRequestRoundTrips(version: Int16) throws {
        let value = IncrementalAlterConfigsRequest.populated
        try checkRoundTrip(value, expected: value, version: version)
    }

    @Test(arguments: IncrementalAlterConfigsResponse.versions)
    func incrementalAlterConfigsResponseRoundTrips(version: Int16) throws {
        let value = IncrementalAlterConfigsResponse.populated
        try checkRoundTrip(value, expected: value, version: version)
    }

    @Test(arguments: InitProducerIdRequest.versions) func initProducerIdRequestRoundTrips(version: Int16) throws {
        let value = InitProducerIdRequest.populated
        try checkRoundTrip(value, expected: value.normalised(version), version: version)
        let idempotent = InitProducerIdRequest(transactionalId: nil, transactionTimeoutMs: -1)
        try checkRoundTrip(idempotent, expected: idempotent, version: version)
    }

    @Test(arguments: InitProducerIdResponse.versions) func initProducerIdResponseRoundTrips(version: Int16) throws {
        let value = InitProducerIdResponse.populated
        try checkRoundTrip(value, expected: value, version: version)
    }

    // MARK: - Byte-exact layouts (written out from the schemas)

    @Test func createTopicsRequestLayouts() throws {
        let value = CreateTopicsRequest(
            topics: [
                .init(
                    name: "t", numPartitions: 3, replicationFactor: 1,
                    assignments: [.init(partitionIndex: 0, brokerIds: [1])], configs: [.init(name: "k", value: nil)])
            ],
            timeoutMs: 1000, validateOnly: true)
        try checkLayout(
            value, version: 1,
            bytes(
                [0, 0, 0, 1],  // Topics: 1
                [0, 1], utf8("t"),  // Name
                [0, 0, 0, 3],  // NumPartitions
                [0, 1],  // ReplicationFactor
                [0, 0, 0, 1],  // Assignments: 1
                [0, 0, 0, 0],  // PartitionIndex
                [0, 0, 0, 1], [0, 0, 0, 1],  // BrokerIds [1]
                [0, 0, 0, 1],  // Configs: 1
                [0, 1], utf8("k"),  // Name
                [0xFF, 0xFF],  // Value null
                [0, 0, 0x03, 0xE8],  // timeoutMs 1000
                [1]  // validateOnly
            ))
        try checkLayout(
            value, version: 5,
            bytes(
                [2],  // Topics: compact 1
                [2], utf8("t"),  // Name
                [0, 0, 0, 3],  // NumPartitions
                [0, 1],  // ReplicationFactor
                [2],  // Assignments: 1
                [0, 0, 0, 0],  // PartitionIndex
                [2], [0, 0, 0, 1],  // BrokerIds [1]
                [0],  // assignment tags
                [2],  // Configs: 1
                [2], utf8("k"),  // Name
                [0],  // Value null
                [0],  // config tags
                [0],  // topic tags
                [0, 0, 0x03, 0xE8],  // timeoutMs
                [1],  // validateOnly
                [0]  // tags
            ))
        // v0 has no validateOnly.
        #expect(value.encoded(version: 0).readableBytes + 1 == value.encoded(version: 1).readableBytes)
    }

    @Test func createTopicsResponseLayouts() throws {
        try checkLayout(
            CreateTopicsResponse(
                throttleTimeMs: 5, topics: [.init(name: "t", errorCode: .topicAlreadyExists, errorMessage: "x")]),
            version: 2,
            bytes(
                [0, 0, 0, 5],  // ThrottleTimeMs
                [0, 0, 0, 1],  // Topics: 1
                [0, 1], utf8("t"),  // Name
                [0, 36],  // ErrorCode TOPIC_ALREADY_EXISTS
                [0, 1], utf8("x")  // ErrorMessage
            ))
        let v7 = CreateTopicsResponse(
            throttleTimeMs: 5,
            topics: [
                .init(
                    name: "t", topicId: KafkaUUID(high: 1, low: 2), errorCode: .none, errorMessage: nil,
                    numPartitions: 3, replicationFactor: 1,
                    configs: [.init(name: "k", value: "v", readOnly: true, configSource: 5, isSensitive: false)])
            ])
        let v7Layout = bytes(
            [0, 0, 0, 5],  // ThrottleTimeMs
            [2],  // Topics: 1
            [2], utf8("t"),  // Name
            [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2],  // TopicId
            [0, 0],  // ErrorCode
            [0],  // ErrorMessage null
            [0, 0, 0, 3],  // NumPartitions
            [0, 1],  // ReplicationFactor
            [2],  // Configs: 1
            [2], utf8("k"),  // Name
            [2], utf8("v"),  // Value
            [1],  // ReadOnly
            [5],  // ConfigSource
            [0],  // IsSensitive
            [0],  // config tags
            [0],  // topic tags (TopicConfigErrorCode never written)
            [0]  // tags
        )
        try checkLayout(v7, version: 7, v7Layout)

        // A TopicConfigErrorCode tagged field (tag 0, 2 bytes: 40) from a peer is skipped.
        var tagged = v7
        tagged.topics[0].configs = nil
        let taggedLayout = bytes(
            [0, 0, 0, 5], [2], [2], utf8("t"),
            [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2],
            [0, 0], [0], [0, 0, 0, 3], [0, 1],
            [0],  // Configs null
            [1, 0, 2, 0, 40],  // topic tags: one field, tag 0, size 2, INVALID_CONFIG
            [0]
        )
        #expect(try CreateTopicsResponse.decode(ByteBuffer(bytes: taggedLayout), version: 7) == tagged)
    }

    @Test func deleteTopicsLayouts() throws {
        let request = DeleteTopicsRequest(topicNames: ["a", "b"], timeoutMs: 500)
        try checkLayout(
            request, version: 1, bytes([0, 0, 0, 2], [0, 1], utf8("a"), [0, 1], utf8("b"), [0, 0, 0x01, 0xF4]))
        try checkLayout(request, version: 4, bytes([3], [2], utf8("a"), [2], utf8("b"), [0, 0, 0x01, 0xF4], [0]))

        try checkLayout(
            DeleteTopicsResponse(throttleTimeMs: 7, responses: [.init(name: "a", errorCode: .unknownTopicOrPartition)]),
            version: 3,
            bytes([0, 0, 0, 7], [0, 0, 0, 1], [0, 1], utf8("a"), [0, 3]))
        try checkLayout(
            DeleteTopicsResponse(
                throttleTimeMs: 7,
                responses: [.init(name: "a", errorCode: .unknownTopicOrPartition, errorMessage: "m")]),
            version: 5,
            bytes(
                [0, 0, 0, 7],  // ThrottleTimeMs
                [2],  // Responses: 1
                [2], utf8("a"),  // Name
                [0, 3],  // ErrorCode
                [2], utf8("m"),  // ErrorMessage (v5+)
                [0],  // result tags
                [0]  // tags
            ))
    }

    @Test func createPartitionsLayouts() throws {
        let request = CreatePartitionsRequest(
            topics: [
                .init(name: "t", count: 4, assignments: [.init(brokerIds: [1, 2])]),
                .init(name: "u", count: 2, assignments: nil),
            ],
            timeoutMs: 100, validateOnly: false)
        try checkLayout(
            request, version: 1,
            bytes(
                [0, 0, 0, 2],  // Topics: 2
                [0, 1], utf8("t"), [0, 0, 0, 4],  // Name, Count
                [0, 0, 0, 1],  // Assignments: 1
                [0, 0, 0, 2], [0, 0, 0, 1], [0, 0, 0, 2],  // BrokerIds [1, 2]
                [0, 1], utf8("u"), [0, 0, 0, 2],  // Name, Count
                [0xFF, 0xFF, 0xFF, 0xFF],  // Assignments null
                [0, 0, 0, 100],  // TimeoutMs
                [0]  // ValidateOnly
            ))
        try checkLayout(
            request, version: 2,
            bytes(
                [3],  // Topics: 2
                [2], utf8("t"), [0, 0, 0, 4],
                [2],  // Assignments: 1
                [3], [0, 0, 0, 1], [0, 0, 0, 2],  // BrokerIds [1, 2]
                [0],  // assignment tags
                [0],  // topic tags
                [2], utf8("u"), [0, 0, 0, 2],
                [0],  // Assignments null
                [0],  // topic tags
                [0, 0, 0, 100], [0],
                [0]  // tags
            ))

        let response = CreatePartitionsResponse(
            throttleTimeMs: 1, results: [.init(name: "t", errorCode: .invalidPartitions, errorMessage: nil)])
        try checkLayout(
            response, version: 0, bytes([0, 0, 0, 1], [0, 0, 0, 1], [0, 1], utf8("t"), [0, 37], [0xFF, 0xFF]))
        var flexible = response
        flexible.results[0].errorMessage = "e"
        try checkLayout(
            flexible, version: 3, bytes([0, 0, 0, 1], [2], [2], utf8("t"), [0, 37], [2], utf8("e"), [0], [0]))
    }

    @Test func deleteRecordsLayouts() throws {
        let request = DeleteRecordsRequest(
            topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, offset: 10)])], timeoutMs: 30)
        try checkLayout(
            request, version: 0,
            bytes(
                [0, 0, 0, 1], [0, 1], utf8("t"),  // Topics: 1, Name
                [0, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 10],  // Partitions: 1, index 0, offset 10
                [0, 0, 0, 30]  // TimeoutMs
            ))
        try checkLayout(
            request, version: 2,
            bytes(
                [2], [2], utf8("t"),
                [2], [0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 10], [0],  // partition + tags
                [0],  // topic tags
                [0, 0, 0, 30], [0]
            ))

        let response = DeleteRecordsResponse(
            throttleTimeMs: 0, topics: [.init(name: "t", partitions: [.init(partitionIndex: 2, lowWatermark: 10)])])
        try checkLayout(
            response, version: 1,
            bytes(
                [0, 0, 0, 0],  // ThrottleTimeMs
                [0, 0, 0, 1], [0, 1], utf8("t"),
                [0, 0, 0, 1], [0, 0, 0, 2], [0, 0, 0, 0, 0, 0, 0, 10], [0, 0]  // index, low watermark, error
            ))
        try checkLayout(
            response, version: 2,
            bytes(
                [0, 0, 0, 0],
                [2], [2], utf8("t"),
                [2], [0, 0, 0, 2], [0, 0, 0, 0, 0, 0, 0, 10], [0, 0], [0],
                [0],
                [0]
            ))
    }

    @Test func describeConfigsLayouts() throws {
        let request = DescribeConfigsRequest(
            resources: [
                .init(resourceType: 2, resourceName: "t", configurationKeys: nil),
                .init(resourceType: 4, resourceName: "1", configurationKeys: ["a"]),
            ],
            includeSynonyms: true, includeDocumentation: true)
        try checkLayout(
            request.normalised(1), version: 1,
            bytes(
                [0, 0, 0, 2],  // Resources: 2
                [2], [0, 1], utf8("t"), [0xFF, 0xFF, 0xFF, 0xFF],  // TOPIC "t", all keys
                [4], [0, 1], utf8("1"), [0, 0, 0, 1], [0, 1], utf8("a"),  // BROKER "1", ["a"]
                [1]  // IncludeSynonyms
            ))
        try checkLayout(
            request, version: 4,
            bytes(
                [3],
                [2], [2], utf8("t"), [0], [0],  // keys null, tags
                [4], [2], utf8("1"), [2], [2], utf8("a"), [0],
                [1],  // IncludeSynonyms
                [1],  // IncludeDocumentation
                [0]
            ))

        let response = DescribeConfigsResponse(
            throttleTimeMs: 0,
            results: [
                .init(
                    resourceType: 2, resourceName: "t",
                    configs: [
                        .init(
                            name: "k", value: "v", readOnly: false, configSource: 5, isSensitive: false,
                            synonyms: [.init(name: "k", value: nil, source: 5)], configType: 2, documentation: "d")
                    ])
            ])
        try checkLayout(
            response.normalised(1), version: 1,
            bytes(
                [0, 0, 0, 0],  // ThrottleTimeMs
                [0, 0, 0, 1],  // Results: 1
                [0, 0], [0xFF, 0xFF], [2], [0, 1], utf8("t"),  // ErrorCode, ErrorMessage null, type, name
                [0, 0, 0, 1],  // Configs: 1
                [0, 1], utf8("k"), [0, 1], utf8("v"),  // Name, Value
                [0], [5], [0],  // ReadOnly, ConfigSource, IsSensitive
                [0, 0, 0, 1], [0, 1], utf8("k"), [0xFF, 0xFF], [5]  // Synonyms: 1 (name, value null, source)
            ))
        try checkLayout(
            response, version: 4,
            bytes(
                [0, 0, 0, 0],
                [2],
                [0, 0], [0], [2], [2], utf8("t"),
                [2],
                [2], utf8("k"), [2], utf8("v"),
                [0], [5], [0],
                [2], [2], utf8("k"), [0], [5], [0],  // synonym + tags
                [2],  // ConfigType STRING
                [2], utf8("d"),  // Documentation
                [0],  // config tags
                [0],  // result tags
                [0]
            ))
    }

    @Test func alterConfigsLayouts() throws {
        let request = AlterConfigsRequest(
            resources: [
                .init(
                    resourceType: 2, resourceName: "t",
                    configs: [.init(name: "k", value: "v"), .init(name: "x", value: nil)])
            ],
            validateOnly: true)
        try checkLayout(
            request, version: 0,
            bytes(
                [0, 0, 0, 1], [2], [0, 1], utf8("t"),
                [0, 0, 0, 2], [0, 1], utf8("k"), [0, 1], utf8("v"), [0, 1], utf8("x"), [0xFF, 0xFF],
                [1]
            ))
        try checkLayout(
            request, version: 2,
            bytes(
                [2], [2], [2], utf8("t"),
                [3], [2], utf8("k"), [2], utf8("v"), [0], [2], utf8("x"), [0], [0],
                [0],  // resource tags
                [1], [0]
            ))

        let response = AlterConfigsResponse(
            throttleTimeMs: 9,
            responses: [.init(errorCode: .invalidConfig, errorMessage: "e", resourceType: 2, resourceName: "t")])
        try checkLayout(
            response, version: 1,
            bytes([0, 0, 0, 9], [0, 0, 0, 1], [0, 40], [0, 1], utf8("e"), [2], [0, 1], utf8("t")))
        try checkLayout(
            response, version: 2, bytes([0, 0, 0, 9], [2], [0, 40], [2], utf8("e"), [2], [2], utf8("t"), [0], [0]))
    }

    @Test func incrementalAlterConfigsLayouts() throws {
        let request = IncrementalAlterConfigsRequest(
            resources: [
                .init(resourceType: 2, resourceName: "t", configs: [.init(name: "k", configOperation: 1, value: nil)])
            ],
            validateOnly: false)
        try checkLayout(
            request, version: 0,
            bytes(
                [0, 0, 0, 1], [2], [0, 1], utf8("t"),
                [0, 0, 0, 1], [0, 1], utf8("k"), [1], [0xFF, 0xFF],  // Name, ConfigOperation DELETE, Value null
                [0]
            ))
        try checkLayout(
            request, version: 1,
            bytes([2], [2], [2], utf8("t"), [2], [2], utf8("k"), [1], [0], [0], [0], [0], [0]))

        let response = IncrementalAlterConfigsResponse(
            throttleTimeMs: 0, responses: [.init(resourceType: 4, resourceName: "1")])
        try checkLayout(
            response, version: 0, bytes([0, 0, 0, 0], [0, 0, 0, 1], [0, 0], [0xFF, 0xFF], [4], [0, 1], utf8("1")))
        try checkLayout(response, version: 1, bytes([0, 0, 0, 0], [2], [0, 0], [0], [4], [2], utf8("1"), [0], [0]))
    }

    @Test func initProducerIdLayouts() throws {
        try checkLayout(
            InitProducerIdRequest(transactionalId: "x", transactionTimeoutMs: 60000), version: 0,
            bytes([0, 1], utf8("x"), [0, 0, 0xEA, 0x60]))
        try checkLayout(
            InitProducerIdRequest(transactionalId: nil, transactionTimeoutMs: 60000), version: 1,
            bytes([0xFF, 0xFF], [0, 0, 0xEA, 0x60]))
        try checkLayout(
            InitProducerIdRequest(transactionalId: nil, transactionTimeoutMs: 60000, producerId: 5, producerEpoch: 2),
            version: 3,
            bytes(
                [0],  // TransactionalId null
                [0, 0, 0xEA, 0x60],  // TransactionTimeoutMs
                [0, 0, 0, 0, 0, 0, 0, 5],  // ProducerId
                [0, 2],  // ProducerEpoch
                [0]
            ))

        let response = InitProducerIdResponse(throttleTimeMs: 0, errorCode: .none, producerId: 7, producerEpoch: 1)
        try checkLayout(response, version: 1, bytes([0, 0, 0, 0], [0, 0], [0, 0, 0, 0, 0, 0, 0, 7], [0, 1]))
        try checkLayout(response, version: 2, bytes([0, 0, 0, 0], [0, 0], [0, 0, 0, 0, 0, 0, 0, 7], [0, 1], [0]))
    }

    // MARK: - Hostile counts and lengths

    @Test func hostileCountsAreRejected() {
        let noThrottle: [UInt8] = []
        let throttle: [UInt8] = [0, 0, 0, 0]
        checkInvalidLength(CreateTopicsRequest.self, version: 1, hostileClassicCount)
        checkInvalidLength(CreateTopicsRequest.self, version: 5, hostileCompactCount)
        checkInvalidLength(CreateTopicsResponse.self, version: 0, noThrottle + hostileClassicCount)
        checkInvalidLength(CreateTopicsResponse.self, version: 4, throttle + hostileClassicCount)
        checkInvalidLength(CreateTopicsResponse.self, version: 7, throttle + hostileCompactCount)
        checkInvalidLength(DeleteTopicsRequest.self, version: 3, hostileClassicCount)
        checkInvalidLength(DeleteTopicsRequest.self, version: 5, hostileCompactCount)
        checkInvalidLength(DeleteTopicsResponse.self, version: 1, throttle + hostileClassicCount)
        checkInvalidLength(DeleteTopicsResponse.self, version: 4, throttle + hostileCompactCount)
        checkInvalidLength(CreatePartitionsRequest.self, version: 0, hostileClassicCount)
        checkInvalidLength(CreatePartitionsRequest.self, version: 3, hostileCompactCount)
        checkInvalidLength(CreatePartitionsResponse.self, version: 1, throttle + hostileClassicCount)
        checkInvalidLength(CreatePartitionsResponse.self, version: 2, throttle + hostileCompactCount)
        checkInvalidLength(DeleteRecordsRequest.self, version: 1, hostileClassicCount)
        checkInvalidLength(DeleteRecordsRequest.self, version: 2, hostileCompactCount)
        checkInvalidLength(DeleteRecordsResponse.self, version: 0, throttle + hostileClassicCount)
        checkInvalidLength(DeleteRecordsResponse.self, version: 2, throttle + hostileCompactCount)
        checkInvalidLength(DescribeConfigsRequest.self, version: 1, hostileClassicCount)
        checkInvalidLength(DescribeConfigsRequest.self, version: 4, hostileCompactCount)
        checkInvalidLength(DescribeConfigsResponse.self, version: 2, throttle + hostileClassicCount)
        checkInvalidLength(DescribeConfigsResponse.self, version: 4, throttle + hostileCompactCount)
        checkInvalidLength(AlterConfigsRequest.self, version: 0, hostileClassicCount)
        checkInvalidLength(AlterConfigsRequest.self, version: 2, hostileCompactCount)
        checkInvalidLength(AlterConfigsResponse.self, version: 1, throttle + hostileClassicCount)
        checkInvalidLength(AlterConfigsResponse.self, version: 2, throttle + hostileCompactCount)
        checkInvalidLength(IncrementalAlterConfigsRequest.self, version: 0, hostileClassicCount)
        checkInvalidLength(IncrementalAlterConfigsRequest.self, version: 1, hostileCompactCount)
        checkInvalidLength(IncrementalAlterConfigsResponse.self, version: 0, throttle + hostileClassicCount)
        checkInvalidLength(IncrementalAlterConfigsResponse.self, version: 1, throttle + hostileCompactCount)
    }

    @Test func hostileNestedCountsAreRejected() {
        // CreateTopics v1: one topic "t", 3 partitions, RF 1, then an Assignments count of 0x7FFFFFFF.
        checkInvalidLength(
            CreateTopicsRequest.self, version: 1,
            bytes([0, 0, 0, 1], [0, 1], utf8("t"), [0, 0, 0, 3], [0, 1], hostileClassicCount))
        // ... and a BrokerIds count of 0x7FFFFFFF inside one assignment (flexible).
        checkInvalidLength(
            CreateTopicsRequest.self, version: 5,
            bytes([2], [2], utf8("t"), [0, 0, 0, 3], [0, 1], [2], [0, 0, 0, 0], hostileCompactCount))
        // CreatePartitions: a hostile count for the nullable Assignments array.
        checkInvalidLength(
            CreatePartitionsRequest.self, version: 0,
            bytes([0, 0, 0, 1], [0, 1], utf8("t"), [0, 0, 0, 4], hostileClassicCount))
        // DescribeConfigs: a hostile ConfigurationKeys count.
        checkInvalidLength(
            DescribeConfigsRequest.self, version: 1, bytes([0, 0, 0, 1], [2], [0, 1], utf8("t"), hostileClassicCount))
        // DescribeConfigs response: a hostile Synonyms count.
        checkInvalidLength(
            DescribeConfigsResponse.self, version: 4,
            bytes(
                [0, 0, 0, 0], [2], [0, 0], [0], [2], [2], utf8("t"),  // throttle, 1 result: error, message, type, name
                [2], [2], utf8("k"), [0], [0], [5], [0],  // 1 config: name, value null, read-only, source, sensitive
                hostileCompactCount))
        // DeleteRecords: a hostile Partitions count.
        checkInvalidLength(
            DeleteRecordsRequest.self, version: 0, bytes([0, 0, 0, 1], [0, 1], utf8("t"), hostileClassicCount))
        // InitProducerId has no arrays: a TransactionalId length far past the end.
        checkInvalidLength(InitProducerIdRequest.self, version: 0, bytes([0x7F, 0xFF], [0, 0, 0, 0]))
        checkInvalidLength(
            InitProducerIdRequest.self, version: 2, bytes([0xFF, 0xFF, 0xFF, 0xFF, 0x07], [0, 0, 0, 0], [0]))
        // A negative classic count other than -1 is refused too.
        checkInvalidLength(DeleteTopicsRequest.self, version: 1, bytes([0xFF, 0xFF, 0xFF, 0xFE], [0, 0, 0, 0]))
    }

    // MARK: - Versions outside our ranges

    @Test func unsupportedVersionsAreRefused() {
        checkUnsupported(DeleteTopicsRequest.self, version: 0)
        checkUnsupported(DeleteTopicsResponse.self, version: 6)
        checkUnsupported(DescribeConfigsRequest.self, version: 0)
        checkUnsupported(DescribeConfigsResponse.self, version: 5)
        checkUnsupported(CreateTopicsRequest.self, version: 8)
        checkUnsupported(InitProducerIdRequest.self, version: 5)
        checkUnsupported(IncrementalAlterConfigsResponse.self, version: 2)
        checkUnsupported(CreatePartitionsRequest.self, version: -1)
    }

    @Test func unknownTaggedFieldsAreSkipped() throws {
        // DeleteRecords v2 request with an unknown top-level tagged field (tag 5, 3 bytes).
        let layout = bytes([1], [0, 0, 0, 30], [1, 5, 3, 0xAA, 0xBB, 0xCC])
        let decoded = try DeleteRecordsRequest.decode(ByteBuffer(bytes: layout), version: 2)
        #expect(decoded == DeleteRecordsRequest(topics: [], timeoutMs: 30))
    }

    @Test func apiKeysAndFlexibleVersionsMatchTheSchemas() {
        #expect(CreateTopicsRequest.apiKey.rawValue == 19 && CreateTopicsResponse.firstFlexibleVersion == 5)
        #expect(DeleteTopicsRequest.apiKey.rawValue == 20 && DeleteTopicsResponse.firstFlexibleVersion == 4)
        #expect(DeleteRecordsRequest.apiKey.rawValue == 21 && DeleteRecordsResponse.firstFlexibleVersion == 2)
        #expect(InitProducerIdRequest.apiKey.rawValue == 22 && InitProducerIdResponse.firstFlexibleVersion == 2)
        #expect(DescribeConfigsRequest.apiKey.rawValue == 32 && DescribeConfigsResponse.firstFlexibleVersion == 4)
        #expect(AlterConfigsRequest.apiKey.rawValue == 33 && AlterConfigsResponse.firstFlexibleVersion == 2)
        #expect(CreatePartitionsRequest.apiKey.rawValue == 37 && CreatePartitionsResponse.firstFlexibleVersion == 2)
        #expect(IncrementalAlterConfigsRequest.apiKey.rawValue == 44)
        #expect(IncrementalAlterConfigsResponse.firstFlexibleVersion == 1)
        #expect(DeleteTopicsRequest.versions == 1...5 && DescribeConfigsRequest.versions == 1...4)
        #expect(InitProducerIdRequest.versions == 0...4 && CreateTopicsRequest.versions == 0...7)
    }
}
