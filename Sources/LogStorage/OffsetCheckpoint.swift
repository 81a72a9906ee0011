import NIOCore

/// Kafka's offset checkpoint file (`recovery-point-offset-checkpoint`, `log-start-offset-checkpoint`): a version
/// line `0`, a count line, then `topic partition offset` per line. Written atomically and durably.
enum OffsetCheckpoint {
    static func read(_ path: String) throws(LogStorageError) -> [TopicPartition: Int64] {
        guard FileSystem.exists(path) else { return [:] }
        let text = String(buffer: try FileSystem.readWhole(path))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count >= 2, lines[0] == "0", let count = Int(lines[1]), count == lines.count - 2 else {
            throw LogStorageError(.corruptCheckpoint, "\(path): expected version 0 and a matching entry count")
        }
        var offsets: [TopicPartition: Int64] = [:]
        for line in lines.dropFirst(2) {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let partition = Int32(fields[1]), let offset = Int64(fields[2]) else {
                throw LogStorageError(.corruptCheckpoint, "\(path): malformed line '\(line)'")
            }
            offsets[TopicPartition(String(fields[0]), partition)] = offset
        }
        return offsets
    }

    static func write(_ offsets: [TopicPartition: Int64], to path: String) throws(LogStorageError) {
        var text = "0\n\(offsets.count)\n"
        for (partition, offset) in offsets.sorted(by: { $0.key < $1.key }) {
            text += "\(partition.topic) \(partition.partition) \(offset)\n"
        }
        try FileSystem.writeAtomically(ByteBuffer(string: text), to: path)
    }
}
