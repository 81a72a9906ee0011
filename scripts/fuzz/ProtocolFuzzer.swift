// A libFuzzer target for Tributary's input decoders: KafkaProtocol (framing, request headers, every request
// body at every version) and KafkaRecords (record batches, the validator, the compression codecs).
//
// Not a SwiftPM target: scripts/fuzz.sh builds the library modules with coverage instrumentation and compiles
// this one file against them with `swiftc -sanitize=fuzzer,address -parse-as-library`.
//
// Input layout. The first byte picks a mode (byte % 4); what follows depends on it:
//   0 stream   [frames…]                    a byte stream as a client sends it: KafkaFrameDecoder splits it, each
//                                           frame goes through RequestHeader.read, skipFlexibleTags when the
//                                           header names a flexible version, then the body decoder of the API the
//                                           header names (Produce's records are decoded as batches too).
//   1 message  [api] [version] [body…]      one request body: api % 23 picks the message type (see `requestTypes`),
//                                           version % (number of versions) picks the version within its range
//                                           (a version byte >= 0xF0 asks for an out-of-range version instead).
//   2 records  [flags] [batches…]           RecordBatch.decodeAll and RecordBatchValidator.validate at every depth.
//                                           flags bit 0: decodeAll skips CRC checks; bit 1: the harness rewrites
//                                           each batch's CRC first (so mutations get past the check); bits 2–4:
//                                           decompression limit (see `limits`); bit 5: the batches start at a
//                                           non-zero reader index.
//   3 codec    [codec] [limit] [payload…]   CompressionCodec(rawValue: codec % 5).decompress with a small limit.
//
// Besides "must not crash", successful decodes are checked for consistency: a lenient decode re-encodes to
// bytes that decode strictly to the same value, a strict decode agrees with the lenient one, a batch re-encoded
// with its stored payload decodes to the same records, and a decompressed payload recompresses losslessly.
//
// Seeds: with TRIBUTARY_FUZZ_WRITE_SEEDS=DIR (and optionally TRIBUTARY_FUZZ_FIXTURES=DIR of RecordBatch .bin
// files) the binary writes a seed corpus into DIR and exits instead of fuzzing.

import Glibc
import KafkaProtocol
import KafkaRecords
import NIOCore

// MARK: - Entry points

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    let input = UnsafeRawBufferPointer(start: start, count: count)
    let mode = input[0] % 4
    let rest = UnsafeRawBufferPointer(rebasing: input[1...])
    switch mode {
    case 0: fuzzStream(ByteBuffer(bytes: rest))
    case 1: fuzzMessage(rest)
    case 2: fuzzRecords(rest)
    default: fuzzCodec(rest)
    }
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    if let directory = getenv("TRIBUTARY_FUZZ_WRITE_SEEDS") {
        let fixtures = getenv("TRIBUTARY_FUZZ_FIXTURES").map { String(cString: $0) }
        let written = SeedWriter(directory: String(cString: directory)).writeAll(fixturesDirectory: fixtures)
        print("wrote \(written) seeds to \(String(cString: directory))")
        fflush(nil)
        exit(0)
    }
    return 0
}

// MARK: - The request types

/// Every request message the broker decodes; the mode-1 API byte indexes this list.
let requestTypes: [any (KafkaMessage & Hashable).Type] = [
    ApiVersionsRequest.self, MetadataRequest.self, ProduceRequest.self, FetchRequest.self, ListOffsetsRequest.self,
    CreateTopicsRequest.self, DeleteTopicsRequest.self, CreatePartitionsRequest.self, DeleteRecordsRequest.self,
    DescribeConfigsRequest.self, AlterConfigsRequest.self, IncrementalAlterConfigsRequest.self,
    InitProducerIdRequest.self, FindCoordinatorRequest.self, JoinGroupRequest.self, SyncGroupRequest.self,
    HeartbeatRequest.self, LeaveGroupRequest.self, OffsetCommitRequest.self, OffsetFetchRequest.self,
    DescribeGroupsRequest.self, ListGroupsRequest.self, DeleteGroupsRequest.self,
]

