/// Lets a source task define where producer transactions end, with `transaction.boundary=connector`
/// and exactly-once support enabled (Kafka's `TransactionContext`, KIP-618). Implemented by the runtime.
///
/// Requests take effect after the next ``SourceTask/poll()`` batch (or after the named record) has been
/// handed to the producer.
public protocol TransactionContext: Sendable {
    /// Commits the current transaction after the records of the current batch.
    func commitTransaction()
    /// Commits the current transaction right after this record (which must come from the current batch).
    func commitTransaction(after record: SourceRecord)
    /// Aborts the current transaction after the records of the current batch.
    func abortTransaction()
    /// Aborts the current transaction right after this record; the record itself is discarded.
    func abortTransaction(after record: SourceRecord)
}
