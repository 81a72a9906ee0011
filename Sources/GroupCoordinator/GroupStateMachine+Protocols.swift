extension GroupStateMachine {
    /// Kafka's `supportsProtocols`: any type and protocol suit an empty group, otherwise the type must match and
    /// one protocol must be supported by every member.
    func supportsProtocols(type: String, names: [String]) -> Bool {
        if state == .empty {
            return !type.isEmpty && !names.isEmpty
        }
        guard protocolType == type else { return false }
        let candidates = candidateProtocols()
        return names.contains { candidates.contains($0) }
    }

    /// The protocols every member supports.
    func candidateProtocols() -> Set<String> {
        guard var common = members.first.map({ Set($0.protocols.map(\.name)) }) else { return [] }
        for member in members.dropFirst() {
            common.formIntersection(member.protocols.map(\.name))
        }
        return common
    }

    /// Kafka's `selectProtocol`: each member votes for its first candidate; most votes wins. Ties go to the
    /// protocol whose first vote came earliest in member order (Kafka's tie-break is hash order).
    func selectProtocol() -> String? {
        let candidates = candidateProtocols()
        var votes: [String: Int] = [:]
        var firstVote: [String] = []
        for member in members {
            guard let vote = member.vote(candidates) else { continue }
            if votes[vote] == nil { firstVote.append(vote) }
            votes[vote, default: 0] += 1
        }
        var best: String?
        for name in firstVote where best.map({ votes[name, default: 0] > votes[$0, default: 0] }) ?? true {
            best = name
        }
        return best
    }
}
