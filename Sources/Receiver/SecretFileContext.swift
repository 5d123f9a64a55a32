import Foundation
import Synchronization
import SystemIO

/// Where the configuration's secret files are, and what becomes of a password file that does not
/// exist yet, while a command loads a configuration.
///
/// A secret file path (`passwordFile`, `usernameFile`, a signing `secretFile`) may name
/// `${CREDENTIALS_DIRECTORY}`, which systemd sets for a unit with `LoadCredential=`; a relative
/// path is taken from the data directory (the one place the receiver may write, in the image and
/// under the unit alike). The context is bound around one load (a task-local value) rather than
/// passed down, because secrets are read deep inside the configuration readers. A load without
/// one (tests, library use) takes paths as given and needs every file to exist.
final class SecretFileContext: Sendable {
    /// What a missing `passwordFile` leads to.
    enum MissingPasswordFile: Sendable {
        /// An error naming the key.
        case fail
        /// `serve`: a random password, written to the file (0600, directories 0700) once the
        /// whole configuration has loaded.
        case create
        /// `check-config` (and commands that need no credentials): a placeholder, and the file
        /// is listed as one the first `serve` will create.
        case report
    }

    /// A password file that did not exist, with the keys that name it and the password it gets.
    struct PasswordFile: Sendable, Equatable {
        let path: String
        var keys: [String]
        let value: String
    }

    @TaskLocal static var current: SecretFileContext?

    let dataDirectory: String
    let missingPasswordFile: MissingPasswordFile
    /// False for commands that read the data directory and never send or authenticate anything
    /// (`status`, `replay`, `erase`, `export` with `--config`): a secret that is missing (an unset
    /// variable, an unreadable file) is then a placeholder, not an error.
    let secretsNeeded: Bool
    let environment: [String: String]
    private let state = Mutex(State())

    private struct State {
        var passwordFiles: [PasswordFile] = []
        var warnings: [ConfigurationWarning] = []
        var tags: Set<String> = []
    }

    init(
        dataDirectory: String, missingPasswordFile: MissingPasswordFile, secretsNeeded: Bool = true,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.dataDirectory = dataDirectory
        self.missingPasswordFile = missingPasswordFile
        self.secretsNeeded = secretsNeeded
        self.environment = environment
    }

    /// Runs `load` with this context bound.
    func bind<T>(_ load: () throws(ConfigurationError) -> T) throws(ConfigurationError) -> T {
        let result = Self.$current.withValue(self) { Result { () throws(ConfigurationError) in try load() } }
        return try result.get()
    }

    /// Password files that were missing during the load (to create, or to report).
    var missingPasswordFiles: [PasswordFile] { state.withLock { $0.passwordFiles } }

    /// Notes the readers made about secrets (a `passwordEnv` credential, an unchecked credential).
    var warnings: [ConfigurationWarning] { state.withLock { $0.warnings } }

    /// Records `warning`; with `once`, only the first warning given that tag (one note per
    /// variable, not one per route that uses it).
    func warn(_ warning: ConfigurationWarning, once tag: String? = nil) {
        state.withLock { state in
            if let tag {
                guard state.tags.insert(tag).inserted else { return }
            }
            state.warnings.append(warning)
        }
    }

    /// The password a missing file at `path` (named by `key`) stands for: the same for every key
    /// that names it. Throws under `.fail`.
    func passwordForMissingFile(_ path: String, key: String) throws(ConfigurationError) -> String {
        switch missingPasswordFile {
        case .fail:
            throw ConfigurationError(key, "cannot read \(path): no such file")
        case .create, .report:
            return state.withLock { state in
                if let index = state.passwordFiles.firstIndex(where: { $0.path == path }) {
                    state.passwordFiles[index].keys.append(key)
                    return state.passwordFiles[index].value
                }
                let value = missingPasswordFile == .create ? Self.randomPassword() : Self.placeholder
                state.passwordFiles.append(PasswordFile(path: path, keys: [key], value: value))
                return value
            }
        }
    }

    /// Writes every missing password file (mode 0600, new directories 0700, whatever the umask)
    /// and returns those it wrote. Called by `serve` only after the whole configuration loaded.
    /// A file that appeared meanwhile is an error (`createPrivateFile` never overwrites): its
    /// password is not the one just loaded.
    func createMissingPasswordFiles() throws(ConfigurationError) -> [PasswordFile] {
        let files = missingPasswordFiles
        for file in files {
            do throws(SystemError) {
                try FileSystem.createPrivateDirectories(FileSystem.parent(of: file.path))
                try FileSystem.createPrivateFile(file.path, contents: Array(file.value.utf8))
            } catch {
                throw ConfigurationError(file.keys[0], "cannot create the password file: \(error)")
            }
        }
        return files
    }

    /// What a secret file setting names: `${CREDENTIALS_DIRECTORY}` expanded, a relative path
    /// taken from the data directory; nil when it names `CREDENTIALS_DIRECTORY` and that is not set.
    static func resolve(_ path: String, key: String) throws(ConfigurationError) -> String? {
        let context = current
        var text = path
        for form in ["${CREDENTIALS_DIRECTORY}", "$CREDENTIALS_DIRECTORY"] where text.contains(form) {
            let environment = context?.environment ?? ProcessInfo.processInfo.environment
            guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else { return nil }
            text = text.replacingOccurrences(of: form, with: directory)
        }
        guard !text.contains("$") else {
            throw ConfigurationError(key, "only ${CREDENTIALS_DIRECTORY} is expanded in a secret file path, not \"\(path)\"")
        }
        guard !text.isEmpty else { throw ConfigurationError(key, "must not be empty") }
        if !text.hasPrefix("/"), let base = context?.dataDirectory {
            text = (base.hasSuffix("/") ? base : base + "/") + text
        }
        return text
    }

    /// Stands in for a secret `check-config` cannot or need not read. Standard Webhooks form, so
    /// it never causes a warning about a signing secret's form.
    static let placeholder = "whsec_cGxhY2Vob2xkZXI="

    /// 32 random bytes as unpadded base64url: 43 characters, safe in a shell and in Synap's form.
    static func randomPassword() -> String {
        Data(FileSystem.randomBytes(32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

extension SecretFileContext {
    /// True when the command loading the configuration does without its secrets.
    static var secretsOptional: Bool { current.map { !$0.secretsNeeded } ?? false }
}
