import Dispatch

/// Runs blocking file work (reads, writes, `fsync`) on one serial dispatch queue, off Swift's cooperative pool.
///
/// Each connector task owns one queue, so its system calls run one at a time and in order; the awaiting
/// Swift task is suspended, not blocked, while the work runs.
final class BlockingQueue: Sendable {
    private let queue: DispatchQueue

    /// Creates a queue; `label` names its thread in debuggers and crash reports.
    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Runs `body` on the queue and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
