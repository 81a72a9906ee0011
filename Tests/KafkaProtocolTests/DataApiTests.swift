import KafkaProtocol
import NIOCore
import Testing

// Tests for the data-path APIs: Produce, Fetch, ListOffsets, Metadata.

// MARK: - Helpers

/// Big-endian bytes of an integer, for writing expected layouts by hand.
private func be<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.bigEndian) { Array($0) }
}
private func i16(_ value: Int16) -> [UInt8] { be(value) }
private func i32(_ value: Int32) -> [UInt8] { be(value) }
private func i64(_ value: Int64) -> [UInt8] { be(value) }
/// A classic string: int16 length + UTF-8.
private func str(_ value: String) -> [UInt8] { i16(Int16(value.utf8.count)) + Array(value.utf8) }
/// A compact string shorter than 127 bytes: uvarint (length + 1) + UTF-8.
private func cstr(_ value: String) -> [UInt8] { [UInt8(value.utf8.count + 1)] + Array(value.utf8) }

private func bytes(_ message: some KafkaMessage, version: Int16) -> [UInt8] {
    Array(message.encoded(version: version).readableBytesView)
}

/// Encodes the fullest value (`full`, else the newest version's sample) at `version`, expects it to decode to
/// `sample(version)` (the fields `version` carries), re-encodes that, and checks that every strict prefix of the body
/// fails to decode with a KafkaProtocolError.
private func checkVersion<M: KafkaMessage & Hashable>(
    _ type: M.Type,
    _ version: Int16,
    full: M? = nil,
    sample: (Int16) -> M
) throws {
    let full = full ?? sample(M.versions.upperBound)
    let expected = sample(version)
    let body = full.encoded(version: version)
    #expect(try M.decode(body, version: version) == expected, "\(M.self) v\(version) from the fullest value")
    #expect(try M.decode(expected.encoded(version: version), version: version) == expected, "\(M.self) v\(version)")
    #expect(expected.encoded(version: version) == body, "\(M.self) v\(version): absent fields must not be written")
    let all = Array(body.readableBytesView)
    for length in 0..<all.count {
        let prefix = ByteBuffer(bytes: all[0..<length])
        #expect(throws: KafkaProtocolError.self, "\(M.self) v\(version) cut at \(length)") {
            try M.decode(prefix, version: version)
        }
    }
}

/// Expects `body` to be refused with `.invalidLength`.
private func expectInvalidLength<M: KafkaMessage>(_ type: M.Type, _ body: [UInt8], version: Int16) {
    let error = #expect(throws: KafkaProtocolError.self) { try M.decode(ByteBuffer(bytes: body), version: version) }
    #expect(error?.code == .invalidLength, "\(M.self) v\(version): \(String(describing: error))")
}

/// A classic int32 count of 0x7FFFFFFF.
private let hostileCount: [UInt8] = [0x7F, 0xFF, 0xFF, 0xFF]
/// A compact count of 0x7FFFFFFF (uvarint 0x80000000).
private let hostileCompactCount: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x08]

private func buffer(_ values: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: values) }

// MARK: - Samples (every field the version carries is non-default)

private func sampleProduceRequest(_ version: Int16) -> ProduceRequest {
    ProduceRequest(
        transactionalId: "txn-1",
        acks: -1,
        timeoutMs: 1500,
        topicData: [
            .init(
                name: "orders",
                partitionData: [
                    .init(index: 0, records: buffer([1, 2, 3, 4])),
                    .init(index: 7, records: nil),
                    .init(index: 8, records: ByteBuffer()),
                ]
            ),
            .init(name: "empty", partitionData: []),
        ]
    )
}

private func sampleProduceResponse(_ version: Int16) -> ProduceResponse {
    ProduceResponse(
        responses: [
            .init(
                name: "orders",
                partitionResponses: [
                    .init(
                        index: 0,
                        errorCode: .invalidRecord,
                        baseOffset: 41,
                        logAppendTimeMs: 1_700_000_000_000,
                        logStartOffset: version >= 5 ? 12 : -1,
                        recordErrors: version >= 8
                            ? [.init(batchIndex: 3, batchIndexErrorMessage: "bad"), .init(batchIndex: 4)] : [],
                        errorMessage: version >= 8 ? "dropped" : nil
                    ),
                    .init(index: 1, baseOffset: 99),
                ]
            )
        ],
        throttleTimeMs: 25
    )
}

