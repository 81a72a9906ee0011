import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// The directory and file operations storage needs, with errors that name the path.
enum FileSystem {
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func createDirectory(_ path: String) throws(LogStorageError) {
        if isDirectory(path) { return }
        let parentPath = parent(of: path)
        if parentPath != path && parentPath != "." && parentPath != "/" { try createDirectory(parentPath) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw LogStorageError.io("mkdir", path, errno: errno) }
    }

    static func list(_ path: String) throws(LogStorageError) -> [String] {
        guard let dir = opendir(path) else { throw LogStorageError.io("opendir", path, errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func remove(_ path: String) throws(LogStorageError) {
        if unlink(path) != 0 && errno != ENOENT { throw LogStorageError.io("unlink", path, errno: errno) }
    }

    static func removeTree(_ path: String) throws(LogStorageError) {
        if isDirectory(path) {
            for name in try list(path) { try removeTree(path + "/" + name) }
            if rmdir(path) != 0 && errno != ENOENT { throw LogStorageError.io("rmdir", path, errno: errno) }
        } else {
            try remove(path)
        }
    }

    static func rename(_ from: String, _ to: String) throws(LogStorageError) {
        if Glibc.rename(from, to) != 0 { throw LogStorageError.io("rename to \(to)", from, errno: errno) }
    }

    /// fsyncs a directory so that creations, renames and deletions in it are durable.
    static func syncDirectory(_ path: String) throws(LogStorageError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw LogStorageError.io("open directory", path, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw LogStorageError.io("fsync directory", path, errno: errno) }
    }

    /// Replaces `path` with `bytes` atomically and durably: temp file → fsync → rename → fsync directory.
    static func writeAtomically(_ bytes: ByteBuffer, to path: String) throws(LogStorageError) {
        let temporary = path + ".tmp"
        do {
            let file = try SegmentFile(path: temporary, create: true)
            try file.truncate(to: 0)
            try file.write(bytes, at: 0)
            try file.sync()
        }
        try rename(temporary, path)
        try syncDirectory(parent(of: path))
    }

    static func readWhole(_ path: String) throws(LogStorageError) -> ByteBuffer {
        let file = try SegmentFile(path: path, create: false)
        return try file.read(at: 0, length: try file.size())
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func modificationTimeMs(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000
    }
}
