import Testing

@testable import PostgresConnector

/// Decodes an XLogData sample: the header and the pgoutput message, with `decoder`'s stream state.
private func decodeSample(_ hex: String, _ decoder: inout PgOutputDecoder) throws -> (XLogData, PgOutputMessage) {
    guard case .xLogData(let frame) = try ReplicationFrame(parsing: hexBytes(hex)) else {
        throw WireError(context: "test", offset: 0, reason: "not XLogData")
    }
    return (frame, try decoder.decode(frame.payload))
}

private func decodeSample(_ hex: String) throws -> (XLogData, PgOutputMessage) {
    var decoder = PgOutputDecoder()
    return try decodeSample(hex, &decoder)
}

@Suite struct PgOutputDecoderTests {
    @Test func everySampleDecodesCompletely() throws {
        var decoder = PgOutputDecoder()
        var decoded = 0
        for (name, hex) in PgOutputSamples.all {
            let bytes = hexBytes(hex)
            #expect(bytes.count * 2 == hex.utf8.count, "\(name)")
            if name == "statusUpdate" {
                _ = try StandbyStatusUpdate(parsing: bytes)
            } else if case .xLogData(let frame) = try ReplicationFrame(parsing: bytes) {
                // The stream samples are in stream order: S, R[xid], I[xid], E, then messages outside the block.
                _ = try decoder.decode(frame.payload)
            }
            decoded += 1
        }
        #expect(decoded == 45)
    }

