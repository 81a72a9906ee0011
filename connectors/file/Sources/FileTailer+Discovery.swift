/// Scanning the patterns and deciding what a newly seen inode is: a new file, a resumed one, or a copy.
extension FileTailer {
    /// A known stream whose content a newly seen file has.
    enum KnownContent {
        case live(Int)
        case orphan(Int)
        case retired(Int)
    }

    /// Expands the patterns, follows renames and deletions of tracked files, and discovers new inodes.
    mutating func scan(now: ContinuousClock.Instant) {
        let initial = !hasScanned
        hasScanned = true
        lastScan = now
        var found: [InodeKey: (status: FileStatus, paths: [String])] = [:]
        var order: [InodeKey] = []
        for pattern in configuration.paths {
            for path in PathPattern.expand(pattern)
            where !configuration.excludes.contains(where: { PathPattern.matches($0, path: path) }) {
                guard let status = FileStatus.of(path: path), status.isRegularFile else { continue }
                if found[status.key] == nil {
                    order.append(status.key)
                    found[status.key] = (status, [path])
                } else if found[status.key]?.paths.contains(path) == false {
                    found[status.key]?.paths.append(path)
                }
            }
        }
        updateTracked(found: found, now: now)
        for key in standby.keys where found[key] == nil { standby.removeValue(forKey: key) }
        for key in pending.keys where found[key] == nil { pending.removeValue(forKey: key) }

        // Inodes named by stored offsets first, so an exact match wins over a copy with the same content.
        let resumeInodes = Set(resumeTable.keys.map { InodeKey(device: $0.device, inode: $0.inode) })
        let ordered = order.filter { resumeInodes.contains($0) } + order.filter { !resumeInodes.contains($0) }
        for key in ordered where attached[key] == nil {
            guard let entry = found[key], let path = entry.paths.first else { continue }
            if standby[key] != nil {
                reevaluateStandby(key, status: entry.status, now: now)
            } else {
                discover(path: path, status: entry.status, initial: initial, now: now)
            }
        }
        attachOrphansToCopies(now: now)
    }

    private mutating func updateTracked(
        found: [InodeKey: (status: FileStatus, paths: [String])],
        now: ContinuousClock.Instant
    ) {
        for (key, id) in attached {
            guard let stream = streams[id] else { continue }
            if let entry = found[key], let first = entry.paths.first {
                if !entry.paths.contains(stream.path) {
                    record(.renamed(from: stream.path, to: first, fingerprint: stream.fingerprint))
                    streams[id]?.path = first
                }
                if entry.status.linkCount > 0 {
                    streams[id]?.unreachableSince = nil
                    streams[id]?.unreachableReported = false
                }
            } else if stream.unreachableSince == nil {
                streams[id]?.unreachableSince = now
            }
        }
    }

    /// Opens a newly seen inode and decides how to read it.
    ///
    /// Its head (``FileHead``: the first line, or the first `fingerprint.bytes` bytes) identifies it. A file
    /// without a head yet (empty, or an unfinished first line shorter than `fingerprint.bytes`) waits in
    /// `pending` and is looked at again once its size or modification time changes; when its first line is
    /// complete it is read from byte 0 (or from the end the first scan found with `read.from=end`).
    mutating func discover(path: String, status: FileStatus, initial: Bool, now: ContinuousClock.Instant) {
        let startsAtEnd = initial && configuration.readFrom == .end
        if let waiting = pending[status.key], waiting.status == status { return }
        if status.size == 0 {
            wait(path: path, file: nil, status: status, startsAtEnd: startsAtEnd)
            return
        }
        guard let file = open(path), let current = file.status(), current.isRegularFile,
            attached[current.key] == nil, standby[current.key] == nil
        else { return }
        let measured: FileHead?
        do {
            measured = try file.head(limit: configuration.fingerprintBytes)
        } catch {
            return  // Not cached as pending: the next scan reads the head again.
        }
        guard let head = measured else {
            wait(path: path, file: file, status: current, startsAtEnd: startsAtEnd)
            return
        }
        let start = pending.removeValue(forKey: current.key)?.start
        var restartFromZero = false
        if let (stored, position) = claimResume(file, status: current, head: head) {
            if position <= current.size {
                // A stored offset taken with another head length (an earlier version's first
                // `fingerprint.bytes` bytes) is carried over to a fingerprint of the current head, so
                // copies of this stream are recognised by their head like any other.
                let fingerprint = stored.hasHead(head) ? stored : uniqueFingerprint(head, key: current.key)
                addStream(fingerprint, file: file, status: current, path: path, position: position, now: now)
                record(.resumed(path: path, fingerprint: fingerprint, position: position))
                return
            }
            reserved.insert(stored)
            restartFromZero = true
            record(.truncated(path: path, fingerprint: stored, position: position))
        }
        if let known = findKnownContent(head: head, file: file, status: current) {
            adoptCopy(known, file: file, status: current, path: path, head: head, now: now)
            return
        }
        let fingerprint = uniqueFingerprint(head, key: current.key)
        let position: Int64
        if restartFromZero {
            position = 0
        } else if let start {
            position = start
        } else {
            position = startsAtEnd ? alignedEnd(file, size: current.size) : 0
        }
        addStream(fingerprint, file: file, status: current, path: path, position: position, now: now)
        record(.opened(path: path, fingerprint: fingerprint, position: position))
    }

