/// The configuration keys every connector accepts, whatever its plugin (Kafka's `ConnectorConfig`,
/// `SourceConnectorConfig` and `SinkConnectorConfig`), as names and as reusable definitions.
///
/// Names, types, defaults, validators, groups, orders, widths and display names follow Kafka Connect, so
/// `/connector-plugins/{plugin}/config/validate` lists them as Kafka does; the documentation is our own
/// wording. Per-plugin version keys (`*.plugin.version`, Kafka 4.x) are not defined: Tributary links one
/// version of each plugin.
public enum ConnectorConfigKeys {
    /// `name`: the connector's unique name.
    public static let name = "name"
    /// `connector.class`: the plugin class name or alias.
    public static let connectorClass = "connector.class"
    /// `tasks.max`: the most tasks the connector may run.
    public static let tasksMax = "tasks.max"
    /// `tasks.max.enforce`: whether producing more task configs than `tasks.max` fails the connector.
    public static let tasksMaxEnforce = "tasks.max.enforce"
    /// `key.converter`: the converter for record keys.
    public static let keyConverter = "key.converter"
    /// `value.converter`: the converter for record values.
    public static let valueConverter = "value.converter"
    /// `header.converter`: the converter for header values.
    public static let headerConverter = "header.converter"
    /// `transforms`: aliases of the transformations to apply, in order.
    public static let transforms = "transforms"
    /// `predicates`: aliases of the predicates transformations may use.
    public static let predicates = "predicates"
    /// `config.action.reload`: what to do when an external config provider changes a value.
    public static let configActionReload = "config.action.reload"
    /// `errors.retry.timeout`: how long to retry a failed operation, in ms (-1 forever).
    public static let errorsRetryTimeout = "errors.retry.timeout"
    /// `errors.retry.delay.max.ms`: the longest wait between retries.
    public static let errorsRetryDelayMaxMs = "errors.retry.delay.max.ms"
    /// `errors.tolerance`: `none` fails on the first bad record, `all` skips bad records.
    public static let errorsTolerance = "errors.tolerance"
    /// `errors.log.enable`: log every error and the failed operation.
    public static let errorsLogEnable = "errors.log.enable"
    /// `errors.log.include.messages`: include the failed record in those logs.
    public static let errorsLogIncludeMessages = "errors.log.include.messages"

    /// `topic.creation.groups` (source connectors).
    public static let topicCreationGroups = "topic.creation.groups"
    /// `exactly.once.support` (source connectors): `requested` or `required`.
    public static let exactlyOnceSupport = "exactly.once.support"
    /// `transaction.boundary` (source connectors): `poll`, `interval` or `connector`.
    public static let transactionBoundary = "transaction.boundary"
    /// `transaction.boundary.interval.ms` (source connectors).
    public static let transactionBoundaryIntervalMs = "transaction.boundary.interval.ms"
    /// `offsets.storage.topic` (source connectors): a connector-specific offsets topic.
    public static let offsetsStorageTopic = "offsets.storage.topic"

    /// `topics` (sink connectors): the topics to consume.
    public static let topics = "topics"
    /// `topics.regex` (sink connectors): a pattern of topics to consume.
    public static let topicsRegex = "topics.regex"
    /// `errors.deadletterqueue.topic.name` (sink connectors): the dead letter queue topic; empty means none.
    public static let deadLetterQueueTopicName = "errors.deadletterqueue.topic.name"
    /// `errors.deadletterqueue.topic.replication.factor` (sink connectors).
    public static let deadLetterQueueTopicReplicationFactor = "errors.deadletterqueue.topic.replication.factor"
    /// `errors.deadletterqueue.context.headers.enable` (sink connectors): add `__connect.errors.*` headers.
    public static let deadLetterQueueContextHeadersEnable = "errors.deadletterqueue.context.headers.enable"

    /// The default header converter class.
    public static let defaultHeaderConverter = "org.apache.kafka.connect.storage.SimpleHeaderConverter"