private func sampleFetchRequest(_ version: Int16) -> FetchRequest {
    FetchRequest(
        replicaId: 3,
        maxWaitMs: 500,
        minBytes: 1,
        maxBytes: 52_428_800,
        isolationLevel: 1,
        sessionId: version >= 7 ? 1234 : 0,
        sessionEpoch: version >= 7 ? 5 : -1,
        topics: [
            .init(
                topic: "orders",
                partitions: [
                    .init(
                        partition: 2,
                        currentLeaderEpoch: version >= 9 ? 7 : -1,
                        fetchOffset: 1000,
                        lastFetchedEpoch: version >= 12 ? 6 : -1,
                        logStartOffset: version >= 5 ? 10 : -1,
                        partitionMaxBytes: 1_048_576
                    )
                ]
            )
        ],
        forgottenTopicsData: version >= 7
            ? [.init(topic: "old", partitions: [0, 4]), .init(topic: "gone", partitions: [])] : [],
        rackId: version >= 11 ? "rack-a" : ""
    )
}

private func sampleFetchResponse(_ version: Int16) -> FetchResponse {
    FetchResponse(
        throttleTimeMs: 11,
        errorCode: version >= 7 ? .unknownServerError : .none,
        sessionId: version >= 7 ? 99 : 0,
        responses: [
            .init(
                topic: "orders",
                partitions: [
                    .init(
                        partitionIndex: 1,
                        errorCode: .offsetOutOfRange,
                        highWatermark: 100,
                        lastStableOffset: 90,
                        logStartOffset: version >= 5 ? 3 : -1,
                        abortedTransactions: [
                            .init(producerId: 5, firstOffset: 60), .init(producerId: 6, firstOffset: 70),
                        ],
                        preferredReadReplica: version >= 11 ? 2 : -1,
                        records: .bytes(buffer([9, 8, 7, 6, 5]))
                    ),
                    .init(
                        partitionIndex: 2,
                        highWatermark: 0,
                        lastStableOffset: 5,
                        abortedTransactions: [],
                        records: .bytes(ByteBuffer())
                    ),
                    .init(partitionIndex: 3, highWatermark: 1, lastStableOffset: 1, records: .null),
                ]
            ),
            .init(topic: "empty", partitions: []),
        ]
    )
}

private func sampleListOffsetsRequest(_ version: Int16) -> ListOffsetsRequest {
    ListOffsetsRequest(
        replicaId: 2,
        isolationLevel: version >= 2 ? 1 : 0,
        topics: [
            .init(
                name: "orders",
                partitions: [
                    .init(partitionIndex: 0, currentLeaderEpoch: version >= 4 ? 3 : -1, timestamp: -2),
                    .init(partitionIndex: 1, currentLeaderEpoch: version >= 4 ? 4 : -1, timestamp: 1_700_000_000_000),
                ]
            )
        ]
    )
}

private func sampleListOffsetsResponse(_ version: Int16) -> ListOffsetsResponse {
    ListOffsetsResponse(
        throttleTimeMs: version >= 2 ? 8 : 0,
        topics: [
            .init(
                name: "orders",
                partitions: [
                    .init(
                        partitionIndex: 0,
                        errorCode: .none,
                        timestamp: 1_700_000_000_000,
                        offset: 17,
                        leaderEpoch: version >= 4 ? 3 : -1
                    ),
                    .init(
                        partitionIndex: 1,
                        errorCode: .notLeaderOrFollower,
                        timestamp: 5,
                        offset: 6,
                        leaderEpoch: version >= 4 ? 9 : -1
                    ),
                ]
            )
        ]
    )
}

private let topicIdA = KafkaUUID(high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10)

private func sampleMetadataRequest(_ version: Int16) -> MetadataRequest {
    MetadataRequest(
        topics: [
            .init(topicId: version >= 10 ? topicIdA : .zero, name: "orders"),
            .init(topicId: .zero, name: version >= 10 ? nil : ""),  // null only from v10
        ],
        allowAutoTopicCreation: version >= 4 ? false : true,
        includeClusterAuthorizedOperations: (8...10).contains(version),
        includeTopicAuthorizedOperations: version >= 8
    )
}

