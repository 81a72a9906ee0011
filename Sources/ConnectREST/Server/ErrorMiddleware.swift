import ConnectRuntime
import Hummingbird
import Logging
import NIOCore

/// Turns every error a route throws into Kafka Connect's `{"error_code":…,"message":…}` body: herder errors
/// with their status, unknown paths as `HTTP 404 Not Found`, anything unexpected as a 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return JSONResponse.error(Self.restError(for: error, context: context))
        }
    }

    /// The REST error an error is answered with.
    static func restError(for error: any Error, context: Context) -> ConnectRESTError {
        switch error {
        case let error as ConnectRESTError: return error
        case let error as HerderError: return ConnectRESTError(error)
        case let error as JSONSyntaxError: return .badRequest("Request body is not valid JSON: \(error)")
        case is NIOTooManyBytesError: return ConnectRESTError(status: 413, message: "Request body too large")
        case let error as any HTTPResponseError: return .generic(Int(error.status.code))
        default:
            context.logger.error("Unexpected error in a REST handler", metadata: ["error": "\(error)"])
            return ConnectRESTError(status: 500, message: "\(error)")
        }
    }
}