    /// The keys of every connector, groups `Common`, `Transforms`, `Predicates` and `Error Handling`.
    public static let common: ConfigDefinition = ConfigDefinition()
        .define(
            name, .string, validator: .nonEmptyStringWithoutControlChars, importance: .high,
            documentation: "Globally unique name to use for this connector.",
            group: "Common", orderInGroup: 1, width: .medium, displayName: "Connector name"
        )
        .define(
            connectorClass, .string, importance: .high,
            documentation: "Name or alias of the connector plugin class, as listed by GET /connector-plugins "
                + "(the full class name, its simple name, or the simple name without the 'Connector' suffix).",
            group: "Common", orderInGroup: 2, width: .long, displayName: "Connector class"
        )
        .define(
            tasksMax, .int, default: 1, validator: .atLeast(1), importance: .high,
            documentation: "Maximum number of tasks to use for this connector.",
            group: "Common", orderInGroup: 3, width: .short, displayName: "Tasks max"
        )
        .define(
            tasksMaxEnforce, .boolean, default: true, importance: .low,
            documentation: "(Deprecated) Whether a connector that generates more task configurations than tasks.max "
                + "fails. When false, the extra tasks are allowed to run.",
            group: "Common", orderInGroup: 4, width: .short, displayName: "Enforce tasks max"
        )
        .define(
            keyConverter, .class, default: nil, importance: .low,
            documentation: "Converter between the Connect data of record keys and their serialized form in Kafka. "
                + "Unset means the worker's key.converter.",
            group: "Common", orderInGroup: 5, width: .short, displayName: "Key converter class"
        )
        .define(
            valueConverter, .class, default: nil, importance: .low,
            documentation: "Converter between the Connect data of record values and their serialized form in Kafka. "
                + "Unset means the worker's value.converter.",
            group: "Common", orderInGroup: 6, width: .short, displayName: "Value converter class"
        )
        .define(
            headerConverter, .class, default: .value(.className(defaultHeaderConverter)), importance: .low,
            documentation: "Converter between the Connect data of header values and their serialized form in Kafka. "
                + "By default, the SimpleHeaderConverter writes header values as strings and infers schemas when reading.",
            group: "Common", orderInGroup: 7, width: .short, displayName: "Header converter class"
        )
        .define(
            transforms, .list, default: [], validator: .uniqueAliases("transformation"), importance: .low,
            documentation: "Aliases for the transformations to be applied to records.",
            group: "Transforms", orderInGroup: 8, width: .long, displayName: "Transforms"
        )
        .define(
            predicates, .list, default: [], validator: .uniqueAliases("predicate"), importance: .low,
            documentation: "Aliases for the predicates used by transformations.",
            group: "Predicates", orderInGroup: 9, width: .long, displayName: "Predicates"
        )
        .define(
            configActionReload, .string, default: "restart", validator: .in("none", "restart"), importance: .low,
            documentation: "What to do with the connector when an external configuration provider changes one of its "
                + "values: 'none' does nothing, 'restart' restarts the connector with the new values.",
            group: "Common", orderInGroup: 10, width: .medium, displayName: "Reload Action"
        )
        .define(
            errorsRetryTimeout, .long, default: 0, importance: .medium,
            documentation: "How long, in milliseconds, a failed operation is retried. 0 (the default) means no retries; "
                + "-1 means retry forever.",
            group: "Error Handling", orderInGroup: 1, width: .medium, displayName: "Retry Timeout for Errors"
        )
        .define(
            errorsRetryDelayMaxMs, .long, default: 60_000, importance: .medium,
            documentation: "The longest wait, in milliseconds, between two retries; jitter is added once it is reached.",
            group: "Error Handling", orderInGroup: 2, width: .medium,
            displayName: "Maximum Delay Between Retries for Errors"
        )
        .define(
            errorsTolerance, .string, default: "none", validator: .in("none", "all"), importance: .medium,
            documentation: "How errors while processing records are tolerated: 'none' (the default) fails the task on "
                + "the first error; 'all' skips problematic records.",
            group: "Error Handling", orderInGroup: 3, width: .short, displayName: "Error Tolerance"
        )
        .define(
            errorsLogEnable, .boolean, default: false, importance: .medium,
            documentation: "Whether every error and the failed operation are written to the log, not only errors "
                + "that are not tolerated.",
            group: "Error Handling", orderInGroup: 4, width: .short, displayName: "Log Errors"
        )
        .define(
            errorsLogIncludeMessages, .boolean, default: false, importance: .medium,
            documentation: "Whether those error logs include the failed record: topic, partition, offset and timestamp "
                + "for sink records; key, value, headers and source partition and offset for source records.",
            group: "Error Handling", orderInGroup: 5, width: .short, displayName: "Log Error Details"
        )