private func sampleMetadataResponse(_ version: Int16) -> MetadataResponse {
    MetadataResponse(
        throttleTimeMs: version >= 3 ? 4 : 0,
        brokers: [
            .init(nodeId: 1, host: "broker-1", port: 9092, rack: "r1"),
            .init(nodeId: 2, host: "broker-2", port: 9093, rack: nil),
        ],
        clusterId: version >= 2 ? "cluster-xyz" : nil,
        controllerId: 1,
        topics: [
            .init(
                errorCode: .none,
                name: "orders",
                topicId: version >= 10 ? topicIdA : .zero,
                isInternal: true,
                partitions: [
                    .init(
                        errorCode: .leaderNotAvailable,
                        partitionIndex: 0,
                        leaderId: 1,
                        leaderEpoch: version >= 7 ? 5 : -1,
                        replicaNodes: [1, 2],
                        isrNodes: [1],
                        offlineReplicas: version >= 5 ? [2] : []
                    ),
                    .init(partitionIndex: 1, leaderId: 2, replicaNodes: [], isrNodes: []),
                ],
                topicAuthorizedOperations: version >= 8 ? 0x0DF8 : MetadataResponse.authorizedOperationsOmitted
            ),
            .init(
                errorCode: .unknownTopicId,
                name: version >= 12 ? nil : "",
                topicId: version >= 10 ? topicIdA : .zero,
                partitions: []
            ),
        ],
        clusterAuthorizedOperations: (8...10).contains(version) ? 0x0F00 : MetadataResponse.authorizedOperationsOmitted
    )
}

// MARK: - Round trips and truncation, every supported version

@Suite struct DataApiRoundTripTests {
    @Test(arguments: ProduceRequest.versions) func produceRequest(version: Int16) throws {
        try checkVersion(ProduceRequest.self, version, sample: sampleProduceRequest)
    }

    @Test(arguments: ProduceResponse.versions) func produceResponse(version: Int16) throws {
        try checkVersion(ProduceResponse.self, version, sample: sampleProduceResponse)
    }

    @Test(arguments: FetchRequest.versions) func fetchRequest(version: Int16) throws {
        try checkVersion(FetchRequest.self, version, sample: sampleFetchRequest)
    }

    @Test(arguments: FetchResponse.versions) func fetchResponse(version: Int16) throws {
        try checkVersion(FetchResponse.self, version, sample: sampleFetchResponse)
    }

    @Test(arguments: ListOffsetsRequest.versions) func listOffsetsRequest(version: Int16) throws {
        try checkVersion(ListOffsetsRequest.self, version, sample: sampleListOffsetsRequest)
    }

    @Test(arguments: ListOffsetsResponse.versions) func listOffsetsResponse(version: Int16) throws {
        try checkVersion(ListOffsetsResponse.self, version, sample: sampleListOffsetsResponse)
    }

    @Test(arguments: MetadataRequest.versions) func metadataRequest(version: Int16) throws {
        // IncludeClusterAuthorizedOperations exists in v8–v10 only, so the fullest value is not the v12 sample.
        var full = sampleMetadataRequest(12)
        full.includeClusterAuthorizedOperations = true
        try checkVersion(MetadataRequest.self, version, full: full, sample: sampleMetadataRequest)
        // A null topic list (all topics) and an empty one (none) stay distinct.
        for topics in [nil, []] as [[MetadataRequest.Topic]?] {
            let request = MetadataRequest(topics: topics)
            #expect(try MetadataRequest.decode(request.encoded(version: version), version: version) == request)
        }
    }

    @Test(arguments: MetadataResponse.versions) func metadataResponse(version: Int16) throws {
        var full = sampleMetadataResponse(12)
        full.clusterAuthorizedOperations = sampleMetadataResponse(10).clusterAuthorizedOperations
        try checkVersion(MetadataResponse.self, version, full: full, sample: sampleMetadataResponse)
    }

