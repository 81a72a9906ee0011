/// One CopyData message of the logical replication stream, as `PQgetCopyData` returns it.
public enum ReplicationFrame: Hashable, Sendable {
    /// `'w'` XLogData: a WAL position header and exactly one pgoutput message.
    case xLogData(XLogData)
    /// `'k'` primary keepalive.
    case keepalive(PrimaryKeepalive)

    /// Parses one server → client CopyData message.
    /// - Throws: ``WireError`` for an unknown type byte or a message of the wrong size.
    public init(parsing bytes: [UInt8]) throws(WireError) {
        var reader = ByteReader(bytes)
        let kind = try reader.uint8("ReplicationFrame.type")
        switch kind {
        case UInt8(ascii: "w"):
            let dataStart = try reader.lsn("XLogData.dataStart")
            let walEnd = try reader.lsn("XLogData.walEnd")
            let sendTime = try reader.int64("XLogData.sendTime")
            let payload = try reader.bytes(reader.remaining, "XLogData.payload")
            self = .xLogData(XLogData(dataStart: dataStart, walEnd: walEnd, sendTime: sendTime, payload: payload))
        case UInt8(ascii: "k"):
            let walEnd = try reader.lsn("PrimaryKeepalive.walEnd")
            let sendTime = try reader.int64("PrimaryKeepalive.sendTime")
            let reply = try reader.uint8("PrimaryKeepalive.reply")
            try reader.expectEnd("PrimaryKeepalive")
            self = .keepalive(PrimaryKeepalive(walEnd: walEnd, sendTime: sendTime, replyRequested: reply != 0))
        default:
            throw WireError(context: "ReplicationFrame.type", offset: 0, reason: "unknown message type \(kind)")
        }
    }
}

/// The `'w'` XLogData header fields and the pgoutput message it carries.
public struct XLogData: Hashable, Sendable {
    /// The WAL position of the message (0/0 for Relation, Type and a Begin followed by Origin).
    public var dataStart: LSN
    /// The server's WAL end; for logical decoding equal to `dataStart`.
    public var walEnd: LSN
    /// Server send time, µs since 2000-01-01 UTC.
    public var sendTime: Int64
    /// The pgoutput message bytes.
    public var payload: [UInt8]

    /// Creates an XLogData value.
    public init(dataStart: LSN, walEnd: LSN, sendTime: Int64, payload: [UInt8]) {
        self.dataStart = dataStart
        self.walEnd = walEnd
        self.sendTime = sendTime
        self.payload = payload
    }
}

/// The `'k'` primary keepalive: the walsender's decoded position and whether it wants an answer now.
public struct PrimaryKeepalive: Hashable, Sendable {
    /// End of the last WAL record the walsender has decoded.
    public var walEnd: LSN
    /// Server send time, µs since 2000-01-01 UTC.
    public var sendTime: Int64
    /// Whether the server asks for an immediate standby status update.
    public var replyRequested: Bool

    /// Creates a keepalive value.
    public init(walEnd: LSN, sendTime: Int64, replyRequested: Bool) {
        self.walEnd = walEnd
        self.sendTime = sendTime
        self.replyRequested = replyRequested
    }
}

/// The client's `'r'` standby status update (34 bytes); only `flush` moves a logical slot.
public struct StandbyStatusUpdate: Hashable, Sendable {
    /// Last WAL byte + 1 received.
    public var write: LSN
    /// Last WAL byte + 1 durably processed: becomes the slot's `confirmed_flush_lsn`.
    public var flush: LSN
    /// Last WAL byte + 1 applied.
    public var apply: LSN
    /// Client clock, µs since 2000-01-01 UTC.
    public var clock: Int64
    /// Whether the server should answer with a keepalive at once.
    public var replyRequested: Bool

    /// Creates a status update.
    public init(write: LSN, flush: LSN, apply: LSN, clock: Int64, replyRequested: Bool) {
        self.write = write
        self.flush = flush
        self.apply = apply
        self.clock = clock
        self.replyRequested = replyRequested
    }

    /// The 34 wire bytes.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "r")]
        out.reserveCapacity(34)
        for value in [write.rawValue, flush.rawValue, apply.rawValue, UInt64(bitPattern: clock)] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
        out.append(replyRequested ? 1 : 0)
        return out
    }

    /// Parses the 34 wire bytes (for tests and diagnostics).
    /// - Throws: ``WireError`` when the bytes are not a status update.
    public init(parsing bytes: [UInt8]) throws(WireError) {
        var reader = ByteReader(bytes)
        guard try reader.uint8("StandbyStatusUpdate.type") == UInt8(ascii: "r") else {
            throw WireError(context: "StandbyStatusUpdate.type", offset: 0, reason: "not 'r'")
        }
        write = try reader.lsn("StandbyStatusUpdate.write")
        flush = try reader.lsn("StandbyStatusUpdate.flush")
        apply = try reader.lsn("StandbyStatusUpdate.apply")
        clock = try reader.int64("StandbyStatusUpdate.clock")
        replyRequested = try reader.uint8("StandbyStatusUpdate.reply") != 0
        try reader.expectEnd("StandbyStatusUpdate")
    }
}