func requestType(for key: ApiKey) -> (any (KafkaMessage & Hashable).Type)? {
    requestTypes.first { $0.apiKey == key }
}

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz invariant violated: \(message())") }
}

// MARK: - Mode 0: a client's byte stream

func fuzzStream(_ bytes: ByteBuffer) {
    var stream = bytes
    var decoder = KafkaFrameDecoder()
    while true {
        let before = stream.readableBytes
        let frame: ByteBuffer?
        do { frame = try decoder.decode(buffer: &stream) } catch { return }
        guard let frame else { break }
        check(stream.readableBytes == before - 4 - frame.readableBytes, "frame decoder consumed the wrong byte count")
        handleFrame(frame)
    }
    _ = try? decoder.decodeLast(buffer: &stream, seenEOF: true)
}

/// What the broker's router does with one frame, minus running a handler.
func handleFrame(_ frame: ByteBuffer) {
    var body = frame
    guard let header = try? RequestHeader.read(from: &body) else { return }
    check(body.readableBytes <= frame.readableBytes - 10, "request header consumed fewer than 10 bytes")
    guard let type = requestType(for: header.apiKey) else { return }
    exerciseFramed(type, body: body, version: header.apiVersion)
}

func exerciseFramed<M: KafkaMessage & Hashable>(_ type: M.Type, body: ByteBuffer, version: Int16) {
    var body = body
    if M.isFlexible(version) {
        guard (try? RequestHeader.skipFlexibleTags(from: &body)) != nil else { return }
    }
    exerciseMessage(type, body: body, version: version)
}

// MARK: - Mode 1: one request body

func fuzzMessage(_ bytes: UnsafeRawBufferPointer) {
    guard bytes.count >= 2 else { return }
    let type = requestTypes[Int(bytes[0]) % requestTypes.count]
    let body = ByteBuffer(bytes: UnsafeRawBufferPointer(rebasing: bytes[2...]))
    exerciseSelected(type, versionByte: bytes[1], body: body)
}

func exerciseSelected<M: KafkaMessage & Hashable>(_ type: M.Type, versionByte: UInt8, body: ByteBuffer) {
    if versionByte >= 0xF0 {
        // Out of range on either side: both decoders must refuse it.
        let version = versionByte & 1 == 0 ? M.versions.lowerBound &- 1 : M.versions.upperBound &+ 1
        check((try? M.decodeLeniently(body, version: version)) == nil, "\(M.apiKey) accepted v\(version)")
        check((try? M.decode(body, version: version)) == nil, "\(M.apiKey) accepted v\(version) strictly")
        return
    }
    let span = Int(M.versions.upperBound) - Int(M.versions.lowerBound) + 1
    let version = M.versions.lowerBound + Int16(Int(versionByte) % span)
    exerciseMessage(type, body: body, version: version)
}

/// Decodes leniently and strictly, checks they agree, and that what decoded re-encodes to the same value.
func exerciseMessage<M: KafkaMessage & Hashable>(_ type: M.Type, body: ByteBuffer, version: Int16) {
    let strict = try? M.decode(body, version: version)
    guard let (message, leftover) = try? M.decodeLeniently(body, version: version) else {
        check(strict == nil, "\(M.apiKey) v\(version): strict decode succeeded where lenient failed")
        return
    }
    check(leftover >= 0 && leftover <= body.readableBytes, "\(M.apiKey) v\(version): leftover \(leftover)")
    if leftover == 0 {
        check(strict == message, "\(M.apiKey) v\(version): strict and lenient decodes differ")
    } else {
        check(strict == nil, "\(M.apiKey) v\(version): strict decode ignored \(leftover) trailing bytes")
    }
    let encoded = message.encoded(version: version)
    do {
        let again = try M.decode(encoded, version: version)
        check(again == message, "\(M.apiKey) v\(version): decode(encode(x)) != x")
    } catch {
        fatalError("fuzz invariant violated: \(M.apiKey) v\(version): re-encoded message fails to decode: \(error)")
    }
    if let produce = message as? ProduceRequest {
        for topic in produce.topicData {
            for partition in topic.partitionData {
                if let records = partition.records { exerciseBatches(records, verifyCRC: true, limit: 1 << 20) }
            }
        }
    }
}

