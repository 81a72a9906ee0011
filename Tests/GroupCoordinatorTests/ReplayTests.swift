import GroupCoordinator
import NIOCore
import Testing

/// What a restart must reproduce of one group: its state and its GroupMetadata view.
private struct DurableGroup: Equatable {
    var state: GroupState
    var metadata: GroupMetadataValue
}

private func durable(_ c: GroupCoordinatorState) -> [String: DurableGroup] {
    c.groups.mapValues { DurableGroup(state: $0.state, metadata: $0.metadataValue) }
}

/// Runs events against a coordinator and keeps every record it asks to persist, encoded, like the log would.
private struct RecordingCoordinator {
    var state = GroupCoordinatorState(memberIdSeed: 77)
    var log: [(key: ByteBuffer, value: ByteBuffer?)] = []
    var request = 0
    /// Long enough that no member of the busy log expires while it is written.
    static let session: Int32 = 300_000

    mutating func run(_ event: (inout GroupCoordinatorState, Int) -> [GroupAction]) throws -> [GroupAction] {
        request += 1
        let actions = event(&state, request)
        for record in actions.records {
            log.append((try record.encodedKey(), try record.encodedValue()))
        }
        return actions
    }

    /// Full protocol: join (MEMBER_ID_REQUIRED unless static), delay, sync; returns member ids.
    mutating func stableGroup(_ groupId: String, clients: [String], instances: [String?], at now: Int64) throws
        -> [String]
    {
        var ids: [String] = []
        var joins: [Int] = []
        for (client, instance) in zip(clients, instances) {
            var memberId = ""
            if instance == nil {
                let first = try run {
                    $0.join(groupId: groupId, joinInput(client, session: Self.session), requestId: $1, now: now)
                }
                memberId = first.joins.values.first?.memberId ?? ""
            }
            _ = try run {
                $0.join(
                    groupId: groupId,
                    joinInput(client, memberId: memberId, instance: instance, session: Self.session),
                    requestId: $1,
                    now: now
                )
            }
            joins.append(request)
        }
        let early = try run { state, _ in state.tick(now: now + 3000) }
        let done = try early + run { state, _ in state.tick(now: now + 6000) }
        ids = joins.compactMap { done.joins[$0]?.memberId }
        let generation = done.joins[joins[0]]?.generationId ?? -1
        let assignments = ids.map { MemberAssignment(memberId: $0, assignment: bytes("assign-\($0)")) }
        for (index, id) in ids.enumerated().reversed() {
            let input = SyncInput(
                memberId: id,
                groupInstanceId: instances[index],
                generationId: generation,
                assignments: index == 0 ? assignments : []
            )
            _ = try run { $0.sync(groupId: groupId, input, requestId: $1, now: now + 6000) }
        }
        return ids
    }
}

