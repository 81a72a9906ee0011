import KafkaProtocol
import NIOCore
import Testing

private typealias W = GroupApiWire

/// OffsetCommit, OffsetFetch, DescribeGroups, ListGroups and DeleteGroups.
@Suite struct GroupApiOffsetAndAdminTests {
    // MARK: OffsetCommit

    static let commitRequest = OffsetCommitRequest(
        groupId: "grp",
        generationIdOrMemberEpoch: 6,
        memberId: "member-1",
        groupInstanceId: "i-1",
        retentionTimeMs: 86_400_000,
        topics: [
            .init(
                name: "orders",
                partitions: [
                    .init(
                        partitionIndex: 0,
                        committedOffset: 1_000_000_000_000,
                        committedLeaderEpoch: 3,
                        committedMetadata: "meta"
                    ),
                    .init(partitionIndex: 7, committedOffset: 5, committedLeaderEpoch: 4, committedMetadata: nil),
                ]
            ),
            .init(name: "payments", partitions: []),
        ]
    )

    @Test(arguments: OffsetCommitRequest.versions)
    func offsetCommitRequestRoundTrips(version: Int16) throws {
        var expected = Self.commitRequest
        if version < 7 { expected.groupInstanceId = nil }
        if !(2...4).contains(version) { expected.retentionTimeMs = -1 }
        if version < 6 {
            for t in expected.topics.indices {
                for p in expected.topics[t].partitions.indices {
                    expected.topics[t].partitions[p].committedLeaderEpoch = -1
                }
            }
        }
        try GroupApiCheck.roundTrip(Self.commitRequest, version: version, expecting: expected)
    }

    @Test(arguments: OffsetCommitResponse.versions)
    func offsetCommitResponseRoundTrips(version: Int16) throws {
        let full = OffsetCommitResponse(
            throttleTimeMs: 11,
            topics: [
                .init(
                    name: "orders",
                    partitions: [
                        .init(partitionIndex: 0, errorCode: .illegalGeneration),
                        .init(partitionIndex: 1, errorCode: .none),
                    ]
                ),
                .init(name: "payments", partitions: [.init(partitionIndex: 2, errorCode: .unknownTopicOrPartition)]),
            ]
        )
        var expected = full
        if version < 3 { expected.throttleTimeMs = 0 }
        try GroupApiCheck.roundTrip(full, version: version, expecting: expected)
    }

