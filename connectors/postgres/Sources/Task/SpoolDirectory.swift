#if canImport(Glibc)
import Glibc
#endif

/// The per-task directory that holds the spool files of streamed transactions:
/// `<parent>/tributary-spool-<slot>-XXXXXX` (`mkdtemp`), created when the task first streams and removed when it
/// stops.
///
/// The owner holds an exclusive `flock` on `owner.lock` inside it for as long as it lives. A directory of the same
/// slot whose lock can be taken belongs to a process that died without cleaning up (SIGKILL, crash): it is removed
/// when a new one is made. A directory without a lock file, or whose lock is held, is left alone.
final class SpoolDirectory {
    /// The directory.
    let path: String
    private let lockDescriptor: Int32
    private var removed = false

    /// The lock file the owning task holds locked.
    static let lockName = "owner.lock"

    /// Creates the directory under `parent` (the system temporary directory when empty) and removes stale
    /// directories of the same slot.
    /// - Throws: ``SpoolError`` when the directory or its lock file cannot be created.
    init(parent: String, slot: String) throws(SpoolError) {
        let base = parent.isEmpty ? Self.systemTemporaryDirectory : parent
        let prefix = "tributary-spool-\(slot)-"
        Self.removeStale(in: base, prefix: prefix)
        var template = Array("\(base)/\(prefix)XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard created else { throw .system("\(base)/\(prefix)XXXXXX", "create the directory") }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let lock = open("\(path)/\(Self.lockName)", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else {
            let error = SpoolError.system("\(path)/\(Self.lockName)", "create")
            rmdir(path)
            throw error
        }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            let error = SpoolError.system("\(path)/\(Self.lockName)", "lock")
            close(lock)
            Self.removeTree(path)
            throw error
        }
        self.path = path
        lockDescriptor = lock
    }

    deinit { remove() }

    /// `$TMPDIR`, or `/tmp`.
    static var systemTemporaryDirectory: String {
        guard let value = getenv("TMPDIR").map({ String(cString: $0) }), !value.isEmpty else { return "/tmp" }
        return value.count > 1 && value.hasSuffix("/") ? String(value.dropLast()) : value
    }

    /// The spool file of top-level transaction `xid`.
    func file(for xid: UInt32) -> String { "\(path)/xid-\(xid).spool" }

    /// Removes the directory and every file in it (idempotent).
    func remove() {
        guard !removed else { return }
        removed = true
        Self.removeTree(path)
        close(lockDescriptor)
    }

    /// Removes the entries of `parent` named `<prefix>…` whose owner is gone (its lock file can be locked).
    static func removeStale(in parent: String, prefix: String) {
        for name in entries(of: parent) where name.hasPrefix(prefix) {
            let directory = "\(parent)/\(name)"
            let lock = open("\(directory)/\(lockName)", O_RDWR | O_CLOEXEC)
            guard lock >= 0 else { continue }
            let ownerGone = flock(lock, LOCK_EX | LOCK_NB) == 0
            if ownerGone { removeTree(directory) }
            close(lock)
        }
    }

    /// Removes a directory of plain files (the spool layout: no subdirectories).
    static func removeTree(_ directory: String) {
        for name in entries(of: directory) { unlink("\(directory)/\(name)") }
        rmdir(directory)
    }

    /// The names in a directory, without `.` and `..`; empty when it cannot be read.
    static func entries(of directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