    @Test func unsupportedVersionsAreRefused() {
        let errors = [
            #expect(throws: KafkaProtocolError.self) { try ProduceRequest.decode(ByteBuffer(), version: 2) },
            #expect(throws: KafkaProtocolError.self) { try ProduceResponse.decode(ByteBuffer(), version: 10) },
            #expect(throws: KafkaProtocolError.self) { try FetchRequest.decode(ByteBuffer(), version: 13) },
            #expect(throws: KafkaProtocolError.self) { try FetchResponse.decode(ByteBuffer(), version: 3) },
            #expect(throws: KafkaProtocolError.self) { try ListOffsetsRequest.decode(ByteBuffer(), version: 0) },
            #expect(throws: KafkaProtocolError.self) { try ListOffsetsResponse.decode(ByteBuffer(), version: 8) },
            #expect(throws: KafkaProtocolError.self) { try MetadataRequest.decode(ByteBuffer(), version: 0) },
            #expect(throws: KafkaProtocolError.self) { try MetadataResponse.decode(ByteBuffer(), version: 13) },
        ]
        for error in errors { #expect(error?.code == .unsupportedVersion) }
    }
}

// MARK: - Byte-exact layouts (written out from the schemas)

@Suite struct DataApiLayoutTests {
    @Test func produceRequestLayouts() throws {
        let v3 = ProduceRequest(
            acks: 1,
            timeoutMs: 1000,
            topicData: [.init(name: "t", partitionData: [.init(index: 0, records: buffer([0xAA, 0xBB]))])]
        )
        let v3Bytes: [UInt8] =
            [0xFF, 0xFF]  // transactional_id null
            + i16(1) + i32(1000)  // acks, timeout_ms
            + i32(1) + str("t")  // topic_data[1], name
            + i32(1) + i32(0)  // partition_data[1], index
            + i32(2) + [0xAA, 0xBB]  // records
        #expect(bytes(v3, version: 3) == v3Bytes)
        #expect(try ProduceRequest.decode(buffer(v3Bytes), version: 3) == v3)

        let v9 = ProduceRequest(
            transactionalId: "x",
            acks: 1,
            timeoutMs: 1000,
            topicData: [
                .init(
                    name: "t",
                    partitionData: [.init(index: 0, records: buffer([0xAA, 0xBB])), .init(index: 1, records: nil)]
                )
            ]
        )
        let v9Bytes: [UInt8] =
            cstr("x") + i16(1) + i32(1000)
            + [2] + cstr("t")  // compact topic_data[1], name
            + [3]  // compact partition_data[2]
            + i32(0) + [3, 0xAA, 0xBB] + [0]  // index, compact records, tags
            + i32(1) + [0] + [0]  // index, null records, tags
            + [0]  // topic tags
            + [0]  // message tags
        #expect(bytes(v9, version: 9) == v9Bytes)
        #expect(try ProduceRequest.decode(buffer(v9Bytes), version: 9) == v9)
    }

    @Test func produceResponseLayouts() throws {
        let response = ProduceResponse(
            responses: [
                .init(
                    name: "t",
                    partitionResponses: [
                        .init(
                            index: 0,
                            baseOffset: 5,
                            logAppendTimeMs: -1,
                            logStartOffset: 0,
                            recordErrors: [.init(batchIndex: 1)]
                        )
                    ]
                )
            ])
        let v8Bytes: [UInt8] =
            i32(1) + str("t") + i32(1)
            + i32(0) + i16(0) + i64(5) + i64(-1) + i64(0)  // index, error, base offset, append time, log start
            + i32(1) + i32(1) + [0xFF, 0xFF]  // record_errors[1]: batch_index 1, message null
            + [0xFF, 0xFF]  // error_message null
            + i32(0)  // throttle_time_ms
        #expect(bytes(response, version: 8) == v8Bytes)
        #expect(try ProduceResponse.decode(buffer(v8Bytes), version: 8) == response)

        let v9Prefix: [UInt8] =
            [2] + cstr("t") + [2]
            + i32(0) + i16(0) + i64(5) + i64(-1) + i64(0)
            + [2] + i32(1) + [0] + [0]  // compact record_errors[1]: batch_index, null message, tags
            + [0]  // error_message null
        let v9Bytes = v9Prefix + [0] + [0] + i32(0) + [0]  // partition tags, topic tags, throttle, tags
        #expect(bytes(response, version: 9) == v9Bytes)
        #expect(try ProduceResponse.decode(buffer(v9Bytes), version: 9) == response)

        // A v10-style CurrentLeader (tag 0: leader 3, epoch 4) and NodeEndpoints (tag 0) are skipped.
        let tagged =
            v9Prefix + [1, 0, 9] + i32(3) + i32(4) + [0] + [0] + i32(0)
            + [1, 0, 13, 2] + i32(3) + cstr("h") + i32(9092) + [0] + [0]
        #expect(try ProduceResponse.decode(buffer(tagged), version: 9) == response)
    }

