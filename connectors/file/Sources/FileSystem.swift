import Glibc

/// Owns one open, read-only file descriptor and closes it when the last reference goes away.
///
/// Immutable, so it is `Sendable`; all reads go through `pread` at explicit offsets, so several
/// owners never disturb each other through a shared file offset.
final class FileDescriptor: Sendable {
    let raw: Int32

    private init(raw: Int32) { self.raw = raw }

    deinit { _ = Glibc.close(raw) }

    /// Opens `path` read-only (close-on-exec); returns the errno on failure.
    static func open(_ path: String) -> Result<FileDescriptor, FileSystemError> {
        while true {
            let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            if fd >= 0 { return .success(FileDescriptor(raw: fd)) }
            let code = errno
            if code == EINTR { continue }
            return .failure(FileSystemError(operation: "open", code: code))
        }
    }

    /// `fstat` of the open file, or nil on failure.
    func status() -> FileStatus? {
        var st = stat()
        guard fstat(raw, &st) == 0 else { return nil }
        return FileStatus(st)
    }

    /// Reads up to `buffer.count` bytes at `offset`; returns the count (0 at EOF) or -errno on failure.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = pread(raw, base + done, buffer.count - done, off_t(offset) + off_t(done))
            if n > 0 {
                done += n
            } else if n == 0 {
                break
            } else {
                let code = errno
                if code == EINTR { continue }
                return done > 0 ? done : -Int(code)
            }
        }
        return done
    }

    /// Reads exactly `count` bytes at `offset`, or nil if the file is shorter or the read fails.
    func readExactly(_ count: Int, at offset: Int64) -> [UInt8]? {
        guard count >= 0, offset >= 0 else { return nil }
        var ok = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            let n = read(into: UnsafeMutableRawBufferPointer(buffer), at: offset)
            ok = n == count
            initialized = max(0, n)
        }
        return ok ? bytes : nil
    }

    /// The checksum of the first `length` bytes, or nil while the file is shorter than that.
    func headChecksum(length: Int) -> UInt64? {
        guard let head = readExactly(length, at: 0) else { return nil }
        return head.withUnsafeBytes { FileFingerprint.checksum(of: $0) }
    }

    /// The file's head under ``FileHead``'s rule (first line, or the first `limit` bytes), reading at most
    /// `limit` bytes; nil while it has none yet (empty, or an unfinished first line shorter than `limit`).
    /// - Throws: ``FileSystemError`` (`pread`) when the read fails.
    func head(limit: Int) throws(FileSystemError) -> FileHead? {
        guard limit > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: limit)
        let count = bytes.withUnsafeMutableBytes { read(into: $0, at: 0) }
        if count < 0 { throw FileSystemError(operation: "pread", code: Int32(-count)) }
        return bytes.withUnsafeBytes { FileHead.measure(UnsafeRawBufferPointer(rebasing: $0[0..<count]), limit: limit) }
    }

    /// True when the file still starts with the head `fingerprint` was taken of (its first `headLength`
    /// bytes hash to its checksum). For a head measured by ``FileHead``'s rule this is the same as the
    /// file's current head being that head; it also verifies fingerprints stored with other head lengths.
    func hasHead(of fingerprint: FileFingerprint) -> Bool {
        headChecksum(length: fingerprint.headLength) == fingerprint.checksum
    }
}

/// A failed system call: which one and its errno.
struct FileSystemError: Error, Sendable {
    let operation: String
    let code: Int32
}

/// (device, inode): where a file lives, independent of its name.
struct InodeKey: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64
}

/// The parts of `struct stat` the tailer needs.
struct FileStatus: Sendable, Equatable {
    let key: InodeKey
    let size: Int64
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int
    let linkCount: UInt64
    let isRegularFile: Bool

    init(_ st: stat) {
        key = InodeKey(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        size = Int64(st.st_size)
        modifiedSeconds = Int(st.st_mtim.tv_sec)
        modifiedNanoseconds = Int(st.st_mtim.tv_nsec)
        linkCount = UInt64(st.st_nlink)
        isRegularFile = (st.st_mode & S_IFMT) == S_IFREG
    }

    /// `stat` (following symlinks) of `path`, or nil if it does not exist or cannot be read.
    static func of(path: String) -> FileStatus? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileStatus(st)
    }

    /// True when size or modification time differ, i.e. the content may have changed.
    func differsInContent(from other: FileStatus) -> Bool {
        size != other.size || modifiedSeconds != other.modifiedSeconds
            || modifiedNanoseconds != other.modifiedNanoseconds
    }
}

/// Path-pattern helpers on top of glob(3) and fnmatch(3).
enum PathPattern {
    /// True when the pattern contains glob metacharacters.
    static func hasWildcards(_ pattern: String) -> Bool {
        pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// The existing paths matching `pattern` (sorted, as glob(3) returns them).
    static func expand(_ pattern: String) -> [String] {
        guard hasWildcards(pattern) else {
            return FileStatus.of(path: pattern) == nil ? [] : [pattern]
        }
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        var paths: [String] = []
        paths.reserveCapacity(Int(result.gl_pathc))
        for index in 0..<Int(result.gl_pathc) {
            if let cString = result.gl_pathv[index] { paths.append(String(cString: cString)) }
        }
        return paths
    }

    /// fnmatch(3): a pattern without `/` is matched against the file name, otherwise against the whole path.
    static func matches(_ pattern: String, path: String) -> Bool {
        let subject: String
        if pattern.contains("/") {
            subject = path
        } else if let slash = path.lastIndex(of: "/") {
            subject = String(path[path.index(after: slash)...])
        } else {
            subject = path
        }
        return fnmatch(pattern, subject, 0) == 0
    }
}
