import ConnectAPI

/// A connector's `errors.*` settings (KIP-298): retries, tolerance, logging and the dead letter queue.
struct ErrorHandlingConfig: Sendable {
    /// `errors.tolerance=all`: skip records that fail instead of failing the task.
    var toleratesAll = false
    /// `errors.retry.timeout`: how long retriable failures are retried (0 none, -1 forever).
    var retryTimeoutMs: Int64 = 0
    /// `errors.retry.delay.max.ms`.
    var retryDelayMaxMs: Int64 = 60_000
    /// `errors.log.enable`.
    var logEnabled = false
    /// `errors.log.include.messages`.
    var logIncludeMessages = false
    /// `errors.deadletterqueue.topic.name` (empty: no DLQ). Tributary honours it for sources too.
    var deadLetterQueueTopic: String?
    /// `errors.deadletterqueue.topic.replication.factor`.
    var deadLetterQueueReplicationFactor: Int16 = -1
    /// `errors.deadletterqueue.context.headers.enable`.
    var contextHeadersEnabled = false

    init() {}

    init(_ config: [String: String]) {
        toleratesAll = config["errors.tolerance"]?.trimmed.lowercased() == "all"
        retryTimeoutMs = config["errors.retry.timeout"].flatMap { Int64($0.trimmed) } ?? 0
        retryDelayMaxMs = config["errors.retry.delay.max.ms"].flatMap { Int64($0.trimmed) } ?? 60_000
        logEnabled = config["errors.log.enable"]?.trimmed.lowercased() == "true"
        logIncludeMessages = config["errors.log.include.messages"]?.trimmed.lowercased() == "true"
        if let topic = config["errors.deadletterqueue.topic.name"]?.trimmed, !topic.isEmpty {
            deadLetterQueueTopic = topic
        }
        if let factor = config["errors.deadletterqueue.topic.replication.factor"].flatMap({ Int16($0.trimmed) }) {
            // A single broker cannot hold 3 replicas (Kafka's default); -1 asks for the cluster's default.
            deadLetterQueueReplicationFactor = factor
        }
        contextHeadersEnabled = config["errors.deadletterqueue.context.headers.enable"]?.trimmed.lowercased() == "true"
    }
}

/// Where in a record's processing an error happened (Kafka's `Stage`), as written to `__connect.errors.stage`.
enum ProcessingStage: String, Sendable {
    case keyConverter = "KEY_CONVERTER"
    case valueConverter = "VALUE_CONVERTER"
    case headerConverter = "HEADER_CONVERTER"
    case transformation = "TRANSFORMATION"
    case taskPut = "TASK_PUT"
    case taskPoll = "TASK_POLL"
    case kafkaProduce = "KAFKA_PRODUCE"
    case kafkaConsume = "KAFKA_CONSUME"
}

/// A failure of one stage that `errors.tolerance=none` does not tolerate; it fails the task.
struct ToleranceExceededError: Error, CustomStringConvertible {
    let stage: ProcessingStage
    let cause: any Error

    var description: String {
        "Tolerance exceeded in error handler: \(stage.rawValue) failed: \(ErrorTrace.describe(cause))"
    }
}
