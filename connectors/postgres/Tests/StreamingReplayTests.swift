#if canImport(Glibc)
import Glibc
#endif
import ConnectAPI
import Logging
import Testing

@testable import PostgresConnector

/// Builds pgoutput messages (proto 1 and the proto 2 stream messages) for driving a pump without a server.
enum Wire {
    static func u32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * UInt32($0))) } }
    static func u64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * UInt64($0))) } }
    static func cString(_ s: String) -> [UInt8] { Array(s.utf8) + [0] }
    static func xid(_ xid: UInt32?) -> [UInt8] { xid.map(u32) ?? [] }

    /// `R`: `public.<name>` with int4 key `id` and text columns.
    static func relation(_ oid: UInt32, _ name: String, textColumns: [String], xid: UInt32? = nil) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "R")] + self.xid(xid) + u32(oid) + cString("public") + cString(name) + [UInt8(ascii: "d")]
        let count = UInt16(1 + textColumns.count)
        out += [UInt8(count >> 8), UInt8(truncatingIfNeeded: count)]
        out += [1] + cString("id") + u32(23) + u32(UInt32(bitPattern: -1))
        for column in textColumns { out += [0] + cString(column) + u32(25) + u32(UInt32(bitPattern: -1)) }
        return out
    }

    /// `I` with text values.
    static func insert(_ oid: UInt32, _ values: [String], xid: UInt32? = nil) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "I")] + self.xid(xid) + u32(oid) + [UInt8(ascii: "N")]
        out += [UInt8(values.count >> 8), UInt8(truncatingIfNeeded: values.count)]
        for value in values { out += [UInt8(ascii: "t")] + u32(UInt32(value.utf8.count)) + Array(value.utf8) }
        return out
    }

    static func begin(finalLSN: UInt64, time: Int64, xid: UInt32) -> [UInt8] {
        [UInt8(ascii: "B")] + u64(finalLSN) + u64(UInt64(bitPattern: time)) + u32(xid)
    }

    static func commit(commitLSN: UInt64, endLSN: UInt64, time: Int64) -> [UInt8] {
        [UInt8(ascii: "C"), 0] + u64(commitLSN) + u64(endLSN) + u64(UInt64(bitPattern: time))
    }

    static func streamStart(_ xid: UInt32, first: Bool) -> [UInt8] { [UInt8(ascii: "S")] + u32(xid) + [first ? 1 : 0] }
    static let streamStop: [UInt8] = [UInt8(ascii: "E")]

    static func streamCommit(_ xid: UInt32, commitLSN: UInt64, endLSN: UInt64, time: Int64) -> [UInt8] {
        [UInt8(ascii: "c")] + u32(xid) + [0] + u64(commitLSN) + u64(endLSN) + u64(UInt64(bitPattern: time))
    }

    static func streamAbort(_ xid: UInt32, _ subxid: UInt32) -> [UInt8] { [UInt8(ascii: "A")] + u32(xid) + u32(subxid) }
}

/// A pump with no server behind it: frames go in through `send`, records come out of `records()`.
final class PumpHarness {
    let pump: ReplicationPump
    let shared = PumpShared(capacity: 100_000)
    let scratch = ScratchDirectory()

    init(streaming: Bool = true, metadata: Bool = false, stored: SourceOffset? = nil) throws {
        var properties = ["topic.prefix": "dbserver1", "database.user": "u", "database.dbname": "cdc",
                          "streaming": "\(streaming)", "streaming.spool.dir": scratch.path]
        if metadata { properties["provide.transaction.metadata"] = "true" }
        let config = try PostgresSourceConfig(properties: properties)
        let events = EventBuilder(identity: ConnectorIdentity(serverName: "dbserver1", version: "test"),
                                  rows: RowConverter(placeholder: "__debezium_unavailable_value"), tombstonesOnDelete: true)
        pump = ReplicationPump(config: config, shared: shared, logger: Logger(label: "test"), events: events,
                               stored: stored.flatMap(SourceOffsets.init))
        pump.streamingActive = try pump.negotiateStreaming(serverVersion: 150018)
    }

