import NIOCore
import Synchronization

/// Where a transport delivers the response frame of one request: completed once, by the transport, from any thread.
public final class KafkaResponsePromise: Sendable {
    private enum State {
        case waiting(CheckedContinuation<ByteBuffer, any Error>?)
        case completed(Result<ByteBuffer, any Error>)
    }

    private let state = Mutex<State>(.waiting(nil))

    /// Creates an uncompleted promise.
    public init() {}

    /// Completes the promise with the response frame: the response header and body, without the size prefix.
    public func succeed(_ frame: ByteBuffer) { complete(.success(frame)) }

    /// Fails the promise (a broken connection, a timeout, a closed transport).
    public func fail(_ error: any Error) { complete(.failure(error)) }

    /// Whether the promise has been completed.
    public var isCompleted: Bool {
        state.withLock { if case .completed = $0 { true } else { false } }
    }

    private func complete(_ result: Result<ByteBuffer, any Error>) {
        let waiter: CheckedContinuation<ByteBuffer, any Error>? = state.withLock { state in
            guard case .waiting(let waiter) = state else { return nil }
            state = .completed(result)
            return waiter
        }
        waiter?.resume(with: result)
    }

    /// Waits for the completion (one waiter only); cancellation fails the wait, not the request.
    func wait() async throws -> ByteBuffer {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ByteBuffer, any Error>) in
                let result: Result<ByteBuffer, any Error>? = state.withLock { state in
                    switch state {
                    case .completed(let result):
                        return result
                    case .waiting:
                        if Task.isCancelled { return .failure(CancellationError()) }
                        state = .waiting(continuation)
                        return nil
                    }
                }
                if let result { continuation.resume(with: result) }
            }
        } onCancel: {
            self.fail(CancellationError())
        }
    }
}