// MARK: - Mode 2: record batches

let limits = [1 << 20, 1 << 16, 4096, 512, 64, 8, 1, 0]

func fuzzRecords(_ bytes: UnsafeRawBufferPointer) {
    guard let flags = bytes.first else { return }
    let payload = UnsafeRawBufferPointer(rebasing: bytes[1...])
    var buffer = ByteBuffer()
    if flags & 0x20 != 0 {
        // Junk before the reader index: index arithmetic must be relative to the reader index, not to 0.
        buffer.writeBytes([0xFF, 0x00, 0xFF])
        buffer.moveReaderIndex(forwardBy: 3)
    }
    buffer.writeBytes(payload)
    if flags & 0x02 != 0 { fixCRCs(&buffer) }
    exerciseBatches(buffer, verifyCRC: flags & 0x01 == 0, limit: limits[Int(flags >> 2) & 0x07])
}

/// Rewrites the CRC of each batch whose length fits, walking batch by batch.
func fixCRCs(_ buffer: inout ByteBuffer) {
    var index = buffer.readerIndex
    while let length = buffer.getInteger(at: index + RecordBatchHeader.FieldOffset.batchLength, as: Int32.self),
        Int(length) >= RecordBatchHeader.size - RecordBatchHeader.logOverhead,
        index + Int(length) + RecordBatchHeader.logOverhead <= buffer.writerIndex
    {
        RecordBatchValidator.updateCRC(in: &buffer, batchAt: index)
        index += Int(length) + RecordBatchHeader.logOverhead
    }
}

func exerciseBatches(_ buffer: ByteBuffer, verifyCRC: Bool, limit: Int) {
    if let batches = try? RecordBatch.decodeAll(buffer, verifyCRC: verifyCRC, maxDecompressedBytes: limit) {
        for batch in batches { exerciseDecodedBatch(batch) }
    }
    // The validator, batch by batch as the log does, at each depth.
    for depth in [RecordBatchValidator.Depth.frame, .uncompressedRecords, .allRecords(maxDecompressedBytes: limit)] {
        var index = buffer.readerIndex
        while index < buffer.writerIndex {
            guard let header = try? RecordBatchValidator.validate(in: buffer, at: index, depth: depth) else { break }
            check(header.totalSize >= RecordBatchHeader.size, "validated batch smaller than its header")
            check(index + header.totalSize <= buffer.writerIndex, "validated batch runs past the buffer")
            index += header.totalSize
        }
    }
    _ = RecordBatchHeader.nextOffset(afterBatchesIn: buffer)
}

func exerciseDecodedBatch(_ batch: RecordBatch) {
    check(batch.records.count == Int(batch.header.recordCount), "decoded record count differs from the header")
    if batch.header.attributes.isControl, let first = batch.records.first {
        _ = try? ControlRecord(record: first)
    }
    for record in batch.records {
        _ = batch.offset(of: record)
        _ = batch.timestamp(of: record)
    }
    // The stored payload re-framed (with a fresh CRC) must decode to exactly the same records.
    let preserved = batch.encodedPreservingPayload()
    do {
        let again = try RecordBatch.decodeAll(preserved, maxDecompressedBytes: RecordBatch.defaultMaxDecompressedBytes)
        check(again.count == 1 && again[0].records == batch.records, "re-framed batch decodes to other records")
    } catch {
        fatalError("fuzz invariant violated: re-framed batch fails to decode: \(error)")
    }
    // Re-encoding from the records (recompressing) must decode to as many records.
    do {
        let reencoded = try batch.encoded()
        let again = try RecordBatch.decodeAll(reencoded, maxDecompressedBytes: RecordBatch.defaultMaxDecompressedBytes)
        check(again.count == 1 && again[0].records.count == batch.records.count, "re-encoded batch lost records")
    } catch {
        fatalError("fuzz invariant violated: re-encoded batch fails: \(error)")
    }
}

