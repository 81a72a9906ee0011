import Glibc

/// A complete piece of input ready to become a `TailedLine` (one line, or a joined multiline message).
struct RawEvent: Sendable {
    var text: [UInt8]
    var start: Int64
    var end: Int64
    var lineCount: Int
    var truncated: Bool
}

/// Cuts a byte stream into newline-terminated lines, holding an unfinished last line until its newline arrives.
///
/// Lines longer than `maxLineBytes` keep their first `maxLineBytes` bytes (`truncated`); the held
/// fragment never grows past that, so a runaway line costs bounded memory. `\n` and a `\r` right
/// before it are not part of the text. Splitting uses `memchr` and copies each line once.
struct LineSplitter: Sendable {
    let maxLineBytes: Int
    /// Offset of the next byte to be fed.
    private(set) var readPosition: Int64
    /// First `maxLineBytes` bytes of the unfinished line.
    private var fragment: [UInt8] = []
    /// Offset where the unfinished line starts.
    private var fragmentStart: Int64 = 0
    /// Bytes of the unfinished line seen so far (may exceed `fragment.count`).
    private var fragmentLength: Int64 = 0
    /// Last byte of the unfinished line (to spot `\r` before a `\n` that arrives in the next chunk).
    private var fragmentLastByte: UInt8 = 0

    init(maxLineBytes: Int, position: Int64) {
        self.maxLineBytes = maxLineBytes
        self.readPosition = position
    }

    /// Where the unfinished line starts, or `readPosition` if there is none: the position to resume from.
    var lineStart: Int64 { fragmentLength > 0 ? fragmentStart : readPosition }

    /// True when bytes of an unfinished line are held.
    var hasFragment: Bool { fragmentLength > 0 }

    /// Splits `chunk`, the bytes at `readPosition`, appending complete lines to `lines`.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, into lines: inout [RawEvent]) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        let count = chunk.count
        var lineBegin = 0
        while lineBegin < count {
            guard let hit = memchr(base + lineBegin, 0x0A, count - lineBegin) else { break }
            let newline = base.distance(to: UnsafeRawPointer(hit))
            lines.append(finishLine(base: base, from: lineBegin, to: newline))
            lineBegin = newline + 1
        }
        if lineBegin < count { hold(base: base, from: lineBegin, to: count) }
        readPosition += Int64(count)
    }

    /// The held fragment as a final event (for a file that will never grow again), or nil if none.
    mutating func flushFragment() -> RawEvent? {
        guard fragmentLength > 0 else { return nil }
        let text = Array(fragment.prefix(maxLineBytes))
        let event = RawEvent(
            text: text,
            start: fragmentStart,
            end: readPosition,
            lineCount: 1,
            truncated: fragmentLength > Int64(text.count)
        )
        clearFragment()
        return event
    }

    private mutating func finishLine(base: UnsafeRawPointer, from begin: Int, to newline: Int) -> RawEvent {
        let end = readPosition + Int64(newline) + 1
        let piece = newline - begin
        if fragmentLength == 0 {
            var length = piece
            if length > 0 && base.load(fromByteOffset: newline - 1, as: UInt8.self) == 0x0D { length -= 1 }
            let kept = min(length, maxLineBytes)
            let text = copyBytes(base + begin, count: kept)
            return RawEvent(
                text: text,
                start: readPosition + Int64(begin),
                end: end,
                lineCount: 1,
                truncated: kept < length
            )
        }
        let total = fragmentLength + Int64(piece)
        let lastByte = piece > 0 ? base.load(fromByteOffset: newline - 1, as: UInt8.self) : fragmentLastByte
        let length = lastByte == 0x0D ? total - 1 : total
        let kept = Int(min(length, Int64(maxLineBytes)))
        var text = fragment
        if text.count < kept {
            let extra = min(kept - text.count, piece)
            text.append(contentsOf: UnsafeRawBufferPointer(start: base + begin, count: extra))
        }
        if text.count > kept { text.removeLast(text.count - kept) }
        let event = RawEvent(text: text, start: fragmentStart, end: end, lineCount: 1, truncated: Int64(kept) < length)
        clearFragment()
        return event
    }

    private mutating func hold(base: UnsafeRawPointer, from begin: Int, to end: Int) {
        if fragmentLength == 0 { fragmentStart = readPosition + Int64(begin) }
        let room = max(0, maxLineBytes + 1 - fragment.count)
        let take = min(room, end - begin)
        if take > 0 { fragment.append(contentsOf: UnsafeRawBufferPointer(start: base + begin, count: take)) }
        fragmentLength += Int64(end - begin)
        fragmentLastByte = base.load(fromByteOffset: end - 1, as: UInt8.self)
    }

    private mutating func clearFragment() {
        fragment.removeAll(keepingCapacity: fragment.capacity <= 64 << 10)
        fragmentLength = 0
    }

    private func copyBytes(_ source: UnsafeRawPointer, count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let destination = buffer.baseAddress, count > 0 { memcpy(destination, source, count) }
            initialized = count
        }
    }
}
