import GroupCoordinator
import NIOCore
import Testing

@Suite struct RecordCodecTests {
    /// Big-endian bytes of a string with an int16 length prefix.
    private func str(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        return [UInt8(utf8.count >> 8), UInt8(utf8.count & 0xFF)] + utf8
    }

    @Test func offsetCommitKeyBytes() throws {
        let key = OffsetCommitKey(group: "grp", topic: "orders", partition: 7)
        let expected: [UInt8] = [
            0x00, 0x01,  // key version 1
            0x00, 0x03, 0x67, 0x72, 0x70,  // "grp"
            0x00, 0x06, 0x6F, 0x72, 0x64, 0x65, 0x72, 0x73,  // "orders"
            0x00, 0x00, 0x00, 0x07,  // partition 7
        ]
        #expect(try key.encode() == bytes(expected))
        #expect(try CoordinatorRecord(key: bytes(expected), value: nil) == .offsetCommit(key, nil))
    }

    @Test func offsetCommitValueBytes() throws {
        let value = OffsetCommitValue(offset: 42, leaderEpoch: 5, metadata: "m", commitTimestamp: 1000)
        let expected: [UInt8] = [
            0x00, 0x03,  // value version 3
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2A,  // offset 42
            0x00, 0x00, 0x00, 0x05,  // leader epoch 5
            0x00, 0x01, 0x6D,  // metadata "m"
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xE8,  // commit timestamp 1000
        ]
        #expect(try value.encode() == bytes(expected))
        #expect(try OffsetCommitValue.decode(bytes(expected)) == value)
    }

    @Test func olderOffsetCommitValueVersionsDecode() throws {
        let v0: [UInt8] = [0, 0] + [0, 0, 0, 0, 0, 0, 0, 9] + str("") + [0, 0, 0, 0, 0, 0, 0, 1]
        #expect(try OffsetCommitValue.decode(bytes(v0)) == OffsetCommitValue(offset: 9, commitTimestamp: 1))
        let v1: [UInt8] =
            [0, 1] + [0, 0, 0, 0, 0, 0, 0, 9] + str("md") + [0, 0, 0, 0, 0, 0, 0, 1]
            + [0, 0, 0, 0, 0, 0, 0, 2]
        let decoded = try OffsetCommitValue.decode(bytes(v1))
        #expect(decoded == OffsetCommitValue(offset: 9, metadata: "md", commitTimestamp: 1, expireTimestamp: 2))
        #expect(try decoded.encode() == bytes(v1), "an expire timestamp is written back as version 1")
    }

    @Test func groupMetadataKeyAndValueBytes() throws {
        #expect(try GroupMetadataKey(group: "g").encode() == bytes([0x00, 0x02, 0x00, 0x01, 0x67]))
        let value = GroupMetadataValue(
            protocolType: "consumer",
            generation: 1,
            protocolName: "range",
            leader: "m",
            currentStateTimestamp: 6000,
            members: [
                .init(
                    memberId: "m",
                    groupInstanceId: nil,
                    clientId: "c",
                    clientHost: "h",
                    rebalanceTimeoutMs: 30_000,
                    sessionTimeoutMs: 10_000,
                    subscription: bytes([1, 2]),
                    assignment: bytes([3])
                )
            ]
        )
        var expected: [UInt8] = [0x00, 0x03] + str("consumer") + [0x00, 0x00, 0x00, 0x01] + str("range") + str("m")
        expected += [0, 0, 0, 0, 0, 0, 0x17, 0x70]  // current state timestamp 6000
        expected += [0, 0, 0, 1]  // one member
        expected += str("m") + [0xFF, 0xFF] + str("c") + str("h")  // null group instance id
        expected += [0x00, 0x00, 0x75, 0x30, 0x00, 0x00, 0x27, 0x10]  // rebalance 30000, session 10000
        expected += [0, 0, 0, 2, 1, 2, 0, 0, 0, 1, 3]  // subscription, assignment
        #expect(try value.encode() == bytes(expected))
        #expect(try GroupMetadataValue.decode(bytes(expected)) == value)
        let record = CoordinatorRecord.groupMetadata(GroupMetadataKey(group: "g"), value)
        #expect(try CoordinatorRecord(key: record.encodedKey(), value: record.encodedValue()) == record)
    }

    @Test func emptyGroupMetadataWritesNullProtocolAndLeader() throws {
        let value = GroupMetadataValue(
            protocolType: "",
            generation: 0,
            protocolName: nil,
            leader: nil,
            currentStateTimestamp: 5,
            members: []
        )
        let expected: [UInt8] = [0, 3, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]
        #expect(try value.encode() == bytes(expected))
    }

    @Test func groupMetadataVersionZeroDecodes() throws {
        var v0: [UInt8] = [0, 0] + str("consumer") + [0, 0, 0, 2] + str("range") + str("m") + [0, 0, 0, 1]
        v0 += str("m") + str("c") + str("h") + [0, 0, 0x27, 0x10] + [0, 0, 0, 0] + [0, 0, 0, 0]
        let value = try GroupMetadataValue.decode(bytes(v0))
        #expect(value.currentStateTimestamp == -1)
        #expect(value.members.first?.rebalanceTimeoutMs == -1)
        #expect(value.members.first?.sessionTimeoutMs == 10_000)
    }

    @Test func hostileRecordsAreRejectedWithNamedErrors() {
        func code(_ key: [UInt8], _ value: [UInt8]?) -> CoordinatorRecordError.Code? {
            do {
                _ = try CoordinatorRecord(key: bytes(key), value: value.map { bytes($0) })
                return nil
            } catch {
                return error.code
            }
        }
        let key = [0, 1] + str("g") + str("t") + [0, 0, 0, 0]
        #expect(code([0], nil) == .truncated)
        #expect(code([0, 1, 0, 9, 0x67], nil) == .invalidLength)  // string longer than the buffer
        #expect(code([0, 1, 0xFF, 0xFE], nil) == .invalidLength)  // negative string length
        #expect(code([0, 1, 0xFF, 0xFF], nil) == .invalidLength)  // null where a string is required
        #expect(code(key + [0], nil) == .trailingBytes)
        #expect(code([0, 3] + str("g"), nil) == .unknownRecordType)
        #expect(code(key, [0, 9]) == .unsupportedVersion)
        #expect(code(key, [0, 3, 0, 0]) == .truncated)
        #expect(code([0, 1] + str("g") + [0, 2, 0xC3, 0x28] + [0, 0, 0, 0], nil) == .invalidUTF8)
        let groupKey: [UInt8] = [0, 2] + str("g")
        let header: [UInt8] = [0, 3] + str("consumer") + [0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0]
        #expect(code(groupKey, header + [0x7F, 0xFF, 0xFF, 0xFF]) == .invalidLength)  // huge member count
        #expect(code(groupKey, header + [0xFF, 0xFF, 0xFF, 0xFF]) == .invalidLength)  // negative member count
        var member: [UInt8] = str("m") + [0xFF, 0xFF] + str("c") + str("h") + [0, 0, 0, 1, 0, 0, 0, 1]
        member += [0x7F, 0, 0, 0] + [0, 0, 0, 0, 0, 0, 0, 0]  // subscription length beyond the buffer
        #expect(code(groupKey, header + [0, 0, 0, 1] + member) == .invalidLength)
    }

    @Test func oversizedStringsCannotBeEncoded() {
        let key = OffsetCommitKey(group: String(repeating: "g", count: 40_000), topic: "t", partition: 0)
        #expect(throws: CoordinatorRecordError.self) { try key.encode() }
    }
}