    deinit {
        pump.discardSpools()
        pump.spoolDirectory?.remove()
        scratch.remove()
    }

    /// Sends one XLogData frame with `payload` at WAL position `lsn`.
    func send(_ payload: [UInt8], at lsn: UInt64 = 0) throws {
        try pump.handle(.xLogData(XLogData(dataStart: LSN(rawValue: lsn), walEnd: LSN(rawValue: lsn), sendTime: 0, payload: payload)))
    }

    func records() -> [SourceRecord] { shared.take(max: 100_000).0 }
}

private let bigOID: UInt32 = 16467
private let smallOID: UInt32 = 16500
private let time: Int64 = 848_709_339_061_663

private func after(_ record: SourceRecord) -> Struct? { record.value.structValue?["after"]?.structValue }
private func id(_ record: SourceRecord) -> Int32? { after(record)?["id"]?.int32Value }
private func source(_ record: SourceRecord) -> Struct? { record.value.structValue?["source"]?.structValue }
private func offset(_ record: SourceRecord, _ key: String) -> Int64? { record.sourceOffset?[key]?.intValue }

/// Feeds the s2-shaped sequence: big transaction 794 streamed in two blocks with a savepoint (796) rolled back
/// and a released one (797), an ordinary transaction 795 committed in between, a streamed 900 that aborts.
private func interleaved(_ h: PumpHarness) throws {
    try h.send(Wire.relation(bigOID, "big", textColumns: ["payload"]))             // known from an earlier txn
    try h.send(Wire.streamStart(794, first: true), at: 0x100)
    try h.send(Wire.relation(bigOID, "big", textColumns: ["payload"], xid: 794))
    try h.send(Wire.insert(bigOID, ["1", "a"], xid: 794), at: 0x100)
    try h.send(Wire.insert(bigOID, ["2", "a"], xid: 794), at: 0x110)
    try h.send(Wire.insert(bigOID, ["100", "gone"], xid: 796), at: 0x120)          // SAVEPOINT s
    try h.send(Wire.insert(bigOID, ["101", "gone"], xid: 796), at: 0x130)
    try h.send(Wire.streamStop, at: 0x130)
    try h.send(Wire.streamStart(900, first: true), at: 0x140)
    try h.send(Wire.relation(bigOID, "big", textColumns: ["payload"], xid: 900))
    try h.send(Wire.insert(bigOID, ["9000", "never"], xid: 900), at: 0x140)
    try h.send(Wire.streamStop, at: 0x140)
    try h.send(Wire.begin(finalLSN: 0x200, time: time, xid: 795), at: 0x150)      // committed meanwhile
    try h.send(Wire.relation(smallOID, "small", textColumns: ["v"]))
    try h.send(Wire.insert(smallOID, ["7", "small"]), at: 0x150)
    try h.send(Wire.commit(commitLSN: 0x200, endLSN: 0x210, time: time), at: 0x210)
    try h.send(Wire.streamAbort(794, 796), at: 0x220)                              // ROLLBACK TO s
    try h.send(Wire.streamStart(794, first: false), at: 0x230)
    try h.send(Wire.insert(bigOID, ["200", "b"], xid: 797), at: 0x230)             // SAVEPOINT s again, released
    try h.send(Wire.insert(bigOID, ["201", "b"], xid: 797), at: 0x240)
    try h.send(Wire.streamStop, at: 0x240)
    try h.send(Wire.streamStart(900, first: false), at: 0x250)
    try h.send(Wire.insert(bigOID, ["9001", "never"], xid: 900), at: 0x250)
    try h.send(Wire.streamStop, at: 0x250)
    try h.send(Wire.streamStart(794, first: false), at: 0x260)
    try h.send(Wire.insert(bigOID, ["3", "c"], xid: 794), at: 0x260)
    try h.send(Wire.streamStop, at: 0x260)
    try h.send(Wire.streamAbort(900, 900), at: 0x270)                              // 900 rolled back
    try h.send(Wire.streamCommit(794, commitLSN: 0x300, endLSN: 0x310, time: time), at: 0x310)
}

