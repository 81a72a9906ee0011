import GroupCoordinator
import KafkaProtocol
import LogStorage
import Logging
import NIOCore

extension GroupErrorCode {
    var kafka: KafkaErrorCode { KafkaErrorCode(rawValue: rawValue) }
}

/// FindCoordinator: this node coordinates every group. Transaction coordinators do not exist yet.
struct FindCoordinatorHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 0...3

    func handle(_ request: FindCoordinatorRequest, version: Int16, context: RequestContext) async -> HandlerResponse<FindCoordinatorResponse> {
        let broker = state.brokerEntry
        guard request.keyType == 0 else {
            return .response(
                FindCoordinatorResponse(
                    errorCode: .coordinatorNotAvailable, errorMessage: "transactions are not supported yet", nodeId: -1,
                    host: "", port: -1))
        }
        return .response(FindCoordinatorResponse(nodeId: broker.nodeId, host: broker.host, port: broker.port))
    }
}

/// JoinGroup: parked until the group's join phase completes (classic protocol; assignors run in the clients).
struct JoinGroupHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 0...7

    func handle(_ request: JoinGroupRequest, version: Int16, context: RequestContext) async -> HandlerResponse<JoinGroupResponse> {
        let input = JoinInput(
            memberId: request.memberId, groupInstanceId: request.groupInstanceId,
            clientId: context.header.clientId ?? "", clientHost: "/" + context.clientAddress.split(separator: ":").dropLast().joined(separator: ":"),
            sessionTimeoutMs: request.sessionTimeoutMs,
            // JoinGroup v0 has no rebalance timeout: use the session timeout, as Kafka does.
            rebalanceTimeoutMs: version >= 1 ? request.rebalanceTimeoutMs : request.sessionTimeoutMs,
            protocolType: request.protocolType,
            protocols: request.protocols.map { GroupProtocol(name: $0.name, metadata: $0.metadata) },
            requireKnownMemberId: version >= 4)
        let result = await state.groups.join(groupId: request.groupId, input)
        return .response(
            JoinGroupResponse(
                errorCode: result.errorCode.kafka, generationId: result.generationId, protocolType: result.protocolType,
                protocolName: result.protocolName, leader: result.leader, memberId: result.memberId,
                members: result.members.map { .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, metadata: $0.metadata) }))
    }
}

/// SyncGroup: the leader's assignments are handed to each member.
struct SyncGroupHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 0...5

    func handle(_ request: SyncGroupRequest, version: Int16, context: RequestContext) async -> HandlerResponse<SyncGroupResponse> {
        let input = SyncInput(
            memberId: request.memberId, groupInstanceId: request.groupInstanceId, generationId: request.generationId,
            protocolType: request.protocolType, protocolName: request.protocolName,
            assignments: request.assignments.map { MemberAssignment(memberId: $0.memberId, assignment: $0.assignment) })
        let result = await state.groups.sync(groupId: request.groupId, input)
        return .response(
            SyncGroupResponse(
                errorCode: result.errorCode.kafka, protocolType: result.protocolType, protocolName: result.protocolName,
                assignment: result.assignment))
    }
}

/// Heartbeat: REBALANCE_IN_PROGRESS tells members to rejoin.
struct HeartbeatHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 0...4

    func handle(_ request: HeartbeatRequest, version: Int16, context: RequestContext) async -> HandlerResponse<HeartbeatResponse> {
        let code = await state.groups.heartbeat(
            groupId: request.groupId,
            HeartbeatInput(memberId: request.memberId, groupInstanceId: request.groupInstanceId, generationId: request.generationId))
        return .response(HeartbeatResponse(errorCode: code.kafka))
    }
}

/// LeaveGroup: one member (v0–2) or a batch (v3+).
struct LeaveGroupHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 0...5

    func handle(_ request: LeaveGroupRequest, version: Int16, context: RequestContext) async -> HandlerResponse<LeaveGroupResponse> {
        let leaving =
            version >= 3
            ? request.members.map { LeavingMember(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId) }
            : [LeavingMember(memberId: request.memberId)]
        let result = await state.groups.leave(groupId: request.groupId, leaving)
        var errorCode = result.errorCode.kafka
        if version < 3, errorCode == .none, let member = result.members.first { errorCode = member.errorCode.kafka }
        return .response(
            LeaveGroupResponse(
                errorCode: errorCode,
                members: version >= 3
                    ? result.members.map { .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, errorCode: $0.errorCode.kafka) }
                    : []))
    }
}

