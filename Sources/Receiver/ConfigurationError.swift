/// A configuration problem, naming the key it is about: `handlers.lms.urll: unknown key`.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The dotted path of the offending key (`routes[1].handlers`), empty for the whole file.
    public let path: String
    /// What is wrong, and where useful what would be right.
    public let message: String

    public init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
