import GroupCoordinator
import NIOCore
import Testing

@Suite struct ProtocolSelectionTests {
    /// Joins members with the given protocol lists (dynamic, no MEMBER_ID_REQUIRED) and completes the join phase.
    private func complete(_ lists: [[String]]) -> (GroupCoordinatorState, [GroupAction]) {
        var c = GroupCoordinatorState(memberIdSeed: 7)
        for (index, names) in lists.enumerated() {
            let input = joinInput(
                "m\(index)",
                protocols: names.map { ($0, "\($0)-m\(index)") },
                requireKnownMemberId: false
            )
            _ = c.join(groupId: "g", input, requestId: index, now: 0)
        }
        // The extra members extend the initial delay once (3000 → 6000).
        let done = c.tick(now: 3000) + c.tick(now: 6000)
        return (c, done)
    }

    @Test func mostVotesWin() {
        let (_, done) = complete([["range", "roundrobin"], ["roundrobin", "range"], ["roundrobin", "range"]])
        #expect(done.joins[0]?.protocolName == "roundrobin")
        #expect(
            done.joins[0]?.members.map(\.metadata) == [
                bytes("roundrobin-m0"), bytes("roundrobin-m1"), bytes("roundrobin-m2"),
            ]
        )
    }

    @Test func onlyProtocolsEveryMemberSupportsAreCandidates() {
        let (_, done) = complete([["sticky", "range"], ["range"]])
        #expect(done.joins[0]?.protocolName == "range")
        #expect(done.joins[1]?.protocolName == "range")
    }

    @Test func aJoinerSharingNoProtocolIsRejected() throws {
        let (start, done) = complete([["range"], ["range", "sticky"]])
        var c = start
        let leader = try #require(done.joins[0]).memberId
        let sticky = c.join(groupId: "g", joinInput("x", protocols: [("sticky", "")]), requestId: 9, now: 4000)
        #expect(sticky.joins[9] == JoinResult.error(.inconsistentGroupProtocol, memberId: ""))
        let otherType = c.join(groupId: "g", joinInput("y", protocolType: "connect"), requestId: 10, now: 4000)
        #expect(otherType.joins[10]?.errorCode == .inconsistentGroupProtocol)
        // An existing member changing to an unsupported protocol is rejected too.
        let changed = c.join(
            groupId: "g",
            joinInput("m0", memberId: leader, protocols: [("sticky", "")]),
            requestId: 11,
            now: 4000
        )
        #expect(changed.joins[11] == JoinResult.error(.inconsistentGroupProtocol, memberId: leader))
        #expect(c.group("g")?.state == .completingRebalance)
    }

    @Test func anEmptyGroupNeedsAProtocolTypeAndAProtocol() {
        var c = GroupCoordinatorState(memberIdSeed: 8)
        #expect(
            c.join(groupId: "g", joinInput("a", protocols: []), requestId: 1, now: 0).joins[1]?.errorCode
                == .inconsistentGroupProtocol
        )
        #expect(
            c.join(groupId: "g", joinInput("a", protocolType: ""), requestId: 2, now: 0).joins[2]?.errorCode
                == .inconsistentGroupProtocol
        )
    }
}