// MARK: - Mode 3: codecs

let codecLimits = [0, 1, 64, 4096, 1 << 16, 1 << 20]

func fuzzCodec(_ bytes: UnsafeRawBufferPointer) {
    guard bytes.count >= 2, let codec = CompressionCodec(rawValue: Int16(bytes[0] % 5)) else { return }
    let limit = codecLimits[Int(bytes[1]) % codecLimits.count]
    let payload = Array(UnsafeRawBufferPointer(rebasing: bytes[2...]))
    guard let output = try? codec.decompress(payload, maxDecompressedBytes: limit) else { return }
    check(output.count <= limit, "\(codec) produced \(output.count) bytes over the limit \(limit)")
    do {
        let compressed = try codec.compress(output)
        let again = try codec.decompress(compressed, maxDecompressedBytes: output.count)
        check(again == output, "\(codec) does not round-trip")
        if codec == .snappy {
            let framed = try CompressionCodec.snappyJavaFramed(output, blockSize: 1 + Int(bytes[1]) * 64)
            check(try codec.decompress(framed, maxDecompressedBytes: output.count) == output, "snappy-java framing")
        }
    } catch {
        fatalError("fuzz invariant violated: \(codec) recompression failed: \(error)")
    }
}

// MARK: - Seeds

/// Writes valid inputs for every mode: each request at each version (as a framed stream and as a mode-1 body),
/// the RecordBatch fixtures (as batches, inside Produce requests, and their payloads for the codecs).
struct SeedWriter {
    let directory: String

    func writeAll(fixturesDirectory: String?) -> Int {
        var count = 0
        let fixtures = fixturesDirectory.map(readFixtures) ?? []
        var batches = fixtures + CompressionCodec.allCases.map(builtBatch)
        if let marker = try? ControlRecord(kind: .commit, coordinatorEpoch: 3).batch(
            producerId: 9, producerEpoch: 1, timestamp: 1_700_000_000_000)
        {
            batches.append(Array(marker.readableBytesView))
        }
        for (index, type) in requestTypes.enumerated() {
            for version in type.versions {
                for (variant, body) in sampleBodies(type, version: version, batches: batches).enumerated() {
                    let name = "\(type.apiKey.name)-v\(version)-\(variant)"
                    write("msg-\(name)", [1, UInt8(index), UInt8(version - type.versions.lowerBound)] + body)
                    write("frame-\(name)", [0] + frame(type, version: version, body: body))
                    count += 2
                }
            }
        }
        // Two requests in one stream, then a truncated third.
        let two = frame(ApiVersionsRequest.self, version: 3, body: bytes(ApiVersionsRequest(clientSoftwareName: "f", clientSoftwareVersion: "1"), 3))
            + frame(MetadataRequest.self, version: 12, body: bytes(MetadataRequest(topics: nil), 12))
        write("frame-stream", [0] + two + [0, 0, 0, 9, 0])
        count += 1
        for (index, batch) in batches.enumerated() {
            write("records-\(index)", [2, 0x00] + batch)
            write("records-nocrc-\(index)", [2, 0x01] + batch)
            write("records-fixcrc-limit-\(index)", [2, 0x02 | (2 << 2)] + batch)
            count += 3
            guard let header = RecordBatchHeader.peek(in: ByteBuffer(bytes: batch), at: 0),
                let codec = header.attributes.compression, batch.count >= header.totalSize
            else { continue }
            let section = Array(batch[RecordBatchHeader.size..<header.totalSize])
            write("codec-\(codec)-\(index)", [3, UInt8(codec.rawValue), 5] + section)
            write("codec-\(codec)-small-\(index)", [3, UInt8(codec.rawValue), 2] + section)
            count += 2
        }
        let text = Array(String(repeating: "tributary fuzz ", count: 40).utf8)
        for codec in CompressionCodec.allCases {
            if let compressed = try? codec.compress(text) {
                write("codec-\(codec)-text", [3, UInt8(codec.rawValue), 4] + compressed)
                count += 1
            }
        }
        if let framed = try? CompressionCodec.snappyJavaFramed(text, blockSize: 100) {
            write("codec-snappy-java", [3, 2, 4] + framed)
            count += 1
        }
        return count
    }

