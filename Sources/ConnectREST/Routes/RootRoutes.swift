import ConnectRuntime
import Hummingbird

extension ConnectRESTRoutes {
    /// `GET /`, `GET /health` and `GET /metrics`.
    func addRootRoutes(to table: inout RouteTable<Context>) {
        table.add(.get, "/") { _, _ in
            JSONResponse.make(.ok, await herder.serverInfo())
        }
        table.add(.get, "/health") { _, _ in
            let health = await herder.health()
            return JSONResponse.make(HTTPResponse.Status(code: health.httpStatus), health)
        }
        table.add(.get, "/metrics") { _, _ in
            let text = PrometheusFormatter.format(await herder.metrics())
            var buffer = ByteBuffer()
            buffer.writeString(text)
            return Response(
                status: .ok,
                headers: [
                    .contentType: PrometheusFormatter.contentType, .contentLength: String(buffer.readableBytes),
                ],
                body: ResponseBody(byteBuffer: buffer)
            )
        }
    }
}
