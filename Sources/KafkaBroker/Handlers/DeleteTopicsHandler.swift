import KafkaProtocol
import LogStorage

/// DeleteTopics: removes each topic and its data.
struct DeleteTopicsHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 1...5

    func handle(_ request: DeleteTopicsRequest, version: Int16, context: RequestContext) async -> HandlerResponse<DeleteTopicsResponse> {
        var results: [DeleteTopicsResponse.Result] = []
        for name in request.topicNames {
            do {
                try await state.logs.deleteTopic(name)
                results.append(.init(name: name))
            } catch {
                results.append(.init(name: name, errorCode: error.kafkaErrorCode, errorMessage: error.message))
            }
        }
        return .response(DeleteTopicsResponse(responses: results))
    }
}