    @Test func listOffsetsLayouts() throws {
        let request1 = ListOffsetsRequest(topics: [
            .init(name: "t", partitions: [.init(partitionIndex: 0, timestamp: -2)])
        ])
        let request1Bytes: [UInt8] = i32(-1) + i32(1) + str("t") + i32(1) + i32(0) + i64(-2)
        #expect(bytes(request1, version: 1) == request1Bytes)
        #expect(try ListOffsetsRequest.decode(buffer(request1Bytes), version: 1) == request1)

        let request6 = ListOffsetsRequest(
            isolationLevel: 1,
            topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, currentLeaderEpoch: 3, timestamp: -1)])]
        )
        let request6Bytes: [UInt8] =
            i32(-1) + [1] + [2] + cstr("t") + [2] + i32(0) + i32(3) + i64(-1) + [0] + [0] + [0]
        #expect(bytes(request6, version: 6) == request6Bytes)
        #expect(try ListOffsetsRequest.decode(buffer(request6Bytes), version: 6) == request6)

        let response1 = ListOffsetsResponse(
            topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, timestamp: -1, offset: 10)])])
        let response1Bytes: [UInt8] = i32(1) + str("t") + i32(1) + i32(0) + i16(0) + i64(-1) + i64(10)
        #expect(bytes(response1, version: 1) == response1Bytes)
        #expect(try ListOffsetsResponse.decode(buffer(response1Bytes), version: 1) == response1)

        let response7 = ListOffsetsResponse(
            topics: [
                .init(name: "t", partitions: [.init(partitionIndex: 0, timestamp: -1, offset: 10, leaderEpoch: 2)])
            ])
        let response7Bytes: [UInt8] =
            i32(0) + [2] + cstr("t") + [2] + i32(0) + i16(0) + i64(-1) + i64(10) + i32(2) + [0] + [0] + [0]
        #expect(bytes(response7, version: 7) == response7Bytes)
        #expect(try ListOffsetsResponse.decode(buffer(response7Bytes), version: 7) == response7)
    }

    @Test func metadataRequestLayouts() throws {
        #expect(bytes(MetadataRequest(topics: nil), version: 1) == i32(-1))
        let one = MetadataRequest(topics: [.init(name: "t")])
        #expect(bytes(one, version: 1) == i32(1) + str("t"))
        #expect(bytes(MetadataRequest(topics: [], allowAutoTopicCreation: false), version: 4) == i32(0) + [0])
        let v8 = MetadataRequest(
            topics: nil,
            includeClusterAuthorizedOperations: true,
            includeTopicAuthorizedOperations: false
        )
        #expect(bytes(v8, version: 8) == i32(-1) + [1, 1, 0])

        let v9Bytes: [UInt8] = [0] + [1] + [0] + [0] + [0]  // null topics, allow, cluster ops, topic ops, tags
        #expect(bytes(MetadataRequest(topics: nil), version: 9) == v9Bytes)
        #expect(try MetadataRequest.decode(buffer(v9Bytes), version: 9) == MetadataRequest(topics: nil))

        let v12 = MetadataRequest(topics: [.init(name: "t")], includeTopicAuthorizedOperations: true)
        let v12Bytes: [UInt8] = [2] + [UInt8](repeating: 0, count: 16) + cstr("t") + [0] + [1] + [1] + [0]
        #expect(bytes(v12, version: 12) == v12Bytes)
        #expect(try MetadataRequest.decode(buffer(v12Bytes), version: 12) == v12)

        // Names are nullable only from v10: a nil name is written as "" before that, and a null is refused.
        #expect(bytes(MetadataRequest(topics: [.init(name: nil)]), version: 9) == [2, 1, 0, 1, 0, 0, 0])
        #expect(throws: KafkaProtocolError.self) {
            try MetadataRequest.decode(buffer([2, 0, 0, 1, 0, 0, 0]), version: 9)
        }
    }

    @Test func metadataResponseLayouts() throws {
        let v1 = MetadataResponse(
            brokers: [.init(nodeId: 1, host: "h", port: 9092)],
            controllerId: 1,
            topics: [
                .init(name: "t", partitions: [.init(partitionIndex: 0, leaderId: 1, replicaNodes: [1], isrNodes: [1])])
            ]
        )
        let v1Bytes: [UInt8] =
            i32(1) + i32(1) + str("h") + i32(9092) + [0xFF, 0xFF]  // brokers[1]: id, host, port, rack null
            + i32(1)  // controller_id
            + i32(1) + i16(0) + str("t") + [0]  // topics[1]: error, name, is_internal
            + i32(1) + i16(0) + i32(0) + i32(1)  // partitions[1]: error, index, leader
            + i32(1) + i32(1) + i32(1) + i32(1)  // replica_nodes [1], isr_nodes [1]
        #expect(bytes(v1, version: 1) == v1Bytes)
        #expect(try MetadataResponse.decode(buffer(v1Bytes), version: 1) == v1)

        let v12 = MetadataResponse(
            brokers: [.init(nodeId: 1, host: "h", port: 9092)],
            clusterId: "c",
            controllerId: 1,
            topics: [
                .init(
                    name: "t",
                    topicId: KafkaUUID(high: 1, low: 2),
                    partitions: [
                        .init(partitionIndex: 0, leaderId: 1, leaderEpoch: 0, replicaNodes: [1], isrNodes: [1])
                    ]
                )
            ]
        )
        let v12Bytes: [UInt8] =
            i32(0)  // throttle_time_ms
            + [2] + i32(1) + cstr("h") + i32(9092) + [0] + [0]  // brokers[1]: rack null, tags
            + cstr("c") + i32(1)  // cluster_id, controller_id
            + [2] + i16(0) + cstr("t") + i64(1) + i64(2) + [0]  // topics[1]: error, name, topic_id, is_internal
            + [2] + i16(0) + i32(0) + i32(1) + i32(0)  // partitions[1]: error, index, leader, leader_epoch
            + [2] + i32(1) + [2] + i32(1) + [1] + [0]  // replicas [1], isr [1], offline [], tags
            + i32(Int32.min) + [0]  // topic_authorized_operations, tags
            + [0]  // message tags (no cluster_authorized_operations in v12)
        #expect(bytes(v12, version: 12) == v12Bytes)
        #expect(try MetadataResponse.decode(buffer(v12Bytes), version: 12) == v12)
    }

    @Test func fetchRequestLayouts() throws {
        let v4 = FetchRequest(
            maxWaitMs: 500,
            minBytes: 1,
            topics: [.init(topic: "t", partitions: [.init(partition: 0, fetchOffset: 5, partitionMaxBytes: 1_048_576)])]
        )
        let v4Bytes: [UInt8] =
            i32(-1) + i32(500) + i32(1) + i32(0x7FFF_FFFF) + [0]  // replica, max_wait, min_bytes, max_bytes, isolation
            + i32(1) + str("t") + i32(1) + i32(0) + i64(5) + i32(1_048_576)
        #expect(bytes(v4, version: 4) == v4Bytes)
        #expect(try FetchRequest.decode(buffer(v4Bytes), version: 4) == v4)

        let v12 = FetchRequest(
            maxWaitMs: 500,
            minBytes: 1,
            maxBytes: 1000,
            isolationLevel: 1,
            topics: [
                .init(
                    topic: "t",
                    partitions: [
                        .init(
                            partition: 0,
                            currentLeaderEpoch: 2,
                            fetchOffset: 5,
                            lastFetchedEpoch: 1,
                            partitionMaxBytes: 1_048_576
                        )
                    ]
                )
            ],
            forgottenTopicsData: [.init(topic: "u", partitions: [3])]
        )
        let v12Head: [UInt8] =
            i32(-1) + i32(500) + i32(1) + i32(1000) + [1] + i32(0) + i32(-1)  // … isolation, session id, epoch
            + [2] + cstr("t") + [2]  // topics[1], name, partitions[1]
            + i32(0) + i32(2) + i64(5) + i32(1) + i64(-1) + i32(1_048_576) + [0]  // partition … tags
            + [0]  // topic tags
            + [2] + cstr("u") + [2] + i32(3) + [0]  // forgotten_topics_data[1]
            + [1]  // rack_id ""
        #expect(bytes(v12, version: 12) == v12Head + [0])
        #expect(try FetchRequest.decode(buffer(v12Head + [0]), version: 12) == v12)
        // ClusterId "c" (tag 0) is skipped.
        #expect(try FetchRequest.decode(buffer(v12Head + [1, 0, 2] + cstr("c")), version: 12) == v12)
    }

    @Test func fetchResponseLayouts() throws {
        let v4 = FetchResponse(
            responses: [
                .init(
                    topic: "t",
                    partitions: [
                        .init(
                            partitionIndex: 0,
                            highWatermark: 10,
                            lastStableOffset: 10,
                            records: .bytes(buffer([0xAA, 0xBB, 0xCC]))
                        )
                    ]
                )
            ])
        let v4Bytes: [UInt8] =
            i32(0)  // throttle_time_ms
            + i32(1) + str("t") + i32(1)
            + i32(0) + i16(0) + i64(10) + i64(10)  // index, error, high watermark, last stable offset
            + i32(-1)  // aborted_transactions null
            + i32(3) + [0xAA, 0xBB, 0xCC]  // records
        #expect(bytes(v4, version: 4) == v4Bytes)
        #expect(try FetchResponse.decode(buffer(v4Bytes), version: 4) == v4)

        let v12 = FetchResponse(
            sessionId: 7,
            responses: [
                .init(
                    topic: "t",
                    partitions: [
                        .init(
                            partitionIndex: 0,
                            highWatermark: 10,
                            lastStableOffset: 10,
                            logStartOffset: 0,
                            abortedTransactions: [.init(producerId: 4, firstOffset: 2)],
                            records: .null
                        )
                    ]
                )
            ]
        )
        let partitionHead: [UInt8] =
            i32(0) + i16(0) + i64(10) + i64(10) + i64(0)
            + [2] + i64(4) + i64(2) + [0]  // aborted_transactions[1] + tags
            + i32(-1)  // preferred_read_replica
            + [0]  // records null
        let v12Bytes: [UInt8] =
            i32(0) + i16(0) + i32(7)  // throttle, error, session
            + [2] + cstr("t") + [2] + partitionHead + [0] + [0] + [0]
        #expect(bytes(v12, version: 12) == v12Bytes)
        #expect(try FetchResponse.decode(buffer(v12Bytes), version: 12) == v12)
        // DivergingEpoch (tag 0) and CurrentLeader (tag 1) are skipped.
        let tagged: [UInt8] =
            i32(0) + i16(0) + i32(7) + [2] + cstr("t") + [2] + partitionHead
            + [2, 0, 13] + i32(1) + i64(9) + [0] + [1, 9] + i32(1) + i32(2) + [0]
            + [0] + [0]
        #expect(try FetchResponse.decode(buffer(tagged), version: 12) == v12)
    }
}

