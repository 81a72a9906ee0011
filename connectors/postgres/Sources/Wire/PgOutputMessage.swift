/// One decoded pgoutput message (protocol versions 1–3), as `logicalrep_write_*` in PostgreSQL's proto.c writes it.
public enum PgOutputMessage: Hashable, Sendable {
    /// `'B'` start of a transaction.
    case begin(PgBegin)
    /// `'C'` end of a transaction.
    case commit(PgCommit)
    /// `'O'` the replication origin of the current transaction.
    case origin(PgOrigin)
    /// `'R'` a table's column layout.
    case relation(PgRelation)
    /// `'Y'` a user-defined type's name.
    case type(PgType)
    /// `'I'` a new row.
    case insert(PgInsert)
    /// `'U'` a changed row.
    case update(PgUpdate)
    /// `'D'` a removed row.
    case delete(PgDelete)
    /// `'T'` truncated tables.
    case truncate(PgTruncate)
    /// `'M'` a logical decoding message (`pg_logical_emit_message`).
    case message(PgLogicalMessage)
    /// `'S'` start of a streamed chunk of an in-progress transaction (proto 2).
    case streamStart(PgStreamStart)
    /// `'E'` end of a streamed chunk (proto 2).
    case streamStop
    /// `'c'` commit of a streamed transaction (proto 2).
    case streamCommit(PgStreamCommit)
    /// `'A'` abort of a streamed (sub)transaction (proto 2).
    case streamAbort(PgStreamAbort)
    /// `'b'` begin of a prepared transaction (proto 3).
    case beginPrepare(PgPrepare)
    /// `'P'` prepare (proto 3).
    case prepare(PgPrepare)
    /// `'K'` commit prepared (proto 3).
    case commitPrepared(PgPrepare)
    /// `'r'` rollback prepared (proto 3).
    case rollbackPrepared(PgRollbackPrepared)
    /// `'p'` stream prepare (proto 3).
    case streamPrepare(PgPrepare)
}

/// `'B'`: the commit record's LSN, commit time and xid of the transaction that follows.
public struct PgBegin: Hashable, Sendable {
    /// LSN of the commit record (`final_lsn`).
    public var finalLSN: LSN
    /// Commit time, µs since 2000-01-01 UTC.
    public var commitTime: Int64
    /// Transaction id.
    public var xid: UInt32
}

/// `'C'`: the commit record's start and end.
public struct PgCommit: Hashable, Sendable {
    /// Flags (0).
    public var flags: UInt8
    /// Start of the commit record (= Begin's final LSN).
    public var commitLSN: LSN
    /// End of the commit record: the position to confirm and to restart from.
    public var endLSN: LSN
    /// Commit time, µs since 2000-01-01 UTC.
    public var commitTime: Int64
}

/// `'O'`: the origin a replayed transaction came from.
public struct PgOrigin: Hashable, Sendable {
    /// Commit LSN on the origin server.
    public var originLSN: LSN
    /// Origin name.
    public var name: String
}

/// One column of a ``PgRelation``.
public struct PgColumn: Hashable, Sendable {
    /// Whether the column is part of the replica identity key.
    public var isKey: Bool
    /// Column name.
    public var name: String
    /// Type OID.
    public var typeOID: UInt32
    /// `atttypmod` (−1 when unconstrained).
    public var typeModifier: Int32

    /// Creates a column description.
    public init(isKey: Bool, name: String, typeOID: UInt32, typeModifier: Int32) {
        self.isKey = isKey
        self.name = name
        self.typeOID = typeOID
        self.typeModifier = typeModifier
    }
}

/// `'R'`: a table's published columns, in attnum order.
public struct PgRelation: Hashable, Sendable {
    /// Xid of the streamed (sub)transaction, inside a stream block only.
    public var xid: UInt32?
    /// Table OID.
    public var oid: UInt32
    /// Schema name (`pg_catalog` when the wire says `""`).
    public var namespace: String
    /// Table name.
    public var name: String
    /// `relreplident`: `d`, `n`, `f` or `i`.
    public var replicaIdentity: Character
    /// The published columns.
    public var columns: [PgColumn]
}

/// `'Y'`: a user-defined type's namespace and name.
public struct PgType: Hashable, Sendable {
    /// Xid of the streamed (sub)transaction, inside a stream block only.
    public var xid: UInt32?
    /// Type OID.
    public var oid: UInt32
    /// Schema name.
    public var namespace: String
    /// Type name.
    public var name: String
}

/// One column value of a tuple.
public enum PgTupleValue: Hashable, Sendable {
    /// `'n'`: NULL (in a `K` tuple: not part of the key).
    case null
    /// `'u'`: an unchanged TOASTed value that was not sent.
    case unchangedToast
    /// `'t'`: the output-function text.
    case text(String)
    /// `'b'`: the type's binary send format.
    case binary([UInt8])
}

