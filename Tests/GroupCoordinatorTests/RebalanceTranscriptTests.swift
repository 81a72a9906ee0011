import GroupCoordinator
import NIOCore
import Testing

@Suite struct RebalanceTranscriptTests {
    @Test func twoMembersJoinAnEmptyGroupAfterTheInitialDelay() throws {
        var c = GroupCoordinatorState(memberIdSeed: 1)

        // t=0: a first join gets MEMBER_ID_REQUIRED; the new group is persisted as empty.
        let first = c.join(groupId: "g", joinInput("a"), requestId: 1, now: 0)
        let a = try #require(first.joins[1]).memberId
        #expect(first.joins[1]?.errorCode == .memberIdRequired)
        #expect(a.hasPrefix("a-") && a.count == "a-".count + 36)
        #expect(first.records.count == 1)
        #expect(c.group("g")?.state == .empty)

        // t=5: rejoin with the id is parked: the initial rebalance waits group.initial.rebalance.delay.ms.
        #expect(c.join(groupId: "g", joinInput("a", memberId: a), requestId: 2, now: 5).isEmpty)
        #expect(c.group("g")?.state == .preparingRebalance)
        #expect(c.nextDeadline == 3005)

        // t=1000: a second member arrives during the delay, which extends it once more (InitialDelayedJoin).
        let b = try #require(c.join(groupId: "g", joinInput("b"), requestId: 3, now: 1000).joins[3]).memberId
        #expect(c.join(groupId: "g", joinInput("b", memberId: b), requestId: 4, now: 1005).isEmpty)
        #expect(c.tick(now: 3004).isEmpty)
        #expect(c.tick(now: 3005).isEmpty)
        #expect(c.nextDeadline == 6005)

        // t=6005: the join phase completes: generation 1, leader = first joiner, leader gets all metadata.
        let done = c.tick(now: 6005)
        #expect(done.answered == [2, 4])
        let leaderView = try #require(done.joins[2])
        let followerView = try #require(done.joins[4])
        #expect(leaderView.errorCode == .none)
        #expect(leaderView.generationId == 1)
        #expect(leaderView.leader == a)
        #expect(leaderView.protocolName == "range")
        #expect(leaderView.protocolType == "consumer")
        #expect(leaderView.members.map(\.memberId) == [a, b])
        #expect(leaderView.members.map(\.metadata) == [bytes("sub-a"), bytes("sub-b")])
        #expect(followerView.generationId == 1 && followerView.leader == a && followerView.members.isEmpty)
        #expect(c.group("g")?.state == .completingRebalance)

        // Heartbeats are fine while the leader computes the assignment.
        #expect(
            c.heartbeat(groupId: "g", HeartbeatInput(memberId: b, generationId: 1), requestId: 5, now: 6100)
                == [.respondHeartbeat(requestId: 5, .none)]
        )

        // The follower's sync waits for the leader's.
        #expect(c.sync(groupId: "g", SyncInput(memberId: b, generationId: 1), requestId: 6, now: 6200).isEmpty)
        let assignments = [
            MemberAssignment(memberId: a, assignment: bytes("assign-a")),
            MemberAssignment(memberId: b, assignment: bytes("assign-b")),
        ]
        let synced = c.sync(
            groupId: "g",
            SyncInput(memberId: a, generationId: 1, assignments: assignments),
            requestId: 7,
            now: 6300
        )
        #expect(synced.records.count == 1)
        #expect(synced.first?.record != nil, "the metadata is persisted before the sync responses")
        #expect(synced.syncs[6]?.assignment == bytes("assign-b"))
        #expect(synced.syncs[7]?.assignment == bytes("assign-a"))
        #expect(synced.syncs[7]?.protocolName == "range")
        #expect(c.group("g")?.state == .stable)

