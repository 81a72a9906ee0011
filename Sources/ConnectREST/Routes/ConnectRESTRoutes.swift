import ConnectRuntime
import Hummingbird

/// The handlers of the API, each a thin translation between HTTP and one ``Herder`` call.
struct ConnectRESTRoutes<Context: RequestContext>: Sendable {
    /// The herder every route asks.
    let herder: any Herder
    /// Reading parameters and bodies.
    let input: RequestInput

    /// Every route of Kafka Connect's API (plus `/metrics`), by path.
    func table() -> RouteTable<Context> {
        var table = RouteTable<Context>()
        addRootRoutes(to: &table)
        addConnectorRoutes(to: &table)
        addConnectorStateRoutes(to: &table)
        addOffsetRoutes(to: &table)
        addPluginRoutes(to: &table)
        addLoggerRoutes(to: &table)
        return table
    }

    /// The `{connector}` path parameter.
    func connectorName(_ context: Context) throws(ConnectRESTError) -> String {
        try input.parameter("connector", context)
    }
}
