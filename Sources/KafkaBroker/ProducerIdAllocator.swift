import LogStorage
import NIOCore

/// Hands out producer ids that are never reused, across restarts: ids come from blocks whose end is made durable
/// (`<log.dirs>/producer-id-block`) before the first id of the block is given out.
actor ProducerIdAllocator {
    static let blockSize: Int64 = 1000

    private let path: String
    private var next: Int64 = 0
    private var blockEnd: Int64 = 0

    init(directory: String) {
        path = directory + "/producer-id-block"
    }

    /// A fresh producer id.
    func allocate() throws(LogStorageError) -> Int64 {
        if next >= blockEnd {
            var start = blockEnd
            if start == 0, let stored = try DurableFile.read(path), let value = Int64(String(buffer: stored).trimmingCharacters()) {
                start = value
            }
            let end = start + Self.blockSize
            try DurableFile.write(ByteBuffer(string: "\(end)\n"), to: path)
            next = start
            blockEnd = end
        }
        defer { next += 1 }
        return next
    }
}
