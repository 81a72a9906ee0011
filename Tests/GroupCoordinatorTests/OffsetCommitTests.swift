import GroupCoordinator
import NIOCore
import Testing

@Suite struct OffsetCommitTests {
    private func commit(
        _ topic: String,
        _ partition: Int32,
        _ offset: Int64,
        epoch: Int32 = -1,
        metadata: String? = nil
    )
        -> OffsetCommitTopic
    {
        OffsetCommitTopic(
            name: topic,
            partitions: [
                OffsetCommitPartition(partition: partition, offset: offset, leaderEpoch: epoch, metadata: metadata)
            ]
        )
    }

    @Test func aSimpleConsumerCommitsWithoutAGroup() throws {
        var c = GroupCoordinatorState(memberIdSeed: 31)
        let input = OffsetCommitInput(
            memberId: "",
            generationId: -1,
            topics: [commit("t", 0, 5, epoch: 2, metadata: "meta")]
        )
        let done = c.commitOffsets(groupId: "simple", input, requestId: 1, now: 100)
        #expect(done.commits[1]?.codes == [GroupErrorCode.none])
        #expect(
            done.records == [
                .offsetCommit(
                    OffsetCommitKey(group: "simple", topic: "t", partition: 0),
                    OffsetCommitValue(offset: 5, leaderEpoch: 2, metadata: "meta", commitTimestamp: 100)
                )
            ]
        )
        #expect(done.last?.requestId == 1, "the response follows the records")
        #expect(c.group("simple")?.state == .empty)
        #expect(c.group("simple")?.protocolType == nil)

