import NIOCore

/// Small files that must survive crashes (checkpoints, id blocks): written temp → fsync → rename → fsync dir.
public enum DurableFile {
    /// Replaces `path` with `bytes` atomically and durably.
    public static func write(_ bytes: ByteBuffer, to path: String) throws(LogStorageError) {
        try FileSystem.createDirectory(FileSystem.parent(of: path))
        try FileSystem.writeAtomically(bytes, to: path)
    }

    /// The whole file, or nil when it does not exist.
    public static func read(_ path: String) throws(LogStorageError) -> ByteBuffer? {
        guard FileSystem.exists(path) else { return nil }
        return try FileSystem.readWhole(path)
    }
}
