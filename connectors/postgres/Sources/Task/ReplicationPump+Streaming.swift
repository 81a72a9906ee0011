import ConnectAPI
import Logging

/// pgoutput protocol version 2 streaming (`streaming=true`, PostgreSQL ≥ 14): the walsender sends the changes of
/// a large in-progress top-level transaction in Stream Start … Stream Stop blocks, interleaved with ordinary
/// transactions and with other streamed ones, then a Stream Commit or Stream Abort outside any block. Every
/// block's messages are spooled raw to one ``StreamSpool`` file per top-level xid; a subtransaction abort cuts the
/// file back; a commit replays the file through ``apply(_:lsn:)`` between a synthetic Begin and Commit, exactly as
/// if the transaction had arrived as `B … C`, so events, offsets, transaction metadata and the dedupe after a
/// restart (commit LSN + event index) are those of a non-streamed transaction.
///
/// Spools never outlive a session: after a reconnect the walsender decodes again from the slot's restart_lsn,
/// which an open transaction pins at or before its start, and does not stream until it has passed the requested
/// start position (`ReorderBufferCanStartStreaming`), so each open transaction is sent again from its first
/// change, as a first segment or as an ordinary transaction.
extension ReplicationPump {
    /// Whether to ask for streaming this session; logs once when the server is too old for it.
    /// - Throws: ``Fatal`` when the spool directory cannot be made.
    func negotiateStreaming(serverVersion: Int) throws -> Bool {
        guard config.streaming else { return false }
        guard serverVersion >= 140000 else {
            if !warnedStreamingUnsupported {
                logger.warning("streaming=true needs PostgreSQL 14 or later (pgoutput proto_version 2); this server is older, so large transactions arrive only after they commit (proto_version 1)",
                               metadata: ["server.version.num": "\(serverVersion)"])
                warnedStreamingUnsupported = true
            }
            return false
        }
        if spoolDirectory == nil {
            do {
                spoolDirectory = try SpoolDirectory(parent: config.streamingSpoolDirectory, slot: config.slotName)
            } catch {
                throw Fatal(message: "\(error) (\(PostgresSourceConfig.streamingSpoolDirKey)=\"\(config.streamingSpoolDirectory)\")")
            }
        }
        return true
    }

    /// Whether a keepalive's walEnd (or a heartbeat message's LSN) may become the idle position, which heartbeat
    /// records carry as `lsn_resume` and which is therefore confirmed to PostgreSQL and used as the restart point.
    ///
    /// Not inside a transaction, not while its last record is held back, and not while any streamed transaction
    /// is spooled. The reasoning for the last condition: PostgreSQL skips, at a restart from LSN L, every
    /// transaction whose commit record starts before L. A spooled transaction T has not had its commit decoded
    /// yet (its Stream Commit would have reached us before a later keepalive), and the walsender reports in
    /// walEnd only what it has read, so walEnd ≤ T's commit LSN and T would not be skipped; nor does a confirmed
    /// position past T's first change lose it, because the slot's restart_lsn stays at or before T's start
    /// while T runs and T is decoded again whole. PostgreSQL's own apply worker relies on the same facts: it acks
    /// the received position on keepalives while streamed transactions sit in its files (worker.c `send_feedback`:
    /// its pending-transaction check, `get_flush_position`, counts only applied transactions not yet flushed). We freeze the
    /// idle position anyway: it costs nothing (the open transaction pins restart_lsn, so acking walEnd would not
    /// free WAL), and it keeps the restart point independent of that ordering argument. Ordinary transactions
    /// that commit meanwhile still advance `lastCompletedEnd`; that is safe for the same reason: T commits later.
    var idleAdvanceAllowed: Bool { transaction == nil && pending == nil && spools.isEmpty }

    /// Forgets every spooled transaction (their files are removed) and any open stream block.
    func discardSpools() {
        spools.removeAll()
        streamBlockXid = nil
        updateSpoolGauges()
    }

    /// The number of spooled transactions and their bytes, as gauges.
    func updateSpoolGauges() {
        guard config.streaming else { return }
        gauges.set("stream_spooled_transactions", to: Double(spools.count))
        gauges.set("stream_spool_bytes", to: Double(spools.values.reduce(Int64(0)) { $0 + $1.size }))
    }

    /// Opens a stream block: a new spool on the transaction's first segment, else the existing one.
    func streamStart(_ start: PgStreamStart, lsn: LSN) throws {
        if let open = transaction {
            throw Fatal(message: "pgoutput sent Stream Start for xid \(start.xid) inside transaction \(open.xid) (at LSN \(lsn))")
        }
        if start.firstSegment {
            guard spools[start.xid] == nil else {
                throw Fatal(message: "pgoutput sent a first Stream Start for xid \(start.xid), which is already spooled (at LSN \(lsn))")
            }
            guard let directory = spoolDirectory else { throw Fatal(message: "streaming without a spool directory") }
            do {
                spools[start.xid] = try StreamSpool(xid: start.xid, firstLSN: lsn, path: directory.file(for: start.xid))
            } catch {
                throw Fatal(message: error.description)
            }
            logger.debug("streamed transaction started", metadata: ["xid": "\(start.xid)", "lsn": "\(lsn)"])
        } else if spools[start.xid] == nil {
            throw Fatal(message: "pgoutput sent Stream Start for unknown streamed transaction xid \(start.xid) (not a first segment, and no spool for it; at LSN \(lsn))")
        }
        streamBlockXid = start.xid
    }