        let listed = c.fetchOffsets(groupId: "simple", topics: [OffsetFetchTopic(name: "t", partitions: [0, 1])])
        #expect(
            listed.topics == [
                OffsetFetchTopicResult(
                    name: "t",
                    partitions: [
                        OffsetFetchPartitionResult(
                            partition: 0,
                            offset: 5,
                            leaderEpoch: 2,
                            metadata: "meta",
                            errorCode: .none
                        ),
                        .missing(1),
                    ]
                )
            ]
        )
        #expect(c.fetchOffsets(groupId: "simple", topics: nil).topics.map(\.name) == ["t"])
        #expect(c.fetchOffsets(groupId: "unknown", topics: nil).topics == [])
        #expect(
            c.fetchOffsets(groupId: "unknown", topics: [OffsetFetchTopic(name: "t", partitions: [0])]).topics
                .first?.partitions == [.missing(0)]
        )
        #expect(c.fetchOffsets(groupId: "", topics: nil).errorCode == .invalidGroupId)
    }

    @Test func fetchingAllReturnsTopicsAndPartitionsInOrder() {
        var c = GroupCoordinatorState(memberIdSeed: 32)
        let topics = [commit("b", 1, 11), commit("a", 3, 3), commit("b", 0, 10), commit("a", 0, 0)]
        _ = c.commitOffsets(groupId: "s", OffsetCommitInput(topics: topics), requestId: 1, now: 0)
        let all = c.fetchOffsets(groupId: "s", topics: nil).topics
        #expect(all.map(\.name) == ["a", "b"])
        #expect(all.map { $0.partitions.map(\.offset) } == [[0, 3], [10, 11]])
    }

    @Test func membersCommitWithTheirGeneration() throws {
        let fixture = makeStableGroupOfTwo()
        var c = fixture.coordinator
        let a = fixture.leader
        let ok = c.commitOffsets(
            groupId: "g",
            OffsetCommitInput(memberId: a, generationId: 1, topics: [commit("orders", 0, 42, metadata: nil)]),
            requestId: 1,
            now: 9000
        )
        #expect(ok.commits[1]?.codes == [GroupErrorCode.none])
        #expect(c.offsetStore("g")["orders", 0] == CommittedOffset(offset: 42, commitTimestamp: 9000))
        #expect(c.group("g")?.member(a)?.lastHeartbeatMs == 9000, "a commit in Stable counts as a heartbeat")

        let stale = c.commitOffsets(
            groupId: "g",
            OffsetCommitInput(memberId: a, generationId: 0, topics: [commit("orders", 0, 1)]),
            requestId: 2,
            now: 9000
        )
        #expect(stale.commits[2]?.codes == [.illegalGeneration])
        #expect(stale.records.isEmpty)
        let stranger = c.commitOffsets(
            groupId: "g",
            OffsetCommitInput(memberId: "x", generationId: 1, topics: [commit("orders", 0, 1)]),
            requestId: 3,
            now: 9000
        )
        #expect(stranger.commits[3]?.codes == [.unknownMemberId])
        // A simple commit (generation -1, no member id) is only accepted while the group has no members.
        let simple = c.commitOffsets(
            groupId: "g",
            OffsetCommitInput(topics: [commit("orders", 0, 1)]),
            requestId: 4,
            now: 9000
        )
        #expect(simple.commits[4]?.codes == [.unknownMemberId])
        #expect(c.offsetStore("g")["orders", 0]?.offset == 42)
    }

    @Test func commitsDuringCompletingRebalanceAreRefused() throws {
        var c = GroupCoordinatorState(config: GroupCoordinatorConfig(initialRebalanceDelayMs: 0), memberIdSeed: 33)
        let a = try #require(
            c.join(groupId: "g", joinInput("a", requireKnownMemberId: false), requestId: 1, now: 0)
                .joins[1]
        ).memberId
        #expect(c.group("g")?.state == .completingRebalance)
        let refused = c.commitOffsets(
            groupId: "g",
            OffsetCommitInput(memberId: a, generationId: 1, topics: [commit("t", 0, 1)]),
            requestId: 2,
            now: 1
        )
        #expect(refused.commits[2]?.codes == [.rebalanceInProgress])
    }

    @Test func commitsToAMissingGroupNeedGenerationMinusOne() {
        var c = GroupCoordinatorState(memberIdSeed: 34)
        let old = c.commitOffsets(
            groupId: "g",
            OffsetCommitInput(memberId: "m", generationId: 3, version: 8, topics: [commit("t", 0, 1)]),
            requestId: 1,
            now: 0
        )
        #expect(old.commits[1]?.codes == [.illegalGeneration])
        let new = c.commitOffsets(
            groupId: "g",
            OffsetCommitInput(memberId: "m", generationId: 3, version: 9, topics: [commit("t", 0, 1)]),
            requestId: 2,
            now: 0
        )
        #expect(new.commits[2]?.codes == [.groupIdNotFound])
        #expect(c.group("g") == nil)
        let blank = c.commitOffsets(groupId: "", OffsetCommitInput(topics: [commit("t", 0, 1)]), requestId: 3, now: 0)
        #expect(blank.commits[3]?.codes == [.invalidGroupId])
    }

    @Test func metadataIsLimitedLikeJavaCountsIt() {
        func emoji(_ count: Int) -> String { String(repeating: "😀", count: count) }
        var c = GroupCoordinatorState(memberIdSeed: 35)
        let input = OffsetCommitInput(
            topics: [
                OffsetCommitTopic(
                    name: "t",
                    partitions: [
                        OffsetCommitPartition(partition: 0, offset: 1, metadata: String(repeating: "x", count: 4096)),
                        OffsetCommitPartition(partition: 1, offset: 1, metadata: String(repeating: "x", count: 4097)),
                        // Each emoji is two UTF-16 code units, as Java's String.length() counts.
                        OffsetCommitPartition(partition: 2, offset: 1, metadata: emoji(2048)),
                        OffsetCommitPartition(partition: 3, offset: 1, metadata: emoji(2049)),
                    ]
                )
            ])
        let done = c.commitOffsets(groupId: "s", input, requestId: 1, now: 0)
        #expect(done.commits[1]?.codes == [.none, .offsetMetadataTooLarge, .none, .offsetMetadataTooLarge])
        #expect(done.records.count == 2)
        #expect(c.offsetStore("s").offsets.keys.sorted().map(\.partition) == [0, 2])
    }

    @Test func offsetsOfEmptyAndSimpleGroupsExpire() {
        let config = GroupCoordinatorConfig(offsetsRetentionMs: 1000)
        var c = GroupCoordinatorState(config: config, memberIdSeed: 36)
        _ = c.commitOffsets(groupId: "s", OffsetCommitInput(topics: [commit("t", 0, 1)]), requestId: 1, now: 0)
        _ = c.commitOffsets(groupId: "s", OffsetCommitInput(topics: [commit("t", 1, 1)]), requestId: 2, now: 500)
        #expect(c.expireOffsets(now: 999).isEmpty)
        #expect(
            c.expireOffsets(now: 1000).records == [
                .offsetCommit(OffsetCommitKey(group: "s", topic: "t", partition: 0), nil)
            ]
        )
        #expect(
            c.expireOffsets(now: 1500).records == [
                .offsetCommit(OffsetCommitKey(group: "s", topic: "t", partition: 1), nil),
                .groupMetadata(GroupMetadataKey(group: "s"), nil),
            ]
        )
        #expect(c.group("s") == nil)
    }

    @Test func offsetsOfActiveGroupsDoNotExpire() {
        let fixture = makeStableGroupOfTwo(config: GroupCoordinatorConfig(offsetsRetentionMs: 1000))
        var c = fixture.coordinator
        _ = c.commitOffsets(
            groupId: "g",
            OffsetCommitInput(memberId: fixture.leader, generationId: 1, topics: [commit("t", 0, 1)]),
            requestId: 1,
            now: 6000
        )
        #expect(c.expireOffsets(now: 9000).isEmpty)
        #expect(c.offsetStore("g")["t", 0]?.offset == 1)
    }
}
