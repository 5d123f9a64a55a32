/// A handler setting that cannot work, found when the handler is built from the configuration.
public struct HandlerConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