    /// Keeps a file that has no head yet in `pending`, remembering its status so that it is only read
    /// again once it changed, and (first scan, `read.from=end`) where its last complete line ends.
    private mutating func wait(path: String, file: FileDescriptor?, status: FileStatus, startsAtEnd: Bool) {
        if pending[status.key] != nil {
            pending[status.key]?.path = path
            pending[status.key]?.status = status
            return
        }
        let start = startsAtEnd ? file.map { alignedEnd($0, size: status.size) } : nil
        pending[status.key] = PendingFile(path: path, start: start, status: status)
    }

    /// A file with known content continues its stream if that stream lost its file and this copy holds
    /// unread bytes; otherwise it is kept as a standby copy and not read.
    private mutating func adoptCopy(
        _ known: KnownContent,
        file: FileDescriptor,
        status: FileStatus,
        path: String,
        head: FileHead,
        now: ContinuousClock.Instant
    ) {
        if continueOnCopy(known, file: file, status: status, path: path, now: now) { return }
        standby[status.key] = StandbyFile(file: file, path: path, status: status, head: head)
        switch known {
        case .live(let id), .orphan(let id):
            if let stream = streams[id] { record(.duplicateIgnored(path: path, of: stream.fingerprint)) }
        case .retired(let index):
            record(.duplicateIgnored(path: path, of: retired[index].fingerprint))
        }
    }

    /// Attaches an orphaned stream, or revives a retired one, on `file` when it has bytes past the stream's position.
    private mutating func continueOnCopy(
        _ known: KnownContent,
        file: FileDescriptor,
        status: FileStatus,
        path: String,
        now: ContinuousClock.Instant
    ) -> Bool {
        switch known {
        case .live:
            return false
        case .orphan(let id):
            guard let stream = streams[id], status.size > stream.splitter.readPosition else { return false }
            attach(id, file: file, status: status, path: path)
            return true
        case .retired(let index):
            let old = retired[index]
            guard status.size > old.position else { return false }
            retired.remove(at: index)
            let id = addStream(
                old.fingerprint,
                file: file,
                status: status,
                path: path,
                position: old.position,
                now: now
            )
            streams[id]?.checkpoints = old.checkpoints
            streams[id]?.prefixes = old.prefixes
            streams[id]?.truncatedInode = old.truncatedInode
            record(.continuedOnCopy(path: path, fingerprint: old.fingerprint, position: old.position))
            return true
        }
    }

    /// A standby copy that changed is checked again: it may now continue a stream that lost its file, and
    /// once its bytes diverge from every stream with its head it is a new file, read from 0. A copy whose
    /// head changed (it was truncated, or rewritten with another first line) is discovered again.
    private mutating func reevaluateStandby(_ key: InodeKey, status: FileStatus, now: ContinuousClock.Instant) {
        guard let entry = standby[key], entry.status.differsInContent(from: status) else { return }
        standby[key]?.status = status
        let head: FileHead?
        do {
            head = try entry.file.head(limit: configuration.fingerprintBytes)
        } catch {
            return
        }
        guard head == entry.head else {
            standby.removeValue(forKey: key)
            discover(path: entry.path, status: status, initial: false, now: now)
            return
        }
        if let known = findKnownContent(head: entry.head, file: entry.file, status: status) {
            if continueOnCopy(known, file: entry.file, status: status, path: entry.path, now: now) {
                standby.removeValue(forKey: key)
            }
            return
        }
        standby.removeValue(forKey: key)
        let fingerprint = uniqueFingerprint(entry.head, key: key)
        addStream(fingerprint, file: entry.file, status: status, path: entry.path, position: 0, now: now)
        record(.opened(path: entry.path, fingerprint: fingerprint, position: 0))
    }

