import GroupCoordinator
import NIOCore
import Testing

@Suite struct StaticMembershipTests {
    /// Two static members (instances "ia", "ib") in a Stable group at generation 1.
    private func stableStaticGroup() throws -> (GroupCoordinatorState, a: String, b: String) {
        var c = GroupCoordinatorState(memberIdSeed: 21)
        // Static members never get MEMBER_ID_REQUIRED.
        #expect(c.join(groupId: "g", joinInput("ca", instance: "ia"), requestId: 1, now: 0).joins.isEmpty)
        #expect(c.join(groupId: "g", joinInput("cb", instance: "ib"), requestId: 2, now: 10).joins.isEmpty)
        #expect(c.tick(now: 3000).isEmpty, "the second member extends the initial delay")
        let done = c.tick(now: 6000)
        let a = try #require(done.joins[1]).memberId
        let b = try #require(done.joins[2]).memberId
        #expect(a.hasPrefix("ia-") && b.hasPrefix("ib-"))
        _ = c.sync(
            groupId: "g",
            SyncInput(memberId: b, groupInstanceId: "ib", generationId: 1),
            requestId: 3,
            now: 6000
        )
        let assignments = [
            MemberAssignment(memberId: a, assignment: bytes("pa")),
            MemberAssignment(memberId: b, assignment: bytes("pb")),
        ]
        _ = c.sync(
            groupId: "g",
            SyncInput(memberId: a, groupInstanceId: "ia", generationId: 1, assignments: assignments),
            requestId: 4,
            now: 6000
        )
        #expect(c.group("g")?.state == .stable)
        return (c, a, b)
    }

    @Test func aRestartedStaticFollowerGetsANewIdAndKeepsItsAssignment() throws {
        var (c, a, b) = try stableStaticGroup()
        let rejoin = c.join(groupId: "g", joinInput("cb", instance: "ib"), requestId: 10, now: 7000)
        let answer = try #require(rejoin.joins[10])
        #expect(answer.errorCode == .none)
        #expect(answer.memberId != b && answer.memberId.hasPrefix("ib-"))
        #expect(answer.generationId == 1, "no rebalance: the selected protocol does not change")
        #expect(answer.leader == a)
        #expect(rejoin.records.count == 1, "the new member id is persisted before answering")
        #expect(c.group("g")?.state == .stable)
        let sync = c.sync(
            groupId: "g",
            SyncInput(memberId: answer.memberId, groupInstanceId: "ib", generationId: 1),
            requestId: 11,
            now: 7100
        )
        #expect(sync.syncs[11]?.assignment == bytes("pb"))
        // The old incarnation is fenced.
        #expect(
            c.heartbeat(
                groupId: "g",
                HeartbeatInput(memberId: b, groupInstanceId: "ib", generationId: 1),
                requestId: 12,
                now: 7200
            ).heartbeats[12] == .fencedInstanceId
        )
        #expect(
            c.heartbeat(
                groupId: "g",
                HeartbeatInput(memberId: b, groupInstanceId: "iz", generationId: 1),
                requestId: 13,
                now: 7200
            ).heartbeats[13] == .unknownMemberId
        )
    }

    @Test func aRestartedStaticLeaderIsToldTheOldLeaderUnlessItCanSkipTheAssignment() throws {
        var (c, a, _) = try stableStaticGroup()
        let old = c.join(groupId: "g", joinInput("ca", instance: "ia"), requestId: 20, now: 7000)
        let newA = try #require(old.joins[20]).memberId
        #expect(old.joins[20]?.leader == a, "an old client must not think it leads and reassign")
        #expect(old.joins[20]?.members == [])
        #expect(c.group("g")?.leaderId == newA)

        let modern = c.join(
            groupId: "g",
            joinInput("ca", instance: "ia", skipAssignment: true),
            requestId: 21,
            now: 8000
        )
        let answer = try #require(modern.joins[21])
        #expect(answer.leader == answer.memberId)
        #expect(answer.skipAssignment)
        #expect(answer.members.count == 2)
        #expect(c.group("g")?.state == .stable)
    }

    @Test func aParkedJoinOfTheOldIdIsFenced() throws {
        var (c, a, b) = try stableStaticGroup()
        // The leader rejoins (parked, rebalance), then its instance restarts with an empty member id.
        #expect(c.join(groupId: "g", joinInput("ca", memberId: a, instance: "ia"), requestId: 30, now: 7000).isEmpty)
        let restart = c.join(groupId: "g", joinInput("ca", instance: "ia"), requestId: 31, now: 7100)
        #expect(restart.joins[30] == JoinResult.error(.fencedInstanceId, memberId: a))
        // Completes when the follower rejoins too.
        let done = c.join(groupId: "g", joinInput("cb", memberId: b, instance: "ib"), requestId: 32, now: 7200)
        #expect(done.joins[31]?.generationId == 2)
        #expect(done.joins[31]?.leader == done.joins[31]?.memberId)
    }

    @Test func staticMembersThatDoNotRejoinStayInTheGroup() throws {
        var (c, a, b) = try stableStaticGroup()
        #expect(c.join(groupId: "g", joinInput("ca", memberId: a, instance: "ia"), requestId: 40, now: 7000).isEmpty)
        // The static follower stays alive by heartbeats but does not rejoin.
        for t: Int64 in [12_000, 20_000, 28_000, 36_000] {
            #expect(
                c.heartbeat(
                    groupId: "g",
                    HeartbeatInput(memberId: b, groupInstanceId: "ib", generationId: 1),
                    requestId: 41,
                    now: t
                ).heartbeats[41] == .rebalanceInProgress
            )
        }
        let done = c.tick(now: 37_000)
        #expect(done.joins[40]?.generationId == 2)
        #expect(c.group("g")?.member(b) != nil, "only dynamic members are dropped at the end of the join phase")
    }

    @Test func anAdminCanRemoveAStaticMemberByInstanceId() throws {
        var (c, _, b) = try stableStaticGroup()
        let left = c.leave(groupId: "g", [LeavingMember(memberId: "", groupInstanceId: "ib")], requestId: 50, now: 7000)
        #expect(left.leaves[50]?.members.first?.errorCode == GroupErrorCode.none)
        #expect(c.group("g")?.member(b) == nil)
        #expect(c.group("g")?.state == .preparingRebalance)
    }
}

@Suite struct StaticMembershipDuringRebalanceTests {
    @Test func aStaticRestartWhileTheLeaderAssignsStartsOver() throws {
        var c = GroupCoordinatorState(config: GroupCoordinatorConfig(initialRebalanceDelayMs: 0), memberIdSeed: 22)
        let first = c.join(groupId: "g", joinInput("ca", instance: "ia"), requestId: 1, now: 0)
        let a = try #require(first.joins[1]).memberId
        #expect(c.group("g")?.state == .completingRebalance)
        // The only member restarts before it syncs: the group must rebalance again under the new id.
        let restart = c.join(groupId: "g", joinInput("ca", instance: "ia"), requestId: 2, now: 10)
        let answer = try #require(restart.joins[2])
        #expect(answer.memberId != a)
        #expect(answer.generationId == 2, "CompletingRebalance: the old id may already be in the assignment")
        #expect(c.group("g")?.members.map(\.memberId) == [answer.memberId])
    }
}
