/// The handler types a configuration may name, in the order messages list them. The loader
/// looks `"type"` up here and lists these names when it is unknown; `HandlerDefinition.types`
/// is this list's names.
struct HandlerTypeRegistry: Sendable {
    /// The types the receiver ships: the one place a new handler type is registered.
    static let standard = HandlerTypeRegistry([
        LogHandlerType.self, FileHandlerType.self, ForwardHandlerType.self, ExecHandlerType.self,
    ])

    let types: [any HandlerType.Type]

    /// A registry of `types`; where two share a name, the first is used.
    init(_ types: [any HandlerType.Type]) {
        self.types = types
    }

    /// The `"type"` values, in order.
    var names: [String] { types.map { $0.typeName } }

    /// The type whose `"type"` value is `name`.
    func type(named name: String) -> (any HandlerType.Type)? {
        types.first { $0.typeName == name }
    }

    /// This registry with `type` added at the end (a test's or an embedder's own type, without
    /// changing the standard one).
    func adding(_ type: any HandlerType.Type) -> HandlerTypeRegistry {
        HandlerTypeRegistry(types + [type])
    }
}