    /// Moves orphaned streams (their file was truncated) onto a standby copy that holds bytes they have not read.
    mutating func attachOrphansToCopies(now: ContinuousClock.Instant) {
        for id in streams.keys.sorted() {
            guard let stream = streams[id], stream.file == nil else { continue }
            let fingerprint = stream.fingerprint
            for (key, entry) in standby.sorted(by: { $0.value.path < $1.value.path })
            where fingerprint.hasHead(entry.head) && key != stream.truncatedInode {
                guard let status = entry.file.status(), status.size > stream.splitter.readPosition,
                    !provenDifferent(
                        entry.file,
                        size: status.size,
                        checkpoints: stream.checkpoints,
                        prefixes: stream.prefixes,
                        live: nil
                    )
                else { continue }
                standby.removeValue(forKey: key)
                attach(id, file: entry.file, status: status, path: entry.path)
                break
            }
        }
    }

    /// Detaches a stream from its truncated file; the inode is rediscovered as a new file.
    mutating func detachTruncated(_ id: Int, now: ContinuousClock.Instant) {
        guard let stream = streams[id] else { return }
        if let inode = stream.inode { attached.removeValue(forKey: inode) }
        streams[id]?.truncatedInode = stream.inode
        streams[id]?.inode = nil
        streams[id]?.file = nil
        streams[id]?.lastStatus = nil
        streams[id]?.orphanedSince = now
        record(.truncated(path: stream.path, fingerprint: stream.fingerprint, position: stream.splitter.readPosition))
        attachOrphansToCopies(now: now)
    }

    private mutating func attach(_ id: Int, file: FileDescriptor, status: FileStatus, path: String) {
        guard streams[id] != nil else { return }
        streams[id]?.file = file
        streams[id]?.inode = status.key
        streams[id]?.lastStatus = status
        streams[id]?.path = path
        streams[id]?.orphanedSince = nil
        streams[id]?.unreachableSince = nil
        attached[status.key] = id
        if let stream = streams[id] {
            record(
                .continuedOnCopy(path: path, fingerprint: stream.fingerprint, position: stream.splitter.readPosition)
            )
        }
    }

    @discardableResult
    private mutating func addStream(
        _ fingerprint: FileFingerprint,
        file: FileDescriptor,
        status: FileStatus,
        path: String,
        position: Int64,
        now: ContinuousClock.Instant
    ) -> Int {
        let id = nextID
        nextID += 1
        let multiline = regex.flatMap { regex in
            configuration.multiline.map {
                MultilineAssembler(regex: regex, configuration: $0, maxBytes: configuration.maxLineBytes)
            }
        }
        streams[id] = TrackedStream(
            id: id,
            fingerprint: fingerprint,
            path: path,
            file: file,
            inode: status.key,
            lastStatus: status,
            splitter: LineSplitter(maxLineBytes: configuration.maxLineBytes, position: position),
            multiline: multiline,
            lastDataAt: now
        )
        attached[status.key] = id
        return id
    }

    /// Takes the best stored offset whose content matches `file`: same inode first, then any content match that fits.
    ///
    /// A stored fingerprint matches when the file's first `headLength` bytes hash to its checksum
    /// (``FileDescriptor/hasHead(of:)``): for fingerprints of the current rule that is the file having that
    /// head (`head`), and it also finds offsets stored with another head length (earlier versions hashed the
    /// first `fingerprint.bytes` bytes). When an offset on this inode is taken, offsets of this inode with
    /// another head length are dropped too: they describe the same file under an older head and must not
    /// later resume a copy of it at a stale position.
    private mutating func claimResume(
        _ file: FileDescriptor,
        status: FileStatus,
        head: FileHead
    ) -> (FileFingerprint, Int64)? {
        guard !resumeTable.isEmpty else { return nil }
        var checksums: [Int: UInt64?] = [head.length: head.checksum]
        var best: (fingerprint: FileFingerprint, position: Int64, exact: Bool)?
        var otherHeadsHere: [FileFingerprint] = []
        for (fingerprint, position) in resumeTable where Int64(fingerprint.headLength) <= status.size {
            let checksum: UInt64?
            if let cached = checksums[fingerprint.headLength] {
                checksum = cached
            } else {
                checksum = file.headChecksum(length: fingerprint.headLength)
                checksums[fingerprint.headLength] = checksum
            }
            guard checksum == fingerprint.checksum else { continue }
            let exact = fingerprint.device == status.key.device && fingerprint.inode == status.key.inode
            if exact && !fingerprint.hasHead(head) { otherHeadsHere.append(fingerprint) }
            guard exact || position <= status.size else { continue }
            if let current = best {
                let better =
                    (exact && !current.exact)
                    || (exact == current.exact
                        && (position, fingerprint.stringValue) > (current.position, current.fingerprint.stringValue))
                if !better { continue }
            }
            best = (fingerprint, position, exact)
        }
        guard let best else { return nil }
        resumeTable.removeValue(forKey: best.fingerprint)
        if best.exact {
            for fingerprint in otherHeadsHere { resumeTable.removeValue(forKey: fingerprint) }
        }
        return (best.fingerprint, best.position)
    }

