import ConnectRuntime
import Hummingbird

extension ConnectRESTRoutes {
    /// Status, tasks, topics, restarts and the pause/resume/stop target states.
    func addConnectorStateRoutes(to table: inout RouteTable<Context>) {
        table.add(.get, "/connectors/:connector/status") { _, context in
            JSONResponse.make(.ok, try await herder.connectorStatus(try connectorName(context)))
        }
        table.add(.post, "/connectors/:connector/restart") { request, context in
            let status = try await herder.restartConnector(
                try connectorName(context),
                includeTasks: input.flag("includeTasks", default: false, request),
                onlyFailed: input.flag("onlyFailed", default: false, request)
            )
            guard let status else { return JSONResponse.empty(.noContent) }
            return JSONResponse.make(.accepted, status)
        }
        table.add(.put, "/connectors/:connector/pause") { _, context in
            try await herder.setTargetState(try connectorName(context), .paused)
            return JSONResponse.empty(.accepted)
        }
        table.add(.put, "/connectors/:connector/resume") { _, context in
            try await herder.setTargetState(try connectorName(context), .started)
            return JSONResponse.empty(.accepted)
        }
        table.add(.put, "/connectors/:connector/stop") { _, context in
            try await herder.setTargetState(try connectorName(context), .stopped)
            return JSONResponse.empty(.noContent)
        }
        table.add(.get, "/connectors/:connector/tasks") { _, context in
            JSONResponse.make(.ok, try await herder.taskConfigs(try connectorName(context)))
        }
        table.add(.get, "/connectors/:connector/tasks/:task/status") { _, context in
            let id = ConnectorTaskId(connector: try connectorName(context), task: try input.taskNumber(context))
            return JSONResponse.make(.ok, try await herder.taskStatus(id))
        }
        table.add(.post, "/connectors/:connector/tasks/:task/restart") { _, context in
            let id = ConnectorTaskId(connector: try connectorName(context), task: try input.taskNumber(context))
            try await herder.restartTask(id)
            return JSONResponse.empty(.noContent)
        }
        table.add(.get, "/connectors/:connector/topics") { _, context in
            let name = try connectorName(context)
            let topics = try await herder.connectorTopics(name)
            let listing = JSONValue.object([("topics", .array(topics.map(JSONValue.string)))])
            return JSONResponse.make(.ok, .object([(name, listing)]))
        }
        table.add(.put, "/connectors/:connector/topics/reset") { _, context in
            try await herder.resetConnectorTopics(try connectorName(context))
            return JSONResponse.empty(.accepted)
        }
    }
}
