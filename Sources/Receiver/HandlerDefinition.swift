import Delivery
import Handlers

/// One entry of the `handlers` section: its type-specific settings and how it is driven.
public struct HandlerDefinition: Sendable {
    /// The type-specific part.
    public enum Kind: Sendable {
        case log(format: LogHandler.Format, fields: [SummaryField], maskPersonalData: Bool)
        case file(path: FilePathTemplate, options: FileSinkHandler.Options)
        /// `warnings`: optional settings left out because their variable or file is missing.
        case forward(ForwardHandler.Settings, warnings: [String])
        /// `warnings`: optional `env` variables left out because they are not set.
        case exec(ExecHandler.Settings, warnings: [String])
    }

    public let name: String
    public let kind: Kind
    public let retry: RetryPolicy
    public let concurrency: Int
    /// Strict receipt order: a failing event holds up the ones behind it.
    public let ordered: Bool

    /// The type names the configuration accepts.
    public static let types = ["log", "file", "forward", "exec"]
}
