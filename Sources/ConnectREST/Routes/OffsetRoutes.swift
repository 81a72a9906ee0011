import ConnectRuntime
import Hummingbird

extension ConnectRESTRoutes {
    /// `GET|PATCH|DELETE /connectors/{name}/offsets` (KIP-875).
    func addOffsetRoutes(to table: inout RouteTable<Context>) {
        table.add(.get, "/connectors/:connector/offsets") { _, context in
            JSONResponse.make(.ok, try await herder.connectorOffsets(try connectorName(context)))
        }
        table.add(.patch, "/connectors/:connector/offsets") { request, context in
            let name = try connectorName(context)
            let offsets = try ConnectorOffsets(json: try await input.jsonBody(request))
            let message = try await herder.alterConnectorOffsets(name, offsets: offsets)
            return JSONResponse.make(.ok, .object([("message", .string(message))]))
        }
        table.add(.delete, "/connectors/:connector/offsets") { _, context in
            let message = try await herder.alterConnectorOffsets(try connectorName(context), offsets: nil)
            return JSONResponse.make(.ok, .object([("message", .string(message))]))
        }
    }
}
