import Foundation
import KafkaRecords
import NIOCore
import Testing

// Batches captured from real clients (kcat/librdkafka, confluent-kafka, kafka-python) must decode to exactly
// what the capture script's independent checker recorded, and re-encode to the very same bytes.

/// manifest.json, as written by scripts/capture-record-fixtures.py.
struct FixtureManifest: Decodable {
    struct Fixture: Decodable, Sendable, CustomTestStringConvertible {
        var file: String
        var client: String
        var codec: String
        var batches: [Batch]
        var records: [Record]
        var testDescription: String { file }
    }

    struct Batch: Decodable, Sendable {
        var byteOffset: Int
        var byteLength: Int
        var baseOffset: Int64
        var partitionLeaderEpoch: Int32
        var crc: UInt32
        var attributes: Int16
        var codec: String
        var lastOffsetDelta: Int32
        var baseTimestamp: Int64
        var maxTimestamp: Int64
        var producerId: Int64
        var producerEpoch: Int16
        var baseSequence: Int32
        var recordCount: Int32
        var compressedSize: Int
        var uncompressedSize: Int
        var snappyFraming: String?
    }

    struct Record: Decodable, Sendable {
        var key: String?
        var value: String?
        /// [key, base64 value or null] pairs.
        var headers: [[String?]]
        var timestamp: Int64?
    }

    var fixtures: [Fixture]
}

enum Fixtures {
    static let directory: URL? = Bundle.module.resourceURL?.appendingPathComponent("Fixtures", isDirectory: true)

    struct Missing: Error {}

    static func loadManifest() throws -> FixtureManifest {
        guard let directory else { throw Missing() }
        let url = directory.appendingPathComponent("manifest.json")
        return try JSONDecoder().decode(FixtureManifest.self, from: Data(contentsOf: url))
    }

    /// Every fixture, or none when the manifest cannot be read (`manifestIsComplete` then fails).
    static let all: [FixtureManifest.Fixture] = (try? loadManifest())?.fixtures ?? []

    static func bytes(of fixture: FixtureManifest.Fixture) throws -> ByteBuffer {
        guard let directory else { throw Missing() }
        let url = directory.appendingPathComponent(fixture.file)
        return ByteBuffer(bytes: try Data(contentsOf: url))
    }
}

private func decodeBase64(_ text: String?) throws -> [UInt8]? {
    guard let text else { return nil }
    return Array(try #require(Data(base64Encoded: text), "bad base64 \(text)"))
}

private let snappyJavaMagic: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00]

