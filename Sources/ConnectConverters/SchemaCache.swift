import Synchronization

/// A thread-safe bounded cache shared by copies of one configured converter (Kafka's `SynchronizedCache`
/// of an `LRUCache`). When full, the least recently inserted entry is dropped.
final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var entries: [Key: Value] = [:]
        var order: [Key] = []
        var head = 0
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    func get(_ key: Key) -> Value? {
        state.withLock { $0.entries[key] }
    }

    func put(_ key: Key, _ value: Value) {
        guard capacity > 0 else { return }
        state.withLock { state in
            if state.entries.updateValue(value, forKey: key) != nil { return }
            state.order.append(key)
            while state.entries.count > capacity, state.head < state.order.count {
                state.entries[state.order[state.head]] = nil
                state.head += 1
            }
            if state.head > 1024, state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
