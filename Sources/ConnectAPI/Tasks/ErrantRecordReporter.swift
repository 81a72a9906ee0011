/// Sends a record a sink task could not write to the dead letter queue, or logs it, following the
/// connector's `errors.*` settings (Kafka's `ErrantRecordReporter`, KIP-610). Implemented by the runtime.
public protocol ErrantRecordReporter: Sendable {
    /// Reports a record and why it failed; returns once the report is durable (written to the DLQ topic).
    /// - Throws: When the error is not tolerated (`errors.tolerance=none`), so the task fails, or the report
    ///   cannot be written.
    func report(_ record: SinkRecord, error: any Error) async throws
}
