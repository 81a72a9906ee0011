/// Why applying one row change failed: because of the record (it goes to the errant-record reporter) or because
/// of the database (the whole transaction is rolled back and the batch retried or the task failed).
enum SinkWriteFailure: Error {
    /// The record cannot be written: a missing table or column with DDL off, a type mismatch, a constraint.
    case record(String)
    /// The database failed: locked, read-only, full, I/O error.
    case database(SQLiteError)
}
