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
