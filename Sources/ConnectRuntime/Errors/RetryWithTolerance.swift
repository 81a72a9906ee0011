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
    /// Runs on the caller's actor (no executor hop per record), and reads the clock only once a retriable failure
    /// starts the retry timeout.
    func execute<T>(
        _ stage: ProcessingStage, isolation: isolated (any Actor)? = #isolation, _ operation: () throws -> T
    ) async throws -> Outcome<T> {
        do {
            return .success(try operation())
        } catch {
            return try await recover(stage, after: error, operation)
        }
    }

    /// What ``execute(_:isolation:_:)`` does once `operation`'s first attempt has failed with `error`: a caller
    /// that makes the first attempt itself calls no async function for records that convert.
    func recover<T>(
        _ stage: ProcessingStage, after error: any Error, isolation: isolated (any Actor)? = #isolation,
        _ operation: () throws -> T
    ) async throws -> Outcome<T> {
        var failure = error
        var started: ContinuousClock.Instant?
        var delayMs: Int64 = 300
        while true {
            guard let retriable = failure as? ConnectError, retriable.code == .retriable, config.retryTimeoutMs != 0 else {
                return try fail(stage, failure)
            }
            let first = started ?? .now
            started = first
            let elapsedMs = (ContinuousClock.now - first).milliseconds
            if config.retryTimeoutMs > 0 && elapsedMs + delayMs > config.retryTimeoutMs {
                return try fail(stage, retriable)
            }
            try await Task.sleep(for: .milliseconds(delayMs))
            delayMs = min(delayMs * 2, max(config.retryDelayMaxMs, 1))
            do {
                return .success(try operation())
            } catch {
                failure = error
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
