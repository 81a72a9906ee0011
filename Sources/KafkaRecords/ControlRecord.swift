import NIOCore

/// A transaction marker: the one record of a control batch (key: version + type; value: version + epoch).
public struct ControlRecord: Hashable, Sendable {
    /// What the marker ends: an abort or a commit.
    public enum Kind: Int16, Sendable {
        case abort = 0
        case commit = 1
    }

    /// Abort or commit.
    public var kind: Kind
    /// The transaction coordinator's epoch.
    public var coordinatorEpoch: Int32

    /// Creates a marker.
    public init(kind: Kind, coordinatorEpoch: Int32) {
        self.kind = kind
        self.coordinatorEpoch = coordinatorEpoch
    }

    /// The record key: int16 version (0), int16 type.
    public var key: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeMultipleIntegers(Int16(0), kind.rawValue)
        return buffer
    }

    /// The record value: int16 version (0), int32 coordinator epoch.
    public var value: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeMultipleIntegers(Int16(0), coordinatorEpoch)
        return buffer
    }

    /// Parses the record of a control batch.
    public init(record: Record) throws(KafkaRecordsError) {
        guard var key = record.key, let (version, type) = key.readMultipleIntegers(as: (Int16, Int16).self) else {
            throw KafkaRecordsError(.invalidControlRecord, "control record key is missing or shorter than 4 bytes")
        }
        guard version >= 0 else {
            throw KafkaRecordsError(.invalidControlRecord, "control record key version \(version)")
        }
        guard let kind = Kind(rawValue: type) else {
            throw KafkaRecordsError(.invalidControlRecord, "control record type \(type) is not abort or commit")
        }
        guard var value = record.value, let (_, epoch) = value.readMultipleIntegers(as: (Int16, Int32).self) else {
            throw KafkaRecordsError(.invalidControlRecord, "transaction marker value shorter than 6 bytes")
        }
        self.kind = kind
        self.coordinatorEpoch = epoch
    }

    /// A control batch holding this marker for a transactional producer.
    public func batch(producerId: Int64, producerEpoch: Int16, timestamp: Int64) throws(KafkaRecordsError)
        -> ByteBuffer
    {
        var builder = RecordBatchBuilder(
            producerId: producerId, producerEpoch: producerEpoch, isTransactional: true, isControl: true)
        builder.append(key: key, value: value, timestamp: timestamp)
        return try builder.build()
    }
}