    func builtBatch(compression: CompressionCodec) -> [UInt8] {
        var builder = RecordBatchBuilder(compression: compression)
        builder.append(key: ByteBuffer(string: "k1"), value: ByteBuffer(string: "v1"), timestamp: 1_700_000_000_000)
        builder.append(
            key: nil, value: ByteBuffer(string: "value two"),
            headers: [RecordHeader(key: "h", value: ByteBuffer(string: "x")), RecordHeader(key: "n", value: nil)],
            timestamp: 1_700_000_000_001)
        builder.append(key: ByteBuffer(string: "k3"), value: nil, timestamp: 1_700_000_000_002)
        guard let built = try? builder.build() else { return [] }
        return Array(built.readableBytesView)
    }

    func readFixtures(_ path: String) -> [[UInt8]] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name.hasSuffix(".bin") { names.append(name) }
        }
        return names.sorted().compactMap { readFile(path + "/" + $0) }
    }

    func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return bytes
    }

    func write(_ name: String, _ bytes: [UInt8]) {
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        guard let file = fopen(directory + "/" + safe, "wb") else { fatalError("cannot write seed \(safe)") }
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
    }

    func frame<M: KafkaMessage>(_ type: M.Type, version: Int16, body: [UInt8]) -> [UInt8] {
        var buffer = ByteBuffer()
        RequestHeader(apiKey: M.apiKey, apiVersion: version, correlationId: 7, clientId: "fuzz")
            .write(into: &buffer, flexible: M.isFlexible(version))
        buffer.writeBytes(body)
        var framed = ByteBuffer()
        framed.writeInteger(Int32(buffer.readableBytes))
        framed.writeBuffer(&buffer)
        return Array(framed.readableBytesView)
    }

    func bytes<M: KafkaMessage>(_ message: M, _ version: Int16) -> [UInt8] {
        Array(message.encoded(version: version).readableBytesView)
    }

    /// A populated sample of each request, encoded at `version`.
    func sampleBodies<M: KafkaMessage & Hashable>(_ type: M.Type, version v: Int16, batches: [[UInt8]]) -> [[UInt8]] {
        let samples: [any KafkaMessage]
        switch M.apiKey {
        case .apiVersions:
            samples = [ApiVersionsRequest(clientSoftwareName: "tributary-fuzz", clientSoftwareVersion: "1.0")]
        case .metadata:
            samples = [
                MetadataRequest(
                    topics: [
                        .init(topicId: v >= 10 ? KafkaUUID(high: 1, low: 2) : .zero, name: "orders"),
                        .init(topicId: .zero, name: v >= 10 ? nil : ""),
                    ],
                    allowAutoTopicCreation: v < 4, includeClusterAuthorizedOperations: (8...10).contains(v),
                    includeTopicAuthorizedOperations: v >= 8),
                MetadataRequest(topics: nil),
            ]
        case .produce:
            samples = [
                ProduceRequest(
                    transactionalId: "txn-1", acks: -1, timeoutMs: 1500,
                    topicData: [
                        .init(
                            name: "orders",
                            partitionData: [
                                .init(index: 0, records: ByteBuffer(bytes: [1, 2, 3, 4])), .init(index: 7, records: nil),
                            ]),
                        .init(name: "empty", partitionData: []),
                    ])
            ]
                + batches.prefix(4).map { batch in
                    ProduceRequest(
                        acks: 1, timeoutMs: 30000,
                        topicData: [.init(name: "t", partitionData: [.init(index: 0, records: ByteBuffer(bytes: batch))])])
                }
        case .fetch:
            samples = [
                FetchRequest(
                    replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 52_428_800, isolationLevel: 1,
                    sessionId: v >= 7 ? 1234 : 0, sessionEpoch: v >= 7 ? 5 : -1,
                    topics: [
                        .init(
                            topic: "orders",
                            partitions: [
                                .init(
                                    partition: 2, currentLeaderEpoch: v >= 9 ? 7 : -1, fetchOffset: 1000,
                                    lastFetchedEpoch: v >= 12 ? 6 : -1, logStartOffset: v >= 5 ? 10 : -1,
                                    partitionMaxBytes: 1_048_576)
                            ])
                    ],
                    forgottenTopicsData: v >= 7 ? [.init(topic: "old", partitions: [0, 4])] : [],
                    rackId: v >= 11 ? "rack-a" : "")
            ]
        case .listOffsets:
            samples = [
                ListOffsetsRequest(
                    replicaId: -1, isolationLevel: v >= 2 ? 1 : 0,
                    topics: [
                        .init(
                            name: "orders",
                            partitions: [
                                .init(partitionIndex: 0, currentLeaderEpoch: v >= 4 ? 3 : -1, timestamp: -2),
                                .init(partitionIndex: 1, timestamp: 1_700_000_000_000),
                            ])
                    ])
            ]
        case .createTopics:
            samples = [
                CreateTopicsRequest(
                    topics: [
                        .init(
                            name: "orders", numPartitions: 6, replicationFactor: 3,
                            assignments: [.init(partitionIndex: 0, brokerIds: [1, 2, 3])],
                            configs: [.init(name: "retention.ms", value: "1000"), .init(name: "cleanup.policy", value: nil)]),
                        .init(name: "payments", numPartitions: 1, replicationFactor: 1),
                    ],
                    timeoutMs: 1234, validateOnly: v >= 1)
            ]
        case .deleteTopics:
            samples = [DeleteTopicsRequest(topicNames: ["orders", "payments", ""], timeoutMs: 3000)]
        case .createPartitions:
            samples = [
                CreatePartitionsRequest(
                    topics: [
                        .init(name: "orders", count: 8, assignments: [.init(brokerIds: [1, 2]), .init(brokerIds: [2, 3])]),
                        .init(name: "payments", count: 3, assignments: nil),
                    ],
                    timeoutMs: 5000, validateOnly: true)
            ]
        case .deleteRecords:
            samples = [
                DeleteRecordsRequest(
                    topics: [
                        .init(name: "orders", partitions: [.init(partitionIndex: 0, offset: 100), .init(partitionIndex: 3, offset: -1)]),
                        .init(name: "payments", partitions: []),
                    ],
                    timeoutMs: 30000)
            ]
        case .describeConfigs:
            samples = [
                DescribeConfigsRequest(
                    resources: [
                        .init(resourceType: 2, resourceName: "orders", configurationKeys: ["retention.ms", "cleanup.policy"]),
                        .init(resourceType: 4, resourceName: "1", configurationKeys: nil),
                    ],
                    includeSynonyms: true, includeDocumentation: v >= 3)
            ]
        case .alterConfigs:
            samples = [
                AlterConfigsRequest(
                    resources: [
                        .init(
                            resourceType: 2, resourceName: "orders",
                            configs: [.init(name: "retention.ms", value: "1000"), .init(name: "cleanup.policy", value: nil)]),
                        .init(resourceType: 4, resourceName: "1", configs: []),
                    ],
                    validateOnly: true)
            ]
        case .incrementalAlterConfigs:
            samples = [
                IncrementalAlterConfigsRequest(
                    resources: [
                        .init(
                            resourceType: 2, resourceName: "orders",
                            configs: [
                                .init(name: "retention.ms", configOperation: 0, value: "1000"),
                                .init(name: "cleanup.policy", configOperation: 1, value: nil),
                            ]),
                        .init(resourceType: 4, resourceName: "", configs: [.init(name: "x", configOperation: 3, value: "y")]),
                    ],
                    validateOnly: true)
            ]
        case .initProducerId:
            samples = [
                InitProducerIdRequest(transactionalId: "txn-1", transactionTimeoutMs: 60000, producerId: 42, producerEpoch: 3),
                InitProducerIdRequest(transactionalId: nil, transactionTimeoutMs: -1),
            ]
        case .findCoordinator:
            samples = [FindCoordinatorRequest(key: "group-a", keyType: v >= 1 ? 1 : 0)]
        case .joinGroup:
            samples = [
                JoinGroupRequest(
                    groupId: "grp", sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 60_000, memberId: "member-1",
                    groupInstanceId: v >= 5 ? "instance-1" : nil, protocolType: "consumer",
                    protocols: [
                        .init(name: "range", metadata: ByteBuffer(bytes: [0, 1, 2, 3])),
                        .init(name: "cooperative-sticky", metadata: ByteBuffer(bytes: [9])),
                    ])
            ]
        case .syncGroup:
            samples = [
                SyncGroupRequest(
                    groupId: "grp", generationId: 4, memberId: "member-1", groupInstanceId: v >= 3 ? "i-1" : nil,
                    protocolType: "consumer", protocolName: "range",
                    assignments: [
                        .init(memberId: "member-1", assignment: ByteBuffer(bytes: [0, 1, 0, 0])),
                        .init(memberId: "member-2", assignment: ByteBuffer()),
                    ])
            ]
        case .heartbeat:
            samples = [HeartbeatRequest(groupId: "grp", generationId: 5, memberId: "member-1", groupInstanceId: "i-1")]
        case .leaveGroup:
            samples = [
                LeaveGroupRequest(
                    groupId: "grp", memberId: "member-1",
                    members: [
                        .init(memberId: "member-1", groupInstanceId: "i-1", reason: "shutting down"),
                        .init(memberId: "member-2", groupInstanceId: nil, reason: nil),
                    ])
            ]
        case .offsetCommit:
            samples = [
                OffsetCommitRequest(
                    groupId: "grp", generationIdOrMemberEpoch: 6, memberId: "member-1", groupInstanceId: "i-1",
                    retentionTimeMs: 86_400_000,
                    topics: [
                        .init(
                            name: "orders",
                            partitions: [
                                .init(partitionIndex: 0, committedOffset: 1_000_000, committedLeaderEpoch: 3, committedMetadata: "meta"),
                                .init(partitionIndex: 7, committedOffset: 5, committedLeaderEpoch: 4, committedMetadata: nil),
                            ]),
                        .init(name: "payments", partitions: []),
                    ])
            ]
        case .offsetFetch:
            samples = [
                OffsetFetchRequest(
                    groupId: "grp",
                    topics: [.init(name: "orders", partitionIndexes: [0, 1, 2])],
                    groups: [
                        .init(groupId: "g1", topics: [.init(name: "orders", partitionIndexes: [5])]),
                        .init(groupId: "g2", topics: nil),
                    ],
                    requireStable: true),
                OffsetFetchRequest(groupId: "grp", topics: nil),
            ]
        case .describeGroups:
            samples = [DescribeGroupsRequest(groups: ["grp", "other", ""], includeAuthorizedOperations: true)]
        case .listGroups:
            samples = [ListGroupsRequest(statesFilter: ["Stable", "Empty"], typesFilter: ["classic"])]
        case .deleteGroups:
            samples = [DeleteGroupsRequest(groupsNames: ["grp", "other"])]
        default:
            samples = []
        }
        return samples.map { Array($0.encoded(version: v).readableBytesView) }
    }
}