        // A synced follower asking again in Stable gets its assignment at once.
        let again = c.sync(groupId: "g", SyncInput(memberId: b, generationId: 1), requestId: 8, now: 6400)
        #expect(again.syncs[8]?.assignment == bytes("assign-b"))
    }

    @Test func aThirdMemberTriggersARebalanceAnnouncedByHeartbeats() throws {
        let fixture = makeStableGroupOfTwo()
        let (a, b) = (fixture.leader, fixture.follower)
        var c = fixture.coordinator

        let c0 = try #require(c.join(groupId: "g", joinInput("c"), requestId: 10, now: 7000).joins[10]).memberId
        #expect(c.group("g")?.state == .stable, "a MEMBER_ID_REQUIRED answer alone does not rebalance")
        #expect(c.join(groupId: "g", joinInput("c", memberId: c0), requestId: 11, now: 7010).isEmpty)
        #expect(c.group("g")?.state == .preparingRebalance)

        #expect(
            c.heartbeat(groupId: "g", HeartbeatInput(memberId: a, generationId: 1), requestId: 12, now: 7100)
                == [.respondHeartbeat(requestId: 12, .rebalanceInProgress)]
        )
        #expect(
            c.sync(groupId: "g", SyncInput(memberId: b, generationId: 1), requestId: 13, now: 7150).syncs[13]?
                .errorCode == .rebalanceInProgress
        )

        #expect(c.join(groupId: "g", joinInput("a", memberId: a), requestId: 14, now: 7200).isEmpty)
        // The last known member rejoins: the phase completes at once (no initial delay for a non-empty group).
        let done = c.join(groupId: "g", joinInput("b", memberId: b), requestId: 15, now: 7300)
        #expect(Set(done.answered) == [11, 14, 15])
        #expect(done.joins[14]?.generationId == 2)
        #expect(done.joins[14]?.members.map(\.memberId) == [a, b, c0])
        #expect(done.joins[11]?.members == [])
    }

    @Test func leavingMemberTriggersARebalanceOfTheRest() throws {
        var c = makeStableGroupOfTwo().coordinator
        let a = try #require(c.group("g")?.leaderId)
        let b = try #require(c.group("g")?.members.last?.memberId)

        let left = c.leave(groupId: "g", [LeavingMember(memberId: b)], requestId: 20, now: 7000)
        #expect(
            left.leaves[20] == LeaveResult(members: [LeftMember(memberId: b, groupInstanceId: nil, errorCode: .none)])
        )
        #expect(c.group("g")?.state == .preparingRebalance)
        #expect(c.group("g")?.members.map(\.memberId) == [a])

        let rejoined = c.join(groupId: "g", joinInput("a", memberId: a), requestId: 21, now: 7100)
        #expect(rejoined.joins[21]?.generationId == 2)
        #expect(rejoined.joins[21]?.members.map(\.memberId) == [a])

        // The last member leaving empties the group, which is persisted.
        _ = c.sync(groupId: "g", SyncInput(memberId: a, generationId: 2), requestId: 22, now: 7200)
        let last = c.leave(groupId: "g", [LeavingMember(memberId: a)], requestId: 23, now: 7300)
        #expect(c.group("g")?.state == .empty)
        #expect(c.group("g")?.generationId == 3)
        #expect(last.records == [c.group("g")?.metadataRecord].compactMap { $0 })
    }

    @Test func leaveGroupHandlesABatch() throws {
        var c = makeStableGroupOfTwo().coordinator
        let a = try #require(c.group("g")?.leaderId)
        let left = c.leave(
            groupId: "g",
            [LeavingMember(memberId: "nobody"), LeavingMember(memberId: a), LeavingMember(memberId: "")],
            requestId: 30,
            now: 7000
        )
        #expect(left.leaves[30]?.members.map(\.errorCode) == [.unknownMemberId, .none, .unknownMemberId])
        #expect(c.group("g")?.members.count == 1)
        #expect(
            c.leave(groupId: "nope", [LeavingMember(memberId: a)], requestId: 31, now: 7000).leaves[31]?.members
                .map(\.errorCode) == [.unknownMemberId]
        )
        #expect(c.leave(groupId: "", [], requestId: 32, now: 7000).leaves[32]?.errorCode == .invalidGroupId)
    }

    @Test func sessionExpiryRemovesASilentMember() throws {
        let fixture = makeStableGroupOfTwo()
        var c = fixture.coordinator
        let (a, b) = (fixture.leader, fixture.follower)
        // Both got their session clock restarted by the sync at t=6000 (session timeout 10000).
        #expect(c.nextDeadline == 16_000)
        #expect(
            c.heartbeat(groupId: "g", HeartbeatInput(memberId: a, generationId: 1), requestId: 40, now: 9000)
                .heartbeats[40] == GroupErrorCode.none
        )
        #expect(
            c.heartbeat(groupId: "g", HeartbeatInput(memberId: a, generationId: 1), requestId: 41, now: 15_000)
                .heartbeats[41] == GroupErrorCode.none
        )
        #expect(c.tick(now: 15_999).isEmpty)
        #expect(c.tick(now: 16_000).isEmpty)
        #expect(c.group("g")?.members.map(\.memberId) == [a])
        #expect(c.group("g")?.state == .preparingRebalance)

        // The expired member is gone; the survivor learns of the rebalance and rejoins alone.
        #expect(
            c.heartbeat(groupId: "g", HeartbeatInput(memberId: b, generationId: 1), requestId: 42, now: 16_100)
                .heartbeats[42] == .unknownMemberId
        )
        #expect(
            c.heartbeat(groupId: "g", HeartbeatInput(memberId: a, generationId: 1), requestId: 43, now: 16_100)
                .heartbeats[43] == .rebalanceInProgress
        )
        let rejoined = c.join(groupId: "g", joinInput("a", memberId: a), requestId: 44, now: 16_200)
        #expect(rejoined.joins[44]?.generationId == 2)
        #expect(rejoined.joins[44]?.leader == a)
    }

    @Test func aLateTickCannotReviveAnExpiredMember() throws {
        let fixture = makeStableGroupOfTwo()
        var c = fixture.coordinator
        // No tick ran since t=6000; the heartbeat at t=20000 first fires the deadlines that are due.
        let late = c.heartbeat(
            groupId: "g",
            HeartbeatInput(memberId: fixture.follower, generationId: 1),
            requestId: 50,
            now: 20_000
        )
        #expect(late.heartbeats[50] == .unknownMemberId)
    }

    @Test func membersThatDoNotRejoinAreDroppedAfterTheRebalanceTimeout() throws {
        let fixture = makeStableGroupOfTwo()
        var c = fixture.coordinator
        let (a, b) = (fixture.leader, fixture.follower)
        // The leader rejoins (forcing a rebalance); the follower keeps heartbeating but never rejoins.
        #expect(c.join(groupId: "g", joinInput("a", memberId: a), requestId: 60, now: 7000).isEmpty)
        for t in stride(from: Int64(8000), through: 36_000, by: 4000) {
            #expect(
                c.heartbeat(groupId: "g", HeartbeatInput(memberId: b, generationId: 1), requestId: 61, now: t)
                    .heartbeats[61] == .rebalanceInProgress
            )
        }
        let done = c.tick(now: 37_000)
        #expect(done.joins[60]?.generationId == 2)
        #expect(done.joins[60]?.members.map(\.memberId) == [a])
        #expect(c.group("g")?.member(b) == nil)
    }

    @Test func followersThatNeverSyncAreRemovedAfterTheRebalanceTimeout() throws {
        var c = GroupCoordinatorState(config: GroupCoordinatorConfig(initialRebalanceDelayMs: 0), memberIdSeed: 3)
        let a = try #require(
            c.join(groupId: "g", joinInput("a", requireKnownMemberId: false), requestId: 1, now: 0)
                .joins[1]
        ).memberId
        #expect(c.group("g")?.state == .completingRebalance, "a zero initial delay completes inside the join call")
        _ = c.sync(groupId: "g", SyncInput(memberId: a, generationId: 1), requestId: 2, now: 10)
        #expect(c.join(groupId: "g", joinInput("b", requireKnownMemberId: false), requestId: 3, now: 100).isEmpty)
        let second = c.join(groupId: "g", joinInput("a", memberId: a), requestId: 4, now: 200)
        #expect(second.joins[4]?.generationId == 2)
        let b = try #require(second.joins[3]).memberId
        // Only the leader syncs generation 2.
        let stable = c.sync(
            groupId: "g",
            SyncInput(
                memberId: a,
                generationId: 2,
                assignments: [MemberAssignment(memberId: a, assignment: bytes("x"))]
            ),
            requestId: 5,
            now: 300
        )
        #expect(stable.syncs[5]?.assignment == bytes("x"))
        #expect(c.group("g")?.pendingSyncMemberIds == [b])
        // The follower keeps heartbeating, but the sync deadline (join completion + rebalance timeout) removes it.
        for t: Int64 in [5000, 14_000, 23_000] {
            #expect(
                c.heartbeat(groupId: "g", HeartbeatInput(memberId: b, generationId: 2), requestId: 6, now: t)
                    .heartbeats[6] == GroupErrorCode.none
            )
            #expect(
                c.heartbeat(groupId: "g", HeartbeatInput(memberId: a, generationId: 2), requestId: 7, now: t)
                    .heartbeats[7] == GroupErrorCode.none
            )
        }
        #expect(c.tick(now: 30_199).isEmpty)
        let expired = c.tick(now: 30_200)
        #expect(c.group("g")?.member(b) == nil)
        #expect(c.group("g")?.state == .preparingRebalance)
        #expect(expired.isEmpty)
    }

    @Test func aFollowerRejoiningWithTheSameMetadataGetsTheCurrentGenerationAtOnce() throws {
        var c = makeStableGroupOfTwo().coordinator
        let b = try #require(c.group("g")?.members.last?.memberId)
        let answer = c.join(groupId: "g", joinInput("b", memberId: b), requestId: 70, now: 7000)
        #expect(answer.joins[70]?.generationId == 1)
        #expect(answer.joins[70]?.members == [])
        #expect(c.group("g")?.state == .stable)
        // Changed metadata forces a rebalance.
        #expect(
            c.join(groupId: "g", joinInput("b", memberId: b, protocols: [("range", "new")]), requestId: 71, now: 7100)
                .isEmpty
        )
        #expect(c.group("g")?.state == .preparingRebalance)
    }

    @Test func anUnknownMemberIdRequiredMemberExpiresIfItNeverRejoins() throws {
        var c = GroupCoordinatorState(memberIdSeed: 5)
        let pending = try #require(c.join(groupId: "g", joinInput("a"), requestId: 1, now: 0).joins[1]).memberId
        #expect(c.group("g")?.pendingMemberIds == [pending])
        #expect(c.tick(now: 9_999).isEmpty)
        #expect(c.tick(now: 10_000).isEmpty)
        #expect(c.group("g")?.pendingMemberIds == [])
        // Rejoining with the expired id is now refused.
        #expect(
            c.join(groupId: "g", joinInput("a", memberId: pending), requestId: 2, now: 10_001).joins[2]?.errorCode
                == .unknownMemberId
        )
    }

    @Test func joinWithoutKnownMemberIdRequirementAddsTheMemberDirectly() throws {
        var c = GroupCoordinatorState(memberIdSeed: 6)
        #expect(c.join(groupId: "g", joinInput("old", requireKnownMemberId: false), requestId: 1, now: 0).joins.isEmpty)
        let done = c.tick(now: 3000)
        #expect(done.joins[1]?.generationId == 1)
        #expect(done.joins[1]?.memberId.hasPrefix("old-") == true)
        #expect(done.joins[1]?.leader == done.joins[1]?.memberId)
    }
}
