import Foundation
import SystemIO

/// `synap-webhooks hash-password [--iterations N]`: prints a PBKDF2-HMAC-SHA256 hash for
/// `admin.users[].passwordHash` (or `admin.tokens[].tokenHash`). The password is read from
/// standard input: typed twice without echo on a terminal, or one line from a pipe
/// (`printf '%s\n' "$PASSWORD" | synap-webhooks hash-password`).
enum HashPasswordCommand {
    static func run(_ options: CommandArguments) -> Int32 {  // options: CommandTable.hashPassword
        let iterations = options.integer("--iterations") ?? PasswordHash.defaultIterations
        guard let password = readPassword() else { return 1 }
        StandardStream.output.writeLine(PasswordHash.make(password: password, iterations: iterations).description)
        return 0
    }

    /// The password from a terminal (asked twice) or a pipe; nil after saying what is wrong.
    private static func readPassword() -> String? {
        let interactive = TerminalInput.isTerminal
        if interactive { prompt("Password: ") }
        guard let password = TerminalInput.readSecretLine(), !password.isEmpty else {
            StandardStream.error.writeLine("synap-webhooks hash-password: no password on standard input")
            return nil
        }
        if interactive {
            prompt("Again: ")
            guard TerminalInput.readSecretLine() == password else {
                StandardStream.error.writeLine("synap-webhooks hash-password: the two passwords differ")
                return nil
            }
        }
        if password.count < 8 {
            StandardStream.error.writeLine("synap-webhooks hash-password: warning: a password under 8 characters is easy to guess")
        }
        return password
    }

    /// A prompt on standard error, without a line break (the answer goes on the same line).
    static func prompt(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
