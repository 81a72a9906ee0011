/// The broker's handler list: the one place that decides which APIs are advertised.
enum BrokerRouter {
    static func make(state: BrokerState) -> RequestRouter {
        var router = RequestRouter()
        router.register(MetadataHandler(state: state))
        router.register(ProduceHandler(state: state))
        router.register(FetchHandler(state: state))
        router.register(ListOffsetsHandler(state: state))
        router.register(CreateTopicsHandler(state: state))
        router.register(DeleteTopicsHandler(state: state))
        router.register(CreatePartitionsHandler(state: state))
        router.register(DeleteRecordsHandler(state: state))
        router.register(DescribeConfigsHandler(state: state))
        router.register(AlterConfigsHandler(state: state))
        router.register(IncrementalAlterConfigsHandler(state: state))
        router.register(InitProducerIdHandler(state: state))
        router.register(FindCoordinatorHandler(state: state))
        router.register(JoinGroupHandler(state: state))
        router.register(SyncGroupHandler(state: state))
        router.register(HeartbeatHandler(state: state))
        router.register(LeaveGroupHandler(state: state))
        router.register(OffsetCommitHandler(state: state))
        router.register(OffsetFetchHandler(state: state))
        router.register(DescribeGroupsHandler(state: state))
        router.register(ListGroupsHandler(state: state))
        router.register(DeleteGroupsHandler(state: state))
        return router
    }
}
