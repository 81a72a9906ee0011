/// Whether a source connector can provide exactly-once delivery with a given configuration
/// (Kafka's `ExactlyOnceSupport`).
public enum ExactlyOnceSupport: String, Hashable, Sendable {
    /// The connector's offsets let the runtime write records and offsets atomically.
    case supported = "SUPPORTED"
    /// It cannot.
    case unsupported = "UNSUPPORTED"
}

/// Whether a source connector can define its own transaction boundaries through ``TransactionContext``
/// (Kafka's `ConnectorTransactionBoundaries`).
public enum ConnectorTransactionBoundaries: String, Hashable, Sendable {
    /// The tasks call ``TransactionContext`` to commit or abort transactions.
    case supported = "SUPPORTED"
    /// They do not (the default).
    case unsupported = "UNSUPPORTED"
}
