extension GroupStateMachine {
    /// A deadline the machine keeps instead of a timer.
    enum Deadline: Hashable, Sendable {
        /// A MEMBER_ID_REQUIRED member did not rejoin within its session timeout.
        case pendingMember(String)
        /// A member's session (or new-member join) timeout.
        case session(String)
        /// Members that did not send SyncGroup within the rebalance timeout.
        case sync
        /// The join phase's initial delay or rebalance timeout.
        case join

        var order: Int {
            switch self {
            case .pendingMember: 0
            case .session: 1
            case .sync: 2
            case .join: 3
            }
        }
    }

    /// Fires every deadline that is due at `now`: session expiry, join phase and sync timeouts.
    public mutating func tick(now: Int64) -> [GroupAction] {
        var actions: [GroupAction] = []
        fireDueTimers(now: now, actions: &actions)
        return actions
    }

    /// The earliest time at which `tick(now:)` has something to do, nil if nothing is scheduled.
    public var nextDeadline: Int64? {
        allDeadlines().map(\.at).min()
    }

    /// Starts the session clock of members restored by replay (Kafka's `onLoaded`), and rebalances a group
    /// that is over `group.max.size`.
    public mutating func loadCompleted(now: Int64) -> [GroupAction] {
        var actions: [GroupAction] = []
        for index in members.indices where members[index].sessionDeadlineMs == nil {
            members[index].heartbeat(now: now)
        }
        if members.count > config.maxGroupSize, canRebalance {
            prepareRebalance(now: now, actions: &actions)
        }
        return actions
    }

    private func allDeadlines() -> [(at: Int64, what: Deadline)] {
        var result: [(at: Int64, what: Deadline)] = []
        for (memberId, at) in pendingMembers {
            result.append((at, .pendingMember(memberId)))
        }
        for member in members {
            if let at = member.sessionDeadlineMs { result.append((at, .session(member.memberId))) }
        }
        switch phase {
        case .preparingRebalance(let join):
            result.append((join.deadline, .join))
        case .completingRebalance(let sync), .stable(let sync):
            if let at = sync.deadline { result.append((at, .sync)) }
        case .empty, .dead:
            break
        }
        return result
    }

    private func earliestDue(now: Int64) -> Deadline? {
        let due = allDeadlines().filter { $0.at <= now }
        return due.min { lhs, rhs in
            if lhs.at != rhs.at { return lhs.at < rhs.at }
            if lhs.what.order != rhs.what.order { return lhs.what.order < rhs.what.order }
            return Self.memberKey(lhs.what) < Self.memberKey(rhs.what)
        }?.what
    }

    private static func memberKey(_ deadline: Deadline) -> String {
        switch deadline {
        case .pendingMember(let id), .session(let id): id
        case .sync, .join: ""
        }
    }

    /// Fires due deadlines one at a time, earliest first; a bounded number per call so zero timeouts cannot spin.
    mutating func fireDueTimers(now: Int64, actions: inout [GroupAction]) {
        // Members restored by replay get their session clock at the first event after loading.
        for index in members.indices
        where members[index].sessionDeadlineMs == nil && !members[index].isAwaitingJoin
            && !members[index].isAwaitingSync
        {
            members[index].heartbeat(now: now)
        }
        var budget = 4 * (members.count + pendingMembers.count) + 16
        while budget > 0, let deadline = earliestDue(now: now) {
            budget -= 1
            fire(deadline, now: now, actions: &actions)
        }
    }

    private mutating func fire(_ deadline: Deadline, now: Int64, actions: inout [GroupAction]) {
        switch deadline {
        case .pendingMember(let memberId):
            // Kafka's `removePendingMemberAndUpdateClassicGroup`.
            pendingMembers.removeValue(forKey: memberId)
            if state == .preparingRebalance, hasAllMembersJoined {
                completeJoin(now: now, actions: &actions)
            }
        case .session(let memberId):
            expireSession(memberId, now: now, actions: &actions)
        case .sync:
            expirePendingSync(now: now, actions: &actions)
        case .join:
            guard case .preparingRebalance(let join) = phase else { return }
            if let delay = join.initialDelay {
                initialDelayExpired(join, delay: delay, now: now, actions: &actions)
            } else {
                completeJoin(now: now, actions: &actions)
            }
        }
    }

    /// Kafka's `expireClassicGroupMemberHeartbeat`: a parked join or sync keeps an old member alive (its clock
    /// restarts when the request is answered); anyone else is removed and the group rebalances.
    private mutating func expireSession(_ memberId: String, now: Int64, actions: inout [GroupAction]) {
        guard let index = index(of: memberId) else { return }
        if members[index].hasSatisfiedHeartbeat {
            members[index].sessionDeadlineMs = nil
            return
        }
        remove(memberId, actions: &actions)
        switch state {
        case .stable, .completingRebalance:
            maybePrepareRebalanceOrCompleteJoin(now: now, actions: &actions)
        case .preparingRebalance where hasAllMembersJoined:
            completeJoin(now: now, actions: &actions)
        default:
            break
        }
    }

    /// Kafka's `expirePendingSync`: members that never sent SyncGroup are removed and the group rebalances.
    private mutating func expirePendingSync(now: Int64, actions: inout [GroupAction]) {
        let pending = pendingSyncMemberIds
        switch phase {
        case .completingRebalance:
            phase = .completingRebalance(SyncPhase(pendingSync: [], deadline: nil))
        case .stable:
            phase = .stable(SyncPhase(pendingSync: [], deadline: nil))
        default:
            return
        }
        guard !pending.isEmpty else { return }
        for memberId in members.map(\.memberId) where pending.contains(memberId) {
            remove(memberId, actions: &actions)
        }
        prepareRebalance(now: now, actions: &actions)
    }
}
