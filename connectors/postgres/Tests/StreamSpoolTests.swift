#if canImport(Glibc)
import Glibc
#endif
import Testing

@testable import PostgresConnector

/// A fresh empty directory for one test, removed by `remove()`.
struct ScratchDirectory {
    let path: String

    init() {
        var template = Array("\(SpoolDirectory.systemTemporaryDirectory)/tributary-spool-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        precondition(made, "mkdtemp failed")
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Removes the directory, its files and its directories of files.
    func remove() {
        for name in SpoolDirectory.entries(of: path) {
            SpoolDirectory.removeTree("\(path)/\(name)")  // a directory of files (a no-op for a file)
            unlink("\(path)/\(name)")
        }
        rmdir(path)
    }
}

/// Every message of a spool, in order.
private func contents(_ spool: StreamSpool) throws -> [(LSN, [UInt8])] {
    var reader = try spool.reader()
    var out: [(LSN, [UInt8])] = []
    while let next = try reader.next() { out.append((next.lsn, next.message)) }
    return out
}

/// A recognisable message of `size` bytes: its number in the first four bytes, then a filler.
private func message(_ number: Int, size: Int = 40) -> [UInt8] {
    precondition(size >= 4)
    let n = UInt32(number)
    return [UInt8(n >> 24), UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)]
        + [UInt8](repeating: UInt8(truncatingIfNeeded: number), count: size - 4)
}

private func numbers(_ items: [(LSN, [UInt8])]) -> [Int] {
    items.map { Int($0.1[0]) << 24 | Int($0.1[1]) << 16 | Int($0.1[2]) << 8 | Int($0.1[3]) }
}

private func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

/// The spool file (append, subtransaction cuts, full abort, replay order, interleaved xids, errors) and its directory.
@Suite struct StreamSpoolTests {
    @Test func appendsAndReplaysInOrderAcrossBufferAndChunkBoundaries() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let spool = try StreamSpool(xid: 794, firstLSN: LSN(rawValue: 100), path: "\(scratch.path)/a.spool")
        // Small messages, one larger than the write buffer and one larger than the read chunk.
        var sizes = Array(repeating: 150, count: 3000)
        sizes[1000] = StreamSpool.bufferLimit + 17
        sizes[2000] = StreamSpool.readChunk * 2 + 5
        for (i, size) in sizes.enumerated() {
            try spool.append(lsn: LSN(rawValue: UInt64(1000 + i)), message: message(i, size: size), subxid: 794)
        }
        #expect(spool.messageCount == 3000)
        #expect(spool.size == Int64(sizes.reduce(0, +) + 12 * sizes.count))
        let replayed = try contents(spool)
        #expect(replayed.count == 3000)
        #expect(numbers(replayed) == Array(0..<3000))
        #expect(replayed.map(\.0.rawValue) == (0..<3000).map { UInt64(1000 + $0) })
        #expect(replayed.map(\.1.count) == sizes)
        #expect(replayed[2000].1 == message(2000, size: sizes[2000]))
        // Replaying twice reads the same (the reader does not consume the file).
        #expect(numbers(try contents(spool)) == Array(0..<3000))
    }

