import Hummingbird

/// Requires `Authorization: Bearer <token>` on every mutating request (POST, PUT, PATCH, DELETE…); GET, HEAD
/// and OPTIONS stay open. Answers 401 with Kafka Connect's error body otherwise.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The token a request must present.
    let token: String

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        switch request.method {
        case .get, .head, .options: return try await next(request, context)
        default: break
        }
        guard let header = request.headers[.authorization] else {
            return Self.unauthorized("Authentication required: send the header 'Authorization: Bearer <token>'")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return Self.unauthorized("Unsupported authorization scheme: expected 'Authorization: Bearer <token>'")
        }
        guard Self.constantTimeEqual(Array(parts[1].utf8), Array(token.utf8)) else {
            return Self.unauthorized("Invalid bearer token")
        }
        return try await next(request, context)
    }

    private static func unauthorized(_ message: String) -> Response {
        var response = JSONResponse.error(ConnectRESTError(status: 401, message: message))
        response.headers[.wwwAuthenticate] = "Bearer realm=\"tributary\""
        return response
    }

    /// Compares without an early exit, so the time taken does not reveal how much of the token matched.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(lhs.count == rhs.count ? 0 : 1)
        for index in 0..<max(lhs.count, rhs.count) {
            let a = index < lhs.count ? lhs[index] : 0
            let b = index < rhs.count ? rhs[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }
}