@Suite("Golden fixtures from real clients")
struct GoldenFixtureTests {
    @Test("the manifest lists every .bin fixture, from all three clients and all codecs")
    func manifestIsComplete() throws {
        let manifest = try Fixtures.loadManifest()
        let directory = try #require(Fixtures.directory)
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".bin") }
        #expect(Set(manifest.fixtures.map(\.file)) == Set(onDisk))
        #expect(manifest.fixtures.count == onDisk.count)
        #expect(manifest.fixtures.count >= 18)
        #expect(Set(manifest.fixtures.map(\.client)) == ["kcat", "confluent-kafka", "kafka-python"])
        #expect(Set(manifest.fixtures.map(\.codec)) == Set(CompressionCodec.allCases.map(\.name)))
    }

    @Test("header fields and CRC equal the manifest", arguments: Fixtures.all)
    func headersMatch(fixture: FixtureManifest.Fixture) throws {
        let file = try Fixtures.bytes(of: fixture)
        let batches = try RecordBatch.decodeAll(file)
        try #require(batches.count == fixture.batches.count)
        #expect(fixture.batches.last.map { $0.byteOffset + $0.byteLength } == file.readableBytes)
        for (batch, expected) in zip(batches, fixture.batches) {
            let header = batch.header
            #expect(header.baseOffset == expected.baseOffset)
            #expect(header.totalSize == expected.byteLength)
            #expect(Int(header.batchLength) == expected.byteLength - RecordBatchHeader.logOverhead)
            #expect(header.partitionLeaderEpoch == expected.partitionLeaderEpoch)
            #expect(header.magic == 2)
            #expect(header.crc == expected.crc)
            #expect(header.attributes.rawValue == expected.attributes)
            #expect(header.attributes.compression?.name == expected.codec)
            #expect(header.lastOffsetDelta == expected.lastOffsetDelta)
            #expect(header.baseTimestamp == expected.baseTimestamp)
            #expect(header.maxTimestamp == expected.maxTimestamp)
            #expect(header.producerId == expected.producerId)
            #expect(header.producerEpoch == expected.producerEpoch)
            #expect(header.baseSequence == expected.baseSequence)
            #expect(header.recordCount == expected.recordCount)
            #expect(batch.records.count == Int(expected.recordCount))
            #expect(batch.payload.readableBytes == expected.compressedSize)
            #expect(RecordBatch.encodeRecords(batch.records).readableBytes == expected.uncompressedSize)
            // The CRC covers bytes 21…end of the batch, as found in the file.
            #expect(
                RecordBatchValidator.computeCRC(in: file, batchAt: expected.byteOffset, totalSize: expected.byteLength)
                    == expected.crc)
            let validated = try RecordBatchValidator.validate(
                in: file, at: expected.byteOffset, depth: .allRecords(maxDecompressedBytes: 1 << 20))
            #expect(validated == header)
        }
    }

    @Test("records equal the manifest", arguments: Fixtures.all)
    func recordsMatch(fixture: FixtureManifest.Fixture) throws {
        let batches = try RecordBatch.decodeAll(try Fixtures.bytes(of: fixture))
        try #require(batches.reduce(0) { $0 + $1.records.count } == fixture.records.count)
        var index = 0
        for batch in batches {
            for (position, record) in batch.records.enumerated() {
                let expected = fixture.records[index]
                #expect(record.key.map(bytesOf) == (try decodeBase64(expected.key)), "record \(index) key")
                #expect(record.value.map(bytesOf) == (try decodeBase64(expected.value)), "record \(index) value")
                #expect(record.headers.map { Optional($0.key) } == expected.headers.map { $0.first ?? nil }, "record \(index)")
                for (header, pair) in zip(record.headers, expected.headers) {
                    try #require(pair.count == 2)
                    #expect(header.value.map(bytesOf) == (try decodeBase64(pair[1])), "record \(index) header")
                }
                if let timestamp = expected.timestamp {
                    #expect(batch.timestamp(of: record) == timestamp, "record \(index) timestamp")
                }
                // Offset deltas count 0, 1, 2… within each batch.
                #expect(record.offsetDelta == Int32(position))
                #expect(batch.offset(of: record) == batch.header.baseOffset + Int64(position))
                #expect(record.attributes == 0)
                index += 1
            }
        }
    }

    @Test("re-encoding reproduces the client's bytes", arguments: Fixtures.all)
    func reencodingIsExact(fixture: FixtureManifest.Fixture) throws {
        let file = try Fixtures.bytes(of: fixture)
        let batches = try RecordBatch.decodeAll(file)
        for (batch, expected) in zip(batches, fixture.batches) {
            let original = bytesOf(try #require(file.getSlice(at: expected.byteOffset, length: expected.byteLength)))
            let codec = try #require(batch.header.attributes.compression)
            if codec == .none {
                #expect(bytesOf(try batch.encoded()) == original)
                #expect(bytesOf(batch.payload) == bytesOf(RecordBatch.encodeRecords(batch.records)))
            } else {
                #expect(bytesOf(batch.encodedPreservingPayload()) == original)
                let decompressed = try codec.decompress(bytesOf(batch.payload), maxDecompressedBytes: 1 << 20)
                #expect(decompressed.count == expected.uncompressedSize)
                #expect(bytesOf(RecordBatch.encodeRecords(batch.records)) == decompressed)
                // Our own compression differs from the client's but must decode to the same batch.
                var ours = try batch.encoded()
                let again = try RecordBatch.decode(from: &ours)
                #expect(ours.readableBytes == 0)
                #expect(again.records == batch.records)
                var header = again.header
                header.crc = batch.header.crc
                header.batchLength = batch.header.batchLength
                #expect(header == batch.header)
            }
        }
    }

    @Test("kafka-python's snappy uses snappy-java framing, librdkafka's is raw")
    func snappyFraming() throws {
        let snappyFixtures = Fixtures.all.filter { $0.codec == "snappy" }
        #expect(snappyFixtures.count == 4)
        for fixture in snappyFixtures {
            let batches = try RecordBatch.decodeAll(try Fixtures.bytes(of: fixture))
            let batch = try #require(batches.first)
            #expect(batch.header.attributes.compression == .snappy)
            let prefix = Array(bytesOf(batch.payload).prefix(8))
            if fixture.client == "kafka-python" {
                #expect(prefix == snappyJavaMagic, "\(fixture.file)")
                #expect(fixture.batches.first?.snappyFraming == "xerial")
            } else {
                #expect(prefix != snappyJavaMagic, "\(fixture.file)")
                #expect(fixture.batches.first?.snappyFraming == "raw")
                // A raw snappy block starts with the uncompressed length as a varint.
                var payload = batch.payload
                var length = 0
                var shift = 0
                while let byte = payload.readInteger(as: UInt8.self) {
                    length |= Int(byte & 0x7F) << shift
                    shift += 7
                    if byte & 0x80 == 0 { break }
                }
                #expect(length == fixture.batches.first?.uncompressedSize)
            }
        }
    }

    @Test("the multi-batch fixture decodes batch by batch, mixing codecs")
    func multiBatch() throws {
        let fixture = try #require(Fixtures.all.first { $0.batches.count > 1 })
        var file = try Fixtures.bytes(of: fixture)
        var codecs: [CompressionCodec?] = []
        for expected in fixture.batches {
            #expect(file.readerIndex == expected.byteOffset)
            let batch = try RecordBatch.decode(from: &file)
            codecs.append(batch.header.attributes.compression)
            #expect(batch.header.baseSequence == expected.baseSequence)
        }
        #expect(file.readableBytes == 0)
        #expect(codecs == [CompressionCodec.none, .gzip, CompressionCodec.none])
    }
}