// MARK: - Hostile counts

@Suite struct DataApiHostileTests {
    @Test func hostileArrayCountsAreRefused() {
        expectInvalidLength(ProduceRequest.self, [0xFF, 0xFF] + i16(1) + i32(1000) + hostileCount, version: 3)
        expectInvalidLength(ProduceRequest.self, [0] + i16(1) + i32(1000) + hostileCompactCount, version: 9)
        expectInvalidLength(
            ProduceRequest.self,
            [0xFF, 0xFF] + i16(1) + i32(1000) + i32(1) + str("t") + hostileCount,
            version: 3
        )
        expectInvalidLength(ProduceResponse.self, hostileCount, version: 3)
        expectInvalidLength(ProduceResponse.self, hostileCompactCount, version: 9)
        expectInvalidLength(
            ProduceResponse.self,
            i32(1) + str("t") + i32(1) + i32(0) + i16(0) + i64(0) + i64(-1) + i64(-1) + hostileCount,
            version: 8
        )

        expectInvalidLength(ListOffsetsRequest.self, i32(-1) + hostileCount, version: 1)
        expectInvalidLength(ListOffsetsRequest.self, i32(-1) + [0] + hostileCompactCount, version: 6)
        expectInvalidLength(ListOffsetsResponse.self, i32(0) + hostileCount, version: 2)
        expectInvalidLength(ListOffsetsResponse.self, i32(0) + [2] + cstr("t") + hostileCompactCount, version: 7)

        expectInvalidLength(MetadataRequest.self, hostileCount, version: 1)
        expectInvalidLength(MetadataRequest.self, hostileCompactCount, version: 12)
        expectInvalidLength(MetadataResponse.self, hostileCount, version: 1)
        expectInvalidLength(MetadataResponse.self, i32(0) + hostileCompactCount, version: 9)
        expectInvalidLength(
            MetadataResponse.self,
            i32(0) + i32(0) + i32(1) + i16(0) + str("t") + [0] + i32(1) + i16(0) + i32(0) + i32(1) + hostileCount,
            version: 1
        )

        let fetchHead = i32(-1) + i32(500) + i32(1) + i32(1000) + [0]
        expectInvalidLength(FetchRequest.self, fetchHead + hostileCount, version: 4)
        expectInvalidLength(FetchRequest.self, fetchHead + i32(0) + i32(-1) + hostileCompactCount, version: 12)
        expectInvalidLength(FetchRequest.self, fetchHead + i32(0) + i32(-1) + i32(0) + hostileCount, version: 7)
        expectInvalidLength(FetchResponse.self, i32(0) + hostileCount, version: 4)
        expectInvalidLength(FetchResponse.self, i32(0) + i16(0) + i32(0) + hostileCompactCount, version: 12)
        expectInvalidLength(
            FetchResponse.self,
            i32(0) + i32(1) + str("t") + i32(1) + i32(0) + i16(0) + i64(0) + i64(0) + hostileCount,
            version: 4
        )
        // A records length beyond the body.
        expectInvalidLength(
            FetchResponse.self,
            i32(0) + i32(1) + str("t") + i32(1) + i32(0) + i16(0) + i64(0) + i64(0) + i32(-1) + i32(100) + [1, 2],
            version: 4
        )
    }

