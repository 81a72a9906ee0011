/// A consumer offset to commit for a partition: the offset of the *next* record to read, plus optional
/// metadata (Kafka's `OffsetAndMetadata`).
public struct OffsetAndMetadata: Hashable, Sendable, CustomStringConvertible {
    /// The next offset to consume.
    public var offset: Int64
    /// Free-form metadata stored with the commit.
    public var metadata: String

    /// Creates an offset with optional metadata (empty by default, as Kafka's).
    public init(offset: Int64, metadata: String = "") {
        self.offset = offset
        self.metadata = metadata
    }

    public var description: String { "OffsetAndMetadata{offset=\(offset), metadata='\(metadata)'}" }
}