@Suite struct ReplayTests {
    /// A log with every kind of record: group creation, stable groups, a static id replacement, an emptied group,
    /// member and simple commits, an overwritten offset and a deleted group.
    private func busyLog() throws -> RecordingCoordinator {
        var r = RecordingCoordinator()
        let g = try r.stableGroup("g", clients: ["a", "b"], instances: [nil, nil], at: 0)
        _ = try r.run {
            $0.commitOffsets(
                groupId: "g",
                OffsetCommitInput(
                    memberId: g[0],
                    generationId: 1,
                    topics: [
                        OffsetCommitTopic(
                            name: "orders",
                            partitions: [
                                OffsetCommitPartition(partition: 0, offset: 10, leaderEpoch: 3, metadata: "x"),
                                OffsetCommitPartition(partition: 1, offset: 20),
                            ]
                        )
                    ]
                ),
                requestId: $1,
                now: 7000
            )
        }
        _ = try r.run {
            $0.commitOffsets(
                groupId: "g",
                OffsetCommitInput(
                    memberId: g[1],
                    generationId: 1,
                    topics: [
                        OffsetCommitTopic(name: "orders", partitions: [OffsetCommitPartition(partition: 0, offset: 11)])
                    ]
                ),
                requestId: $1,
                now: 7100
            )
        }
        _ = try r.stableGroup("static", clients: ["s1", "s2"], instances: ["i1", "i2"], at: 10_000)
        _ = try r.run {
            $0.join(
                groupId: "static",
                joinInput("s2", instance: "i2", session: RecordingCoordinator.session),
                requestId: $1,
                now: 17_000
            )
        }
        let emptied = try r.stableGroup("emptied", clients: ["e"], instances: [nil], at: 20_000)
        _ = try r.run {
            $0.commitOffsets(
                groupId: "emptied",
                OffsetCommitInput(
                    memberId: emptied[0],
                    generationId: 1,
                    topics: [OffsetCommitTopic(name: "t", partitions: [OffsetCommitPartition(partition: 0, offset: 1)])]
                ),
                requestId: $1,
                now: 26_500
            )
        }
        _ = try r.run {
            $0.leave(groupId: "emptied", [LeavingMember(memberId: emptied[0])], requestId: $1, now: 27_000)
        }
        for group in ["simple", "gone"] {
            _ = try r.run {
                $0.commitOffsets(
                    groupId: group,
                    OffsetCommitInput(topics: [
                        OffsetCommitTopic(name: "t", partitions: [OffsetCommitPartition(partition: 4, offset: 5)])
                    ]),
                    requestId: $1,
                    now: 28_000
                )
            }
        }
        let deleted = try r.run { $0.deleteGroups(["gone"], requestId: $1, now: 29_000) }
        #expect(
            deleted.last
                == .respondDeleteGroups(requestId: r.request, [DeleteGroupResult(groupId: "gone", errorCode: .none)])
        )
        #expect(r.state.group("g")?.state == .stable)
        #expect(r.state.group("static")?.state == .stable)
        #expect(r.state.group("emptied")?.state == .empty)
        return r
    }

    @Test func replayingEveryRecordRebuildsTheSameState() throws {
        let r = try busyLog()
        var replayed = GroupCoordinatorState(memberIdSeed: 1)
        for entry in r.log {
            try replayed.replay(key: entry.key, value: entry.value)
        }
        #expect(durable(replayed) == durable(r.state))
        #expect(replayed.offsets == r.state.offsets)
        #expect(Set(replayed.groups.keys) == ["g", "static", "emptied", "simple"])
        #expect(replayed.offsetStore("g")["orders", 0]?.offset == 11, "the later commit wins")
        #expect(replayed.group("static")?.members.map(\.assignment).allSatisfy { $0.readableBytes > 0 } == true)
    }

    @Test func replayingTheCompactedLogRebuildsTheSameState() throws {
        let r = try busyLog()
        // Log compaction keeps the last record per key, and eventually drops tombstones.
        var last: [ByteBuffer: Int] = [:]
        for (index, entry) in r.log.enumerated() { last[entry.key] = index }
        let compacted = r.log.indices.filter { last[r.log[$0].key] == $0 && r.log[$0].value != nil }.map { r.log[$0] }
        #expect(compacted.count < r.log.count)
        var replayed = GroupCoordinatorState(memberIdSeed: 2)
        for entry in compacted {
            try replayed.replay(key: entry.key, value: entry.value)
        }
        #expect(durable(replayed) == durable(r.state))
        #expect(replayed.offsets == r.state.offsets)
    }

    @Test func restoredMembersMustHeartbeatWithinTheirSessionTimeout() throws {
        let r = try busyLog()
        var replayed = GroupCoordinatorState(memberIdSeed: 3)
        for entry in r.log {
            try replayed.replay(key: entry.key, value: entry.value)
        }
        let members = try #require(replayed.group("g")?.members.map(\.memberId))
        #expect(replayed.loadCompleted(now: 100_000).isEmpty)
        #expect(replayed.nextDeadline == 400_000)
        // One member keeps heartbeating in the restored generation; the other stays silent.
        #expect(
            replayed.heartbeat(
                groupId: "g",
                HeartbeatInput(memberId: members[0], generationId: 1),
                requestId: 1,
                now: 350_000
            ).heartbeats[1] == GroupErrorCode.none
        )
        #expect(replayed.tick(now: 399_999).isEmpty)
        _ = replayed.tick(now: 400_000)
        #expect(replayed.group("g")?.member(members[1]) == nil)
        #expect(replayed.group("g")?.state == .preparingRebalance)
        #expect(
            replayed.heartbeat(
                groupId: "g",
                HeartbeatInput(memberId: members[0], generationId: 1),
                requestId: 3,
                now: 400_001
            ).heartbeats[3] == .rebalanceInProgress
        )
        // The survivor rejoins; the restored group continues from generation 1.
        let rejoin = replayed.join(groupId: "g", joinInput("a", memberId: members[0]), requestId: 4, now: 400_002)
        #expect(rejoin.joins[4]?.generationId == 2)
    }

    @Test func tombstonesRemoveOffsetsAndGroups() throws {
        var c = GroupCoordinatorState(memberIdSeed: 4)
        let key = OffsetCommitKey(group: "s", topic: "t", partition: 0)
        c.replay(.offsetCommit(key, OffsetCommitValue(offset: 3, commitTimestamp: 1)))
        #expect(c.offsetStore("s")["t", 0]?.offset == 3)
        #expect(c.group("s")?.state == .empty, "offsets alone recreate a simple group")
        try c.replay(key: CoordinatorRecord.offsetCommit(key, nil).encodedKey(), value: nil)
        #expect(c.offsetStore("s").isEmpty)
        c.replay(.groupMetadata(GroupMetadataKey(group: "s"), nil))
        #expect(c.group("s") == nil)
        #expect(throws: CoordinatorRecordError.self) {
            try c.replay(key: bytes([0, 3, 0, 1, 0x67]), value: nil)
        }
    }
}
