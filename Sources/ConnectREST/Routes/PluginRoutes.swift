import ConnectRuntime
import Hummingbird

extension ConnectRESTRoutes {
    /// `GET /connector-plugins`, a plugin's config definitions, and config validation.
    func addPluginRoutes(to table: inout RouteTable<Context>) {
        table.add(.get, "/connector-plugins") { request, _ in
            let connectorsOnly = input.queryValues("connectorsOnly", request).first?.lowercased() != "false"
            return JSONResponse.make(.ok, await herder.plugins(connectorsOnly: connectorsOnly))
        }
        table.add(.get, "/connector-plugins/:plugin/config") { _, context in
            JSONResponse.make(.ok, try await herder.pluginConfig(try input.parameter("plugin", context)))
        }
        table.add(.put, "/connector-plugins/:plugin/config/validate") { request, context in
            let plugin = try input.parameter("plugin", context)
            let config = try ConfigBody.strings(try await input.jsonBody(request), field: "The request body")
            if let included = config["connector.class"],
                !Self.normalizedPluginName(included).hasSuffix(Self.normalizedPluginName(plugin))
            {
                throw ConnectRESTError.badRequest(
                    "Included connector type \(included) does not match request type \(plugin)"
                )
            }
            return JSONResponse.make(.ok, try await herder.validate(plugin: plugin, config: config))
        }
    }

    /// A plugin name without a trailing `Connector`, so `FileStreamSource` matches
    /// `org.apache.kafka.connect.file.FileStreamSourceConnector` (Kafka's `normalizedPluginName`).
    static func normalizedPluginName(_ name: String) -> String {
        let suffix = "Connector"
        guard name.hasSuffix(suffix), name.count > suffix.count else { return name }
        return String(name.dropLast(suffix.count))
    }
}