    @Test func keepaliveAndStatusUpdate() throws {
        #expect(try ReplicationFrame(parsing: hexBytes(PgOutputSamples.keepalive))
            == .keepalive(PrimaryKeepalive(walEnd: LSN("0/19AD080")!, sendTime: 848_709_289_792_658, replyRequested: false)))
        let update = try StandbyStatusUpdate(parsing: hexBytes(PgOutputSamples.statusUpdate))
        #expect(update.flush == LSN("0/19AD2C8")!)
        #expect(update.write == update.flush && update.apply == update.flush)
        #expect(update.clock == 848_709_290_000_000)
        #expect(update.encoded() == hexBytes(PgOutputSamples.statusUpdate))
    }

    @Test func beginInsertCommit() throws {
        let (beginFrame, begin) = try decodeSample(PgOutputSamples.begin)
        #expect(beginFrame.dataStart == LSN("0/19AD198")!)
        #expect(begin == .begin(PgBegin(finalLSN: LSN("0/19AD298")!, commitTime: 848_709_285_747_786, xid: 762)))
        let (_, insert) = try decodeSample(PgOutputSamples.insertCustomers)
        #expect(insert == .insert(PgInsert(xid: nil, relationOID: 16398,
                                           newTuple: [.text("1"), .text("Anne"), .text("Kretchmar"), .text("annek@noanswer.org")])))
        let (commitFrame, commit) = try decodeSample(PgOutputSamples.commit)
        #expect(commitFrame.dataStart == LSN("0/19AD2C8")!)
        #expect(commit == .commit(PgCommit(flags: 0, commitLSN: LSN("0/19AD298")!, endLSN: LSN("0/19AD2C8")!,
                                           commitTime: 848_709_285_747_786)))
    }

    @Test func relationCustomers() throws {
        let (frame, message) = try decodeSample(PgOutputSamples.relationCustomers)
        #expect(frame.dataStart == .zero)
        guard case .relation(let relation) = message else { Issue.record("not a relation"); return }
        #expect(relation.oid == 16398 && relation.namespace == "public" && relation.name == "customers")
        #expect(relation.replicaIdentity == "d" && relation.xid == nil)
        #expect(relation.columns == [
            PgColumn(isKey: true, name: "id", typeOID: 23, typeModifier: -1),
            PgColumn(isKey: false, name: "first_name", typeOID: 1043, typeModifier: 259),
            PgColumn(isKey: false, name: "last_name", typeOID: 1043, typeModifier: 259),
            PgColumn(isKey: false, name: "email", typeOID: 1043, typeModifier: 259),
        ])
    }

    @Test func relationTypesHasTwentyNineColumns() throws {
        guard case .relation(let relation) = try decodeSample(PgOutputSamples.relationTypes).1 else {
            Issue.record("not a relation"); return
        }
        #expect(relation.columns.count == 29)
        #expect(relation.columns[4] == PgColumn(isKey: false, name: "c_num", typeOID: 1700, typeModifier: 655_366))
        #expect(relation.columns[24].typeOID == 16390)
        #expect(relation.columns[28] == PgColumn(isKey: false, name: "c_bit", typeOID: 1560, typeModifier: 3))
    }

    @Test func updatesAndDeletes() throws {
        guard case .update(let noOld) = try decodeSample(PgOutputSamples.updateNoOld).1 else { Issue.record("U"); return }
        #expect(noOld.oldKind == nil && noOld.oldTuple == nil && noOld.newTuple[1] == .text("Anne Marie"))

        guard case .update(let oldKey) = try decodeSample(PgOutputSamples.updateOldKey).1 else { Issue.record("U"); return }
        #expect(oldKey.oldKind == .key)
        #expect(oldKey.oldTuple == [.text("1"), .null, .null, .null])
        #expect(oldKey.newTuple[0] == .text("1001"))

        guard case .delete(let deleteKey) = try decodeSample(PgOutputSamples.deleteKey).1 else { Issue.record("D"); return }
        #expect(deleteKey.oldKind == .key && deleteKey.oldTuple == [.text("1001"), .null, .null, .null])

        guard case .update(let toast) = try decodeSample(PgOutputSamples.updateUnchangedToast).1 else { Issue.record("U"); return }
        #expect(toast.newTuple == [.text("1"), .text("renamed"), .unchangedToast])

        guard case .update(let full) = try decodeSample(PgOutputSamples.updateFullOld).1 else { Issue.record("U"); return }
        #expect(full.oldKind == .full && full.oldTuple == [.text("1"), .text("one")] && full.newTuple == [.text("1"), .text("uno")])

        guard case .delete(let fullDelete) = try decodeSample(PgOutputSamples.deleteFullOld).1 else { Issue.record("D"); return }
        #expect(fullDelete.oldKind == .full && fullDelete.oldTuple == [.text("1"), .text("uno")])

        guard case .update(let index) = try decodeSample(PgOutputSamples.updateIndexIdentity).1 else { Issue.record("U"); return }
        #expect(index.oldKind == .key && index.oldTuple == [.null, .text("c1"), .null])
        #expect(index.newTuple == [.text("1"), .text("c2"), .text("v2")])

        guard case .delete(let move) = try decodeSample(PgOutputSamples.deletePartitionMove).1 else { Issue.record("D"); return }
        #expect(move.relationOID == 16453)
    }

    @Test func identitiesOfRelations() throws {
        for (hex, identity, name) in [(PgOutputSamples.relationRIF, "f", "rif"), (PgOutputSamples.relationRII, "i", "rii"),
                                      (PgOutputSamples.relationRIN, "n", "rin"), (PgOutputSamples.relationRoot, "d", "meas"),
                                      (PgOutputSamples.relationLeaf, "d", "meas_a")] {
            guard case .relation(let relation) = try decodeSample(hex).1 else { Issue.record("R \(name)"); continue }
            #expect(relation.replicaIdentity == Character(identity) && relation.name == name)
        }
        guard case .relation(let rif) = try decodeSample(PgOutputSamples.relationRIF).1 else { return }
        #expect(rif.columns.allSatisfy { $0.isKey })
        guard case .relation(let altered) = try decodeSample(PgOutputSamples.relationAfterAlter).1 else { return }
        #expect(altered.columns.map(\.name) == ["id", "first_name", "last_name", "email", "phone"])
        guard case .insert(let root) = try decodeSample(PgOutputSamples.insertRootOID).1 else { return }
        #expect(root.relationOID == 16448)
    }

    @Test func typeTruncateMessagesOrigin() throws {
        #expect(try decodeSample(PgOutputSamples.typeMood).1 == .type(PgType(xid: nil, oid: 16390, namespace: "public", name: "mood")))
        #expect(try decodeSample(PgOutputSamples.truncateTwo).1 == .truncate(PgTruncate(xid: nil, options: 2, relationOIDs: [16421, 16435])))
        #expect(try decodeSample(PgOutputSamples.truncateCascade).1 == .truncate(PgTruncate(xid: nil, options: 1, relationOIDs: [16398])))
        #expect(try decodeSample(PgOutputSamples.messageTransactional).1 == .message(PgLogicalMessage(
            xid: nil, transactional: true, lsn: LSN("0/19B4940")!, prefix: "dbz", content: Array("transactional hello".utf8))))
        #expect(try decodeSample(PgOutputSamples.messageNonTransactional).1 == .message(PgLogicalMessage(
            xid: nil, transactional: false, lsn: LSN("0/19B49C8")!, prefix: "heartbeat", content: Array("non-transactional ping".utf8))))
        let (originBeginFrame, originBegin) = try decodeSample(PgOutputSamples.beginWithOrigin)
        #expect(originBeginFrame.dataStart == .zero)
        #expect(originBegin == .begin(PgBegin(finalLSN: LSN("0/19B78C8")!, commitTime: 762_566_400_000_000, xid: 792)))
        #expect(try decodeSample(PgOutputSamples.origin).1 == .origin(PgOrigin(originLSN: LSN("0/ABCDEF0")!, name: "upstream_node")))
    }

    @Test func specialValuesAndEveryType() throws {
        guard case .insert(let special) = try decodeSample(PgOutputSamples.insertSpecialValues).1 else { Issue.record("I"); return }
        #expect(special.newTuple.count == 29 && special.newTuple[0] == .text("3") && special.newTuple[1] == .null)
        guard case .insert(let every) = try decodeSample(PgOutputSamples.insertEveryType).1 else { Issue.record("I"); return }
        #expect(every.newTuple[9] == .text("hello 'world' ü €"))
        #expect(every.newTuple[23] == .text(#"{x,"y z","q\"uote",NULL}"#))
        #expect(every.newTuple[28] == .text("101"))
        guard case .insert(let nulls) = try decodeSample(PgOutputSamples.insertAllNull).1 else { Issue.record("I"); return }
        #expect(nulls.newTuple.dropFirst().allSatisfy { $0 == .null })
        guard case .insert(let binary) = try decodeSample(PgOutputSamples.insertBinary).1 else { Issue.record("I"); return }
        #expect(binary.newTuple[0] == .binary([0, 0, 0, 0, 0, 0, 0, 0x65]))
    }

    @Test func streamingBlockCarriesXids() throws {
        var decoder = PgOutputDecoder()
        #expect(try decodeSample(PgOutputSamples.streamStart, &decoder).1 == .streamStart(PgStreamStart(xid: 794, firstSegment: true)))
        #expect(decoder.inStream)
        guard case .relation(let relation) = try decodeSample(PgOutputSamples.streamRelation, &decoder).1 else { Issue.record("R"); return }
        #expect(relation.xid == 794 && relation.name == "big" && relation.columns.count == 2)
        guard case .insert(let insert) = try decodeSample(PgOutputSamples.streamInsert, &decoder).1 else { Issue.record("I"); return }
        #expect(insert.xid == 794 && insert.relationOID == 16467)
        #expect(try decodeSample(PgOutputSamples.streamStop, &decoder).1 == .streamStop)
        #expect(!decoder.inStream)
        #expect(try decodeSample(PgOutputSamples.streamAbortSub, &decoder).1 == .streamAbort(PgStreamAbort(xid: 794, subxid: 796)))
        #expect(try decodeSample(PgOutputSamples.streamCommit, &decoder).1 == .streamCommit(PgStreamCommit(
            xid: 794, flags: 0, commitLSN: LSN("0/1AB0EF8")!, endLSN: LSN("0/1AB0F30")!, commitTime: 848_709_339_061_663)))
        #expect(try decodeSample(PgOutputSamples.streamAbortWhole, &decoder).1 == .streamAbort(PgStreamAbort(xid: 798, subxid: 798)))
        // Outside a block the same Insert bytes would misread the xid as the relation OID.
        var outside = PgOutputDecoder()
        #expect(throws: WireError.self) { _ = try decodeSample(PgOutputSamples.streamInsert, &outside) }
    }

    @Test func twoPhase() throws {
        #expect(try decodeSample(PgOutputSamples.beginPrepare).1 == .beginPrepare(PgPrepare(
            flags: 0, lsn: LSN("0/1B040D0")!, endLSN: LSN("0/1B041D0")!, time: 848_709_358_889_641, xid: 799, gid: "gid-commit")))
        #expect(try decodeSample(PgOutputSamples.prepare).1 == .prepare(PgPrepare(
            flags: 0, lsn: LSN("0/1B040D0")!, endLSN: LSN("0/1B041D0")!, time: 848_709_358_889_641, xid: 799, gid: "gid-commit")))
        #expect(try decodeSample(PgOutputSamples.commitPrepared).1 == .commitPrepared(PgPrepare(
            flags: 0, lsn: LSN("0/1B041D0")!, endLSN: LSN("0/1B04210")!, time: 848_709_358_898_159, xid: 799, gid: "gid-commit")))
        #expect(try decodeSample(PgOutputSamples.rollbackPrepared).1 == .rollbackPrepared(PgRollbackPrepared(
            flags: 0, prepareEndLSN: LSN("0/1B043A0")!, rollbackEndLSN: LSN("0/1B043E0")!, prepareTime: 848_709_358_909_684,
            rollbackTime: 848_709_358_923_266, xid: 800, gid: "gid-rollback")))
        #expect(try decodeSample(PgOutputSamples.streamPrepare).1 == .streamPrepare(PgPrepare(
            flags: 0, lsn: LSN("0/48646940")!, endLSN: LSN("0/48646A40")!, time: 848_709_718_045_542, xid: 200_866, gid: "gid-stream")))
    }

    @Test func truncatedAndCorruptMessagesFailClearly() throws {
        let insert = hexBytes(PgOutputSamples.insertCustomers)
        guard case .xLogData(let frame) = try ReplicationFrame(parsing: insert) else { return }
        for cut in 1..<frame.payload.count {
            var decoder = PgOutputDecoder()
            #expect(throws: WireError.self) { _ = try decoder.decode(Array(frame.payload.prefix(cut))) }
        }
        var decoder = PgOutputDecoder()
        #expect(throws: WireError.self) { _ = try decoder.decode(frame.payload + [0]) }
        // A column length beyond the message must not allocate: 0x7fffffff bytes claimed.
        var huge = frame.payload
        huge.replaceSubrange(9..<13, with: [0x7F, 0xFF, 0xFF, 0xFF])
        #expect(throws: WireError.self) { _ = try decoder.decode(huge) }
        #expect(throws: WireError.self) { _ = try decoder.decode([UInt8(ascii: "Z")]) }
        #expect(throws: WireError.self) { _ = try ReplicationFrame(parsing: [UInt8(ascii: "k"), 0, 0]) }
    }

    @Test func lsnText() {
        #expect(LSN("0/19AD080")?.rawValue == 0x19A_D080)
        #expect(LSN(rawValue: 0x1_0000_00FF).description == "1/FF")
        #expect(LSN("zz") == nil && LSN("1/2/3") == nil)
    }
}

