public import NIOCore

extension GroupCoordinatorState {
    /// Applies one `__consumer_offsets` record read at startup (nil value = tombstone).
    ///
    /// Throws `.unknownRecordType` for key versions this coordinator does not keep; a loader may log and skip them.
    public mutating func replay(key: ByteBuffer, value: ByteBuffer?) throws(CoordinatorRecordError) {
        replay(try CoordinatorRecord(key: key, value: value))
    }

    /// Applies one decoded record, as Kafka's `OffsetMetadataManager.replay` and `GroupMetadataManager.replay` do.
    public mutating func replay(_ record: CoordinatorRecord) {
        switch record {
        case .offsetCommit(let key, let value?):
            if groups[key.group] == nil {
                // Offsets without group metadata belong to a simple (offset-only) group.
                groups[key.group] = makeGroup(key.group, now: value.commitTimestamp)
            }
            offsets[key.group, default: OffsetStore()].put(
                TopicPartition(topic: key.topic, partition: key.partition),
                value.committedOffset
            )
        case .offsetCommit(let key, nil):
            offsets[key.group]?.remove(TopicPartition(topic: key.topic, partition: key.partition))
            if offsets[key.group]?.isEmpty == true {
                offsets[key.group] = nil
            }
        case .groupMetadata(let key, let value?):
            groups[key.group] = GroupStateMachine(
                groupId: key.group,
                restoring: value,
                config: config,
                memberIdGenerator: memberIds.split()
            )
        case .groupMetadata(let key, nil):
            groups[key.group] = nil
        }
    }
}
