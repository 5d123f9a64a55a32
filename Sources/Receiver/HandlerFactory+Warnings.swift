extension HandlerFactory {
    /// What `serve` warns about a handler at start and `check-config` prints: what its type says
    /// (`HandlerType.warnings(name:)`: an optional header or signature left out, a signing secret
    /// Standard Webhooks libraries would not verify, an exec program that cannot be run yet). A
    /// handler no route uses gets only a notice saying so: its own problems do not matter until
    /// it is used.
    static func warnings(for definition: HandlerDefinition, in configuration: ReceiverConfiguration) -> [ConfigurationWarning] {
        let name = definition.name
        guard configuration.routes.contains(where: { $0.handlers.contains(name) }) else {
            return [ConfigurationWarning(.notice, "handlers.\(name): no route uses this handler; name it in a route's handlers to use it", handler: name)]
        }
        return definition.type.warnings(name: name)
    }

    /// The warnings about every handler of `configuration`, in file order.
    static func warnings(for configuration: ReceiverConfiguration) -> [ConfigurationWarning] {
        configuration.handlers.flatMap { warnings(for: $0, in: configuration) }
    }
}