/// `'I'`: the new row.
public struct PgInsert: Hashable, Sendable {
    /// Xid of the streamed (sub)transaction, inside a stream block only.
    public var xid: UInt32?
    /// Table OID.
    public var relationOID: UInt32
    /// The new row.
    public var newTuple: [PgTupleValue]
}

/// What kind of old row an Update or Delete carries.
public enum PgOldTupleKind: Hashable, Sendable {
    /// `'K'`: replica-identity key columns only.
    case key
    /// `'O'`: the complete old row (REPLICA IDENTITY FULL).
    case full
}

/// `'U'`: the new row and, when the identity requires it, the old key or old row.
public struct PgUpdate: Hashable, Sendable {
    /// Xid of the streamed (sub)transaction, inside a stream block only.
    public var xid: UInt32?
    /// Table OID.
    public var relationOID: UInt32
    /// Which old tuple was sent, if any.
    public var oldKind: PgOldTupleKind?
    /// The old key or row.
    public var oldTuple: [PgTupleValue]?
    /// The new row.
    public var newTuple: [PgTupleValue]
}

/// `'D'`: the old key or the old row.
public struct PgDelete: Hashable, Sendable {
    /// Xid of the streamed (sub)transaction, inside a stream block only.
    public var xid: UInt32?
    /// Table OID.
    public var relationOID: UInt32
    /// Which old tuple was sent.
    public var oldKind: PgOldTupleKind
    /// The old key or row.
    public var oldTuple: [PgTupleValue]
}

/// `'T'`: the tables truncated by one statement.
public struct PgTruncate: Hashable, Sendable {
    /// Xid of the streamed (sub)transaction, inside a stream block only.
    public var xid: UInt32?
    /// Bit 0 CASCADE, bit 1 RESTART IDENTITY.
    public var options: UInt8
    /// Table OIDs.
    public var relationOIDs: [UInt32]
}

/// `'M'`: a logical decoding message.
public struct PgLogicalMessage: Hashable, Sendable {
    /// Xid of the streamed (sub)transaction, inside a stream block only.
    public var xid: UInt32?
    /// Whether the message is part of a transaction (`pg_logical_emit_message(true, …)`).
    public var transactional: Bool
    /// The message's LSN.
    public var lsn: LSN
    /// The prefix.
    public var prefix: String
    /// The content bytes.
    public var content: [UInt8]
}

/// `'S'`: a streamed chunk of transaction `xid` begins.
public struct PgStreamStart: Hashable, Sendable {
    /// Top-level xid.
    public var xid: UInt32
    /// Whether this is the first chunk of the transaction.
    public var firstSegment: Bool
}

/// `'c'`: a streamed transaction committed.
public struct PgStreamCommit: Hashable, Sendable {
    /// Top-level xid.
    public var xid: UInt32
    /// Flags (0).
    public var flags: UInt8
    /// Start of the commit record.
    public var commitLSN: LSN
    /// End of the commit record.
    public var endLSN: LSN
    /// Commit time, µs since 2000-01-01 UTC.
    public var commitTime: Int64
}

/// `'A'`: a streamed subtransaction (or the whole transaction when `subxid == xid`) aborted.
public struct PgStreamAbort: Hashable, Sendable {
    /// Top-level xid.
    public var xid: UInt32
    /// Aborted subtransaction xid.
    public var subxid: UInt32
}

/// `'b'`, `'P'`, `'K'`, `'p'`: a two-phase transaction's positions, time, xid and GID.
public struct PgPrepare: Hashable, Sendable {
    /// Flags (0; absent on the wire for `'b'`).
    public var flags: UInt8
    /// Prepare LSN (commit LSN for `'K'`).
    public var lsn: LSN
    /// End LSN.
    public var endLSN: LSN
    /// Prepare (or commit) time, µs since 2000-01-01 UTC.
    public var time: Int64
    /// Transaction id.
    public var xid: UInt32
    /// Global transaction identifier.
    public var gid: String
}

/// `'r'`: a prepared transaction rolled back.
public struct PgRollbackPrepared: Hashable, Sendable {
    /// Flags (0).
    public var flags: UInt8
    /// End LSN of the prepare.
    public var prepareEndLSN: LSN
    /// End LSN of the rollback.
    public var rollbackEndLSN: LSN
    /// Prepare time, µs since 2000-01-01 UTC.
    public var prepareTime: Int64
    /// Rollback time, µs since 2000-01-01 UTC.
    public var rollbackTime: Int64
    /// Transaction id.
    public var xid: UInt32
    /// Global transaction identifier.
    public var gid: String
}