    /// A stream (newest first, then retired ones) with the same head as `file` and no evidence that the bytes differ.
    ///
    /// With first-line heads, files sharing a first line (a CSV header) have the same head; such a file is
    /// a new stream as soon as its bytes are proven different (``provenDifferent(_:size:checkpoints:prefixes:live:)``),
    /// and is otherwise taken for a copy of the stream (the documented ambiguity of ``FileFingerprint``).
    func findKnownContent(head: FileHead, file: FileDescriptor, status: FileStatus) -> KnownContent? {
        for id in streams.keys.sorted(by: >) {
            guard let stream = streams[id], stream.fingerprint.hasHead(head), stream.truncatedInode != status.key
            else { continue }
            if provenDifferent(
                file,
                size: status.size,
                checkpoints: stream.checkpoints,
                prefixes: stream.prefixes,
                live: stream.file
            ) { continue }
            return stream.file == nil ? .orphan(id) : .live(id)
        }
        for index in retired.indices.reversed() {
            let old = retired[index]
            guard old.fingerprint.hasHead(head), old.truncatedInode != status.key else { continue }
            if provenDifferent(
                file,
                size: status.size,
                checkpoints: old.checkpoints,
                prefixes: old.prefixes,
                live: nil
            ) { continue }
            return .retired(index)
        }
        return nil
    }

    /// True when `file` provably differs from a stream: in its leading bytes (the stream's remembered
    /// prefixes), at a remembered checkpoint, or versus its still-open file.
    func provenDifferent(
        _ file: FileDescriptor,
        size: Int64,
        checkpoints: [ContentCheckpoint],
        prefixes: [ContentCheckpoint],
        live: FileDescriptor?
    ) -> Bool {
        if let prefix = prefixes.last(where: { $0.position <= size }) {
            guard let bytes = file.readExactly(prefix.length, at: 0) else { return true }
            if bytes.withUnsafeBytes({ FileFingerprint.checksum(of: $0) }) != prefix.checksum { return true }
        }
        if let checkpoint = checkpoints.last(where: { $0.position <= size }) {
            guard let bytes = file.readExactly(checkpoint.length, at: checkpoint.position - Int64(checkpoint.length))
            else {
                return true
            }
            return bytes.withUnsafeBytes { FileFingerprint.checksum(of: $0) } != checkpoint.checksum
        }
        guard let live, let liveStatus = live.status() else { return false }
        let common = min(size, liveStatus.size)
        let length = Int(min(common, Int64(TrackedStream.checkpointLength)))
        guard length > 0, let mine = file.readExactly(length, at: common - Int64(length)),
            let theirs = live.readExactly(length, at: common - Int64(length))
        else { return false }
        return mine != theirs
    }

    private func uniqueFingerprint(_ head: FileHead, key: InodeKey) -> FileFingerprint {
        var fingerprint = FileFingerprint(head: head, key: key)
        let taken = Set(streams.values.map(\.fingerprint)).union(retired.map(\.fingerprint)).union(resumeTable.keys)
            .union(reserved)
        while taken.contains(fingerprint) { fingerprint.generation &+= 1 }
        return fingerprint
    }

    /// Position after the last newline before `size` (0 if the file is one unfinished line), searching the last 64 KiB.
    private func alignedEnd(_ file: FileDescriptor, size: Int64) -> Int64 {
        let window = Int(min(size, 64 << 10))
        guard window > 0 else { return 0 }
        guard let tail = file.readExactly(window, at: size - Int64(window)) else { return size }
        if let newline = tail.lastIndex(of: 0x0A) { return size - Int64(window) + Int64(newline) + 1 }
        return Int64(window) == size ? 0 : size
    }

    private mutating func open(_ path: String) -> FileDescriptor? {
        switch FileDescriptor.open(path) {
        case .success(let file):
            reportedFailures.remove(path)
            return file
        case .failure(let error):
            if reportedFailures.insert(path).inserted {
                record(.error(path: path, operation: error.operation, errno: error.code))
            }
            return nil
        }
    }
}
