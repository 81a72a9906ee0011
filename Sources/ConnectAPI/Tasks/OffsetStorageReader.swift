/// Reads the source offsets that have been committed for a connector (Kafka's `OffsetStorageReader`).
///
/// Source tasks call it in `start` to resume where they stopped; source connectors may use it to plan
/// tasks. Offsets are those flushed to the offsets topic, so after a crash they may trail the last records
/// written (delivery is at-least-once unless exactly-once is enabled).
public protocol OffsetStorageReader: Sendable {
    /// The last committed offset for a source partition, or `nil` if there is none.
    /// - Throws: When the offsets cannot be read (e.g. the broker is unreachable).
    func offset(for partition: SourcePartition) async throws -> SourceOffset?

    /// The last committed offsets for several partitions; partitions without an offset are absent.
    func offsets(for partitions: [SourcePartition]) async throws -> [SourcePartition: SourceOffset]
}

extension OffsetStorageReader {
    /// Looks the partition up through ``offsets(for:)``.
    public func offset(for partition: SourcePartition) async throws -> SourceOffset? {
        try await offsets(for: [partition])[partition]
    }
}
