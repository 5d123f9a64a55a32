import Delivery

/// One entry of the `handlers` section: its type with that type's own settings, and how it is
/// driven (retry, concurrency, order), which every type shares.
public struct HandlerDefinition: Sendable {
    public let name: String
    /// The type named by `"type"`, holding the settings of its own.
    let type: any HandlerType
    public let retry: RetryPolicy
    public let concurrency: Int
    /// Strict receipt order: a failing event holds up the ones behind it.
    public let ordered: Bool

    /// The type names the configuration accepts.
    public static var types: [String] { HandlerTypeRegistry.standard.names }

    /// One line for `check-config`: the type and where events go, never a secret.
    var summary: String { type.summary }
}
