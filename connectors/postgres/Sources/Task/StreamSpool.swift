#if canImport(Glibc)
import Glibc
#endif

/// A failed spool file operation: the file, what was being done, and the system's reason (`strerror`).
struct SpoolError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The spool file or directory.
    var path: String
    /// What was being done (`write`, `truncate`, …).
    var operation: String
    /// Why it failed, e.g. `No space left on device`.
    var reason: String

    /// `streaming spool <path>: cannot <operation>: <reason>`.
    var description: String { "streaming spool \(path): cannot \(operation): \(reason)" }

    /// The error for the current `errno`.
    static func system(_ path: String, _ operation: String) -> SpoolError {
        SpoolError(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}

/// The spooled pgoutput messages of one streamed (in-progress) top-level transaction, in one append-only file.
///
/// Each record is the message's WAL position (8 bytes), its length (4 bytes) and the raw pgoutput bytes as they
/// arrived between Stream Start and Stream Stop (with their xid field). Memory stays bounded: at most
/// ``bufferLimit`` bytes are buffered before they are written. Like PostgreSQL's apply worker (`worker.c`,
/// `subxact_info_add` / `apply_handle_stream_abort`), the spool remembers the file offset at which each
/// subtransaction's first change begins: subtransactions nest and their changes follow their first one, so a
/// subtransaction abort cuts the file back to that offset and forgets it and every subtransaction seen after it.
/// The file is removed when the spool is released.
final class StreamSpool {
    /// One subtransaction's first appearance in the file.
    private struct Subtransaction {
        var xid: UInt32
        var offset: Int64
        var messagesBefore: Int
    }

    /// Bytes buffered before a write.
    static let bufferLimit = 64 * 1024
    /// Bytes read from the file at a time during replay.
    static let readChunk = 256 * 1024

    /// The top-level xid.
    let xid: UInt32
    /// The spool file.
    let path: String
    /// The WAL position of the transaction's first Stream Start (the replayed Begin's position).
    let firstLSN: LSN
    private let descriptor: Int32
    private let removesFile: Bool
    private var buffer: [UInt8] = []
    private var written: Int64 = 0
    private var subtransactions: [Subtransaction] = []
    private var lastSubxid: UInt32?
    /// Messages in the spool (after subtransaction aborts).
    private(set) var messageCount = 0

    /// Creates (or empties) the spool file at `path`.
    /// - Throws: ``SpoolError`` when the file cannot be opened.
    convenience init(xid: UInt32, firstLSN: LSN, path: String) throws(SpoolError) {
        let descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .system(path, "create") }
        self.init(xid: xid, firstLSN: firstLSN, path: path, descriptor: descriptor, removesFile: true)
    }

    /// A spool over an open descriptor it then owns; `removesFile`: unlink `path` when released.
    init(xid: UInt32, firstLSN: LSN, path: String, descriptor: Int32, removesFile: Bool) {
        self.xid = xid
        self.firstLSN = firstLSN
        self.path = path
        self.descriptor = descriptor
        self.removesFile = removesFile
        buffer.reserveCapacity(Self.bufferLimit + 4096)
    }

    deinit {
        close(descriptor)
        if removesFile { unlink(path) }
    }

    /// The spool's logical size in bytes (written plus buffered).
    var size: Int64 { written + Int64(buffer.count) }

    /// Appends one message; `subxid` is the xid its change carries (the top-level xid or a subtransaction's).
    /// - Throws: ``SpoolError`` when writing fails (disk full, …).
    func append(lsn: LSN, message: [UInt8], subxid: UInt32) throws(SpoolError) {
        if subxid != xid && subxid != lastSubxid {
            if !subtransactions.reversed().contains(where: { $0.xid == subxid }) {
                subtransactions.append(Subtransaction(xid: subxid, offset: size, messagesBefore: messageCount))
            }
            lastSubxid = subxid
        }
        withUnsafeBytes(of: lsn.rawValue.bigEndian) { buffer.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: message.count).bigEndian) { buffer.append(contentsOf: $0) }
        if message.count >= Self.bufferLimit {
            try flush()
            try write(message)
        } else {
            buffer.append(contentsOf: message)
            if buffer.count >= Self.bufferLimit { try flush() }
        }
        messageCount += 1
    }

    /// Drops the changes of subtransaction `subxid` and of every subtransaction that first appeared after it.
    /// - Returns: whether the spool held changes of `subxid` (an empty subtransaction was never spooled).
    /// - Throws: ``SpoolError`` when truncating the file fails.
    @discardableResult
    func abortSubtransaction(_ subxid: UInt32) throws(SpoolError) -> Bool {
        guard let index = subtransactions.lastIndex(where: { $0.xid == subxid }) else { return false }
        let entry = subtransactions[index]
        if entry.offset >= written {
            buffer.removeSubrange(Int(entry.offset - written)...)
        } else {
            buffer.removeAll(keepingCapacity: true)
            guard ftruncate(descriptor, off_t(entry.offset)) == 0 else { throw .system(path, "truncate") }
            written = entry.offset
        }
        messageCount = entry.messagesBefore
        subtransactions.removeSubrange(index...)
        lastSubxid = nil
        return true
    }

    /// Writes what is buffered and returns a reader over every spooled message, oldest first.
    /// - Throws: ``SpoolError`` when the buffered bytes cannot be written.
    func reader() throws(SpoolError) -> Reader {
        try flush()
        return Reader(descriptor: descriptor, path: path, end: written)
    }

    private func flush() throws(SpoolError) {
        guard !buffer.isEmpty else { return }
        try write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func write(_ bytes: [UInt8]) throws(SpoolError) {
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                pwrite(descriptor, raw.baseAddress.map { $0 + done }, raw.count - done, off_t(written) + off_t(done))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(path, "write")
            }
            if count == 0 { throw SpoolError(path: path, operation: "write", reason: "no progress") }
            done += count
        }
        written += Int64(bytes.count)
    }

    /// Reads a spool's messages in order, a chunk at a time.
    struct Reader {
        fileprivate let descriptor: Int32
        fileprivate let path: String
        fileprivate let end: Int64
        private var chunk: [UInt8] = []
        private var position = 0
        private var chunkEnd: Int64 = 0

        fileprivate init(descriptor: Int32, path: String, end: Int64) {
            self.descriptor = descriptor
            self.path = path
            self.end = end
        }

        /// The next message and its WAL position, or `nil` after the last one.
        /// - Throws: ``SpoolError`` when reading fails or the file is cut short.
        mutating func next() throws(SpoolError) -> (lsn: LSN, message: [UInt8])? {
            if chunk.count - position == 0 && chunkEnd >= end { return nil }
            try need(12)
            var lsn: UInt64 = 0
            for i in 0..<8 { lsn = lsn << 8 | UInt64(chunk[position + i]) }
            var length = 0
            for i in 8..<12 { length = length << 8 | Int(chunk[position + i]) }
            position += 12
            try need(length)
            let message = Array(chunk[position..<position + length])
            position += length
            return (LSN(rawValue: lsn), message)
        }

        /// Makes at least `count` unread bytes available in `chunk`.
        private mutating func need(_ count: Int) throws(SpoolError) {
            let available = chunk.count - position
            guard available < count else { return }
            let wanted = Int(min(Int64(max(count - available, StreamSpool.readChunk)), end - chunkEnd))
            guard wanted >= count - available else {
                throw SpoolError(path: path, operation: "read", reason: "the file ends inside a message")
            }
            var fresh = [UInt8](repeating: 0, count: wanted)
            var done = 0
            while done < wanted {
                let offset = off_t(chunkEnd) + off_t(done)
                let got = fresh.withUnsafeMutableBytes { raw in
                    pread(descriptor, raw.baseAddress.map { $0 + done }, wanted - done, offset)
                }
                if got < 0 {
                    if errno == EINTR { continue }
                    throw .system(path, "read")
                }
                if got == 0 { throw SpoolError(path: path, operation: "read", reason: "unexpected end of file") }
                done += got
            }
            var next = Array(chunk[position...])
            next.reserveCapacity(available + wanted)
            next.append(contentsOf: fresh)
            chunk = next
            position = 0
            chunkEnd += Int64(wanted)
        }
    }
}
