import ConnectRuntime
import Hummingbird

extension ConnectRESTRoutes {
    /// The connector collection, one connector, and its config.
    func addConnectorRoutes(to table: inout RouteTable<Context>) {
        table.add(.get, "/connectors") { request, _ in
            try await listConnectors(expand: Set(input.queryValues("expand", request)))
        }
        table.add(.post, "/connectors") { request, _ in
            let body = try CreateConnectorRequest(json: try await input.jsonBody(request))
            let result = try await herder.putConnectorConfig(
                name: body.name,
                config: body.config,
                allowReplace: false,
                initialState: body.initialState
            )
            return JSONResponse.make(.created, result.info)
        }
        table.add(.get, "/connectors/:connector") { _, context in
            JSONResponse.make(.ok, try await herder.connectorInfo(try connectorName(context)))
        }
        table.add(.delete, "/connectors/:connector") { request, context in
            let name = try connectorName(context)
            let deleteOffsets: Bool
            switch input.queryValues("offsets", request).first?.lowercased() {
            case nil, "keep": deleteOffsets = false
            case "delete": deleteOffsets = true
            case let other?:
                throw ConnectRESTError.badRequest("Invalid value '\(other)' for 'offsets': expected 'delete' or 'keep'")
            }
            try await herder.deleteConnector(name, deleteOffsets: deleteOffsets)
            return JSONResponse.empty(.noContent)
        }
        table.add(.get, "/connectors/:connector/config") { _, context in
            JSONResponse.make(.ok, .sortedStrings(try await herder.connectorConfig(try connectorName(context))))
        }
        table.add(.put, "/connectors/:connector/config") { request, context in
            let name = try connectorName(context)
            let config = try ConfigBody.withName(
                ConfigBody.strings(try await input.jsonBody(request), field: "The request body"),
                name
            )
            let result = try await herder.putConnectorConfig(
                name: name,
                config: config,
                allowReplace: true,
                initialState: nil
            )
            return JSONResponse.make(result.created ? .created : .ok, result.info)
        }
        table.add(.patch, "/connectors/:connector/config") { request, context in
            let name = try connectorName(context)
            let patch = try ConfigBody.patch(try await input.jsonBody(request), field: "The request body")
            if let included = patch["name"] {
                guard let included else {
                    throw ConnectRESTError.badRequest("The connector name cannot be removed from its config")
                }
                guard included == name else { throw ConfigBody.nameMismatch(included: included, name: name) }
            }
            return JSONResponse.make(.ok, try await herder.patchConnectorConfig(name: name, patch: patch))
        }
    }

    /// `GET /connectors`: the names, or with `expand=status` and/or `expand=info` a map of name to
    /// `{"status":…,"info":…}`. Connectors deleted while the map is built are left out, as Kafka does.
    private func listConnectors(expand: Set<String>) async throws -> Response {
        let names = await herder.connectorNames()
        guard !expand.isEmpty else { return JSONResponse.make(.ok, .array(names.map(JSONValue.string))) }
        var entries: [(String, JSONValue)] = []
        for name in names {
            let expansions: JSONValue
            do {
                expansions = try await self.expansions(of: name, expand)
            } catch {
                if case .notFound = error { continue }
                throw error
            }
            entries.append((name, expansions))
        }
        return JSONResponse.make(.ok, .object(entries))
    }

    private func expansions(of name: String, _ expand: Set<String>) async throws(HerderError) -> JSONValue {
        var expansions: [(String, JSONValue)] = []
        if expand.contains("status") { expansions.append(("status", try await herder.connectorStatus(name).json)) }
        if expand.contains("info") { expansions.append(("info", try await herder.connectorInfo(name).json)) }
        return .object(expansions)
    }
}
