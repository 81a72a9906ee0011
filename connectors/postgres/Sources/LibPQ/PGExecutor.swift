import Dispatch

/// A serial queue that owns blocking libpq work, so it never runs on Swift's cooperative thread pool.
final class PGExecutor: Sendable {
    private let queue: DispatchQueue

    /// A new serial queue with this label.
    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Runs `body` on the queue and returns its result to the awaiting task.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    /// Starts a long-running job on the queue (the replication pump).
    func start(_ body: @escaping @Sendable () -> Void) {
        queue.async(execute: body)
    }
}
