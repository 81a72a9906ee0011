import Hummingbird

/// The routes of the API by path, so that a known path asked with another method gets Kafka Connect's
/// `405 HTTP 405 Method Not Allowed` rather than a 404.
struct RouteTable<Context: RequestContext> {
    /// A route handler.
    typealias Handler = @Sendable (Request, Context) async throws -> Response

    /// The methods a 405 is answered for when a path does not implement them.
    static var knownMethods: [HTTPRequest.Method] { [.get, .head, .post, .put, .patch, .delete, .options] }

    private var paths: [String] = []
    private var handlers: [String: [(HTTPRequest.Method, Handler)]] = [:]

    /// Adds a handler for `method` on `path` (Hummingbird syntax: `/connectors/:connector`).
    mutating func add(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        if handlers[path] == nil {
            paths.append(path)
            handlers[path] = []
        }
        handlers[path]?.append((method, handler))
    }

    /// Registers every route on `router`, plus 405 answers for the other methods (HEAD is served as GET).
    func register(on router: Router<Context>) {
        for path in paths {
            let routerPath = RouterPath(path)
            var served = Set<HTTPRequest.Method>()
            for (method, handler) in handlers[path] ?? [] {
                router.on(routerPath, method: method, use: handler)
                served.insert(method)
            }
            for method in Self.knownMethods where !served.contains(method) {
                if method == .head, served.contains(.get) { continue }
                router.on(routerPath, method: method) { _, _ -> Response in throw ConnectRESTError.methodNotAllowed }
            }
        }
    }
}
