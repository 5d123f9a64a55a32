import SystemIO

/// `--name value` options of one command, with errors that name the option.
struct CommandArguments {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments`, allowing `valued` options (which take a value) and `switches` (which do not).
    init(_ arguments: [String], valued: Set<String>, switches: Set<String> = []) throws(UsageError) {
        var index = 0
        while index < arguments.count {
            var name = arguments[index]
            var inline: String?
            if let equals = name.firstIndex(of: "="), name.hasPrefix("--") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if switches.contains(name) {
                flags.insert(name)
            } else if valued.contains(name) {
                if let inline {
                    values[name] = inline
                } else {
                    index += 1
                    guard index < arguments.count else { throw UsageError("\(name) needs a value") }
                    values[name] = arguments[index]
                }
            } else {
                throw UsageError("unknown option \(name)")
            }
            index += 1
        }
    }

    func value(_ name: String) -> String? { values[name] }

    func has(_ name: String) -> Bool { flags.contains(name) }

    func required(_ name: String) throws(UsageError) -> String {
        guard let value = values[name] else { throw UsageError("\(name) is required") }
        return value
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
        }
        return number
    }
}

/// A command-line mistake; printed with the usage, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