/// The pump with proto 2 streaming, driven frame by frame: spooling, replay at commit, caches, offsets, errors.
@Suite struct StreamingReplayTests {
    @Test func streamedTransactionIsEmittedAtCommitWithoutRolledBackSubtransactions() throws {
        let h = try PumpHarness()
        try interleaved(h)
        let records = h.records()
        #expect(records.map(\.topic) == ["dbserver1.public.small"] + Array(repeating: "dbserver1.public.big", count: 5))
        #expect(records.map(id) == [7, 1, 2, 200, 201, 3])
        let big = Array(records.dropFirst())
        #expect(big.allSatisfy { source($0)?["txId"]?.int64Value == 794 })
        #expect(source(records[0])?["txId"]?.int64Value == 795)
        // Offsets as for an ordinary transaction: commit LSN, index in the transaction, and the resume point
        // (the previous transaction's end until the last record, which carries this one's end).
        #expect(big.map { offset($0, "lsn_commit") } == Array(repeating: 0x300, count: 5))
        #expect(big.map { offset($0, "event_index") } == [0, 1, 2, 3, 4])
        #expect(big.map { offset($0, "lsn_resume") } == [0x210, 0x210, 0x210, 0x210, 0x310])
        #expect(big.map { offset($0, "lsn") } == [0x100, 0x110, 0x230, 0x240, 0x260])
        #expect(big.map { source($0)?["lsn"]?.int64Value } == [0x100, 0x110, 0x230, 0x240, 0x260])
        #expect(offset(records[0], "lsn_resume") == 0x210)
        #expect(h.pump.spools.isEmpty)
        #expect(SpoolDirectory.entries(of: h.pump.spoolDirectory?.path ?? "") == [SpoolDirectory.lockName])
    }

    @Test func streamedAndOrdinaryDeliveryGiveTheSameRecords() throws {
        let streamed = try PumpHarness(metadata: true)
        try interleaved(streamed)
        // The same two transactions as PostgreSQL sends them without streaming: 795, then 794 whole at its commit.
        let ordinary = try PumpHarness(streaming: false, metadata: true)
        try ordinary.send(Wire.relation(bigOID, "big", textColumns: ["payload"]))
        try ordinary.send(Wire.begin(finalLSN: 0x200, time: time, xid: 795), at: 0x150)
        try ordinary.send(Wire.relation(smallOID, "small", textColumns: ["v"]))
        try ordinary.send(Wire.insert(smallOID, ["7", "small"]), at: 0x150)
        try ordinary.send(Wire.commit(commitLSN: 0x200, endLSN: 0x210, time: time), at: 0x210)
        try ordinary.send(Wire.begin(finalLSN: 0x300, time: time, xid: 794), at: 0x100)
        for (value, lsn) in [("1", 0x100), ("2", 0x110), ("200", 0x230), ("201", 0x240), ("3", 0x260)] as [(String, UInt64)] {
            try ordinary.send(Wire.insert(bigOID, [value, "x"]), at: lsn)
        }
        try ordinary.send(Wire.commit(commitLSN: 0x300, endLSN: 0x310, time: time), at: 0x310)
        let a = streamed.records()
        let b = ordinary.records()
        #expect(a.count == b.count && a.count == 2 + 1 + 2 + 5)  // BEGIN/END markers of both, 6 changes
        for (x, y) in zip(a, b) {
            #expect(x.topic == y.topic)
            #expect(x.key == y.key)
            #expect(x.sourceOffset == y.sourceOffset)
            for field in ["op", "source", "transaction", "id", "status", "event_count", "data_collections"] {
                #expect(x.value.structValue?[field] == y.value.structValue?[field], "\(x.topic) \(field)")
            }
            #expect(after(x)?["id"] == after(y)?["id"])
        }
    }

