import Foundation

extension ConfigObject {
    /// A value given as `"text"` or as `{"env": "VARIABLE"}` (read now, from the receiver's
    /// environment), the latter optionally with `"prefix"` (forward headers) and
    /// `"optional": true`. Nil when an optional variable is not set: the caller leaves the value
    /// out and warns with `missing` (the key and the variable). A variable a command that sends
    /// nothing needs not (`status --config`) counts as optional.
    mutating func literalOrVariable(
        _ name: String, allowsPrefix: Bool = false, missing: (_ key: String, _ variable: String) -> Void
    ) throws(ConfigurationError) -> String? {
        let key = keyPath(name)
        let given = raw(name)
        if case .string(let text)? = given { return text }
        guard let given, case .object = given else { throw ConfigurationError(key, "must be a string or {\"env\": \"VARIABLE\"}") }
        var source = try ConfigObject(given, path: key)
        let variable = try source.requiredString("env")
        let prefix = allowsPrefix ? try source.string("prefix", default: "") : ""
        let optional = try source.bool("optional", default: false)
        try source.finish()
        guard let found = ProcessInfo.processInfo.environment[variable], !found.isEmpty else {
            guard optional || SecretFileContext.secretsOptional else {
                throw ConfigurationError(source.keyPath("env"), "environment variable \(variable) is not set")
            }
            missing(key, variable)
            return nil
        }
        return prefix + found
    }
}
