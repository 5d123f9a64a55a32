import Foundation
import SystemIO

/// The credentials `status --admin` and `replay --admin` send to the admin listener:
/// a user (`--admin-user` or `SYNAP_ADMIN_USER`, with the password from `--admin-password-file`
/// or `SYNAP_ADMIN_PASSWORD`, or asked for on a terminal) or a token (`--admin-token-file` or
/// `SYNAP_ADMIN_TOKEN`). No option takes a secret itself: the command line is visible to every
/// user of the machine (`ps`).
struct AdminClientCredentials {
    /// The options to allow in a command that talks to the admin listener.
    static let options: Set<String> = ["--admin-user", "--admin-password-file", "--admin-token-file"]
    static let usage = "[--admin-user USER (--admin-password-file FILE | env SYNAP_ADMIN_PASSWORD) | --admin-token-file FILE | env SYNAP_ADMIN_TOKEN]"

    /// The `Authorization` value, nil when none was given.
    let authorization: String?

    init(authorization: String?) { self.authorization = authorization }

    init(_ options: CommandArguments, environment: [String: String] = ProcessInfo.processInfo.environment) throws(UsageError) {
        let user = options.value("--admin-user") ?? environment["SYNAP_ADMIN_USER"].flatMap { $0.isEmpty ? nil : $0 }
        let tokenFile = options.value("--admin-token-file")
        if let tokenFile {
            guard user == nil || options.value("--admin-user") == nil else { throw UsageError("give --admin-user or --admin-token-file, not both") }
            authorization = "Bearer " + (try Self.readSecret(tokenFile, option: "--admin-token-file"))
            return
        }
        if let user {
            guard !user.contains(":") else { throw UsageError("--admin-user: a username cannot contain ':'") }
            let password: String
            if let file = options.value("--admin-password-file") {
                password = try Self.readSecret(file, option: "--admin-password-file")
            } else if let variable = environment["SYNAP_ADMIN_PASSWORD"], !variable.isEmpty {
                password = variable
            } else if TerminalInput.isTerminal {
                HashPasswordCommand.prompt("Password for \(user): ")
                password = TerminalInput.readSecretLine() ?? ""
            } else {
                throw UsageError("--admin-user \(user) needs a password: --admin-password-file FILE or SYNAP_ADMIN_PASSWORD")
            }
            authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
            return
        }
        if options.value("--admin-password-file") != nil { throw UsageError("--admin-password-file needs --admin-user (or SYNAP_ADMIN_USER)") }
        if let token = environment["SYNAP_ADMIN_TOKEN"], !token.isEmpty {
            authorization = "Bearer " + token
            return
        }
        authorization = nil
    }

    /// A file's content without its trailing line break.
    private static func readSecret(_ path: String, option: String) throws(UsageError) -> String {
        guard let bytes = try? FileSystem.readFile(path) else { throw UsageError("\(option): cannot read \(path)") }
        var text = String(decoding: bytes, as: UTF8.self)
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else { throw UsageError("\(option): \(path) is empty") }
        return text
    }
}