    @Test func streamRelationsReachTheCacheOnlyWhenTheirTransactionCommits() throws {
        let h = try PumpHarness()
        try h.send(Wire.relation(bigOID, "big", textColumns: ["payload"]))
        // An open streamed transaction whose view of the table has three columns.
        try h.send(Wire.streamStart(900, first: true), at: 0x100)
        try h.send(Wire.relation(bigOID, "big", textColumns: ["payload", "extra"], xid: 900))
        try h.send(Wire.insert(bigOID, ["9000", "a", "e"], xid: 900), at: 0x100)
        try h.send(Wire.streamStop, at: 0x100)
        // An ordinary transaction meanwhile still decodes with the relation it was sent (two columns)…
        try h.send(Wire.begin(finalLSN: 0x200, time: time, xid: 795), at: 0x150)
        try h.send(Wire.insert(bigOID, ["1", "b"]), at: 0x150)
        try h.send(Wire.commit(commitLSN: 0x200, endLSN: 0x210, time: time), at: 0x210)
        // …and so does one after the streamed transaction aborted.
        try h.send(Wire.streamAbort(900, 900), at: 0x220)
        try h.send(Wire.begin(finalLSN: 0x300, time: time, xid: 796), at: 0x230)
        try h.send(Wire.insert(bigOID, ["2", "c"]), at: 0x230)
        try h.send(Wire.commit(commitLSN: 0x300, endLSN: 0x310, time: time), at: 0x310)
        #expect(h.pump.relations[bigOID]?.columns.count == 2)
        // A committed stream's relations stay: pgoutput counts them as sent (cleanup_rel_sync_cache), so the next
        // ordinary change of a table first seen in the stream comes without a Relation message.
        try h.send(Wire.streamStart(794, first: true), at: 0x400)
        try h.send(Wire.relation(smallOID, "small", textColumns: ["v"], xid: 794))
        try h.send(Wire.insert(smallOID, ["10", "streamed"], xid: 794), at: 0x400)
        try h.send(Wire.streamStop, at: 0x400)
        try h.send(Wire.streamCommit(794, commitLSN: 0x500, endLSN: 0x510, time: time), at: 0x510)
        try h.send(Wire.begin(finalLSN: 0x600, time: time, xid: 797), at: 0x520)
        try h.send(Wire.insert(smallOID, ["11", "ordinary"]), at: 0x520)
        try h.send(Wire.commit(commitLSN: 0x600, endLSN: 0x610, time: time), at: 0x610)
        let records = h.records()
        #expect(records.map(id) == [1, 2, 10, 11])
        #expect(records.prefix(2).allSatisfy { after($0)?.schema.fields.map(\.name) == ["id", "payload"] })
        #expect(records.map(\.topic).suffix(2) == ["dbserver1.public.small", "dbserver1.public.small"])
    }

    @Test func replayAfterARestartSkipsTheRecordsAlreadyWritten() throws {
        // The previous run wrote events 0 and 1 of the transaction committing at 0x300, then died.
        let h = try PumpHarness(stored: ["lsn": .int(0x110), "lsn_resume": .int(0x210), "lsn_commit": .int(0x300),
                                         "event_index": .int(1), "snapshot_completed": true])
        try interleaved(h)
        let records = h.records()
        #expect(records.map(id) == [7, 200, 201, 3])
        #expect(records.dropFirst().map { offset($0, "event_index") } == [2, 3, 4])
    }

    @Test func keepalivesDoNotMoveTheIdlePositionWhileASpoolIsOpen() throws {
        let h = try PumpHarness()
        try h.pump.handle(.keepalive(PrimaryKeepalive(walEnd: LSN(rawValue: 0x50), sendTime: 0, replyRequested: false)))
        #expect(h.pump.idlePosition == LSN(rawValue: 0x50))
        try h.send(Wire.relation(bigOID, "big", textColumns: ["payload"]))
        try h.send(Wire.streamStart(794, first: true), at: 0x100)
        try h.send(Wire.insert(bigOID, ["1", "a"], xid: 794), at: 0x100)
        try h.send(Wire.streamStop, at: 0x100)
        try h.pump.handle(.keepalive(PrimaryKeepalive(walEnd: LSN(rawValue: 0x180), sendTime: 0, replyRequested: false)))
        #expect(h.pump.idlePosition == LSN(rawValue: 0x50))
        try h.send(Wire.streamCommit(794, commitLSN: 0x300, endLSN: 0x310, time: time), at: 0x310)
        try h.pump.handle(.keepalive(PrimaryKeepalive(walEnd: LSN(rawValue: 0x400), sendTime: 0, replyRequested: false)))
        #expect(h.pump.idlePosition == LSN(rawValue: 0x400))
    }

