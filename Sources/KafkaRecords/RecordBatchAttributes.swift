/// The attributes field of a record batch: compression, timestamp type, transactional, control, delete horizon.
public struct RecordBatchAttributes: Hashable, Sendable, CustomStringConvertible {
    /// The raw int16 as on the wire.
    public var rawValue: Int16

    /// Wraps a raw attributes value.
    public init(rawValue: Int16) { self.rawValue = rawValue }

    /// Builds attributes from their parts.
    public init(
        compression: CompressionCodec = .none,
        timestampType: TimestampType = .createTime,
        isTransactional: Bool = false,
        isControl: Bool = false
    ) {
        rawValue = compression.rawValue
        self.timestampType = timestampType
        self.isTransactional = isTransactional
        self.isControl = isControl
    }

    /// The codec number in bits 0–2 (may name no known codec).
    public var compressionBits: Int16 { rawValue & 0x07 }

    /// The compression codec, or nil when bits 0–2 name none.
    public var compression: CompressionCodec? {
        get { CompressionCodec(rawValue: compressionBits) }
        set { rawValue = (rawValue & ~0x07) | (newValue ?? .none).rawValue }
    }

    /// Bit 3: CreateTime (0) or LogAppendTime (1).
    public var timestampType: TimestampType {
        get { rawValue & 0x08 == 0 ? .createTime : .logAppendTime }
        set { setBit(0x08, newValue == .logAppendTime) }
    }

    /// Bit 4: the batch belongs to a transaction.
    public var isTransactional: Bool {
        get { rawValue & 0x10 != 0 }
        set { setBit(0x10, newValue) }
    }

    /// Bit 5: the batch holds a control record (transaction marker).
    public var isControl: Bool {
        get { rawValue & 0x20 != 0 }
        set { setBit(0x20, newValue) }
    }

    /// Bit 6: baseTimestamp holds the compaction delete horizon (KIP-534).
    public var hasDeleteHorizon: Bool {
        get { rawValue & 0x40 != 0 }
        set { setBit(0x40, newValue) }
    }

    private mutating func setBit(_ bit: Int16, _ on: Bool) {
        if on { rawValue |= bit } else { rawValue &= ~bit }
    }

    public var description: String {
        "compression=\(compression.map(\.name) ?? "?\(compressionBits)") timestampType=\(timestampType)"
            + (isTransactional ? " transactional" : "") + (isControl ? " control" : "")
    }
}

/// Which clock a batch's timestamps come from.
public enum TimestampType: String, Sendable, Hashable, CustomStringConvertible {
    /// Set by the producer.
    case createTime = "CreateTime"
    /// Set by the broker on append.
    case logAppendTime = "LogAppendTime"

    public var description: String { rawValue }
}
