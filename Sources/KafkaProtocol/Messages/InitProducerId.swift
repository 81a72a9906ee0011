/// InitProducerId request (key 22), v0–v4 (flexible from v2): get a producer id and epoch, for an idempotent
/// (null transactional id) or transactional producer; v3+ can re-initialise an existing id and epoch (KIP-360).
/// (v5+'s 2PC fields are not supported.)
public struct InitProducerIdRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.initProducerId
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 2

    /// The transactional id, or nil if the producer is not transactional.
    public var transactionalId: String?
    /// How long in ms the coordinator waits before aborting an idle transaction of this producer.
    public var transactionTimeoutMs: Int32
    /// The producer's current id, to resume after an epoch error (v3+; -1 before and for a fresh producer).
    public var producerId: Int64
    /// The producer's current epoch (v3+; -1 before and for a fresh producer).
    public var producerEpoch: Int16

    public init(
        transactionalId: String? = nil, transactionTimeoutMs: Int32, producerId: Int64 = -1, producerEpoch: Int16 = -1
    ) {
        self.transactionalId = transactionalId
        self.transactionTimeoutMs = transactionTimeoutMs
        self.producerId = producerId
        self.producerEpoch = producerEpoch
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        transactionalId = try reader.readNullableString("TransactionalId")
        transactionTimeoutMs = try reader.readInt32("TransactionTimeoutMs")
        producerId = version >= 3 ? try reader.readInt64("ProducerId") : -1
        producerEpoch = version >= 3 ? try reader.readInt16("ProducerEpoch") : -1
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeNullableString(transactionalId)
        writer.writeInt32(transactionTimeoutMs)
        if version >= 3 {
            writer.writeInt64(producerId)
            writer.writeInt16(producerEpoch)
        }
        writer.writeEmptyTaggedFields()
    }
}

/// InitProducerId response, v0–v4: the producer id and epoch to use.
public struct InitProducerIdResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.initProducerId
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 2

    /// Throttle time in ms.
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    /// The producer id (-1 on error).
    public var producerId: Int64
    /// The producer epoch.
    public var producerEpoch: Int16

    public init(
        throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, producerId: Int64 = -1, producerEpoch: Int16 = 0
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.producerId = producerId
        self.producerEpoch = producerEpoch
    }

    public init(from reader: inout WireReader, version: Int16) throws(KafkaProtocolError) {
        throttleTimeMs = try reader.readInt32("ThrottleTimeMs")
        errorCode = KafkaErrorCode(rawValue: try reader.readInt16("ErrorCode"))
        producerId = try reader.readInt64("ProducerId")
        producerEpoch = try reader.readInt16("ProducerEpoch")
        try reader.skipTaggedFields()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt32(throttleTimeMs)
        writer.writeInt16(errorCode.rawValue)
        writer.writeInt64(producerId)
        writer.writeInt16(producerEpoch)
        writer.writeEmptyTaggedFields()
    }
}
