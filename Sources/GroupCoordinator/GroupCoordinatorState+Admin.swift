extension GroupCoordinatorState {
    /// Handles ListGroups: every group, optionally only those whose state name matches (case-insensitively).
    public func listGroups(statesFilter: Set<String> = []) -> [ListedGroup] {
        let wanted = Set(statesFilter.map { $0.lowercased() })
        return groups.keys.sorted().compactMap { groupId in
            guard let group = groups[groupId] else { return nil }
            guard wanted.isEmpty || wanted.contains(group.state.rawValue.lowercased()) else { return nil }
            return group.listed
        }
    }

    /// Handles DescribeGroups: unknown groups are described as Dead with no members, as Kafka does.
    public func describeGroups(_ groupIds: [String]) -> [DescribedGroup] {
        groupIds.map { groupId in
            groups[groupId]?.described ?? DescribedGroup(groupId: groupId, state: .dead)
        }
    }

    /// Handles DeleteGroups: only Empty groups are deleted (their offsets and metadata get tombstones);
    /// others answer NON_EMPTY_GROUP, unknown ones GROUP_ID_NOT_FOUND.
    public mutating func deleteGroups(_ groupIds: [String], requestId: Int, now: Int64) -> [GroupAction] {
        var actions: [GroupAction] = []
        var results: [DeleteGroupResult] = []
        for groupId in groupIds {
            guard !groupId.isEmpty else {
                results.append(DeleteGroupResult(groupId: groupId, errorCode: .invalidGroupId))
                continue
            }
            actions += groups[groupId]?.tick(now: now) ?? []
            guard let group = groups[groupId] else {
                results.append(DeleteGroupResult(groupId: groupId, errorCode: .groupIdNotFound))
                continue
            }
            if let error = group.deletionError() {
                results.append(DeleteGroupResult(groupId: groupId, errorCode: error))
                continue
            }
            for key in offsetStore(groupId).sortedPartitions {
                let recordKey = OffsetCommitKey(group: groupId, topic: key.topic, partition: key.partition)
                actions.append(.persist(.offsetCommit(recordKey, nil)))
            }
            actions.append(.persist(.groupMetadata(GroupMetadataKey(group: groupId), nil)))
            groups[groupId]?.markDead(now: now, actions: &actions)
            groups[groupId] = nil
            offsets[groupId] = nil
            results.append(DeleteGroupResult(groupId: groupId, errorCode: .none))
        }
        actions.append(.respondDeleteGroups(requestId: requestId, results))
        return actions
    }
}
