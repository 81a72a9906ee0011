/// An offset to commit (the next record to consume) with optional metadata and leader epoch.
public struct OffsetAndMetadata: Hashable, Sendable {
    /// The next offset to consume.
    public var offset: Int64
    /// Free-form metadata stored with the commit, or nil.
    public var metadata: String?
    /// The leader epoch of the last consumed record, or nil if unknown.
    public var leaderEpoch: Int32?

    /// Creates an offset to commit.
    public init(_ offset: Int64, metadata: String? = nil, leaderEpoch: Int32? = nil) {
        self.offset = offset
        self.metadata = metadata
        self.leaderEpoch = leaderEpoch
    }
}
