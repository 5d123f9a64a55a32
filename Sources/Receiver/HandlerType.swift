import Delivery

/// One kind of handler the configuration can name in `"type"` (`log`, `file`, `forward`,
/// `exec`): a value of it holds that type's own settings, read and checked from the handler's
/// entry. Everything type-specific lives in the conforming type's file: the settings it reads,
/// its line in `check-config`, its start-up warnings and how its live handler is built. The
/// settings every handler shares (retry, concurrency, order) are read by `HandlerDefinition`.
///
/// A new handler type is a new conforming type plus one line in `HandlerTypeRegistry.standard`.
protocol HandlerType: Sendable {
    /// The value of `"type"` that selects it.
    static var typeName: String { get }

    /// Reads and checks the type's own keys of a handler entry (`entry.path` is
    /// `handlers.NAME`). Every error names its key; keys it does not read are reported as
    /// unknown once the common settings are read. Environment variables and secret files are
    /// read here, at load (start and reload); an optional one that is missing is left out and
    /// said in `warnings(name:)`.
    init(entry: inout ConfigObject) throws(ConfigurationError)

    /// One line for `check-config`: the type and where events go, never a secret.
    var summary: String { get }

    /// What `serve` logs at start and `check-config` prints about the handler `name`, when a
    /// route uses it: settings left out, a program that cannot run yet. Messages start with the
    /// key they are about (`handlers.NAME...`).
    func warnings(name: String) -> [ConfigurationWarning]

    /// The live handler called `name`.
    func makeHandler(name: String, context: HandlerContext) -> any WebhookHandler
}

extension HandlerType {
    func warnings(name: String) -> [ConfigurationWarning] { [] }
}
