import ConnectAPI

/// What a starting task saw of one file matching the patterns, before the tailer opens anything.
struct ObservedFile: Sendable, Equatable {
    /// The path it matched under.
    let path: String
    /// Its device and inode.
    let inode: InodeKey
    /// Its size when observed.
    let size: Int64
    /// Its head (``FileHead``: first line or first `fingerprint.bytes` bytes), or nil while it has none yet.
    let head: FileHead?
    /// Its first `fingerprint.bytes` bytes, when it has that many and its head is shorter: the head earlier
    /// versions identified files by, looked up so that offsets they stored still resume their files.
    let legacyHead: FileHead?

    /// The heads stored offsets of this file can have: ``head``, then ``legacyHead``.
    var heads: [FileHead] { [head, legacyHead].compactMap { $0 } }
}

/// Which stored offsets a starting task looks up, and how it turns them into the tailer's resume table.
///
/// Lookup: every head seen among the matching files (``FileHead``'s rule, and the first `fingerprint.bytes`
/// bytes that earlier versions hashed), combined with every device/inode seen among them (generations 0–3). This finds a renamed file (same inode and head) and a `copytruncate` copy (its
/// head with the inode of the file it was copied from, which still matches the patterns). Offsets of
/// files that no longer match any pattern are not looked up. Above 65,536 combinations only each file's
/// own fingerprint is looked up.
///
/// Resume: the stored offsets as they are, plus one rule for copies that are *shorter* than the position
/// stored for their content. That happens with `copytruncate` when lines written between the copy and the
/// truncation were read from the original before it was truncated: the copy holds nothing unread, so it
/// resumes at its end instead of being read again from byte 0. The rule applies only when the stored
/// stream cannot resume on its own inode (that inode no longer has this head) and was read under another
/// path, so a new file created at the same path with the same first bytes is still read from its start.
///
/// Files sharing a first line (a CSV header) have the same head, so each one's offset is also looked up on
/// the others' inodes; the tailer gives each file the offset of its own inode first, and no file gets an
/// offset whose own file still has its head. Remaining ambiguity: an offset whose file no longer has that
/// head (it was truncated or rewritten while stopped) goes to another matching file with the same head
/// that is at least that long, as a `copytruncate` copy must; an unrelated file that merely shares the
/// first line is indistinguishable from that copy and resumes there too. The same holds for an offset
/// whose inode was freed and reused by a new file with the same first line.
struct FileTailResumePlan: Sendable {
    /// `fingerprint.bytes`: the longest head (``FileHead``).
    let headLength: Int
    /// The files matching the patterns now, in scan order, one per inode.
    let files: [ObservedFile]

    /// Generations of one fingerprint looked up (bumped only when a truncated file restarts with the same head).
    static let generationsLookedUp: UInt32 = 4
    /// Above this many candidate partitions, only each file's own fingerprint is looked up.
    static let crossProductLimit = 65_536

    /// Lists the files matching `configuration` now (glob, stat, reading each head): blocking I/O.
    static func observe(_ configuration: FileTailerConfiguration) -> FileTailResumePlan {
        let headLength = configuration.fingerprintBytes
        var files: [ObservedFile] = []
        var seen = Set<InodeKey>()
        for pattern in configuration.paths {
            for path in PathPattern.expand(pattern)
            where !configuration.excludes.contains(where: { PathPattern.matches($0, path: path) }) {
                guard let status = FileStatus.of(path: path), status.isRegularFile, seen.insert(status.key).inserted
                else { continue }
                var head: FileHead?
                var legacyHead: FileHead?
                if status.size > 0, case .success(let file) = FileDescriptor.open(path) {
                    head = try? file.head(limit: headLength)
                    if let head, head.length < headLength, let checksum = file.headChecksum(length: headLength) {
                        legacyHead = FileHead(checksum: checksum, length: headLength)
                    }
                }
                files.append(
                    ObservedFile(path: path, inode: status.key, size: status.size, head: head, legacyHead: legacyHead)
                )
            }
        }
        return FileTailResumePlan(headLength: headLength, files: files)
    }

    /// The partitions to look up.
    var candidatePartitions: [SourcePartition] {
        candidateFingerprints.map(FileTailOffsets.partition(for:))
    }

    /// The fingerprints behind ``candidatePartitions``.
    var candidateFingerprints: [FileFingerprint] {
        var heads: [FileHead] = []
        var seen = Set<FileHead>()
        for file in files {
            for head in file.heads where seen.insert(head).inserted { heads.append(head) }
        }
        let pairs: [(head: FileHead, inode: InodeKey)]
        if heads.count * files.count * Int(Self.generationsLookedUp) <= Self.crossProductLimit {
            pairs = heads.flatMap { head in files.map { (head, $0.inode) } }
        } else {
            pairs = files.flatMap { file in file.heads.map { ($0, file.inode) } }
        }
        return pairs.flatMap { pair in
            (0..<Self.generationsLookedUp).map { generation in
                FileFingerprint(head: pair.head, key: pair.inode, generation: generation)
            }
        }
    }

    /// The tailer's resume table for the offsets found: stored positions, plus fully read shorter copies at their end.
    func resumeTable(stored: [SourcePartition: SourceOffset]) -> [FileFingerprint: Int64] {
        var table: [FileFingerprint: Int64] = [:]
        var filenames: [FileFingerprint: String] = [:]
        for (partition, offset) in stored {
            guard let fingerprint = FileTailOffsets.fingerprint(of: partition),
                let position = FileTailOffsets.position(of: offset)
            else { continue }
            table[fingerprint] = position
            filenames[fingerprint] = offset[FileTailOffsets.filenameKey]?.stringValue
        }
        let storedEntries = table
        let headsByInode = Dictionary(files.map { ($0.inode, $0.heads) }, uniquingKeysWith: { first, _ in first })
        for file in files {
            guard let head = file.head else { continue }
            let heads = file.heads
            let sameHead = storedEntries.filter { entry in heads.contains { entry.key.hasHead($0) } }
            // The tailer resumes this file itself: on its own inode, or on a stream it holds every byte of.
            if sameHead.contains(where: { $0.key.device == file.inode.device && $0.key.inode == file.inode.inode }) {
                continue
            }
            if sameHead.contains(where: { $0.value <= file.size }) { continue }
            let readElsewhere = sameHead.contains { entry in
                let home = InodeKey(device: entry.key.device, inode: entry.key.inode)
                let canResumeAtHome = headsByInode[home].map { $0.contains { entry.key.hasHead($0) } } ?? false
                return !canResumeAtHome && filenames[entry.key] != file.path
            }
            guard readElsewhere else { continue }
            var fingerprint = FileFingerprint(head: head, key: file.inode)
            while table[fingerprint] != nil { fingerprint.generation &+= 1 }
            table[fingerprint] = file.size
        }
        return table
    }
}