/// The xid peek used to spool stream-block messages, on the s2 fixtures.
@Suite struct StreamedChangeXidTests {
    private func payload(_ hex: String) throws -> [UInt8] {
        guard case .xLogData(let frame) = try ReplicationFrame(parsing: hexBytes(hex)) else {
            throw WireError(context: "test", offset: 0, reason: "not XLogData")
        }
        return frame.payload
    }

    @Test func readsTheXidOfStreamedChangesOnly() throws {
        #expect(try PgOutputDecoder.streamedChangeXid(payload(PgOutputSamples.streamRelation)) == 794)
        #expect(try PgOutputDecoder.streamedChangeXid(payload(PgOutputSamples.streamInsert)) == 794)
        #expect(try PgOutputDecoder.streamedChangeXid(payload(PgOutputSamples.origin)) == nil)
        #expect(throws: WireError.self) { try PgOutputDecoder.streamedChangeXid(payload(PgOutputSamples.streamCommit)) }
        #expect(throws: WireError.self) { try PgOutputDecoder.streamedChangeXid(payload(PgOutputSamples.begin)) }
        #expect(throws: WireError.self) { try PgOutputDecoder.streamedChangeXid([UInt8(ascii: "I"), 0, 0]) }
    }

    @Test func replayDecoderStartsInsideAStreamBlock() throws {
        var decoder = PgOutputDecoder(insideStreamBlock: true)
        guard case .insert(let insert) = try decoder.decode(payload(PgOutputSamples.streamInsert)) else {
            Issue.record("not an insert"); return
        }
        #expect(insert.xid == 794 && insert.relationOID == 16467 && insert.newTuple.first == .text("1"))
    }
}
