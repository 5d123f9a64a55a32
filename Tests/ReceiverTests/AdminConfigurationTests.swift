import Foundation
import JSONSyntax
import Testing
@testable import Receiver

/// The `admin` section: credentials are required, secrets only by reference or as hashes, and
/// every mistake names its key.
@Suite struct AdminConfigurationTests {
    static func load(admin: String) throws(ConfigurationError) -> ReceiverConfiguration {
        try ConfigurationTests.load("""
            { "admin": \(admin), "handlers": { "c": { "type": "log" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["c"] } ] }
            """)
    }

    static let hash = PasswordHash.make(password: "correct horse", iterations: 1000).description

    @Test func anAdminListenerWithoutCredentialsDoesNotLoad() {
        for section in [#"{ "host": "127.0.0.1", "port": 9090 }"#, #"{ "users": [], "tokens": [] }"#] {
            #expect {
                try Self.load(admin: section)
            } throws: { error in
                (error as? ConfigurationError)?.path == "admin.users" && "\(error)".contains("admin.tokens")
            }
        }
    }

    @Test func defaults() throws {
        let configuration = try Self.load(admin: #"{ "users": [ { "username": "ada", "role": "operator", "passwordHash": "\#(Self.hash)" } ] }"#)
        let admin = try #require(configuration.admin)
        #expect(admin.host == "127.0.0.1")
        #expect(admin.port == 9090)
        #expect(admin.sessionSeconds == 8 * 3600)
        #expect(admin.tls == false)
        #expect(admin.publicHosts.isEmpty)
        #expect(admin.allowedOrigins.isEmpty)
        #expect(admin.credentials.users.map(\.username) == ["ada"])
        #expect(admin.credentials.users[0].role == .operator)
        #expect(admin.credentials.users[0].secret.isHashed)
        let policy = AdminHostPolicy(settings: admin, boundPort: 9090)
        #expect(policy.hosts == ["127.0.0.1:9090", "localhost:9090", "[::1]:9090"])
        #expect(policy.origins.contains("http://localhost:9090") && policy.origins.contains("https://127.0.0.1:9090"))
    }

    @Test func everyKeyIsRead() throws {
        setenv("ADMIN_CONFIG_TEST_TOKEN", "a-token-of-twenty-chars", 1)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let passwordFile = directory.write("file-password\n", to: "password")
        let configuration = try Self.load(admin: """
            { "host": "0.0.0.0", "port": 9443, "sessionHours": 0.5, "tls": true, "realm": "ops",
              "publicHosts": ["Admin.Example.edu", "10.0.0.5:9443"], "allowedOrigins": ["https://admin.example.edu"],
              "users": [ { "username": "ada", "role": "viewer", "passwordFile": "\(passwordFile)" } ],
              "tokens": [ { "name": "ci", "role": "operator", "tokenEnv": "ADMIN_CONFIG_TEST_TOKEN" },
                          { "name": "prom", "role": "viewer", "tokenHash": "\(Self.hash)" } ] }
            """)
        let admin = try #require(configuration.admin)
        #expect(admin.sessionSeconds == 1800)
        #expect(admin.tls)
        #expect(admin.realm == "ops")
        #expect(admin.credentials.users[0].secret == .plain(Array("file-password".utf8)))
        #expect(admin.credentials.tokens.map(\.name) == ["ci", "prom"])
        #expect(admin.credentials.tokens[0].secret == .plain(Array("a-token-of-twenty-chars".utf8)))
        let policy = AdminHostPolicy(settings: admin, boundPort: 9443)
        #expect(policy.hosts == ["admin.example.edu", "10.0.0.5:9443", "localhost:9443", "127.0.0.1:9443", "[::1]:9443"])
        #expect(policy.origins == ["https://admin.example.edu"])
    }

    static let user = #""username": "ada", "role": "operator""#

    @Test(arguments: [
        (#"{ "users": [ { \#(user), "password": "hunter22" } ] }"#, "admin.users[0].password: a password never goes in the configuration in clear"),
        (#"{ "users": [ { \#(user) } ] }"#, "admin.users[0]: give the password exactly once, as one of: passwordHash, passwordFile, passwordEnv"),
        (#"{ "users": [ { \#(user), "passwordHash": "x", "passwordEnv": "Y" } ] }"#, "admin.users[0]: give the password exactly once"),
        (#"{ "users": [ { \#(user), "passwordHash": "sha1$1$aa$bb" } ] }"#, "admin.users[0].passwordHash: not a PBKDF2 hash"),
        (#"{ "users": [ { \#(user), "passwordHash": "pbkdf2-sha256$10$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==" } ] }"#, "admin.users[0].passwordHash: the iteration count must be a whole number from 1000"),
        (#"{ "users": [ { \#(user), "passwordHash": "pbkdf2-sha256$1000$!!$aGFzaGhhc2hoYXNoaGFzaA==" } ] }"#, "admin.users[0].passwordHash: the salt must be base64"),
        (#"{ "users": [ { \#(user), "passwordEnv": "ADMIN_CONFIG_TEST_UNSET_VARIABLE" } ] }"#, "admin.users[0].passwordEnv: environment variable ADMIN_CONFIG_TEST_UNSET_VARIABLE is not set"),
        (#"{ "users": [ { "username": "ada", "passwordHash": "HASH" } ] }"#, "admin.users[0].role: is required"),
        (#"{ "users": [ { "username": "ada", "role": "admin", "passwordHash": "HASH" } ] }"#, "admin.users[0].role: must be one of \"viewer\", \"operator\""),
        (#"{ "users": [ { "username": "a:b", "role": "viewer", "passwordHash": "HASH" } ] }"#, "admin.users[0].username: must not contain ':'"),
        (#"{ "users": [ { \#(user), "passwordHash": "HASH" }, { \#(user), "passwordHash": "HASH" } ] }"#, "admin.users[1].username: \"ada\" is listed twice"),
        (#"{ "users": [ { \#(user), "passwordHash": "HASH", "email": "a@b" } ] }"#, "admin.users[0].email: unknown key"),
        (#"{ "tokens": [ { "name": "ci", "role": "viewer", "token": "abc" } ] }"#, "admin.tokens[0].token: a token never goes in the configuration in clear"),
        (#"{ "tokens": [ { "name": "ci", "role": "viewer", "tokenEnv": "ADMIN_CONFIG_TEST_SHORT" } ] }"#, "admin.tokens[0].tokenEnv: the token is too short: at least 16 characters"),
        (#"{ "users": [ { \#(user), "passwordHash": "HASH" } ], "publicHosts": ["https://admin.example.edu"] }"#, "admin.publicHosts[0]: \"https://admin.example.edu\" is not a host name"),
        (#"{ "users": [ { \#(user), "passwordHash": "HASH" } ], "allowedOrigins": ["admin.example.edu"] }"#, "admin.allowedOrigins[0]: \"admin.example.edu\" is not an origin"),
        (#"{ "users": [ { \#(user), "passwordHash": "HASH" } ], "sessionHours": 0 }"#, "admin.sessionHours: must be between"),
        (#"{ "users": [ { \#(user), "passwordHash": "HASH" } ], "tsl": true }"#, "admin.tsl: unknown key"),
    ])
    func mistakesAreRefusedNamingTheKey(section: String, expected: String) {
        setenv("ADMIN_CONFIG_TEST_SHORT", "short-token", 1)
        #expect {
            try Self.load(admin: section.replacingOccurrences(of: "HASH", with: Self.hash))
        } throws: { error in
            "\(error)".hasPrefix(expected)
        }
    }

    /// `serve` refuses to start, with exit status 2 and the key in the message.
    @Test func serveDoesNotStartWithAnOpenAdminListener() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.write("""
            { "admin": { "port": 0 }, "dataDir": "\(directory.path)/data",
              "handlers": { "c": { "type": "log" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["c"] } ] }
            """, to: "config.json")
        let process = try ReceiverProcess(["serve", "--config", path])
        #expect(process.waitForExit(timeout: 20) == 2)
        #expect(process.standardError.contains("admin.users: the admin listener needs credentials"))
    }
}
