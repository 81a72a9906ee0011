/// What a connector sees: connectors, tasks, records, schemas and config definitions.
public enum ConnectAPIModule {}
