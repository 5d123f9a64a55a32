import Handlers
import JSONSyntax
import SynapEvents

extension RouteDefinition {
    /// Reads a route's `filters`: per handler of the route, conditions that must all hold for
    /// that handler to get an event.
    ///
    ///     "filters": { "lms": [ { "field": "attempt.scoreFrac", "op": ">=", "value": 0.5 } ] }
    ///
    /// A field must be a documented path of the route's event (`EventFieldCatalog`), so a typo
    /// fails at start instead of silently filtering everything out; `auto` routes accept any path.
    static func filters(
        in entry: inout ConfigObject, event: EventKind?, handlers: [String]
    ) throws(ConfigurationError) -> [String: [FilterCondition]] {
        guard var section = try entry.object("filters") else { return [:] }
        var result: [String: [FilterCondition]] = [:]
        for handler in section.keys {
            let key = section.keyPath(handler)
            guard handlers.contains(handler) else {
                throw ConfigurationError(key, "\"\(handler)\" is not one of this route's handlers (\(handlers.joined(separator: ", ")))")
            }
            guard let items = try section.array(handler), !items.isEmpty else {
                throw ConfigurationError(key, "must be a non-empty list of conditions like {\"field\": \"exam.name\", \"op\": \"==\", \"value\": \"Final\"}")
            }
            var conditions: [FilterCondition] = []
            for (index, item) in items.enumerated() {
                var condition = try ConfigObject(item, path: "\(key)[\(index)]")
                conditions.append(try Self.condition(&condition, event: event))
                try condition.finish()
            }
            result[handler] = conditions
        }
        try section.finish()
        return result
    }

    private static func condition(_ entry: inout ConfigObject, event: EventKind?) throws(ConfigurationError) -> FilterCondition {
        let field = try entry.requiredString("field")
        if let event, !EventFieldCatalog.isKnownPath(field, for: event) {
            var message = "\(field) is not a field of \(event.rawValue)"
            if let suggestion = Self.closestPath(to: field, in: EventFieldCatalog.fieldPaths(for: event)) {
                message += " (did you mean \(suggestion)?)"
            }
            throw ConfigurationError(entry.keyPath("field"), message)
        }
        let opText = try entry.requiredString("op")
        guard let op = FilterCondition.Operator(rawValue: opText) else {
            let known = FilterCondition.Operator.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(entry.keyPath("op"), "unknown operator \"\(opText)\" (known: \(known))")
        }
        guard let value = entry.raw("value") else { throw ConfigurationError(entry.keyPath("value"), "is required") }
        do throws(HandlerConfigurationError) {
            return try FilterCondition(field: field, op: op, value: value)
        } catch {
            throw ConfigurationError(entry.keyPath("value"), error.message)
        }
    }

    /// The known path nearest to a mistyped one (at most a third of its letters off), if any.
    static func closestPath(to field: String, in paths: Set<String>) -> String? {
        let target = Array(field.lowercased())
        var best: (path: String, distance: Int)?
        for path in paths.sorted() {
            let distance = editDistance(target, Array(path.lowercased()))
            if distance <= max(1, target.count / 3), distance < (best?.distance ?? .max) { best = (path, distance) }
        }
        return best?.path
    }

    /// Levenshtein distance, one row at a time.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, left) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, right) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