    @Test func subtransactionAbortCutsBackToItsFirstChange() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let spool = try StreamSpool(xid: 100, firstLSN: .zero, path: "\(scratch.path)/b.spool")
        func add(_ n: Int, _ xid: UInt32) throws { try spool.append(lsn: LSN(rawValue: UInt64(n)), message: message(n), subxid: xid) }
        try add(1, 100)
        try add(2, 101)          // SAVEPOINT a
        try add(3, 101)
        try add(4, 102)          // SAVEPOINT b (nested in a)
        try add(5, 101)          // RELEASE b; back in a
        try add(6, 103)          // SAVEPOINT c (nested in a)
        #expect(try spool.abortSubtransaction(103))           // ROLLBACK TO c
        #expect(numbers(try contents(spool)) == [1, 2, 3, 4, 5])
        #expect(try spool.abortSubtransaction(999) == false)  // an empty subtransaction was never spooled
        #expect(try spool.abortSubtransaction(101))           // ROLLBACK TO a: a, b and everything after go
        #expect(numbers(try contents(spool)) == [1])
        #expect(spool.messageCount == 1)
        // b was forgotten with a: its abort (sent after a's when the parent aborts) finds nothing.
        #expect(try spool.abortSubtransaction(102) == false)
        try add(7, 100)
        try add(8, 104)
        try add(9, 104)
        #expect(numbers(try contents(spool)) == [1, 7, 8, 9])
        #expect(try spool.abortSubtransaction(104))
        #expect(numbers(try contents(spool)) == [1, 7])
    }

    @Test func subtransactionAbortInsideTheWrittenPartTruncatesTheFile() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let spool = try StreamSpool(xid: 7, firstLSN: .zero, path: "\(scratch.path)/c.spool")
        for n in 0..<100 { try spool.append(lsn: .zero, message: message(n, size: 1000), subxid: 7) }
        let before = spool.size
        for n in 100..<2000 { try spool.append(lsn: .zero, message: message(n, size: 1000), subxid: 8) }
        _ = try spool.reader()  // everything written to the file
        #expect(try spool.abortSubtransaction(8))
        #expect(spool.size == before)
        var status = stat()
        #expect(stat(spool.path, &status) == 0 && Int64(status.st_size) <= before)
        for n in 2000..<2010 { try spool.append(lsn: .zero, message: message(n, size: 1000), subxid: 7) }
        #expect(numbers(try contents(spool)) == Array(0..<100) + Array(2000..<2010))
    }

    @Test func releasingASpoolRemovesItsFile() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let path = "\(scratch.path)/d.spool"
        var spool: StreamSpool? = try StreamSpool(xid: 798, firstLSN: .zero, path: path)
        try spool?.append(lsn: .zero, message: message(1, size: StreamSpool.bufferLimit * 2), subxid: 798)
        #expect(exists(path))
        spool = nil  // Stream Abort (xid, xid)
        #expect(!exists(path))
    }

    @Test func manyInterleavedTransactionsKeepTheirOwnOrder() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        var spools: [UInt32: StreamSpool] = [:]
        for xid in UInt32(1000)..<1008 { spools[xid] = try StreamSpool(xid: xid, firstLSN: .zero, path: "\(scratch.path)/\(xid).spool") }
        var expected: [UInt32: [Int]] = [:]
        var n = 0
        for round in 0..<500 {
            for xid in UInt32(1000)..<1008 where (round + Int(xid)) % 3 != 0 {
                try spools[xid]?.append(lsn: LSN(rawValue: UInt64(n)), message: message(n, size: 64 + n % 300), subxid: xid)
                expected[xid, default: []].append(n)
                n += 1
            }
        }
        for (xid, spool) in spools { #expect(numbers(try contents(spool)) == expected[xid] ?? [], "xid \(xid)") }
    }

    @Test func writeFailureNamesTheFileAndTheCause() throws {
        // /dev/full fails every write with ENOSPC, like a full disk (opened here so the spool never unlinks it).
        let descriptor = open("/dev/full", O_RDWR)
        try #require(descriptor >= 0)
        let spool = StreamSpool(xid: 5, firstLSN: .zero, path: "/dev/full", descriptor: descriptor, removesFile: false)
        var failure: SpoolError?
        do {
            for n in 0..<10 { try spool.append(lsn: .zero, message: message(n, size: StreamSpool.bufferLimit), subxid: 5) }
        } catch {
            failure = error
        }
        #expect(failure?.path == "/dev/full")
        #expect(failure?.description.contains("cannot write") == true)
        #expect(failure?.description.contains("No space left on device") == true, "\(String(describing: failure))")
        #expect(throws: SpoolError.self) { _ = try StreamSpool(xid: 6, firstLSN: .zero, path: "/nonexistent-dir/x.spool") }
    }

    @Test func spoolDirectoryIsPrivateAndStaleOnesOfDeadOwnersAreRemoved() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        // A directory left by a killed task (lock file, nobody holds it) and one of a live task (lock held).
        let stale = "\(scratch.path)/tributary-spool-slot1-dead01"
        let live = "\(scratch.path)/tributary-spool-slot1-live01"
        let otherSlot = "\(scratch.path)/tributary-spool-slot2-dead02"
        for directory in [stale, live, otherSlot] {
            #expect(mkdir(directory, 0o700) == 0)
            let fd = open("\(directory)/\(SpoolDirectory.lockName)", O_RDWR | O_CREAT, 0o600)
            close(fd)
            close(open("\(directory)/xid-1.spool", O_RDWR | O_CREAT, 0o600))
        }
        let liveLock = open("\(live)/\(SpoolDirectory.lockName)", O_RDWR)
        #expect(flock(liveLock, LOCK_EX | LOCK_NB) == 0)
        defer { close(liveLock) }
        let directory = try SpoolDirectory(parent: scratch.path, slot: "slot1")
        #expect(!exists(stale))
        #expect(exists(live) && exists(otherSlot))
        #expect(directory.path.hasPrefix("\(scratch.path)/tributary-spool-slot1-"))
        #expect(exists(directory.path))
        // A second task of the same slot does not take the first one's live directory for stale.
        let second = try SpoolDirectory(parent: scratch.path, slot: "slot1")
        #expect(exists(directory.path))
        second.remove()
        let file = directory.file(for: 42)
        let spool = try StreamSpool(xid: 42, firstLSN: .zero, path: file)
        try spool.append(lsn: .zero, message: message(1), subxid: 42)
        _ = try spool.reader()
        #expect(exists(file))
        directory.remove()
        #expect(!exists(directory.path))
        #expect(throws: SpoolError.self) { _ = try SpoolDirectory(parent: "/nonexistent-dir", slot: "slot1") }
    }
}