    @Test func streamMessagesForUnknownTransactionsAreFatalAndNameTheXid() throws {
        func fatal(_ body: (PumpHarness) throws -> Void) throws -> String {
            let h = try PumpHarness()
            do { try body(h) } catch let error as ReplicationPump.Fatal { return error.message }
            return "no error"
        }
        #expect(try fatal { try $0.send(Wire.streamCommit(4242, commitLSN: 1, endLSN: 2, time: 0)) }.contains("xid 4242 without a spool"))
        #expect(try fatal { try $0.send(Wire.streamAbort(4243, 4244)) }.contains("unknown streamed transaction xid 4243"))
        #expect(try fatal { try $0.send(Wire.streamStart(4245, first: false)) }.contains("unknown streamed transaction xid 4245"))
        #expect(try fatal { h in
            try h.send(Wire.streamStart(4246, first: true))
            try h.send(Wire.begin(finalLSN: 1, time: 0, xid: 1))
        }.contains("not allowed between Stream Start and Stream Stop"))
        // Without streaming negotiated, any stream message is refused as before.
        let h = try PumpHarness(streaming: false)
        #expect(throws: ReplicationPump.Fatal.self) { try h.send(Wire.streamStart(1, first: true)) }
    }

    @Test func aSpoolWriteFailureFailsWithTheFileAndTheCause() throws {
        let h = try PumpHarness()
        try h.send(Wire.streamStart(794, first: true), at: 0x100)
        // The spool of 794 on a full disk: /dev/full fails every write with ENOSPC.
        let descriptor = open("/dev/full", O_RDWR)
        try #require(descriptor >= 0)
        h.pump.spools[794] = StreamSpool(xid: 794, firstLSN: LSN(rawValue: 0x100), path: "/dev/full", descriptor: descriptor,
                                         removesFile: false)
        var message = "no error"
        do {
            for i in 0..<1000 { try h.send(Wire.insert(bigOID, ["\(i)", String(repeating: "x", count: 200)], xid: 794), at: 0x100) }
        } catch let error as ReplicationPump.Fatal {
            message = error.message
        }
        #expect(message == "streaming spool /dev/full: cannot write: No space left on device", "\(message)")
    }

    @Test func serversBefore14FallBackToProtocolOne() throws {
        let h = try PumpHarness()
        #expect(try h.pump.negotiateStreaming(serverVersion: 130_012) == false)
        #expect(h.pump.warnedStreamingUnsupported)
        #expect(try h.pump.negotiateStreaming(serverVersion: 140_000))
    }

    @Test func s2FixturesSpoolWithTheirXids() throws {
        // The real s2 capture: Stream Start (794), the streamed Relation and Insert, Stream Stop, commit of 794.
        let h = try PumpHarness()
        for hex in [PgOutputSamples.streamStart, PgOutputSamples.streamRelation, PgOutputSamples.streamInsert, PgOutputSamples.streamStop] {
            try h.pump.handle(try ReplicationFrame(parsing: hexBytes(hex)))
        }
        #expect(h.pump.spools[794]?.messageCount == 2)
        #expect(h.records().isEmpty)
        try h.pump.handle(try ReplicationFrame(parsing: hexBytes(PgOutputSamples.streamCommit)))
        let records = h.records()
        #expect(records.count == 1)
        #expect(records.first?.topic == "dbserver1.public.big")
        #expect(records.first.flatMap(id) == 1)
        #expect(records.first.flatMap { offset($0, "lsn_commit") } == Int64(LSN("0/1AB0EF8")?.rawValue ?? 0))
        #expect(records.first.flatMap { offset($0, "lsn_resume") } == Int64(LSN("0/1AB0F30")?.rawValue ?? 0))
        #expect(records.first.flatMap { source($0)?["lsn"]?.int64Value } == Int64(LSN("0/19B7C50")?.rawValue ?? 0))
    }
}
