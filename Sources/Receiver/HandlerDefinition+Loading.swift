import Delivery

extension HandlerDefinition {
    /// Reads the handler `name` from its entry: `"type"` looked up in `types`, which reads the
    /// type's own keys, then the settings every handler shares (`concurrency`, `ordered`,
    /// `retry`). The caller reports keys nobody read.
    init(name: String, entry: inout ConfigObject, types: HandlerTypeRegistry) throws(ConfigurationError) {
        guard !name.isEmpty, name != "*", !name.contains(where: { $0 == "\n" || $0 == " " }) else {
            throw ConfigurationError(entry.path, "handler names must be non-empty, without spaces, and not \"*\"")
        }
        let typeName = try entry.requiredString("type")
        guard let handlerType = types.type(named: typeName) else {
            throw ConfigurationError(entry.keyPath("type"), "unknown handler type \"\(typeName)\" (known: \(types.names.joined(separator: ", ")))")
        }
        self.name = name
        type = try handlerType.init(entry: &entry)
        concurrency = try entry.integer("concurrency", default: 1, range: 1...256)
        ordered = try entry.bool("ordered", default: false)
        if ordered && concurrency > 1 {
            throw ConfigurationError(entry.keyPath("ordered"), "strict order delivers one event at a time: remove concurrency or ordered")
        }
        var policy = RetryPolicy()
        if var retry = try entry.object("retry") {
            policy.maxAttempts = try retry.integer("maxAttempts", default: policy.maxAttempts, range: 0...1_000_000)
            policy.maxAgeSeconds = try retry.number("maxAgeHours", default: policy.maxAgeSeconds / 3600, range: 0...8760) * 3600
            policy.initialDelay = try retry.number("initialDelaySeconds", default: policy.initialDelay, range: 0.001...86_400)
            policy.maxDelay = try retry.number("maxDelaySeconds", default: policy.maxDelay, range: 0.001...86_400)
            try retry.finish()
        }
        self.retry = policy
    }
}
