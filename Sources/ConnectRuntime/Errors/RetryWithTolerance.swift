import ConnectAPI
import Logging

/// Runs one stage of a record's processing under the connector's `errors.*` settings (Kafka's
/// `RetryWithToleranceOperator`): retriable failures are retried with growing delays for `errors.retry.timeout`,
/// then a failure is either tolerated (the caller skips the record) or fails the task.
struct RetryWithTolerance: Sendable {
    let config: ErrorHandlingConfig
    let logger: Logger

    /// The outcome of one stage.
    enum Outcome<T> {
        case success(T)
        case failed(any Error)
    }

    /// Runs `operation`; returns `.failed` for a tolerated failure, throws ``ToleranceExceededError`` otherwise.
    func execute<T>(_ stage: ProcessingStage, _ operation: () throws -> T) async throws -> Outcome<T> {
        let started = ContinuousClock.now
        var delayMs: Int64 = 300
        while true {
            do {
                return .success(try operation())
            } catch let error as ConnectError where error.code == .retriable && config.retryTimeoutMs != 0 {
                let elapsedMs = (ContinuousClock.now - started).milliseconds
                if config.retryTimeoutMs > 0 && elapsedMs + delayMs > config.retryTimeoutMs {
                    return try fail(stage, error)
                }
                try await Task.sleep(for: .milliseconds(delayMs))
                delayMs = min(delayMs * 2, max(config.retryDelayMaxMs, 1))
            } catch {
                return try fail(stage, error)
            }
        }
    }

    private func fail<T>(_ stage: ProcessingStage, _ error: any Error) throws -> Outcome<T> {
        if config.logEnabled || !config.toleratesAll {
            logger.error("Error encountered in task", metadata: ["stage": "\(stage.rawValue)", "error": "\(error)"])
        }
        guard config.toleratesAll else { throw ToleranceExceededError(stage: stage, cause: error) }
        return .failed(error)
    }
}
