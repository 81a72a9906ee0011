import ConnectAPI
import Synchronization

/// The schema bytes and parsed schema of the envelope a converter read last, shared by copies of one
/// configured converter: records of one topic repeat their schema, so the next record's bytes are compared with
/// these (one `memcmp`) before anything is hashed or parsed.
final class LastRawSchema: Sendable {
    /// The exact bytes of a `"schema"` object member and the schema they parse to.
    struct Entry: Sendable {
        let bytes: [UInt8]
        let schema: Schema
        /// Whether records of this schema are worth trying the payload fast path on.
        let gate = FastPathGate()
    }

    /// Stops trying the payload fast path on a schema whose records it keeps giving up on (a shape it does not
    /// read, such as maps), so that they are not parsed twice; every 1024th record still tries, and one success
    /// opens the gate again.
    final class FastPathGate: Sendable {
        private let consecutiveGiveUps = Atomic<Int>(0)
        private let skipped = Atomic<Int>(0)

        /// The number of give-ups in a row after which records stop trying.
        static let limit = 8

        /// Whether this record should try the fast path.
        func shouldTry() -> Bool {
            if consecutiveGiveUps.load(ordering: .relaxed) < Self.limit { return true }
            return skipped.add(1, ordering: .relaxed).newValue % 1024 == 0
        }

        /// The fast path read a record.
        func succeeded() {
            if consecutiveGiveUps.load(ordering: .relaxed) != 0 { consecutiveGiveUps.store(0, ordering: .relaxed) }
        }

        /// The fast path gave up on a record whose schema bytes matched.
        func gaveUp() {
            consecutiveGiveUps.add(1, ordering: .relaxed)
        }
    }

    private let entry = Mutex<Entry?>(nil)

    /// The last entry stored, if any.
    func get() -> Entry? { entry.withLock { $0 } }

    /// Replaces the entry unless it already holds these bytes.
    func set(_ bytes: ArraySlice<UInt8>, _ schema: Schema) {
        entry.withLock { current in
            if let current, current.schema === schema, current.bytes.elementsEqual(bytes) { return }
            current = Entry(bytes: Array(bytes), schema: schema)
        }
    }
}
