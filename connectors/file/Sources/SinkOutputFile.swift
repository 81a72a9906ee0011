import ConnectAPI
import Glibc

/// The file FileSink appends to (or standard output), with the bytes not yet written.
///
/// Not thread-safe: the sink task keeps it behind its lock and never lets it escape. Writes always end at
/// a line boundary, so concurrent appenders (with `O_APPEND`) never interleave within a line. The
/// descriptor is closed when the value is released.
final class SinkOutputFile {
    /// The path, or nil for standard output.
    let path: String?
    private let fd: Int32
    private(set) var buffer: [UInt8] = []
    /// How many times the file was fsynced (for tests and metrics).
    private(set) var syncCount = 0

    /// Buffered bytes above which `append` writes out.
    static let writeThreshold = 1 << 20

    /// Opens `path` for appending, creating it with mode 0644 if needed; nil writes to standard output.
    /// - Throws: ``ConnectError`` in Kafka FileStreamSinkTask's words when the file cannot be opened.
    init(path: String?) throws(ConnectError) {
        self.path = path
        guard let path else {
            fd = STDOUT_FILENO
            return
        }
        var opened: Int32
        repeat {
            opened = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        } while opened < 0 && errno == EINTR
        guard opened >= 0 else {
            throw ConnectError.connect(
                "Couldn't find or create file '\(path)' for FileStreamSinkTask",
                cause: SystemCallError(operation: "open", code: errno)
            )
        }
        fd = opened
        buffer.reserveCapacity(Self.writeThreshold + 64 << 10)
    }

    deinit {
        if path != nil { _ = close(fd) }
    }

    /// Whether enough is buffered that the caller should write it out.
    var shouldWrite: Bool { buffer.count >= Self.writeThreshold }

    /// Appends one record's line (its value as text, then `\n`) to the buffer.
    func append(line value: ConnectValue) {
        SinkLineFormat.append(value, to: &buffer)
    }

    /// Writes the buffer out with `write(2)`.
    /// - Throws: ``ConnectError`` when a write fails; what was written is dropped from the buffer.
    func writeBuffer() throws(ConnectError) {
        var written = 0
        defer {
            if written == buffer.count {
                buffer.removeAll(keepingCapacity: true)
            } else {
                buffer.removeFirst(written)
            }
        }
        while written < buffer.count {
            let count = buffer.withUnsafeBytes { bytes in
                write(fd, bytes.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw ConnectError.connect(
                    "Failed to write to \(path.map { "file '\($0)'" } ?? "standard output") for FileStreamSinkTask",
                    cause: SystemCallError(operation: "write", code: code)
                )
            }
            written += count
        }
    }

    /// Writes the buffer out and, for a file, `fsync`s it, so everything appended so far is durable.
    /// - Throws: ``ConnectError`` when a write or the sync fails.
    func flush() throws(ConnectError) {
        try writeBuffer()
        guard let path else { return }
        var result: Int32
        repeat { result = fsync(fd) } while result != 0 && errno == EINTR
        guard result == 0 else {
            throw ConnectError.connect(
                "Failed to sync file '\(path)' for FileStreamSinkTask",
                cause: SystemCallError(operation: "fsync", code: errno)
            )
        }
        syncCount += 1
    }
}

/// A failed system call: its name and errno, printed with the system's message.
struct SystemCallError: Error, Sendable, CustomStringConvertible {
    /// The call that failed, e.g. `open`.
    let operation: String
    /// Its errno.
    let code: Int32

    var description: String { "\(operation): \(String(cString: strerror(code))) (errno \(code))" }
}
