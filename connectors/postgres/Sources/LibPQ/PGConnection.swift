import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection. Not thread-safe: every method must be called from the one thread (or serial
/// queue) that owns it; ``PGExecutor`` provides that. The `PGconn` is closed in `deinit`.
final class PGConnection {
    private let conn: OpaquePointer

    /// Opens a connection (blocking).
    /// - Throws: ``PostgresError`` (`connection`) with libpq's message when connecting fails.
    init(conninfo: String) throws(PostgresError) {
        guard let conn = PQconnectdb(conninfo) else { throw PostgresError(.connection, "out of memory creating a connection") }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(conn))
            PQfinish(conn)
            throw PostgresError(.connection, message)
        }
        self.conn = conn
    }

    deinit { PQfinish(conn) }

    /// `server_version_num`, e.g. 150018.
    var serverVersion: Int { Int(PQserverVersion(conn)) }

    /// Whether the connection is still usable.
    var isHealthy: Bool { PQstatus(conn) == CONNECTION_OK }

    /// The backend's socket.
    var socket: Int32 { PQsocket(conn) }

    private var errorMessage: String { String(cString: PQerrorMessage(conn)) }

    /// Runs one or more statements with the simple query protocol and returns the last result's rows.
    /// - Throws: ``PostgresError`` with the server's SQLSTATE, or `connection` when the link broke.
    @discardableResult
    func execute(_ sql: String) throws(PostgresError) -> QueryResult {
        try consume(PQexec(conn, sql))
    }

    /// Runs one statement with text parameters (extended protocol; not on replication connections).
    @discardableResult
    func execute(_ sql: String, parameters: [String?]) throws(PostgresError) -> QueryResult {
        var cStrings: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
        defer { for pointer in cStrings { free(pointer) } }
        let result = cStrings.withUnsafeMutableBufferPointer { buffer -> OpaquePointer? in
            guard let base = buffer.baseAddress else { return PQexec(conn, sql) }
            return base.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) { values in
                PQexecParams(conn, sql, Int32(parameters.count), nil, values, nil, nil, 0)
            }
        }
        return try consume(result)
    }

    private func consume(_ result: OpaquePointer?) throws(PostgresError) -> QueryResult {
        guard let result else { throw PostgresError(isHealthy ? .server : .connection, errorMessage) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return Self.rows(result)
        case PGRES_COPY_BOTH, PGRES_COPY_OUT, PGRES_COPY_IN:
            return QueryResult(columns: [], rows: [])
        default:
            throw Self.error(result, connectionOK: isHealthy, fallback: errorMessage)
        }
    }

    static func error(_ result: OpaquePointer, connectionOK: Bool, fallback: String) -> PostgresError {
        let message = PQresultErrorMessage(result).map { String(cString: $0) } ?? fallback
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        let lost = !connectionOK || state?.hasPrefix("08") == true || ["57P01", "57P02", "57P03"].contains(state ?? "")
        return PostgresError(lost ? .connection : .server, message.isEmpty ? fallback : message, sqlState: state)
    }

    private static func rows(_ result: OpaquePointer) -> QueryResult {
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        var columns: [String] = []
        columns.reserveCapacity(columnCount)
        for c in 0..<columnCount { columns.append(PQfname(result, Int32(c)).map { String(cString: $0) } ?? "") }
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        for r in 0..<rowCount {
            var row: [String?] = []
            row.reserveCapacity(columnCount)
            for c in 0..<columnCount {
                if PQgetisnull(result, Int32(r), Int32(c)) == 1 {
                    row.append(nil)
                } else {
                    row.append(String(cString: PQgetvalue(result, Int32(r), Int32(c))))
                }
            }
            rows.append(row)
        }
        return QueryResult(columns: columns, rows: rows)
    }

    // MARK: COPY BOTH (replication)

    /// Result of one attempt to read a CopyData message.
    enum CopyRead {
        /// One complete message.
        case message([UInt8])
        /// Nothing arrived within the timeout.
        case timeout
        /// The server ended the COPY; the error, if it sent one.
        case ended(PostgresError?)
    }

    /// Reads one CopyData message, waiting on the socket at most `timeoutMs` (non-blocking libpq reads).
    /// - Throws: ``PostgresError`` (`connection`) when the connection broke.
    func readCopyData(timeoutMs: Int32) throws(PostgresError) -> CopyRead {
        for attempt in 0..<2 {
            var buffer: UnsafeMutablePointer<CChar>?
            let count = PQgetCopyData(conn, &buffer, 1)
            if count > 0, let buffer {
                defer { PQfreemem(buffer) }
                let bytes = buffer.withMemoryRebound(to: UInt8.self, capacity: Int(count)) {
                    Array(UnsafeBufferPointer(start: $0, count: Int(count)))
                }
                return .message(bytes)
            }
            if count == -1 { return .ended(drainResults()) }
            if count == -2 { throw PostgresError(.connection, errorMessage) }
            guard attempt == 0 else { break }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, timeoutMs)
            if ready < 0 && errno != EINTR { throw PostgresError(.connection, "poll failed: errno \(errno)") }
            if ready <= 0 { return .timeout }
            guard PQconsumeInput(conn) == 1 else { throw PostgresError(.connection, errorMessage) }
        }
        return .timeout
    }

    private func drainResults() -> PostgresError? {
        var failure: PostgresError?
        while let result = PQgetResult(conn) {
            let status = PQresultStatus(result)
            if status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && failure == nil {
                failure = Self.error(result, connectionOK: isHealthy, fallback: errorMessage)
            }
            PQclear(result)
        }
        if failure == nil && !isHealthy { failure = PostgresError(.connection, errorMessage) }
        return failure
    }

    /// Sends one CopyData message and flushes it (waiting for the socket if needed).
    /// - Throws: ``PostgresError`` (`connection`) when the connection broke.
    func writeCopyData(_ bytes: [UInt8]) throws(PostgresError) {
        let queued = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(conn, $0.baseAddress, Int32($0.count)) }
        }
        guard queued == 1 else { throw PostgresError(.connection, errorMessage) }
        while true {
            let flushed = PQflush(conn)
            if flushed == 0 { return }
            if flushed < 0 { throw PostgresError(.connection, errorMessage) }
            var descriptor = pollfd(fd: socket, events: Int16(POLLOUT | POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 1000)
            if descriptor.revents & Int16(POLLIN) != 0 { _ = PQconsumeInput(conn) }
        }
    }

    /// Ends the COPY from our side (graceful stop of replication).
    func endCopy() {
        _ = PQputCopyEnd(conn, nil)
        _ = PQflush(conn)
    }
}
