import NIOCore
import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// An open file of the log (segment data or index), read and written by absolute position.
///
/// The descriptor stays open until the last reference goes away, so a reader holding a region of a segment
/// that retention or compaction has since unlinked still reads the bytes it was handed. Positional reads and
/// writes are thread-safe; its only mutable state is a counter of the bytes read.
public final class SegmentFile: Sendable {
    /// The file's path when it was opened (it may have been renamed or unlinked since).
    public let path: String
    /// The open descriptor, for sendfile.
    public let descriptor: SystemPackage.FileDescriptor

    /// Opens (creating when asked) a file for reading and writing.
    public init(path: String, create: Bool) throws(LogStorageError) {
        self.path = path
        do {
            descriptor = try SystemPackage.FileDescriptor.open(
                FilePath(path), .readWrite, options: create ? [.create] : [],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch let error as Errno {
            throw LogStorageError.io("open", path, errno: error.rawValue)
        } catch {
            throw LogStorageError(.io, "open \(path): \(error)")
        }
    }

    deinit { try? descriptor.close() }

    /// The raw descriptor number (valid while this object lives), for sendfile and dup.
    public var rawDescriptor: CInt { descriptor.rawValue }

    private let readCount = Atomic<Int>(0)
    /// Bytes read from the file through this object since it was opened (what a scan of the log costs).
    public var bytesRead: Int { readCount.load(ordering: .relaxed) }

    /// The current size in bytes.
    public func size() throws(LogStorageError) -> Int {
        var info = stat()
        guard fstat(descriptor.rawValue, &info) == 0 else { throw LogStorageError.io("fstat", path, errno: errno) }
        return Int(info.st_size)
    }

    /// Writes all of `bytes` at `position`.
    public func write(_ bytes: ByteBuffer, at position: Int) throws(LogStorageError) {
        do {
            try bytes.withUnsafeReadableBytes { raw in
                var written = 0
                while written < raw.count {
                    let count = try descriptor.write(
                        toAbsoluteOffset: Int64(position + written),
                        UnsafeRawBufferPointer(rebasing: raw[written...]))
                    written += count
                }
            }
        } catch let error as Errno {
            throw LogStorageError.io("write", path, errno: error.rawValue)
        } catch {
            throw LogStorageError(.io, "write \(path): \(error)")
        }
    }

    /// Reads up to `length` bytes at `position` (fewer at the end of the file).
    public func read(at position: Int, length: Int) throws(LogStorageError) -> ByteBuffer {
        var buffer = ByteBuffer()
        try read(at: position, length: length, into: &buffer)
        return buffer
    }

    /// Reads up to `length` bytes at `position` into `buffer`, replacing its contents and reusing its memory.
    public func read(at position: Int, length: Int, into buffer: inout ByteBuffer) throws(LogStorageError) {
        buffer.clear()
        try read(at: position, length: length, appendingTo: &buffer)
    }

    /// Reads up to `length` bytes at `position` after the readable bytes of `buffer` (no intermediate copy).
    public func read(at position: Int, length: Int, appendingTo buffer: inout ByteBuffer) throws(LogStorageError) {
        guard length > 0 else { return }
        buffer.reserveCapacity(minimumWritableBytes: length)
        do {
            let filled = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { raw in
                var total = 0
                while total < length {
                    let count = try descriptor.read(
                        fromAbsoluteOffset: Int64(position + total),
                        into: UnsafeMutableRawBufferPointer(rebasing: raw[total..<length]))
                    if count == 0 { break }
                    total += count
                }
                return total
            }
            readCount.add(filled, ordering: .relaxed)
        } catch let error as Errno {
            throw LogStorageError.io("read", path, errno: error.rawValue)
        } catch {
            throw LogStorageError(.io, "read \(path): \(error)")
        }
    }

    /// Makes the file's data durable (fdatasync).
    public func syncData() throws(LogStorageError) {
        guard fdatasync(descriptor.rawValue) == 0 else { throw LogStorageError.io("fdatasync", path, errno: errno) }
    }

    /// Makes the file's data and metadata durable (fsync).
    public func sync() throws(LogStorageError) {
        guard fsync(descriptor.rawValue) == 0 else { throw LogStorageError.io("fsync", path, errno: errno) }
    }

    /// Cuts the file to `size` bytes.
    public func truncate(to size: Int) throws(LogStorageError) {
        guard ftruncate(descriptor.rawValue, off_t(size)) == 0 else {
            throw LogStorageError.io("ftruncate", path, errno: errno)
        }
    }
}
