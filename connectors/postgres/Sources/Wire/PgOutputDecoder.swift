/// Decodes pgoutput messages one at a time: a value type whose only state is whether a stream block
/// (`'S'` … `'E'`) is open, because messages inside one carry an extra xid field.
///
/// Every length and count read from the wire is checked against the bytes left before anything is
/// allocated, and every message must be consumed exactly.
public struct PgOutputDecoder: Sendable {
    /// Whether a Stream Start has been seen without its Stream Stop.
    public private(set) var inStream = false

    /// PostgreSQL's limit on columns in a tuple (`MaxTupleAttributeNumber`).
    static let maxColumns = 1664

    /// A decoder outside any stream block.
    public init() {}

    /// A decoder that starts inside a stream block (for replaying spooled stream messages, which carry an xid).
    public init(insideStreamBlock: Bool) { inStream = insideStreamBlock }

    /// The xid field of a message between Stream Start and Stream Stop, read without decoding the rest: the
    /// (sub)transaction of a Relation, Type, Insert, Update, Delete, Truncate or logical Message; `nil` for an
    /// Origin, which carries none (pgoutput sends it after a transaction's first Stream Start).
    /// - Throws: ``WireError`` for any other message type, or a message too short to hold the xid.
    public static func streamedChangeXid(_ bytes: [UInt8]) throws(WireError) -> UInt32? {
        var r = ByteReader(bytes)
        let type = try r.uint8("message type")
        switch type {
        case UInt8(ascii: "R"), UInt8(ascii: "Y"), UInt8(ascii: "I"), UInt8(ascii: "U"), UInt8(ascii: "D"), UInt8(ascii: "T"),
             UInt8(ascii: "M"):
            return try r.uint32("stream block \(Character(Unicode.Scalar(type))).xid")
        case UInt8(ascii: "O"):
            return nil
        default:
            throw WireError(context: "stream block", offset: 0,
                            reason: "pgoutput message type \(type) is not allowed between Stream Start and Stream Stop")
        }
    }

