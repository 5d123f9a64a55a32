import Delivery
import Handlers

/// One entry of the `handlers` section: its type-specific settings and how it is driven.
public struct HandlerDefinition: Sendable {
    /// The type-specific part.
    public enum Kind: Sendable {
        case log(format: LogHandler.Format, fields: [SummaryField], maskPersonalData: Bool)
        case file(path: FilePathTemplate, options: FileSinkHandler.Options)
    }

    public let name: String
    public let kind: Kind
    public let retry: RetryPolicy
    public let concurrency: Int

    /// The type names the configuration accepts.
    public static let types = ["log", "file"]
}
