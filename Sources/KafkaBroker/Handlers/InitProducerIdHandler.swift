import KafkaProtocol
import LogStorage
import Logging

/// InitProducerId for idempotent producers: a fresh (producer id, epoch 0); v3+ re-initialisation of a known
/// producer bumps its epoch (KIP-360). Transactional ids are refused until transactions exist.
struct InitProducerIdHandler: RequestHandler {
    let state: BrokerState
    let advertisedVersions: ClosedRange<Int16> = 0...4

    func handle(_ request: InitProducerIdRequest, version: Int16, context: RequestContext) async -> HandlerResponse<InitProducerIdResponse> {
        if let transactionalId = request.transactionalId, !transactionalId.isEmpty {
            context.logger.info("refusing transactional producer: transactions are not supported yet", metadata: ["transactional.id": "\(transactionalId)"])
            return .response(InitProducerIdResponse(errorCode: .transactionalIdAuthorizationFailed, producerId: -1, producerEpoch: -1))
        }
        if version >= 3, request.producerId >= 0, request.producerEpoch >= 0, request.producerEpoch < Int16.max - 1 {
            return .response(
                InitProducerIdResponse(producerId: request.producerId, producerEpoch: request.producerEpoch + 1))
        }
        do {
            let id = try await state.producerIds.allocate()
            return .response(InitProducerIdResponse(producerId: id, producerEpoch: 0))
        } catch {
            context.logger.error("cannot allocate a producer id", metadata: ["error": "\(error)"])
            return .response(InitProducerIdResponse(errorCode: KafkaErrorCode(rawValue: 56), producerId: -1, producerEpoch: -1))
        }
    }
}
