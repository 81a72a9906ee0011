public import ConnectRuntime
public import Hummingbird

/// Assembles the API's router: request logging, Kafka-style error bodies, bearer auth, then the routes.
public enum ConnectRESTRouter {
    /// A router serving Kafka Connect's REST API over `herder`.
    public static func build(
        herder: any Herder,
        configuration: ConnectRESTConfiguration
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: [.autoGenerateHeadEndpoints])
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: ErrorMiddleware())
        if let token = configuration.authToken {
            router.add(middleware: BearerAuthMiddleware(token: token))
        }
        let routes = ConnectRESTRoutes<BasicRequestContext>(
            herder: herder,
            input: RequestInput(maxBodyBytes: configuration.maxBodyBytes)
        )
        routes.table().register(on: router)
        return router
    }
}
