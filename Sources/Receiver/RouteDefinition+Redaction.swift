import Checksums
import JSONSyntax
import SynapEvents

extension RouteDefinition {
    /// Reads a route's `redact`: fields removed, masked or replaced by a keyed hash before
    /// anything of the event is stored.
    ///
    ///     "redact": [ { "field": "user.email", "action": "hash" },
    ///                 { "field": "user.customAttributes.nationalId", "action": "remove" } ]
    ///
    /// Checked like filters: on a route with a fixed event, a field must be a documented path of
    /// that event (keys under `customAttributes` are free); `auto` routes accept any path. And a
    /// rule that would make every payload of the event stop fitting its model (removing the
    /// required `user.email`, masking a number the model needs) is refused, since the route would
    /// then quarantine every event: that is tried on the event's sample.
    static func redactions(in entry: inout ConfigObject, event: EventKind?) throws(ConfigurationError) -> [RedactionRule] {
        let key = entry.keyPath("redact")
        guard let items = try entry.array("redact") else { return [] }
        guard !items.isEmpty else {
            throw ConfigurationError(key, "must be a non-empty list of fields like {\"field\": \"user.email\", \"action\": \"hash\"}")
        }
        var rules: [RedactionRule] = []
        for (index, item) in items.enumerated() {
            var object = try ConfigObject(item, path: "\(key)[\(index)]")
            let rule = try Self.redactionRule(&object, event: event)
            if let earlier = rules.firstIndex(where: { $0.field == rule.field }) {
                throw ConfigurationError(object.keyPath("field"), "\(rule.field) is already redacted by \(key)[\(earlier)]")
            }
            try object.finish()
            rules.append(rule)
        }
        if let event { try Self.checkSample(of: event, keepsFitting: rules, key: key) }
        return rules
    }

    private static func redactionRule(_ entry: inout ConfigObject, event: EventKind?) throws(ConfigurationError) -> RedactionRule {
        let field = try entry.requiredString("field")
        guard !field.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
            throw ConfigurationError(entry.keyPath("field"), "\"\(field)\" is not a dotted path like user.email")
        }
        if let event, !EventFieldCatalog.isKnownPath(field, for: event) {
            var message = "\(field) is not a field of \(event.rawValue)"
            if let suggestion = Self.closestPath(to: field, in: EventFieldCatalog.fieldPaths(for: event)) {
                message += " (did you mean \(suggestion)?)"
            }
            throw ConfigurationError(entry.keyPath("field"), message)
        }
        let actionText = try entry.requiredString("action")
        guard let action = RedactionRule.Action(rawValue: actionText) else {
            let known = RedactionRule.Action.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(entry.keyPath("action"), "unknown action \"\(actionText)\" (known: \(known))")
        }
        return RedactionRule(field: field, action: action)
    }

    /// Applies the rules one by one to `event`'s sample (which fills every documented field)
    /// and refuses the first after which it no longer decodes.
    private static func checkSample(of event: EventKind, keepsFitting rules: [RedactionRule], key: String) throws(ConfigurationError) {
        guard var value = try? JSONValue(parsing: Array(SampleEvents.body(for: event).utf8)) else { return }
        // Any key gives hashes of the same shape; the data directory's is not needed to check.
        let identifiers = KeyedIdentifierHash(key: Array(repeating: 0x5A, count: 32))
        let decoder = SynapEventDecoder()
        for (index, rule) in rules.enumerated() {
            value = rule.apply(to: value, identifiers: identifiers)
            do throws(EventDecodingError) {
                _ = try decoder.decode(event, from: Array(value.serialized().utf8))
            } catch {
                throw ConfigurationError(
                    "\(key)[\(index)]",
                    "\(rule.action.rawValue) on \(rule.field) makes \(event.rawValue) payloads no longer fit the event's model (\(error)), "
                        + "so the route would quarantine every event; the model needs this field as it is: "
                        + (rule.action == .remove ? "use mask or hash, which keep it a string" : "redact the fields inside it, or leave it"))
            }
        }
    }
}
