/// Consumer-group coordination: group state machines and committed offsets, as pure values.
public enum GroupCoordinatorModule {}
