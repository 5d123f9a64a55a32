import SystemIO

extension ExecHandler {
    /// What keeps a program from starting with these arguments (argv[0] included) and this
    /// environment, in the terms of what is too large; nil when `execve` accepts them.
    /// `eventVariables` are the names the event supplied (the message blames the event).
    static func sizeProblem(arguments: [String], environment: [String: String], eventVariables: Set<String>) -> String? {
        let limit = ProgramLimits.maxStringBytes
        // Largest first, so the message names the worst offender.
        for (name, value) in environment.sorted(by: { $0.value.utf8.count > $1.value.utf8.count }) {
            guard ProgramLimits.environmentEntryBytes(name: name, value: value) > limit else { break }
            let owner = eventVariables.contains(name) ? "the event's" : "the variable"
            return "\(owner) \(name) (\(grouped(value.utf8.count)) bytes) is too large for a program's environment (limit \(grouped(limit)) per variable)"
        }
        for (index, argument) in arguments.enumerated() where argument.utf8.count + 1 > limit {
            return "argument \(index) (\(grouped(argument.utf8.count)) bytes) is too large for a program (limit \(grouped(limit)) per argument)"
        }
        let total = ProgramLimits.totalBytes(arguments: arguments, environment: environment)
        if total > ProgramLimits.maxTotalBytes {
            return "the event's variables with the arguments (\(grouped(total)) bytes in all) are too large for a program (limit \(grouped(ProgramLimits.maxTotalBytes)))"
        }
        return nil
    }

    /// `140000` -> `140,000`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return number < 0 ? "-" + result : result
    }
}
