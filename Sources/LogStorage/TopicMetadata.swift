import NIOCore

/// What the log manager persists per topic: partition count and config overrides, as a `.properties` file in
/// `<data>/topics/<name>.properties` (keys `partitions` and the topic config keys).
public struct TopicMetadata: Hashable, Sendable {
    /// The topic name.
    public var name: String
    /// How many partitions it has.
    public var partitionCount: Int32
    /// The topic-level config keys set for this topic (the rest come from the broker defaults).
    public var overrides: [String: String]

    /// Creates topic metadata.
    public init(name: String, partitionCount: Int32, overrides: [String: String]) {
        self.name = name
        self.partitionCount = partitionCount
        self.overrides = overrides
    }

    func encoded() -> ByteBuffer {
        var text = "# Tributary topic metadata\npartitions=\(partitionCount)\n"
        for (key, value) in overrides.sorted(by: { $0.key < $1.key }) { text += "\(key)=\(value)\n" }
        return ByteBuffer(string: text)
    }

    static func decode(name: String, _ bytes: ByteBuffer) throws(LogStorageError) -> TopicMetadata {
        var partitions: Int32?
        var overrides: [String: String] = [:]
        for line in String(buffer: bytes).split(separator: "\n") {
            let trimmed = String(line).trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw LogStorageError(.corruptCheckpoint, "topic \(name) metadata: line '\(trimmed)' has no '='")
            }
            let key = String(trimmed[..<equals]).trimmingWhitespace()
            let value = String(trimmed[trimmed.index(after: equals)...]).trimmingWhitespace()
            if key == "partitions" { partitions = Int32(value) } else { overrides[key] = value }
        }
        guard let partitions, partitions > 0 else {
            throw LogStorageError(.corruptCheckpoint, "topic \(name) metadata has no valid partitions= line")
        }
        return TopicMetadata(name: name, partitionCount: partitions, overrides: overrides)
    }

    /// Checks a topic name as Kafka does: 1–249 characters of `[a-zA-Z0-9._-]`, not `.` or `..`.
    public static func validate(name: String) throws(LogStorageError) {
        guard !name.isEmpty, name.utf8.count <= 249 else {
            throw LogStorageError(.invalidTopic, "topic name must be 1 to 249 characters, got \(name.utf8.count)")
        }
        guard name != ".", name != ".." else { throw LogStorageError(.invalidTopic, "topic name cannot be '\(name)'") }
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
        guard allowed else {
            throw LogStorageError(
                .invalidTopic, "topic name '\(name)' may only hold ASCII letters, digits, '.', '_' and '-'")
        }
    }
}
