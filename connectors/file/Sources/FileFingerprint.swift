/// Identity of a tailed file: a checksum of its head (see ``FileHead``) plus the device/inode it was first seen on.
///
/// The head is the file's first line, newline included, or its first `fingerprint.bytes` bytes when the first
/// line is longer (Vector's checksum rule). A file is identified as soon as its first line is complete, so
/// short files are read at once; only a file whose first line is still unfinished and shorter than
/// `fingerprint.bytes` waits, because it cannot be told apart from its own future content yet.
///
/// Comparison rules used by `FileTailer`:
/// * **Content identity** (`hasSameContent(as:)`): equal checksum and head length. Two inodes with the
///   same head are the *same logical file* unless the tailer has evidence otherwise (bytes it already
///   read differ at a common offset, or the two files are both open and differ). This is what keeps a
///   renamed file, a `copytruncate` copy or a file restored from a backup from being read again from byte 0.
/// * **Location** (`device`, `inode`): where the file lived when first seen. It keeps files that share a
///   first line (a CSV header, a banner) apart as separate streams while both exist, breaks ties when
///   several stored offsets have the same content at resume time, and makes the value unique as an offset key.
/// * **`generation`**: bumped when a genuinely different file would otherwise get an equal value
///   (same head bytes on the same inode after a truncation), so offset keys never collide.
///
/// Remaining ambiguity: with first-line heads, a new file on another inode whose bytes equal a known stream's
/// as far as they can be compared (the same first line and nothing yet that differs, e.g. a CSV file holding
/// only its header) is indistinguishable from a `copytruncate` copy of that stream. It is kept open but not
/// read until its content proves different, then it is read from byte 0. A file that never diverges from
/// the stream it looks like (an unrelated file that is a byte-for-byte prefix of it) is never read.
///
/// `==`/`hashValue` compare all fields: a `FileFingerprint` is the stable key of one read stream.
public struct FileFingerprint: Hashable, Sendable, Codable, CustomStringConvertible {
    /// 64-bit FNV-1a checksum of the first `headLength` bytes (the file's ``FileHead``).
    public var checksum: UInt64
    /// How many leading bytes the checksum covers: the first line's length (newline included), or
    /// `fingerprint.bytes` when the first line is longer. Offsets stored by earlier versions cover exactly
    /// `fingerprint.bytes` bytes; the value says which bytes were hashed, so such offsets are still verified.
    public var headLength: Int
    /// `st_dev` of the file when it was first seen.
    public var device: UInt64
    /// `st_ino` of the file when it was first seen.
    public var inode: UInt64
    /// Disambiguates streams that would otherwise have identical fingerprints.
    public var generation: UInt32

    /// Creates a fingerprint from its parts.
    public init(checksum: UInt64, headLength: Int, device: UInt64, inode: UInt64, generation: UInt32 = 0) {
        self.checksum = checksum
        self.headLength = headLength
        self.device = device
        self.inode = inode
        self.generation = generation
    }

    /// Creates the fingerprint of a file whose head is `head`, first seen at `key`.
    init(head: FileHead, key: InodeKey, generation: UInt32 = 0) {
        self.init(
            checksum: head.checksum,
            headLength: head.length,
            device: key.device,
            inode: key.inode,
            generation: generation
        )
    }

    /// True when both describe the same head bytes (the content identity).
    public func hasSameContent(as other: FileFingerprint) -> Bool {
        checksum == other.checksum && headLength == other.headLength
    }

    /// True when this fingerprint was taken of a file with head `head`.
    func hasHead(_ head: FileHead) -> Bool {
        checksum == head.checksum && headLength == head.length
    }

    /// True when both were first seen on the same device and inode.
    public func isOnSameInode(as other: FileFingerprint) -> Bool {
        device == other.device && inode == other.inode
    }

    /// Text form for offset keys: `checksum:headLength:device:inode:generation` (checksum in hex).
    public var stringValue: String {
        "\(String(checksum, radix: 16)):\(headLength):\(device):\(inode):\(generation)"
    }

    /// Parses `stringValue`; nil if malformed.
    public init?(stringValue: String) {
        let parts = stringValue.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 5,
            let checksum = UInt64(parts[0], radix: 16),
            let headLength = Int(parts[1]), headLength > 0,
            let device = UInt64(parts[2]),
            let inode = UInt64(parts[3]),
            let generation = UInt32(parts[4])
        else { return nil }
        self.init(checksum: checksum, headLength: headLength, device: device, inode: inode, generation: generation)
    }

    public var description: String { stringValue }

    /// 64-bit FNV-1a over `bytes`.
    public static func checksum(of bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// The leading bytes that identify a file, as a checksum and a length: the one rule every fingerprint follows.
///
/// The head runs from byte 0 to the end of the first line (newline included) or to `limit`
/// (`fingerprint.bytes`) bytes, whichever is shorter. A file has no head yet while it is empty or its
/// first line is unfinished and shorter than `limit`: appending to such a file could still change its
/// head, so it must not be identified (nor read) before then. Once a head exists it never changes while
/// the file only grows, so a file's identity is stable from its first complete line on.
///
/// Discovery, copy detection, standby re-checks and the resume plan compute heads only through
/// ``measure(_:limit:)`` (``FileDescriptor/head(limit:)`` for an open file). Checking that a file still has a
/// known fingerprint's head (truncation detection, stored offsets) hashes its first `headLength` bytes, which
/// for a head measured by this rule is the same test: equal first `headLength` bytes end in the same first
/// newline, or hold no newline and reach the limit.
struct FileHead: Hashable, Sendable {
    /// 64-bit FNV-1a checksum of the head bytes.
    let checksum: UInt64
    /// Number of head bytes.
    let length: Int

    /// The head of a file whose first bytes are `bytes` (the whole file, or at least its first `limit`
    /// bytes); nil while it has none yet (empty, or an unfinished first line shorter than `limit`).
    static func measure(_ bytes: UnsafeRawBufferPointer, limit: Int) -> FileHead? {
        guard limit > 0 else { return nil }
        let window = UnsafeRawBufferPointer(rebasing: bytes.prefix(limit))
        let length: Int
        if let newline = window.firstIndex(of: 0x0A) {
            length = newline + 1
        } else if window.count == limit {
            length = limit
        } else {
            return nil
        }
        return FileHead(
            checksum: FileFingerprint.checksum(of: UnsafeRawBufferPointer(rebasing: window.prefix(length))),
            length: length
        )
    }
}