@Suite struct MembershipErrorTests {
    @Test func staleGenerationsAndUnknownMembersAreRefused() throws {
        var c = makeStableGroupOfTwo().coordinator
        let a = try #require(c.group("g")?.leaderId)
        #expect(
            c.heartbeat(groupId: "g", HeartbeatInput(memberId: a, generationId: 0), requestId: 1, now: 7000)
                .heartbeats[1] == .illegalGeneration
        )
        #expect(
            c.heartbeat(groupId: "g", HeartbeatInput(memberId: "ghost", generationId: 1), requestId: 2, now: 7000)
                .heartbeats[2] == .unknownMemberId
        )
        #expect(
            c.heartbeat(groupId: "nope", HeartbeatInput(memberId: a, generationId: 1), requestId: 3, now: 7000)
                .heartbeats[3] == .unknownMemberId
        )
        #expect(
            c.heartbeat(groupId: "", HeartbeatInput(memberId: a, generationId: 1), requestId: 4, now: 7000)
                .heartbeats[4] == .invalidGroupId
        )
        #expect(
            c.sync(groupId: "g", SyncInput(memberId: a, generationId: 2), requestId: 5, now: 7000).syncs[5]?.errorCode
                == .illegalGeneration
        )
        #expect(
            c.sync(groupId: "g", SyncInput(memberId: "ghost", generationId: 1), requestId: 6, now: 7000).syncs[6]?
                .errorCode == .unknownMemberId
        )
        #expect(
            c.sync(groupId: "nope", SyncInput(memberId: a, generationId: 1), requestId: 7, now: 7000).syncs[7]?
                .errorCode == .unknownMemberId
        )
        #expect(
            c.sync(
                groupId: "g",
                SyncInput(memberId: a, generationId: 1, protocolName: "sticky"),
                requestId: 8,
                now: 7000
            )
            .syncs[8]?.errorCode == .inconsistentGroupProtocol
        )
        #expect(
            c.join(groupId: "g", joinInput("a", memberId: "ghost"), requestId: 9, now: 7000).joins[9]
                == JoinResult.error(.unknownMemberId, memberId: "ghost")
        )
        #expect(
            c.join(groupId: "nope", joinInput("a", memberId: "ghost"), requestId: 10, now: 7000).joins[10]?.errorCode
                == .unknownMemberId
        )
        #expect(c.group("nope") == nil, "a join with a member id does not create a group")
        #expect(c.join(groupId: "", joinInput("a"), requestId: 11, now: 7000).joins[11]?.errorCode == .invalidGroupId)
    }

    @Test func sessionTimeoutMustBeWithinTheConfiguredRange() {
        var c = GroupCoordinatorState(memberIdSeed: 9)
        #expect(
            c.join(groupId: "g", joinInput("a", session: 5999), requestId: 1, now: 0).joins[1]?.errorCode
                == .invalidSessionTimeout
        )
        #expect(
            c.join(groupId: "g", joinInput("a", session: 1_800_001), requestId: 2, now: 0).joins[2]?.errorCode
                == .invalidSessionTimeout
        )
        #expect(c.group("g") == nil)
        #expect(
            c.join(groupId: "g", joinInput("a", session: 6000), requestId: 3, now: 0).joins[3]?.errorCode
                == .memberIdRequired
        )
        var strict = GroupCoordinatorState(config: GroupCoordinatorConfig(minSessionTimeoutMs: 20_000), memberIdSeed: 9)
        #expect(
            strict.join(groupId: "g", joinInput("a"), requestId: 4, now: 0).joins[4]?.errorCode
                == .invalidSessionTimeout
        )
    }

    @Test func emptyGroupsAnswerSyncAndHeartbeatWithUnknownMember() throws {
        var c = GroupCoordinatorState(memberIdSeed: 10)
        let pending = try #require(c.join(groupId: "g", joinInput("a"), requestId: 1, now: 0).joins[1]).memberId
        #expect(
            c.sync(groupId: "g", SyncInput(memberId: pending, generationId: 0), requestId: 2, now: 1).syncs[2]?
                .errorCode == .unknownMemberId
        )
        #expect(
            c.heartbeat(groupId: "g", HeartbeatInput(memberId: pending, generationId: 0), requestId: 3, now: 1)
                .heartbeats[3] == .unknownMemberId
        )
    }

    @Test func groupMaxSizeIsEnforced() throws {
        var c = GroupCoordinatorState(
            config: GroupCoordinatorConfig(initialRebalanceDelayMs: 0, maxGroupSize: 1),
            memberIdSeed: 11
        )
        _ = c.join(groupId: "g", joinInput("a", requireKnownMemberId: false), requestId: 1, now: 0)
        #expect(
            c.join(groupId: "g", joinInput("b", requireKnownMemberId: false), requestId: 2, now: 1).joins[2]
                == JoinResult.error(.groupMaxSizeReached, memberId: "")
        )
    }

    @Test func aSupersededParkedJoinIsAnswered() throws {
        var c = GroupCoordinatorState(memberIdSeed: 12)
        let a = try #require(c.join(groupId: "g", joinInput("a"), requestId: 1, now: 0).joins[1]).memberId
        #expect(c.join(groupId: "g", joinInput("a", memberId: a), requestId: 2, now: 0).isEmpty)
        let retried = c.join(groupId: "g", joinInput("a", memberId: a), requestId: 3, now: 100)
        #expect(retried == [.respondJoin(requestId: 2, .error(.rebalanceInProgress, memberId: a))])
        #expect(c.tick(now: 3000).joins[3]?.generationId == 1)
    }
}