    /// Appends one message of the open stream block to its transaction's spool.
    func spool(_ payload: [UInt8], lsn: LSN) throws {
        guard let xid = streamBlockXid, let spool = spools[xid] else {
            throw Fatal(message: "pgoutput sent a streamed message outside a known stream block (at LSN \(lsn))")
        }
        let subxid: UInt32
        do { subxid = try PgOutputDecoder.streamedChangeXid(payload) ?? xid } catch {
            throw Fatal(message: "\(error) (streamed transaction xid \(xid), at LSN \(lsn))")
        }
        do { try spool.append(lsn: lsn, message: payload, subxid: subxid) } catch {
            throw Fatal(message: error.description)
        }
    }

    /// Drops a streamed transaction's spool, or cuts a subtransaction's changes out of it.
    func streamAbort(_ abort: PgStreamAbort) throws {
        if let xid = streamBlockXid {
            throw Fatal(message: "pgoutput sent Stream Abort for xid \(abort.xid) inside the stream block of xid \(xid)")
        }
        guard let spool = spools[abort.xid] else {
            throw Fatal(message: "pgoutput sent Stream Abort for unknown streamed transaction xid \(abort.xid) (subxid \(abort.subxid))")
        }
        if abort.subxid == abort.xid {
            spools[abort.xid] = nil
            logger.debug("streamed transaction aborted", metadata: ["xid": "\(abort.xid)", "messages": "\(spool.messageCount)"])
        } else {
            do { try spool.abortSubtransaction(abort.subxid) } catch { throw Fatal(message: error.description) }
        }
        updateSpoolGauges()
    }

    /// Replays a committed streamed transaction through the ordinary path: Begin, every spooled message, Commit.
    ///
    /// The Relation messages of a stream describe the tables as that transaction saw them. They never touch the
    /// relation cache while the transaction is open (they sit in the spool), so ordinary transactions committed
    /// meanwhile, which pgoutput gives their own Relation messages, and aborted streams never see them. At the
    /// commit they are replayed and stay: pgoutput then marks them as sent for ordinary transactions too
    /// (`cleanup_rel_sync_cache(xid, is_commit)` sets `schema_sent`, "the subscriber will update the relation
    /// cache"), so a later ordinary change of that table may come without a Relation message. A stream abort,
    /// of a subtransaction as of the whole, makes pgoutput send the Relation again before the transaction's next
    /// change of the table, so cutting a subtransaction's spooled Relation out does not lose it.
    func streamCommit(_ commit: PgStreamCommit, lsn: LSN) throws {
        if let xid = streamBlockXid {
            throw Fatal(message: "pgoutput sent Stream Commit for xid \(commit.xid) inside the stream block of xid \(xid)")
        }
        if let open = transaction {
            throw Fatal(message: "pgoutput sent Stream Commit for xid \(commit.xid) inside transaction \(open.xid)")
        }
        guard let spool = spools.removeValue(forKey: commit.xid) else {
            throw Fatal(message: "pgoutput sent Stream Commit for xid \(commit.xid) without a spool (no first Stream Start for it in this session)")
        }
        defer { updateSpoolGauges() }
        try apply(.begin(PgBegin(finalLSN: commit.commitLSN, commitTime: commit.commitTime, xid: commit.xid)), lsn: spool.firstLSN)
        var reader: StreamSpool.Reader
        do { reader = try spool.reader() } catch { throw Fatal(message: error.description) }
        var replayDecoder = PgOutputDecoder(insideStreamBlock: true)
        var replayed = 0
        while true {
            let next: (lsn: LSN, message: [UInt8])?
            do { next = try reader.next() } catch { throw Fatal(message: error.description) }
            guard let item = next else { break }
            let (position, payload) = item
            let message: PgOutputMessage
            do { message = try replayDecoder.decode(payload) } catch {
                throw Fatal(message: "\(error) (spooled message of streamed transaction xid \(commit.xid) at LSN \(position))")
            }
            try apply(message, lsn: position)
            replayed += 1
            // The socket is not read while replaying: keep the walsender's timeout from firing.
            if replayed % 1024 == 0 { sendStatus(force: false) }
        }
        try apply(.commit(PgCommit(flags: commit.flags, commitLSN: commit.commitLSN, endLSN: commit.endLSN,
                                   commitTime: commit.commitTime)), lsn: lsn)
        logger.debug("streamed transaction committed", metadata: ["xid": "\(commit.xid)", "messages": "\(replayed)",
                                                                   "end.lsn": "\(commit.endLSN)"])
    }
}
