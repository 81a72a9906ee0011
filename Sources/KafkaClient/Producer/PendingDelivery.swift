import Synchronization

/// The acknowledgement of one record given to `KafkaProducer.enqueue`, to await when convenient.
public final class PendingDelivery: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Result<RecordMetadata, KafkaClientError>, Never>])
        case done(Result<RecordMetadata, KafkaClientError>)
    }

    private let state = Mutex<State>(.waiting([]))

    init() {}

    /// The outcome: where the record was stored, or why it was not.
    public func result() async -> Result<RecordMetadata, KafkaClientError> {
        await withCheckedContinuation { continuation in
            let done: Result<RecordMetadata, KafkaClientError>? = state.withLock { state in
                switch state {
                case .done(let result):
                    return result
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return nil
                }
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    /// Where the record was stored; throws why it was not.
    public func metadata() async throws(KafkaClientError) -> RecordMetadata {
        try await result().get()
    }

    /// The outcome if it is known already.
    public var completedResult: Result<RecordMetadata, KafkaClientError>? {
        state.withLock { if case .done(let result) = $0 { result } else { nil } }
    }

    func complete(_ result: Result<RecordMetadata, KafkaClientError>) {
        let waiters: [CheckedContinuation<Result<RecordMetadata, KafkaClientError>, Never>] = state.withLock { state in
            guard case .waiting(let waiters) = state else { return [] }
            state = .done(result)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: result) }
    }
}
