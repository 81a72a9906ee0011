import Foundation

/// A throwaway PostgreSQL server for benchmarks: `initdb` + `pg_ctl` into a directory, `wal_level=logical`,
/// 127.0.0.1 on a free port; run as `nobody` when started by root (initdb refuses root).
final class LocalPostgres: Sendable {
    let binDirectory: String
    let directory: String
    let port: Int
    private let runAs: String?

    /// Creates and starts the server.
    init(binDirectory: String, directory: String, settings: [String: String] = [:]) throws {
        self.binDirectory = binDirectory
        self.directory = directory
        port = try BenchWorker.freePort()
        runAs = getuid() == 0 ? "nobody" : nil
        guard FileManager.default.isExecutableFile(atPath: binDirectory + "/initdb") else {
            throw CommandFailure("no initdb in \(binDirectory) (install postgresql, or pass --pg-bin)")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if runAs != nil { try run("/bin/chown", ["nobody", directory], asServerUser: false) }
        let data = directory + "/data"
        try run(binDirectory + "/initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
        var conf: [String: String] = [
            "listen_addresses": "'127.0.0.1'", "port": String(port), "wal_level": "logical", "max_replication_slots": "10",
            "max_wal_senders": "10", "unix_socket_directories": "'\(directory)'", "timezone": "'UTC'",
            "shared_buffers": "256MB", "max_wal_size": "4GB", "synchronous_commit": "off",
        ]
        for (key, value) in settings { conf[key] = value }
        let text = conf.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)\n" }.joined()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: data + "/postgresql.conf"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
        try run(binDirectory + "/pg_ctl", ["-D", data, "-l", directory + "/server.log", "-w", "start"])
    }

    /// Stops the server at once and removes its directory.
    func destroy() {
        _ = try? run(binDirectory + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs SQL as `postgres` through psql; returns its unaligned output.
    @discardableResult
    func psql(_ sql: String, database: String = "postgres") throws -> String {
        try run(binDirectory + "/psql", connection(database) + ["-v", "ON_ERROR_STOP=1", "-At", "-c", sql], asServerUser: false)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// psql-style connection arguments.
    func connection(_ database: String) -> [String] {
        ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", database]
    }

    /// Runs a PostgreSQL client program (pgbench, pg_recvlogical…) from the bin directory; returns its stdout.
    @discardableResult
    func client(_ program: String, _ arguments: [String]) throws -> String {
        try run(binDirectory + "/" + program, arguments, asServerUser: false)
    }

    @discardableResult
    private func run(_ path: String, _ arguments: [String], asServerUser: Bool = true) throws -> String {
        let argv = asServerUser && runAs != nil ? ["/usr/sbin/runuser", "-u", runAs ?? "", "--", path] + arguments : [path] + arguments
        // Output goes to files, not pipes: pg_ctl's server inherits them and never closes a pipe, and a chatty
        // program (pgbench -i) must not block on a full pipe.
        let base = NSTemporaryDirectory() + "tributary-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer {
            unlink(base + ".out")
            unlink(base + ".err")
        }
        let status = try ChildProcess.run(argv, stdout: base + ".out", stderr: base + ".err")
        let outData = FileManager.default.contents(atPath: base + ".out") ?? Data()
        let errData = FileManager.default.contents(atPath: base + ".err") ?? Data()
        guard status == 0 else {
            throw CommandFailure("\((path as NSString).lastPathComponent) failed (\(status)): "
                + (String(data: errData, encoding: .utf8) ?? ""))
        }
        return String(data: outData, encoding: .utf8) ?? ""
    }
}

/// A child process started with posix_spawn and reaped with waitpid (Foundation's `Process` did not reap a
/// `pg_ctl` whose server outlives it).
enum ChildProcess {
    /// Runs `argv` to completion with stdout and stderr redirected to files; returns the exit status
    /// (128 + signal when killed).
    static func run(_ argv: [String], stdout: String, stderr: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // A clean signal state: the child must not inherit the runtime's blocked or ignored signals.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw CommandFailure("cannot start \(argv[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw CommandFailure("waitpid for \(argv[0]) failed: \(String(cString: strerror(errno)))") }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
