/// Checks that the server can serve logical replication to this user, with messages that say what to fix.
enum Preflight {
    /// The problems found, each with the config key it belongs to.
    static func problems(_ catalog: Catalog, _ config: PostgresSourceConfig) throws(PostgresError) -> [(key: String, message: String)] {
        var problems: [(String, String)] = []
        let level = try catalog.connection.execute("SHOW wal_level").rows.first?.first ?? nil
        if level != "logical" {
            problems.append((PostgresSourceConfig.pluginNameKey,
                             "wal_level is '\(level ?? "?")' but logical decoding needs wal_level=logical (set it in postgresql.conf and restart the server)"))
        }
        let role = try catalog.connection.execute("SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user")
        if role.rows.first?.first ?? nil != "t" {
            problems.append((PostgresSourceConfig.userKey,
                             "the user has neither the REPLICATION attribute nor superuser; run ALTER ROLE … WITH REPLICATION"))
        }
        if config.publicationMode == .disabled, !(try catalog.publicationExists(config.publicationName)) {
            problems.append((PostgresSourceConfig.publicationNameKey,
                             "publication \"\(config.publicationName)\" does not exist and publication.autocreate.mode is disabled"))
        }
        return problems
    }

    /// Throws the first problem as a fatal pump error.
    static func check(_ catalog: Catalog, _ config: PostgresSourceConfig) throws {
        if let first = try problems(catalog, config).first {
            throw ReplicationPump.Fatal(message: "\(first.key): \(first.message)")
        }
    }
}
