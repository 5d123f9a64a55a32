import Foundation

/// The arguments of one command, parsed by its `CommandSpec`: `--name value`, `--name=value`,
/// switches, an optional bare argument, and, for options that name one, an environment variable
/// used when the option is absent (the command line wins; an empty variable counts as unset).
/// Every error names the option or the variable at fault.
struct CommandArguments {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    /// Where each value came from: the option's name, or the variable that gave it.
    private var sources: [String: String] = [:]
    let command: CommandSpec

    init(_ arguments: [String], for command: CommandSpec, environment: [String: String] = ProcessInfo.processInfo.environment) throws(UsageError) {
        self.command = command
        var index = 0
        while index < arguments.count {
            var name = arguments[index]
            var inline: String?
            if let equals = name.firstIndex(of: "="), name.hasPrefix("--") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if let option = command.option(name) {
                if case .none = option.value {
                    guard inline == nil else { throw UsageError("\(name) takes no value") }
                    flags.insert(name)
                } else {
                    let value: String
                    if let inline {
                        value = inline
                    } else {
                        index += 1
                        guard index < arguments.count else { throw UsageError("\(name) needs a value (\(option.value.format))") }
                        value = arguments[index]
                    }
                    try option.value.check(value, name: name)
                    values[name] = value  // given twice, the last one counts
                    sources[name] = name
                }
            } else if !name.hasPrefix("-") || name == "-", let positional = command.positional, values[positional.key] == nil {
                try positional.value.check(name, name: positional.value.placeholder ?? positional.key)
                values[positional.key] = name
                sources[positional.key] = positional.value.placeholder ?? positional.key
            } else if name.hasPrefix("-") {
                throw UsageError("unknown option \(name)")
            } else {
                throw UsageError("unexpected argument \"\(name)\"")
            }
            index += 1
        }
        for option in command.options where values[option.name] == nil {
            guard let variable = option.environment, let text = environment[variable], !text.isEmpty else { continue }
            try option.value.check(text, name: variable)
            values[option.name] = text
            sources[option.name] = variable
        }
    }

    func value(_ name: String) -> String? { values[name] }

    func has(_ name: String) -> Bool { flags.contains(name) }

    /// The option or variable a value came from, for messages about it.
    func source(_ name: String) -> String { sources[name] ?? name }

    func required(_ name: String) throws(UsageError) -> String {
        guard let value = values[name] else {
            let variable = command.option(name)?.environment.map { " (or set \($0))" } ?? ""
            throw UsageError("\(name) is required\(variable)")
        }
        return value
    }

    /// A whole-number option, already checked against its range by the parser.
    func integer(_ name: String) -> Int? { values[name].flatMap { Int($0) } }

    /// A number-of-seconds option, already checked against its range by the parser.
    func seconds(_ name: String) -> Double? { values[name].flatMap { Double($0) } }
}

/// A command-line mistake; printed with a pointer to the command's help, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