    /// Decodes one pgoutput message (the payload of an XLogData frame).
    /// - Throws: ``WireError`` for an unknown message type, a short or over-long message, or a bad field.
    public mutating func decode(_ bytes: [UInt8]) throws(WireError) -> PgOutputMessage {
        var r = ByteReader(bytes)
        let type = try r.uint8("message type")
        let message: PgOutputMessage
        switch type {
        case UInt8(ascii: "B"):
            message = .begin(PgBegin(finalLSN: try r.lsn("Begin.finalLSN"), commitTime: try r.int64("Begin.commitTime"),
                                     xid: try r.uint32("Begin.xid")))
        case UInt8(ascii: "C"):
            message = .commit(PgCommit(flags: try r.uint8("Commit.flags"), commitLSN: try r.lsn("Commit.commitLSN"),
                                       endLSN: try r.lsn("Commit.endLSN"), commitTime: try r.int64("Commit.commitTime")))
        case UInt8(ascii: "O"):
            message = .origin(PgOrigin(originLSN: try r.lsn("Origin.lsn"), name: try r.cString("Origin.name")))
        case UInt8(ascii: "R"):
            message = .relation(try Self.relation(&r, xid: try streamXid(&r, "Relation")))
        case UInt8(ascii: "Y"):
            let xid = try streamXid(&r, "Type")
            message = .type(PgType(xid: xid, oid: try r.uint32("Type.oid"), namespace: try r.cString("Type.namespace"),
                                   name: try r.cString("Type.name")))
        case UInt8(ascii: "I"):
            let xid = try streamXid(&r, "Insert")
            let oid = try r.uint32("Insert.relation")
            try Self.expectMarker(&r, UInt8(ascii: "N"), "Insert.tupleMarker")
            message = .insert(PgInsert(xid: xid, relationOID: oid, newTuple: try Self.tuple(&r, "Insert.new")))
        case UInt8(ascii: "U"):
            message = .update(try Self.update(&r, xid: try streamXid(&r, "Update")))
        case UInt8(ascii: "D"):
            let xid = try streamXid(&r, "Delete")
            let oid = try r.uint32("Delete.relation")
            let kind = try Self.oldKind(try r.uint8("Delete.tupleMarker"), at: r.offset - 1, "Delete.tupleMarker")
            message = .delete(PgDelete(xid: xid, relationOID: oid, oldKind: kind, oldTuple: try Self.tuple(&r, "Delete.old")))
        case UInt8(ascii: "T"):
            let xid = try streamXid(&r, "Truncate")
            let count = Int(try r.uint32("Truncate.nrelids"))
            let options = try r.uint8("Truncate.options")
            guard count <= r.remaining / 4 else {
                throw WireError(context: "Truncate.nrelids", offset: 1, reason: "\(count) relations exceed the message")
            }
            var oids: [UInt32] = []
            oids.reserveCapacity(count)
            for i in 0..<count { oids.append(try r.uint32("Truncate.relids[\(i)]")) }
            message = .truncate(PgTruncate(xid: xid, options: options, relationOIDs: oids))
        case UInt8(ascii: "M"):
            let xid = try streamXid(&r, "Message")
            let flags = try r.uint8("Message.flags")
            let lsn = try r.lsn("Message.lsn")
            let prefix = try r.cString("Message.prefix")
            let length = Int(try r.int32("Message.length"))
            message = .message(PgLogicalMessage(xid: xid, transactional: flags & 1 != 0, lsn: lsn, prefix: prefix,
                                                content: try r.bytes(length, "Message.content")))
        case UInt8(ascii: "S"):
            let start = PgStreamStart(xid: try r.uint32("StreamStart.xid"), firstSegment: try r.uint8("StreamStart.first") == 1)
            inStream = true
            message = .streamStart(start)
        case UInt8(ascii: "E"):
            inStream = false
            message = .streamStop
        case UInt8(ascii: "c"):
            message = .streamCommit(PgStreamCommit(xid: try r.uint32("StreamCommit.xid"), flags: try r.uint8("StreamCommit.flags"),
                                                   commitLSN: try r.lsn("StreamCommit.commitLSN"), endLSN: try r.lsn("StreamCommit.endLSN"),
                                                   commitTime: try r.int64("StreamCommit.commitTime")))
        case UInt8(ascii: "A"):
            message = .streamAbort(PgStreamAbort(xid: try r.uint32("StreamAbort.xid"), subxid: try r.uint32("StreamAbort.subxid")))
            // Proto 4 with streaming 'parallel' adds abort_lsn and abort_time; we never request it.
        case UInt8(ascii: "b"):
            message = .beginPrepare(PgPrepare(flags: 0, lsn: try r.lsn("BeginPrepare.lsn"), endLSN: try r.lsn("BeginPrepare.endLSN"),
                                              time: try r.int64("BeginPrepare.time"), xid: try r.uint32("BeginPrepare.xid"),
                                              gid: try r.cString("BeginPrepare.gid")))
        case UInt8(ascii: "P"):
            message = .prepare(try Self.prepare(&r, "Prepare"))
        case UInt8(ascii: "K"):
            message = .commitPrepared(try Self.prepare(&r, "CommitPrepared"))
        case UInt8(ascii: "p"):
            message = .streamPrepare(try Self.prepare(&r, "StreamPrepare"))
        case UInt8(ascii: "r"):
            message = .rollbackPrepared(PgRollbackPrepared(
                flags: try r.uint8("RollbackPrepared.flags"), prepareEndLSN: try r.lsn("RollbackPrepared.prepareEndLSN"),
                rollbackEndLSN: try r.lsn("RollbackPrepared.rollbackEndLSN"), prepareTime: try r.int64("RollbackPrepared.prepareTime"),
                rollbackTime: try r.int64("RollbackPrepared.rollbackTime"), xid: try r.uint32("RollbackPrepared.xid"),
                gid: try r.cString("RollbackPrepared.gid")))
        default:
            throw WireError(context: "message type", offset: 0, reason: "unknown pgoutput message type \(type)")
        }
        try r.expectEnd("pgoutput message '\(Character(Unicode.Scalar(type)))'")
        return message
    }

    private func streamXid(_ r: inout ByteReader, _ context: String) throws(WireError) -> UInt32? {
        inStream ? try r.uint32("\(context).xid") : nil
    }

