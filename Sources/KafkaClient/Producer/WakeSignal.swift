import NIOCore
import Synchronization

/// Wakes one waiting loop: `wake()` before `wait` makes the next wait return at once; a wait may also end after a
/// timeout. Used by the producer's sender loop.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
        var timer: Scheduled<Void>?
    }

    private let state = Mutex(State())

    /// Wakes the waiter, or the next one.
    func wake() {
        let (waiter, timer): (CheckedContinuation<Void, Never>?, Scheduled<Void>?) = state.withLock { state in
            guard let waiter = state.waiter else {
                state.pending = true
                return (nil, nil)
            }
            state.waiter = nil
            defer { state.timer = nil }
            return (waiter, state.timer)
        }
        timer?.cancel()
        waiter?.resume()
    }

    /// Waits for `wake()`, or at most `timeoutMs` (nil: no limit).
    func wait(timeoutMs: Int64?) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow: Bool = state.withLock { state in
                if state.pending {
                    state.pending = false
                    return true
                }
                state.waiter = continuation
                if let timeoutMs {
                    state.timer = BrokerConnection.timerLoop.scheduleTask(in: .milliseconds(max(timeoutMs, 0))) {
                        [weak self] in self?.wake()
                    }
                }
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
