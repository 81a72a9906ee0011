import Hummingbird

/// Builds the REST layer's responses.
enum JSONResponse {
    /// A JSON body with `Content-Type: application/json`.
    static func make(_ status: HTTPResponse.Status, _ body: JSONValue) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(body.compactText)
        return Response(
            status: status,
            headers: [.contentType: "application/json", .contentLength: String(buffer.readableBytes)],
            body: ResponseBody(byteBuffer: buffer)
        )
    }

    /// A JSON body from an entity.
    static func make(_ status: HTTPResponse.Status, _ entity: some JSONRepresentable) -> Response {
        make(status, entity.json)
    }

    /// No body (`204`, or `202` for pause and resume as Kafka sends them).
    static func empty(_ status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: status == .noContent ? [:] : [.contentLength: "0"])
    }

    /// The error body `{"error_code":…,"message":…}`.
    static func error(_ error: ConnectRESTError) -> Response {
        make(HTTPResponse.Status(code: error.status), error.body)
    }
}