    @Test func negativeLengthsOtherThanNullAreRefused() {
        expectInvalidLength(MetadataResponse.self, i32(-2), version: 1)
        expectInvalidLength(
            ProduceRequest.self,
            [0xFF, 0xFF] + i16(1) + i32(1000) + i32(1) + str("t") + i32(1) + i32(0) + i32(-5),
            version: 3
        )
    }
}

// MARK: - Fetch zero-copy chunks

@Suite struct DataApiFetchChunkTests {
    /// The bytes an external handle stands for in these tests.
    private static func content(handle: Int, length: Int) -> ByteBuffer {
        ByteBuffer(bytes: (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ handle) })
    }

    private static func response(external: Bool, version: Int16) -> FetchResponse {
        func records(_ handle: Int, _ length: Int) -> FetchRecords {
            external ? .external(length: length, handle: handle) : .bytes(content(handle: handle, length: length))
        }
        var value = sampleFetchResponse(version)
        value.responses[0].partitions[0].records = records(1, 300)  // > 127: multi-byte compact length
        value.responses[0].partitions.append(.init(partitionIndex: 4, highWatermark: 9, records: records(2, 0)))
        value.responses[0].partitions.append(.init(partitionIndex: 5, highWatermark: 9, records: .bytes(buffer([1]))))
        value.responses.append(
            .init(topic: "last", partitions: [.init(partitionIndex: 0, highWatermark: 2, records: records(3, 61))])
        )
        return value
    }

    @Test(arguments: FetchResponse.versions) func chunksConcatenateToTheInMemoryEncoding(version: Int16) throws {
        let external = Self.response(external: true, version: version)
        let inMemory = Self.response(external: false, version: version)
        let chunks = external.encodeChunks(version: version)

        var joined = ByteBuffer()
        var handles: [Int] = []
        for chunk in chunks {
            switch chunk {
            case .bytes(var bytes):
                #expect(bytes.readableBytes > 0, "no empty byte chunks")
                joined.writeBuffer(&bytes)
            case .external(let handle, let length):
                handles.append(handle)
                var bytes = Self.content(handle: handle, length: length)
                joined.writeBuffer(&bytes)
            }
        }
        #expect(handles == [1, 2, 3])
        #expect(joined == inMemory.encoded(version: version))
        #expect(external.encodedSize(version: version) == joined.readableBytes)
        #expect(inMemory.encodedSize(version: version) == joined.readableBytes)
        #expect(try FetchResponse.decode(joined, version: version) == inMemory)
        // encode(into:) cannot read the files: it keeps the size, writing zeros in their place.
        #expect(external.encoded(version: version).readableBytes == joined.readableBytes)
    }

    @Test func chunkBoundariesFollowTheLengthPrefix() {
        let response = FetchResponse(
            responses: [
                .init(
                    topic: "t",
                    partitions: [
                        .init(partitionIndex: 0, highWatermark: 1, records: .external(length: 200, handle: 42))
                    ]
                )
            ])
        let classic = response.encodeChunks(version: 11)
        let head: [UInt8] =
            i32(0) + i16(0) + i32(0) + i32(1) + str("t") + i32(1)
            + i32(0) + i16(0) + i64(1) + i64(-1) + i64(-1) + i32(-1) + i32(-1)  // … aborted null, preferred replica
            + i32(200)  // records length
        #expect(classic == [.bytes(buffer(head)), .external(handle: 42, length: 200)])

        let flexible = response.encodeChunks(version: 12)
        let flexibleHead: [UInt8] =
            i32(0) + i16(0) + i32(0) + [2] + cstr("t") + [2]
            + i32(0) + i16(0) + i64(1) + i64(-1) + i64(-1) + [0] + i32(-1)
            + [0xC9, 0x01]  // uvarint 201 = length + 1
        #expect(
            flexible == [.bytes(buffer(flexibleHead)), .external(handle: 42, length: 200), .bytes(buffer([0, 0, 0]))]
        )
        #expect(response.encodedSize(version: 12) == flexibleHead.count + 200 + 3)
    }
}
