import LogStorage

/// Wakes long-polling fetches when records are appended to a partition they wait on.
///
/// A global sequence number closes the gap between a fetch finding nothing and starting to wait: `wait`
/// returns at once if anything was appended since the sequence number the fetch read before looking.
actor AppendNotifier {
    private struct Waiter {
        var partitions: Set<TopicPartition>
        var continuation: CheckedContinuation<Void, Never>
    }

    private var waiters: [Int: Waiter] = [:]
    private var nextId = 0
    private var isShutDown = false
    /// Incremented on every append.
    private(set) var sequence: UInt64 = 0

    /// Records an append and wakes the fetches waiting on `partition`.
    func notify(_ partition: TopicPartition) {
        sequence &+= 1
        for (id, waiter) in waiters where waiter.partitions.contains(partition) { fire(id) }
    }

    /// Waits until one of `partitions` gets an append, `timeoutMs` passes or the broker shuts down; returns at
    /// once if anything was appended since `since`.
    func wait(for partitions: Set<TopicPartition>, since: UInt64, timeoutMs: Int64) async {
        guard !isShutDown, sequence == since, timeoutMs > 0 else { return }
        let id = nextId
        nextId += 1
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            waiters[id] = Waiter(partitions: partitions, continuation: continuation)
            Task {
                try? await Task.sleep(nanoseconds: UInt64(timeoutMs) * 1_000_000)
                await self.fire(id)
            }
        }
    }

    private func fire(_ id: Int) {
        waiters.removeValue(forKey: id)?.continuation.resume()
    }

    /// Whether the broker is shutting down (fetches then answer at once).
    var isShutDownForFetch: Bool { isShutDown }

    /// Wakes every waiter and refuses new waits (graceful shutdown).
    func shutDown() {
        isShutDown = true
        for id in Array(waiters.keys) { fire(id) }
    }
}
