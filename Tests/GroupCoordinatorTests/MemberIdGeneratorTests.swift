import GroupCoordinator
import Testing

@Suite struct MemberIdGeneratorTests {
    @Test func uuidsHaveJavasVersionFourLayout() {
        var generator = MemberIdGenerator(seed: 99)
        for _ in 0..<100 {
            let uuid = Array(generator.nextUUID())
            #expect(uuid.count == 36)
            #expect([8, 13, 18, 23].allSatisfy { uuid[$0] == "-" })
            #expect(uuid[14] == "4")
            #expect("89ab".contains(uuid[19]))
            #expect(uuid.enumerated().allSatisfy { [8, 13, 18, 23].contains($0.offset) || $0.element.isHexDigit })
        }
    }

    @Test func aSeedFixesTheSequence() {
        var first = MemberIdGenerator(seed: 5)
        var second = MemberIdGenerator(seed: 5)
        var other = MemberIdGenerator(seed: 6)
        let ids = (0..<3).map { _ in first.nextUUID() }
        #expect(ids == (0..<3).map { _ in second.nextUUID() })
        #expect(Set(ids).count == 3)
        #expect(other.nextUUID() != ids[0])
    }

    @Test func staticMembersGetTheInstanceIdAsPrefix() throws {
        var c = GroupCoordinatorState(config: GroupCoordinatorConfig(initialRebalanceDelayMs: 0), memberIdSeed: 1)
        let joined = c.join(groupId: "g", joinInput("client", instance: "instance-1"), requestId: 1, now: 0)
        #expect(try #require(joined.joins[1]).memberId.hasPrefix("instance-1-"))
    }
}