    private static func relation(_ r: inout ByteReader, xid: UInt32?) throws(WireError) -> PgRelation {
        let oid = try r.uint32("Relation.oid")
        var namespace = try r.cString("Relation.namespace")
        if namespace.isEmpty { namespace = "pg_catalog" }
        let name = try r.cString("Relation.name")
        let identity = Character(Unicode.Scalar(try r.uint8("Relation.replicaIdentity")))
        let count = Int(try r.int16("Relation.ncols"))
        // Each column takes at least 10 bytes: flags, an empty name's NUL, type OID and typmod.
        guard count >= 0, count <= maxColumns, count <= r.remaining / 10 else {
            throw WireError(context: "Relation.ncols", offset: r.offset - 2, reason: "\(count) columns exceed the message")
        }
        var columns: [PgColumn] = []
        columns.reserveCapacity(count)
        for i in 0..<count {
            let flags = try r.uint8("Relation.columns[\(i)].flags")
            let columnName = try r.cString("Relation.columns[\(i)].name")
            let typeOID = try r.uint32("Relation.columns[\(i)].type")
            let typmod = try r.int32("Relation.columns[\(i)].typmod")
            columns.append(PgColumn(isKey: flags & 1 != 0, name: columnName, typeOID: typeOID, typeModifier: typmod))
        }
        return PgRelation(xid: xid, oid: oid, namespace: namespace, name: name, replicaIdentity: identity, columns: columns)
    }

    private static func update(_ r: inout ByteReader, xid: UInt32?) throws(WireError) -> PgUpdate {
        let oid = try r.uint32("Update.relation")
        var marker = try r.uint8("Update.tupleMarker")
        var kind: PgOldTupleKind?
        var oldTuple: [PgTupleValue]?
        if marker != UInt8(ascii: "N") {
            kind = try Self.oldKind(marker, at: r.offset - 1, "Update.tupleMarker")
            oldTuple = try tuple(&r, "Update.old")
            marker = try r.uint8("Update.newMarker")
        }
        guard marker == UInt8(ascii: "N") else {
            throw WireError(context: "Update.newMarker", offset: r.offset - 1, reason: "expected 'N', got \(marker)")
        }
        return PgUpdate(xid: xid, relationOID: oid, oldKind: kind, oldTuple: oldTuple, newTuple: try tuple(&r, "Update.new"))
    }

    private static func prepare(_ r: inout ByteReader, _ context: String) throws(WireError) -> PgPrepare {
        PgPrepare(flags: try r.uint8("\(context).flags"), lsn: try r.lsn("\(context).lsn"), endLSN: try r.lsn("\(context).endLSN"),
                  time: try r.int64("\(context).time"), xid: try r.uint32("\(context).xid"), gid: try r.cString("\(context).gid"))
    }

    private static func oldKind(_ marker: UInt8, at offset: Int, _ context: String) throws(WireError) -> PgOldTupleKind {
        switch marker {
        case UInt8(ascii: "K"): return .key
        case UInt8(ascii: "O"): return .full
        default: throw WireError(context: context, offset: offset, reason: "expected 'K' or 'O', got \(marker)")
        }
    }

    private static func expectMarker(_ r: inout ByteReader, _ expected: UInt8, _ context: String) throws(WireError) {
        let marker = try r.uint8(context)
        guard marker == expected else {
            throw WireError(context: context, offset: r.offset - 1, reason: "expected \(expected), got \(marker)")
        }
    }

    private static func tuple(_ r: inout ByteReader, _ context: String) throws(WireError) -> [PgTupleValue] {
        let count = Int(try r.int16("\(context).ncols"))
        guard count >= 0, count <= maxColumns, count <= r.remaining else {
            throw WireError(context: "\(context).ncols", offset: r.offset - 2, reason: "\(count) columns exceed the message")
        }
        var values: [PgTupleValue] = []
        values.reserveCapacity(count)
        for i in 0..<count {
            let kind = try r.uint8("\(context)[\(i)].kind")
            switch kind {
            case UInt8(ascii: "n"): values.append(.null)
            case UInt8(ascii: "u"): values.append(.unchangedToast)
            case UInt8(ascii: "t"):
                let length = Int(try r.int32("\(context)[\(i)].length"))
                values.append(.text(String(decoding: try r.bytes(length, "\(context)[\(i)].text"), as: UTF8.self)))
            case UInt8(ascii: "b"):
                let length = Int(try r.int32("\(context)[\(i)].length"))
                values.append(.binary(try r.bytes(length, "\(context)[\(i)].binary")))
            default:
                throw WireError(context: "\(context)[\(i)].kind", offset: r.offset - 1, reason: "unknown tuple value kind \(kind)")
            }
        }
        return values
    }
}
