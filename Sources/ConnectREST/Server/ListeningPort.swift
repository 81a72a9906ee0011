import Synchronization

/// The port a server bound, handed from its `onServerRunning` callback to whoever waits for it.
final class ListeningPort: Sendable {
    private enum State {
        case waiting([Int: CheckedContinuation<Int, any Error>])
        case listening(Int)
        case failed(any Error)
    }

    private let state = Mutex<(State, nextWaiter: Int)>((.waiting([:]), 0))

    /// Reports the bound port, waking every waiter.
    func listening(on port: Int) {
        let waiters = state.withLock { value -> [CheckedContinuation<Int, any Error>] in
            guard case .waiting(let waiters) = value.0 else { return [] }
            value.0 = .listening(port)
            return Array(waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    /// Reports that the server will not listen (any more), failing every waiter and later ones.
    func stopped(_ error: any Error) {
        let waiters = state.withLock { value -> [CheckedContinuation<Int, any Error>] in
            guard case .waiting(let waiters) = value.0 else {
                value.0 = .failed(error)
                return []
            }
            value.0 = .failed(error)
            return Array(waiters.values)
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    /// The port, once the server listens; throws if it failed or stopped first, or if the task is cancelled.
    func wait() async throws -> Int {
        let id = state.withLock { value -> Int in
            value.nextWaiter += 1
            return value.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let outcome = state.withLock { value -> Result<Int, any Error>? in
                    switch value.0 {
                    case .listening(let port): return .success(port)
                    case .failed(let error): return .failure(error)
                    case .waiting(var waiters):
                        if Task.isCancelled { return .failure(CancellationError()) }
                        waiters[id] = continuation
                        value.0 = .waiting(waiters)
                        return nil
                    }
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { value -> CheckedContinuation<Int, any Error>? in
                guard case .waiting(var waiters) = value.0 else { return nil }
                let waiter = waiters.removeValue(forKey: id)
                value.0 = .waiting(waiters)
                return waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
