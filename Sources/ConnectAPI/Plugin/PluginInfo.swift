/// One entry of `GET /connector-plugins`: `{"class":"…","type":"source","version":"…"}`.
public struct PluginInfo: Hashable, Sendable, Codable {
    /// The class name.
    public var className: String
    /// `source`, `sink`, or another plugin kind (`transformation`, `converter`…).
    public var type: String
    /// The version.
    public var version: String

    /// Creates an entry.
    public init(className: String, type: String, version: String) {
        self.className = className
        self.type = type
        self.version = version
    }

    enum CodingKeys: String, CodingKey {
        case className = "class"
        case type
        case version
    }
}
