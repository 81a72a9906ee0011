public import ConnectAPI

/// `GET|PATCH /connectors/{name}/offsets`: `{"offsets":[{"partition":{…},"offset":{…}}]}` (KIP-875).
///
/// Source connectors use their own partition and offset maps; sink connectors use
/// `{"kafka_topic":…,"kafka_partition":…}` → `{"kafka_offset":…}`. An `offset` of `nil` (JSON null) in a PATCH
/// resets that partition.
public struct ConnectorOffsets: Hashable, Sendable {
    /// One partition and its offset.
    public struct Entry: Hashable, Sendable {
        /// The partition map.
        public var partition: [String: OffsetValue]
        /// The offset map, or `nil` to reset.
        public var offset: [String: OffsetValue]?

        /// Creates an entry.
        public init(partition: [String: OffsetValue], offset: [String: OffsetValue]?) {
            self.partition = partition
            self.offset = offset
        }
    }

    /// The entries.
    public var offsets: [Entry]

    /// Creates offsets.
    public init(offsets: [Entry]) {
        self.offsets = offsets
    }
}