    /// The keys of a source connector: ``common`` plus topic creation, exactly-once and offsets-topic keys.
    public static let source: ConfigDefinition = common
        .define(
            topicCreationGroups, .list, default: [], validator: .uniqueAliases("topic creation group"),
            importance: .low, documentation: "Groups of configurations for topics created by source connectors",
            group: "Topic Creation", orderInGroup: 1, width: .long, displayName: "Topic Creation Groups"
        )
        .define(
            exactlyOnceSupport, .string, default: "requested", validator: .inCaseInsensitive("requested", "required"),
            importance: .medium,
            documentation: "Permitted values are requested, required. 'required' makes validation fail unless the "
                + "connector declares that it can provide exactly-once semantics with the given configuration.",
            group: "Exactly Once Support", orderInGroup: 2, width: .short, displayName: "Exactly once support"
        )
        .define(
            transactionBoundary, .string, default: "poll",
            validator: .inCaseInsensitive("poll", "interval", "connector"), importance: .medium,
            documentation: "Permitted values are: poll, interval, connector. 'poll' commits a producer transaction per "
                + "batch returned by poll; 'interval' commits after transaction.boundary.interval.ms; 'connector' lets "
                + "the connector define boundaries, which fails for connectors that cannot.",
            group: "Exactly Once Support", orderInGroup: 3, width: .short, displayName: "Transaction Boundary"
        )
        .define(
            transactionBoundaryIntervalMs, .long, default: nil, validator: .ifNotNull(.atLeast(0)),
            importance: .low,
            documentation: "With transaction.boundary=interval, the interval between transaction commits. Unset means "
                + "the worker's offset.flush.interval.ms.",
            group: "Exactly Once Support", orderInGroup: 4, width: .short,
            displayName: "Transaction boundary interval"
        )
        .define(
            offsetsStorageTopic, .string, default: nil, validator: .nonEmptyString, importance: .low,
            documentation: "A separate offsets topic for this connector. Unset means the worker's offsets topic.",
            group: "offsets.topic", orderInGroup: 1, width: .long, displayName: "Offsets topic"
        )

    /// The keys of a sink connector: ``common`` plus `topics`, `topics.regex` and the dead letter queue keys.
    public static let sink: ConfigDefinition = common
        .define(
            topics, .list, default: "", importance: .high,
            documentation: "List of topics to consume, separated by commas",
            group: "Common", orderInGroup: 4, width: .long, displayName: "Topics"
        )
        .define(
            topicsRegex, .string, default: "", validator: .regex, importance: .high,
            documentation: "Regular expression giving topics to consume. Only one of topics or topics.regex should be specified.",
            group: "Common", orderInGroup: 4, width: .long, displayName: "Topics regex"
        )
        .define(
            deadLetterQueueTopicName, .string, default: "", importance: .medium,
            documentation: "The dead letter queue (DLQ) topic for records that fail in this sink connector, its "
                + "transformations or converters. Empty (the default) records nothing.",
            group: "Error Handling", orderInGroup: 6, width: .medium, displayName: "Dead Letter Queue Topic Name"
        )
        .define(
            deadLetterQueueTopicReplicationFactor, .short, default: 3, importance: .medium,
            documentation: "Replication factor of the dead letter queue topic when it has to be created.",
            group: "Error Handling", orderInGroup: 7, width: .medium,
            displayName: "Dead Letter Queue Topic Replication Factor"
        )
        .define(
            deadLetterQueueContextHeadersEnable, .boolean, default: false, importance: .medium,
            documentation: "Whether records written to the dead letter queue get headers describing the error; their "
                + "keys start with __connect.errors.",
            group: "Error Handling", orderInGroup: 8, width: .medium, displayName: "Enable Error Context Headers"
        )
}
