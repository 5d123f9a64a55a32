import Foundation
import Testing
@testable import Receiver

/// The completion scripts run in the real shells: bash completes every command's options, and
/// the values the table knows; zsh parses and registers its function.
@Suite struct ShellCompletionTests {
    /// Runs `program arguments` and returns its standard output and exit status.
    static func run(_ program: String, _ arguments: [String]) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    /// Asks bash's completion function for each command line in `lines` (words, the last one
    /// being completed) and returns the candidates of each.
    static func bashCandidates(_ lines: [[String]], in directory: TemporaryDirectory) throws -> [Set<String>] {
        let script = directory.write(ShellCompletion.bash(), to: "completion.bash")
        var driver = """
            source "$1" || exit 3
            complete -p synap-webhooks | grep -q -- '-F _synap_webhooks synap-webhooks$' || exit 4
            ask() { COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _synap_webhooks; printf '%s\\n' "${COMPREPLY[@]}"; echo '=='; }

            """
        for words in lines {
            driver += "ask " + words.map { "'\($0)'" }.joined(separator: " ") + "\n"
        }
        let driverPath = directory.write(driver, to: "driver.bash")
        let (output, status) = try run("/bin/bash", ["--norc", "--noprofile", driverPath, script])
        #expect(status == 0, "bash driver failed: \(output)")
        return output.components(separatedBy: "==\n").dropLast().map { Set($0.split(separator: "\n").map(String.init)) }
    }

    @Test func theBashScriptIsValidAndRegistered() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let script = directory.write(ShellCompletion.bash(), to: "completion.bash")
        let syntax = try Self.run("/bin/bash", ["-n", script])
        #expect(syntax.status == 0, "bash -n: \(syntax.output)")
        _ = try Self.bashCandidates([], in: directory)  // sourcing registers it, or the driver exits 4
    }

    @Test func bashCompletesEveryCommandsOptionsExactly() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let commands = CommandTable.commands
        let answers = try Self.bashCandidates([["synap-webhooks", ""]] + commands.map { ["synap-webhooks", $0.name, "--"] }, in: directory)
        try #require(answers.count == commands.count + 1)
        #expect(answers[0] == Set(commands.map(\.name) + ["--help", "--version"]))
        for (command, answer) in zip(commands, answers.dropFirst()) {
            #expect(answer == Set(command.options.map(\.name) + ["--help"]), "\(command.name)")
        }
    }

    @Test func bashCompletesValuesFromTheTable() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.path + "/subdir", withIntermediateDirectories: true)
        _ = directory.write("{}", to: "file.json")
        let base = directory.path + "/"
        let answers = try Self.bashCandidates([
            ["synap-webhooks", "replay", "--from", ""],
            ["synap-webhooks", "sample", "--event", "attempt.c"],
            ["synap-webhooks", "serve", "--data-dir", base],
            ["synap-webhooks", "check-config", base + "f"],
            ["synap-webhooks", "serve", "--config", "=", base + "fi"],
            ["synap-webhooks", "completion", ""],
            ["synap-webhooks", "serve", "--port", ""],
        ], in: directory)
        try #require(answers.count == 7)
        #expect(answers[0] == ["journal", "dead-letters", "quarantine"])
        #expect(answers[1] == ["attempt.completed"])
        #expect(answers[2].contains(base + "subdir") && !answers[2].contains(base + "file.json"))
        #expect(answers[3] == [base + "file.json"])
        #expect(answers[4] == [base + "file.json"])
        #expect(answers[5] == ["bash", "zsh"])
        #expect(answers[6].isEmpty)
    }

    @Test func theZshScriptParsesAndRegisters() throws {
        let zsh = "/usr/bin/zsh"
        let script = ShellCompletion.zsh()
        #expect(script.hasPrefix("#compdef synap-webhooks\n"))
        // Without zsh on the machine the checks above still hold; with it, zsh reads the script.
        guard FileManager.default.isExecutableFile(atPath: zsh) else { return }
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.write(script, to: "_synap-webhooks")
        let syntax = try Self.run(zsh, ["-n", path])
        #expect(syntax.status == 0, "zsh -n: \(syntax.output)")
        let loaded = try Self.run(zsh, ["-f", "-c", "autoload -Uz compinit && compinit -u -D && source \(path) && print -r -- $_comps[synap-webhooks]"])
        #expect(loaded.output.trimmingCharacters(in: .whitespacesAndNewlines) == "_synap-webhooks", "zsh: \(loaded.output)")
    }
}
