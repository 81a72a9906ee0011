/// Identity of a tailed file: a checksum of its first `headLength` bytes plus the device/inode it was first seen on.
///
/// Comparison rules used by `FileTailer`:
/// * **Content identity** (`hasSameContent(as:)`): equal checksum and head length. Two inodes with the
///   same head are the *same logical file* unless the tailer has evidence otherwise (bytes it already
///   read differ at a common offset). This is what keeps a renamed file, a `copytruncate` copy or a
///   file restored from a backup from being read again from byte 0.
/// * **Location** (`device`, `inode`): where the file lived when first seen. It breaks ties when several
///   stored offsets have the same content at resume time, and makes the value unique as an offset key.
/// * **`generation`**: bumped when a genuinely different file would otherwise get an equal value
///   (same head bytes on the same inode after a truncation), so offset keys never collide.
///
/// `==`/`hashValue` compare all fields: a `FileFingerprint` is the stable key of one read stream.
public struct FileFingerprint: Hashable, Sendable, Codable, CustomStringConvertible {
    /// 64-bit FNV-1a checksum of the first `headLength` bytes.
    public var checksum: UInt64
    /// How many leading bytes the checksum covers.
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

    /// True when both describe the same head bytes (the content identity).
    public func hasSameContent(as other: FileFingerprint) -> Bool {
        checksum == other.checksum && headLength == other.headLength
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
