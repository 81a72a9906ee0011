import ConnectRuntime
import Hummingbird

extension ConnectRESTRoutes {
    /// `GET /admin/loggers` and `GET|PUT /admin/loggers/{name}` (KIP-495).
    func addLoggerRoutes(to table: inout RouteTable<Context>) {
        table.add(.get, "/admin/loggers") { _, _ in
            let loggers = await herder.loggers()
            return JSONResponse.make(.ok, .object(loggers.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) }))
        }
        table.add(.get, "/admin/loggers/:logger") { _, context in
            JSONResponse.make(.ok, try await herder.logger(try input.parameter("logger", context)))
        }
        table.add(.put, "/admin/loggers/:logger") { request, context in
            let name = try input.parameter("logger", context)
            let body = try await input.jsonBody(request)
            guard case .object = body else {
                throw ConnectRESTError.badRequest("The request body must be a JSON object {\"level\":…}")
            }
            guard case .string(let level)? = body["level"] else {
                throw ConnectRESTError.badRequest("Desired 'level' parameter was not specified in request.")
            }
            let names = try await herder.setLoggerLevel(name, level: level)
            // `scope=cluster` answers 204 as Kafka does; one standalone worker is the whole cluster.
            if input.queryValues("scope", request).first?.lowercased() == "cluster" {
                return JSONResponse.empty(.noContent)
            }
            return JSONResponse.make(.ok, .array(names.map(JSONValue.string)))
        }
    }
}
