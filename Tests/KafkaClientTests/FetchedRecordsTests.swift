import KafkaProtocol
import KafkaRecords
import NIOCore
import Testing

@testable import KafkaClient

@Suite struct FetchedRecordsTests {
    let partition = TopicPartition("t", 0)

    private func batch(
        at baseOffset: Int64,
        values: [String],
        producerId: Int64 = -1,
        transactional: Bool = false
    ) throws -> ByteBuffer {
        var builder = RecordBatchBuilder(producerId: producerId, producerEpoch: 0, isTransactional: transactional)
        for value in values { builder.append(key: nil, value: ByteBuffer(string: value), timestamp: 1000) }
        return try builder.build(baseOffset: baseOffset)
    }

    private func marker(_ kind: ControlRecord.Kind, at offset: Int64, producerId: Int64) throws -> ByteBuffer {
        var bytes = try ControlRecord(kind: kind, coordinatorEpoch: 0).batch(
            producerId: producerId,
            producerEpoch: 0,
            timestamp: 1000
        )
        bytes.setInteger(offset, at: 0)
        return bytes
    }

    private func values(_ fetched: FetchedRecords) -> [String] {
        fetched.records.map { String(buffer: $0.value!) }
    }

    @Test func recordsBeforeTheFetchOffsetAreSkipped() throws {
        var bytes = try batch(at: 10, values: ["a", "b", "c", "d"])
        var second = try batch(at: 14, values: ["e"])
        bytes.writeBuffer(&second)
        let fetched = try FetchedRecords.decode(
            .bytes(bytes),
            partition: partition,
            fetchOffset: 12,
            abortedTransactions: nil,
            readCommitted: false,
            verifyCRC: true
        )
        #expect(values(fetched) == ["c", "d", "e"])
        #expect(fetched.records.map(\.offset) == [12, 13, 14])
        #expect(fetched.nextOffset == 15)
    }

    @Test func aTrailingPartialBatchIsLeftForTheNextFetch() throws {
        var bytes = try batch(at: 0, values: ["a"])
        let second = try batch(at: 1, values: ["b", "c"])
        bytes.writeBytes(second.readableBytesView.prefix(second.readableBytes - 3))
        let fetched = try FetchedRecords.decode(
            .bytes(bytes),
            partition: partition,
            fetchOffset: 0,
            abortedTransactions: nil,
            readCommitted: false,
            verifyCRC: true
        )
        #expect(values(fetched) == ["a"])
        #expect(fetched.nextOffset == 1)
        #expect(fetched.truncatedBatchSize == nil)

        let alone = ByteBuffer(bytes: second.readableBytesView.prefix(second.readableBytes - 3))
        let nothing = try FetchedRecords.decode(
            .bytes(alone),
            partition: partition,
            fetchOffset: 1,
            abortedTransactions: nil,
            readCommitted: false,
            verifyCRC: true
        )
        #expect(nothing.records.isEmpty)
        #expect(nothing.truncatedBatchSize == second.readableBytes)
    }

    @Test func controlBatchesAreSkippedAndAbortedTransactionsDropped() throws {
        var bytes = try batch(at: 0, values: ["committed-1"], producerId: 7, transactional: true)
        var commit = try marker(.commit, at: 1, producerId: 7)
        var aborted = try batch(at: 2, values: ["aborted"], producerId: 8, transactional: true)
        var abort = try marker(.abort, at: 3, producerId: 8)
        var plain = try batch(at: 4, values: ["plain"])
        bytes.writeBuffer(&commit)
        bytes.writeBuffer(&aborted)
        bytes.writeBuffer(&abort)
        bytes.writeBuffer(&plain)
        let committed = try FetchedRecords.decode(
            .bytes(bytes),
            partition: partition,
            fetchOffset: 0,
            abortedTransactions: [.init(producerId: 8, firstOffset: 2)],
            readCommitted: true,
            verifyCRC: true
        )
        #expect(values(committed) == ["committed-1", "plain"])
        #expect(committed.nextOffset == 5)
        let uncommitted = try FetchedRecords.decode(
            .bytes(bytes),
            partition: partition,
            fetchOffset: 0,
            abortedTransactions: nil,
            readCommitted: false,
            verifyCRC: true
        )
        #expect(values(uncommitted) == ["committed-1", "aborted", "plain"])
    }

    @Test func corruptBatchesAreReported() throws {
        var bytes = try batch(at: 0, values: ["a"])
        bytes.setInteger(UInt8(0x55), at: bytes.writerIndex - 1)
        #expect(throws: KafkaClientError.self) {
            try FetchedRecords.decode(
                .bytes(bytes),
                partition: partition,
                fetchOffset: 0,
                abortedTransactions: nil,
                readCommitted: false,
                verifyCRC: true
            )
        }
    }
}
