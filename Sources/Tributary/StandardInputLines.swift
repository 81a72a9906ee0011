#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard input as lines of bytes: split at "\n", every other byte kept as it is (no UTF-8 repair).
struct StandardInputLines {
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    /// Whether the next `next()` would wait for input: no whole line is buffered and none is ready to read.
    var wouldWait: Bool {
        if atEnd || buffer[start...].contains(10) { return false }
        var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0
    }

    /// The next line without its "\n"; nil at the end of input. A last line without "\n" still counts.
    mutating func next() throws -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 10) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            try fill()
        }
    }

    private mutating func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return
            }
            if count == 0 {
                atEnd = true
                return
            }
            guard errno == EINTR else { throw CommandFailure("cannot read standard input (errno \(errno))") }
        }
    }
}

/// Standard output for bytes, buffered, written with write(2).
struct StandardOutputBuffer {
    private var pending: [UInt8] = []

    mutating func append(_ bytes: some Sequence<UInt8>) {
        pending.append(contentsOf: bytes)
        if pending.count >= 64 * 1024 { flush() }
    }

    mutating func append(_ text: String) { append(text.utf8) }

    /// Writes everything buffered (a closed pipe ends the write quietly).
    mutating func flush() {
        var offset = 0
        while offset < pending.count {
            let written = pending.withUnsafeBytes { raw in
                write(1, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                break
            }
            offset += written
        }
        pending.removeAll(keepingCapacity: true)
    }
}

/// The wall clock in milliseconds since the epoch, as Kafka's record timestamps count.
func currentTimeMilliseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
}

/// Writes a line to standard error (unbuffered, so it interleaves sensibly with buffered output).
func printToStandardError(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { raw in write(2, raw.baseAddress.map { $0 + offset }, raw.count - offset) }
        if written < 0 {
            if errno == EINTR { continue }
            return
        }
        offset += written
    }
}
