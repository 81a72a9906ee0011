import GroupCoordinator
import NIOCore
import Testing

@Suite struct AdminTests {
    @Test func stateNamesAreKafkas() {
        #expect(
            GroupState.allCases.map(\.description) == [
                "Empty", "PreparingRebalance", "CompletingRebalance", "Stable", "Dead",
            ]
        )
    }

    @Test func listAndDescribeGroups() throws {
        var c = makeStableGroupOfTwo().coordinator
        _ = c.commitOffsets(
            groupId: "simple",
            OffsetCommitInput(topics: [
                OffsetCommitTopic(name: "t", partitions: [OffsetCommitPartition(partition: 0, offset: 1)])
            ]),
            requestId: 1,
            now: 6000
        )
        #expect(
            c.listGroups() == [
                ListedGroup(groupId: "g", protocolType: "consumer", state: .stable),
                ListedGroup(groupId: "simple", protocolType: "", state: .empty),
            ]
        )
        #expect(c.listGroups(statesFilter: ["EMPTY"]).map(\.groupId) == ["simple"])

        let described = c.describeGroups(["g", "missing"])
        #expect(described[0].state == .stable)
        #expect(described[0].protocolData == "range")
        #expect(described[0].members.map(\.metadata) == [bytes("sub-a"), bytes("sub-b")])
        #expect(described[0].members.map(\.assignment) == [bytes("assign-a"), bytes("assign-b")])
        #expect(described[0].members.map(\.clientId) == ["a", "b"])
        #expect(described[1] == DescribedGroup(groupId: "missing", state: .dead))

        // Outside Stable the member metadata is not shown.
        let a = try #require(c.group("g")?.leaderId)
        _ = c.join(groupId: "g", joinInput("a", memberId: a), requestId: 2, now: 6100)
        let rebalancing = c.describeGroups(["g"])[0]
        #expect(rebalancing.state == .preparingRebalance)
        #expect(rebalancing.protocolData == "")
        #expect(rebalancing.members.allSatisfy { $0.metadata.readableBytes == 0 })
    }

    @Test func deleteGroupsOnlyDeletesEmptyGroups() throws {
        var c = makeStableGroupOfTwo().coordinator
        _ = c.commitOffsets(
            groupId: "simple",
            OffsetCommitInput(topics: [
                OffsetCommitTopic(
                    name: "t",
                    partitions: [
                        OffsetCommitPartition(partition: 1, offset: 1), OffsetCommitPartition(partition: 0, offset: 1),
                    ]
                )
            ]),
            requestId: 1,
            now: 6000
        )
        let done = c.deleteGroups(["g", "nope", "", "simple"], requestId: 2, now: 7000)
        #expect(
            done.last
                == .respondDeleteGroups(
                    requestId: 2,
                    [
                        DeleteGroupResult(groupId: "g", errorCode: .nonEmptyGroup),
                        DeleteGroupResult(groupId: "nope", errorCode: .groupIdNotFound),
                        DeleteGroupResult(groupId: "", errorCode: .invalidGroupId),
                        DeleteGroupResult(groupId: "simple", errorCode: .none),
                    ]
                )
        )
        #expect(
            done.records == [
                .offsetCommit(OffsetCommitKey(group: "simple", topic: "t", partition: 0), nil),
                .offsetCommit(OffsetCommitKey(group: "simple", topic: "t", partition: 1), nil),
                .groupMetadata(GroupMetadataKey(group: "simple"), nil),
            ]
        )
        #expect(c.group("simple") == nil)
        #expect(
            c.fetchOffsets(groupId: "simple", topics: [OffsetFetchTopic(name: "t", partitions: [0])]).topics[0]
                .partitions == [.missing(0)]
        )
        #expect(c.describeGroups(["simple"])[0].state == .dead)
        #expect(c.group("g")?.state == .stable)
    }
}
