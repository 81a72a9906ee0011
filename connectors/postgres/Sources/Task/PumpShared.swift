public import ConnectAPI
import Synchronization

/// What the replication pump (its own thread) and the task (Swift tasks) share, behind one lock:
/// the bounded record buffer, the LSN `commit()` asks to confirm, a stop request and a fatal failure.
final class PumpShared: Sendable {
    struct State {
        var buffer: [SourceRecord] = []
        var head = 0
        var confirmLSN: LSN = .zero
        var stopRequested = false
        var failure: ConnectError?
        var finished = false
    }

    /// The most records buffered before the pump stops reading (back-pressure).
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) { self.capacity = capacity }

    /// Records waiting for `poll`.
    var buffered: Int { state.withLock { $0.buffer.count - $0.head } }

    /// Appends a record unless full; returns whether it was taken.
    func tryPush(_ record: SourceRecord) -> Bool {
        state.withLock { s in
            guard s.buffer.count - s.head < capacity else { return false }
            s.buffer.append(record)
            return true
        }
    }

    /// Up to `max` records, oldest first, and the failure if the pump died.
    func take(max: Int) -> ([SourceRecord], ConnectError?) {
        state.withLock { s in
            let available = s.buffer.count - s.head
            guard available > 0 else { return ([], s.failure) }
            let count = min(max, available)
            let batch = Array(s.buffer[s.head..<s.head + count])
            s.head += count
            if s.head > 4096 && s.head * 2 > s.buffer.count {
                s.buffer.removeFirst(s.head)
                s.head = 0
            }
            return (batch, nil)
        }
    }

    /// Asks the pump to confirm `lsn` (never moves backwards).
    func requestConfirm(_ lsn: LSN) { state.withLock { s in s.confirmLSN = max(s.confirmLSN, lsn) } }

    /// The LSN to report as flushed.
    var confirmLSN: LSN { state.withLock { $0.confirmLSN } }

    /// Asks the pump to stop.
    func requestStop() { state.withLock { s in s.stopRequested = true } }

    /// Whether a stop was requested.
    var stopRequested: Bool { state.withLock { $0.stopRequested } }

    /// Records a fatal failure for `poll` to throw.
    func fail(_ error: ConnectError) { state.withLock { s in s.failure = s.failure ?? error } }

    /// The fatal failure, if any.
    var failure: ConnectError? { state.withLock { $0.failure } }
}