    @Test func offsetCommitLayouts() throws {
        let v2 = OffsetCommitRequest(
            groupId: "g",
            generationIdOrMemberEpoch: 1,
            memberId: "m",
            topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 42)])]
        )
        try GroupApiCheck.layout(
            v2,
            version: 2,
            W.join([
                W.str("g"), W.i32(1), W.str("m"), W.i64(-1),
                W.arr(1), W.str("t"), W.arr(1), W.i32(0), W.i64(42), W.nullStr,
            ])
        )
        let v8 = OffsetCommitRequest(
            groupId: "g",
            generationIdOrMemberEpoch: 1,
            memberId: "m",
            topics: [
                .init(
                    name: "t",
                    partitions: [
                        .init(partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: 3, committedMetadata: "md")
                    ]
                )
            ]
        )
        try GroupApiCheck.layout(
            v8,
            version: 8,
            W.join([
                W.cstr("g"), W.i32(1), W.cstr("m"), W.cnull,
                W.carr(1), W.cstr("t"), W.carr(1), W.i32(0), W.i64(42), W.i32(3), W.cstr("md"), W.tags, W.tags,
                W.tags,
            ])
        )

        let response = OffsetCommitResponse(topics: [.init(name: "t", partitions: [.init(partitionIndex: 0)])])
        try GroupApiCheck.layout(
            response,
            version: 2,
            W.join([W.arr(1), W.str("t"), W.arr(1), W.i32(0), W.i16(0)])
        )
        try GroupApiCheck.layout(
            response,
            version: 8,
            W.join([W.i32(0), W.carr(1), W.cstr("t"), W.carr(1), W.i32(0), W.i16(0), W.tags, W.tags, W.tags])
        )
    }

    @Test func offsetCommitRejectsHostileCounts() {
        let classic = W.join([W.str("g"), W.i32(1), W.str("m"), W.i64(-1)])
        GroupApiCheck.hostileCount(OffsetCommitRequest.self, version: 2, prefix: classic)
        GroupApiCheck.hostileCount(
            OffsetCommitRequest.self,
            version: 2,
            prefix: classic + W.join([W.arr(1), W.str("t")])
        )
        let flexible = W.join([W.cstr("g"), W.i32(1), W.cstr("m"), W.cnull])
        GroupApiCheck.hostileCount(OffsetCommitRequest.self, version: 9, prefix: flexible)
        GroupApiCheck.hostileCount(
            OffsetCommitRequest.self,
            version: 9,
            prefix: flexible + W.join([W.carr(1), W.cstr("t")])
        )
        GroupApiCheck.hostileCount(OffsetCommitResponse.self, version: 2, prefix: [])
        GroupApiCheck.hostileCount(OffsetCommitResponse.self, version: 8, prefix: W.i32(0))
        GroupApiCheck.hostileCount(
            OffsetCommitResponse.self,
            version: 8,
            prefix: W.join([W.i32(0), W.carr(1), W.cstr("t")])
        )
    }

    @Test func offsetCommitVersionsOutsideOurRangeAreRefused() {
        GroupApiCheck.unsupported(OffsetCommitRequest.self, version: 1)
        GroupApiCheck.unsupported(OffsetCommitRequest.self, version: 10)
        GroupApiCheck.unsupported(OffsetCommitResponse.self, version: 1)
    }

    // MARK: OffsetFetch

    static let fetchRequest = OffsetFetchRequest(
        groupId: "grp",
        topics: [.init(name: "orders", partitionIndexes: [0, 1, 2]), .init(name: "payments", partitionIndexes: [])],
        groups: [
            .init(groupId: "g1", topics: [.init(name: "orders", partitionIndexes: [5])]),
            .init(groupId: "g2", topics: nil),
        ],
        requireStable: true
    )

    @Test(arguments: OffsetFetchRequest.versions)
    func offsetFetchRequestRoundTrips(version: Int16) throws {
        var expected = Self.fetchRequest
        if version <= 7 {
            expected.groups = []
        } else {
            expected.groupId = ""
            expected.topics = []
        }
        if version < 7 { expected.requireStable = false }
        try GroupApiCheck.roundTrip(Self.fetchRequest, version: version, expecting: expected)
    }

    @Test(arguments: OffsetFetchRequest.versions)
    func offsetFetchRequestNullTopics(version: Int16) throws {
        let all = OffsetFetchRequest(groupId: "grp", topics: nil)
        if version == 1 {
            // Not nullable in v1: nil goes out as an empty array, and a null array on the wire is refused.
            try GroupApiCheck.roundTrip(all, version: 1, expecting: OffsetFetchRequest(groupId: "grp", topics: []))
            let null = ByteBuffer(bytes: W.join([W.str("g"), W.nullArr]))
            let error = #expect(throws: KafkaProtocolError.self) { try OffsetFetchRequest.decode(null, version: 1) }
            #expect(error?.code == .invalidLength)
        } else if version <= 7 {
            try GroupApiCheck.roundTrip(all, version: version, expecting: all)
        } else {
            let groups = OffsetFetchRequest(groups: [.init(groupId: "grp", topics: nil)])
            try GroupApiCheck.roundTrip(groups, version: version, expecting: groups)
        }
    }

    static let fetchResponse = OffsetFetchResponse(
        throttleTimeMs: 13,
        topics: [
            .init(
                name: "orders",
                partitions: [
                    .init(partitionIndex: 0, committedOffset: 99, committedLeaderEpoch: 2, metadata: "m"),
                    .init(
                        partitionIndex: 1,
                        committedOffset: -1,
                        committedLeaderEpoch: 5,
                        metadata: nil,
                        errorCode: .unstableOffsetCommit
                    ),
                ]
            )
        ],
        errorCode: .coordinatorLoadInProgress,
        groups: [
            .init(
                groupId: "g1",
                topics: [
                    .init(
                        name: "orders",
                        partitions: [
                            .init(partitionIndex: 3, committedOffset: 7, committedLeaderEpoch: 1, metadata: "x")
                        ]
                    )
                ],
                errorCode: .none
            ),
            .init(groupId: "g2", topics: [], errorCode: .groupIdNotFound),
        ]
    )

    @Test(arguments: OffsetFetchResponse.versions)
    func offsetFetchResponseRoundTrips(version: Int16) throws {
        var expected = Self.fetchResponse
        if version < 3 { expected.throttleTimeMs = 0 }
        if version <= 7 {
            expected.groups = []
            if version < 2 { expected.errorCode = .none }
            if version < 5 {
                for t in expected.topics.indices {
                    for p in expected.topics[t].partitions.indices {
                        expected.topics[t].partitions[p].committedLeaderEpoch = -1
                    }
                }
            }
        } else {
            expected.topics = []
            expected.errorCode = .none
        }
        try GroupApiCheck.roundTrip(Self.fetchResponse, version: version, expecting: expected)
    }

    @Test func offsetFetchLayouts() throws {
        try GroupApiCheck.layout(
            OffsetFetchRequest(groupId: "g", topics: [.init(name: "t", partitionIndexes: [0, 1])]),
            version: 1,
            W.join([W.str("g"), W.arr(1), W.str("t"), W.arr(2), W.i32(0), W.i32(1)])
        )
        try GroupApiCheck.layout(
            OffsetFetchRequest(groupId: "g", topics: nil),
            version: 2,
            W.join([W.str("g"), W.nullArr])
        )
        try GroupApiCheck.layout(
            OffsetFetchRequest(groupId: "g", topics: [.init(name: "t", partitionIndexes: [0])], requireStable: true),
            version: 7,
            W.join([W.cstr("g"), W.carr(1), W.cstr("t"), W.carr(1), W.i32(0), W.tags, W.i8(1), W.tags])
        )
        try GroupApiCheck.layout(
            OffsetFetchRequest(groups: [.init(groupId: "g", topics: nil)], requireStable: true),
            version: 8,
            W.join([W.carr(1), W.cstr("g"), W.cnull, W.tags, W.i8(1), W.tags])
        )

        try GroupApiCheck.layout(
            OffsetFetchResponse(
                topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 42, metadata: "")])]),
            version: 1,
            W.join([W.arr(1), W.str("t"), W.arr(1), W.i32(0), W.i64(42), W.str(""), W.i16(0)])
        )
        try GroupApiCheck.layout(
            OffsetFetchResponse(
                topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 42, metadata: "")])],
                errorCode: .notCoordinator
            ),
            version: 5,
            W.join([
                W.i32(0), W.arr(1), W.str("t"), W.arr(1), W.i32(0), W.i64(42), W.i32(-1), W.str(""), W.i16(0),
                W.i16(16),
            ])
        )
        try GroupApiCheck.layout(
            OffsetFetchResponse(groups: [
                .init(
                    groupId: "g",
                    topics: [
                        .init(
                            name: "t",
                            partitions: [.init(partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: 5)]
                        )
                    ]
                )
            ]),
            version: 8,
            W.join([
                W.i32(0), W.carr(1), W.cstr("g"), W.carr(1), W.cstr("t"), W.carr(1),
                W.i32(0), W.i64(42), W.i32(5), W.cnull, W.i16(0), W.tags,  // partition
                W.tags,  // topic
                W.i16(0), W.tags,  // group error, group tags
                W.tags,
            ])
        )
    }

    @Test func offsetFetchRejectsHostileCounts() {
        GroupApiCheck.hostileCount(OffsetFetchRequest.self, version: 1, prefix: W.str("g"))
        GroupApiCheck.hostileCount(
            OffsetFetchRequest.self,
            version: 3,
            prefix: W.join([W.str("g"), W.arr(1), W.str("t")])
        )
        GroupApiCheck.hostileCount(OffsetFetchRequest.self, version: 6, prefix: W.cstr("g"))
        GroupApiCheck.hostileCount(OffsetFetchRequest.self, version: 8, prefix: [])
        GroupApiCheck.hostileCount(OffsetFetchRequest.self, version: 8, prefix: W.join([W.carr(1), W.cstr("g")]))
        GroupApiCheck.hostileCount(OffsetFetchResponse.self, version: 1, prefix: [])
        GroupApiCheck.hostileCount(
            OffsetFetchResponse.self,
            version: 4,
            prefix: W.join([W.i32(0), W.arr(1), W.str("t")])
        )
        GroupApiCheck.hostileCount(OffsetFetchResponse.self, version: 7, prefix: W.i32(0))
        GroupApiCheck.hostileCount(OffsetFetchResponse.self, version: 8, prefix: W.i32(0))
        GroupApiCheck.hostileCount(
            OffsetFetchResponse.self,
            version: 8,
            prefix: W.join([W.i32(0), W.carr(1), W.cstr("g")])
        )
    }

    @Test func offsetFetchVersionsOutsideOurRangeAreRefused() {
        GroupApiCheck.unsupported(OffsetFetchRequest.self, version: 0)
        GroupApiCheck.unsupported(OffsetFetchRequest.self, version: 9)
        GroupApiCheck.unsupported(OffsetFetchResponse.self, version: 9)
    }

    // MARK: DescribeGroups

    @Test(arguments: DescribeGroupsRequest.versions)
    func describeGroupsRequestRoundTrips(version: Int16) throws {
        let full = DescribeGroupsRequest(groups: ["grp", "other", ""], includeAuthorizedOperations: true)
        var expected = full
        if version < 3 { expected.includeAuthorizedOperations = false }
        try GroupApiCheck.roundTrip(full, version: version, expecting: expected)
    }

    @Test(arguments: DescribeGroupsResponse.versions)
    func describeGroupsResponseRoundTrips(version: Int16) throws {
        let full = DescribeGroupsResponse(
            throttleTimeMs: 21,
            groups: [
                .init(
                    errorCode: .none,
                    groupId: "grp",
                    groupState: "Stable",
                    protocolType: "consumer",
                    protocolData: "range",
                    members: [
                        .init(
                            memberId: "member-1",
                            groupInstanceId: "i-1",
                            clientId: "rdkafka",
                            clientHost: "/10.0.0.1",
                            memberMetadata: ByteBuffer(bytes: [0, 1]),
                            memberAssignment: ByteBuffer(bytes: [2, 3, 4])
                        ),
                        .init(memberId: "member-2", clientId: "java", clientHost: "/10.0.0.2"),
                    ],
                    authorizedOperations: 0x0000_0F00
                ),
                .init(errorCode: .groupIdNotFound, groupId: "gone", groupState: "Dead", authorizedOperations: 0),
            ]
        )
        var expected = full
        if version < 1 { expected.throttleTimeMs = 0 }
        for g in expected.groups.indices {
            if version < 3 { expected.groups[g].authorizedOperations = Int32.min }
            if version < 4 {
                for m in expected.groups[g].members.indices { expected.groups[g].members[m].groupInstanceId = nil }
            }
        }
        try GroupApiCheck.roundTrip(full, version: version, expecting: expected)
    }

    @Test func describeGroupsLayouts() throws {
        try GroupApiCheck.layout(DescribeGroupsRequest(groups: ["g"]), version: 0, W.join([W.arr(1), W.str("g")]))
        try GroupApiCheck.layout(
            DescribeGroupsRequest(groups: ["g"], includeAuthorizedOperations: true),
            version: 3,
            W.join([W.arr(1), W.str("g"), W.i8(1)])
        )
        try GroupApiCheck.layout(
            DescribeGroupsRequest(groups: ["g"], includeAuthorizedOperations: true),
            version: 5,
            W.join([W.carr(1), W.cstr("g"), W.i8(1), W.tags])
        )

        let member = DescribeGroupsResponse.Member(
            memberId: "m",
            clientId: "c",
            clientHost: "/h",
            memberMetadata: ByteBuffer(bytes: [1]),
            memberAssignment: ByteBuffer(bytes: [2])
        )
        try GroupApiCheck.layout(
            DescribeGroupsResponse(groups: [
                .init(
                    groupId: "g",
                    groupState: "Stable",
                    protocolType: "consumer",
                    protocolData: "range",
                    members: [member]
                )
            ]),
            version: 0,
            W.join([
                W.arr(1), W.i16(0), W.str("g"), W.str("Stable"), W.str("consumer"), W.str("range"),
                W.arr(1), W.str("m"), W.str("c"), W.str("/h"), W.bytes([1]), W.bytes([2]),
            ])
        )
        var withInstance = member
        withInstance.groupInstanceId = "i"
        try GroupApiCheck.layout(
            DescribeGroupsResponse(groups: [
                .init(
                    groupId: "g",
                    groupState: "Stable",
                    protocolType: "consumer",
                    protocolData: "range",
                    members: [withInstance]
                )
            ]),
            version: 5,
            W.join([
                W.i32(0), W.carr(1), W.i16(0), W.cstr("g"), W.cstr("Stable"), W.cstr("consumer"), W.cstr("range"),
                W.carr(1), W.cstr("m"), W.cstr("i"), W.cstr("c"), W.cstr("/h"), W.cbytes([1]), W.cbytes([2]), W.tags,
                W.i32(Int32.min), W.tags,
                W.tags,
            ])
        )
    }

    @Test func describeGroupsRejectsHostileCounts() {
        GroupApiCheck.hostileCount(DescribeGroupsRequest.self, version: 0, prefix: [])
        GroupApiCheck.hostileCount(DescribeGroupsRequest.self, version: 5, prefix: [])
        GroupApiCheck.hostileCount(DescribeGroupsResponse.self, version: 0, prefix: [])
        GroupApiCheck.hostileCount(DescribeGroupsResponse.self, version: 5, prefix: W.i32(0))
        GroupApiCheck.hostileCount(
            DescribeGroupsResponse.self,
            version: 4,
            prefix: W.join([W.i32(0), W.arr(1), W.i16(0), W.str("g"), W.str(""), W.str(""), W.str("")])
        )
        GroupApiCheck.hostileCount(
            DescribeGroupsResponse.self,
            version: 5,
            prefix: W.join([W.i32(0), W.carr(1), W.i16(0), W.cstr("g"), W.cstr(""), W.cstr(""), W.cstr("")])
        )
    }

    // MARK: ListGroups

    @Test(arguments: ListGroupsRequest.versions)
    func listGroupsRequestRoundTrips(version: Int16) throws {
        let full = ListGroupsRequest(statesFilter: ["Stable", "Empty"], typesFilter: ["classic"])
        var expected = full
        if version < 4 { expected.statesFilter = [] }
        if version < 5 { expected.typesFilter = [] }
        try GroupApiCheck.roundTrip(full, version: version, expecting: expected)
    }

    @Test(arguments: ListGroupsResponse.versions)
    func listGroupsResponseRoundTrips(version: Int16) throws {
        let full = ListGroupsResponse(
            throttleTimeMs: 2,
            errorCode: .coordinatorLoadInProgress,
            groups: [
                .init(groupId: "grp", protocolType: "consumer", groupState: "Stable", groupType: "classic"),
                .init(groupId: "connect", protocolType: "connect", groupState: "Empty", groupType: "classic"),
            ]
        )
        var expected = full
        if version < 1 { expected.throttleTimeMs = 0 }
        for g in expected.groups.indices {
            if version < 4 { expected.groups[g].groupState = "" }
            if version < 5 { expected.groups[g].groupType = "" }
        }
        try GroupApiCheck.roundTrip(full, version: version, expecting: expected)
    }

    @Test func listGroupsLayouts() throws {
        try GroupApiCheck.layout(ListGroupsRequest(), version: 0, [])
        try GroupApiCheck.layout(ListGroupsRequest(), version: 3, [0])
        try GroupApiCheck.layout(
            ListGroupsRequest(statesFilter: ["Stable"], typesFilter: ["classic"]),
            version: 5,
            W.join([W.carr(1), W.cstr("Stable"), W.carr(1), W.cstr("classic"), W.tags])
        )

        try GroupApiCheck.layout(
            ListGroupsResponse(groups: [.init(groupId: "g", protocolType: "consumer")]),
            version: 0,
            W.join([W.i16(0), W.arr(1), W.str("g"), W.str("consumer")])
        )
        try GroupApiCheck.layout(
            ListGroupsResponse(groups: [.init(groupId: "g", protocolType: "consumer", groupState: "Stable")]),
            version: 4,
            W.join([W.i32(0), W.i16(0), W.carr(1), W.cstr("g"), W.cstr("consumer"), W.cstr("Stable"), W.tags, W.tags])
        )
    }

    @Test func listGroupsRejectsHostileCounts() {
        GroupApiCheck.hostileCount(ListGroupsRequest.self, version: 4, prefix: [])
        GroupApiCheck.hostileCount(ListGroupsRequest.self, version: 5, prefix: W.carr(0))
        GroupApiCheck.hostileCount(ListGroupsResponse.self, version: 0, prefix: W.i16(0))
        GroupApiCheck.hostileCount(ListGroupsResponse.self, version: 5, prefix: W.join([W.i32(0), W.i16(0)]))
    }

    // MARK: DeleteGroups

    @Test(arguments: DeleteGroupsRequest.versions)
    func deleteGroupsRequestRoundTrips(version: Int16) throws {
        let full = DeleteGroupsRequest(groupsNames: ["grp", "other"])
        try GroupApiCheck.roundTrip(full, version: version, expecting: full)
    }

    @Test(arguments: DeleteGroupsResponse.versions)
    func deleteGroupsResponseRoundTrips(version: Int16) throws {
        let full = DeleteGroupsResponse(
            throttleTimeMs: 17,
            results: [.init(groupId: "grp", errorCode: .nonEmptyGroup), .init(groupId: "other", errorCode: .none)]
        )
        try GroupApiCheck.roundTrip(full, version: version, expecting: full)
    }

    @Test func deleteGroupsLayouts() throws {
        try GroupApiCheck.layout(DeleteGroupsRequest(groupsNames: ["g"]), version: 0, W.join([W.arr(1), W.str("g")]))
        try GroupApiCheck.layout(
            DeleteGroupsRequest(groupsNames: ["g"]),
            version: 2,
            W.join([W.carr(1), W.cstr("g"), W.tags])
        )
        let response = DeleteGroupsResponse(results: [.init(groupId: "g", errorCode: .groupIdNotFound)])
        try GroupApiCheck.layout(response, version: 0, W.join([W.i32(0), W.arr(1), W.str("g"), W.i16(69)]))
        try GroupApiCheck.layout(
            response,
            version: 2,
            W.join([W.i32(0), W.carr(1), W.cstr("g"), W.i16(69), W.tags, W.tags])
        )
    }

    @Test func deleteGroupsRejectsHostileCounts() {
        GroupApiCheck.hostileCount(DeleteGroupsRequest.self, version: 0, prefix: [])
        GroupApiCheck.hostileCount(DeleteGroupsRequest.self, version: 2, prefix: [])
        GroupApiCheck.hostileCount(DeleteGroupsResponse.self, version: 1, prefix: W.i32(0))
        GroupApiCheck.hostileCount(DeleteGroupsResponse.self, version: 2, prefix: W.i32(0))
    }

    @Test func nestedTaggedFieldsAreSkipped() throws {
        // DeleteGroups v2 response with a 1-byte tag inside the result and a 3-byte tag at the top level.
        let body = W.join([W.i32(0), W.carr(1), W.cstr("g"), W.i16(0), [1, 9, 1, 0xEE], [1, 0, 3, 1, 2, 3]])
        let decoded = try DeleteGroupsResponse.decode(ByteBuffer(bytes: body), version: 2)
        #expect(decoded == DeleteGroupsResponse(results: [.init(groupId: "g")]))
    }
}