/// OffsetCommit: stored in `__consumer_offsets` (fsynced) before the answer; simple consumers (generation -1,
/// empty member id) may commit to groups without members.
struct OffsetCommitHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 2...9

    func handle(_ request: OffsetCommitRequest, version: Int16, context: RequestContext) async -> HandlerResponse<OffsetCommitResponse> {
        let input = OffsetCommitInput(
            memberId: request.memberId, groupInstanceId: request.groupInstanceId,
            generationId: request.generationIdOrMemberEpoch, version: version,
            topics: request.topics.map { topic in
                OffsetCommitTopic(
                    name: topic.name,
                    partitions: topic.partitions.map {
                        OffsetCommitPartition(
                            partition: $0.partitionIndex, offset: $0.committedOffset, leaderEpoch: $0.committedLeaderEpoch,
                            metadata: $0.committedMetadata)
                    })
            })
        guard let result = await state.groups.commit(groupId: request.groupId, input) else {
            return .response(uniform(request, .coordinatorLoadInProgress))
        }
        return .response(
            OffsetCommitResponse(
                topics: result.topics.map { topic in
                    .init(name: topic.name, partitions: topic.partitions.map { .init(partitionIndex: $0.partition, errorCode: $0.errorCode.kafka) })
                }))
    }

    private func uniform(_ request: OffsetCommitRequest, _ code: KafkaErrorCode) -> OffsetCommitResponse {
        OffsetCommitResponse(
            topics: request.topics.map { topic in
                .init(name: topic.name, partitions: topic.partitions.map { .init(partitionIndex: $0.partitionIndex, errorCode: code) })
            })
    }
}

/// OffsetFetch: committed offsets (-1 when none), one group (v1–7) or several (v8+).
struct OffsetFetchHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 1...8

    func handle(_ request: OffsetFetchRequest, version: Int16, context: RequestContext) async -> HandlerResponse<OffsetFetchResponse> {
        if version >= 8 {
            var groups: [OffsetFetchResponse.Group] = []
            for group in request.groups {
                let (topics, code) = await fetch(group.groupId, group.topics)
                groups.append(.init(groupId: group.groupId, topics: topics, errorCode: code))
            }
            return .response(OffsetFetchResponse(groups: groups))
        }
        let (topics, code) = await fetch(request.groupId, request.topics)
        return .response(OffsetFetchResponse(topics: topics, errorCode: code))
    }

    private func fetch(_ groupId: String, _ topics: [OffsetFetchRequest.Topic]?) async -> ([OffsetFetchResponse.Topic], KafkaErrorCode) {
        let asked = topics?.map { OffsetFetchTopic(name: $0.name, partitions: $0.partitionIndexes) }
        guard let result = await state.groups.fetchOffsets(groupId: groupId, topics: asked) else {
            return ([], .coordinatorLoadInProgress)
        }
        let converted = result.topics.map { topic in
            OffsetFetchResponse.Topic(
                name: topic.name,
                partitions: topic.partitions.map {
                    .init(
                        partitionIndex: $0.partition, committedOffset: $0.offset, committedLeaderEpoch: $0.leaderEpoch,
                        metadata: $0.metadata, errorCode: $0.errorCode.kafka)
                })
        }
        return (converted, result.errorCode.kafka)
    }
}

/// DescribeGroups: state, protocol and members of each group.
struct DescribeGroupsHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 0...5

    func handle(_ request: DescribeGroupsRequest, version: Int16, context: RequestContext) async -> HandlerResponse<DescribeGroupsResponse> {
        guard let described = await state.groups.describeGroups(request.groups) else {
            return .response(DescribeGroupsResponse(groups: request.groups.map { .init(errorCode: .coordinatorLoadInProgress, groupId: $0) }))
        }
        return .response(
            DescribeGroupsResponse(
                groups: described.map { group in
                    .init(
                        errorCode: group.errorCode.kafka, groupId: group.groupId, groupState: group.state.description,
                        protocolType: group.protocolType, protocolData: group.protocolData,
                        members: group.members.map {
                            .init(
                                memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, clientId: $0.clientId,
                                clientHost: $0.clientHost, memberMetadata: $0.metadata, memberAssignment: $0.assignment)
                        })
                }))
    }
}

/// ListGroups: every group, optionally filtered by state (v4+).
struct ListGroupsHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 0...5

    func handle(_ request: ListGroupsRequest, version: Int16, context: RequestContext) async -> HandlerResponse<ListGroupsResponse> {
        guard let listed = await state.groups.listGroups(statesFilter: Set(request.statesFilter)) else {
            return .response(ListGroupsResponse(errorCode: .coordinatorLoadInProgress, groups: []))
        }
        return .response(
            ListGroupsResponse(
                groups: listed.map {
                    .init(groupId: $0.groupId, protocolType: $0.protocolType, groupState: $0.state.description, groupType: $0.groupType)
                }))
    }
}

/// DeleteGroups: only Empty groups (NON_EMPTY_GROUP otherwise), with their offsets.
struct DeleteGroupsHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 0...2

    func handle(_ request: DeleteGroupsRequest, version: Int16, context: RequestContext) async -> HandlerResponse<DeleteGroupsResponse> {
        let results = await state.groups.deleteGroups(request.groupsNames)
        return .response(DeleteGroupsResponse(results: results.map { .init(groupId: $0.groupId, errorCode: $0.errorCode.kafka) }))
    }
}
