import Foundation
import Handlers
import Testing
@testable import Receiver

/// Reading an exec handler's `env` and `workingDirectory`.
@Suite struct ExecConfigurationTests {
    typealias Shared = HandlerTypeConfigurationTests

    static func exec(_ json: String) throws -> (ExecHandler.Settings, [String]) {
        let configuration = try Shared.load(Shared.configuration(handler: json))
        guard let exec = configuration.handlers[0].type as? ExecHandlerType else { throw ConfigurationError("", "not exec") }
        return (exec.settings, exec.leftOut)
    }

    @Test func envTakesLiteralsAndTheReceiversVariablesAtStart() throws {
        try Shared.withVariable("tok-123") { variable in
            let (settings, warnings) = try Self.exec("""
                { "type": "exec", "command": ["./x.sh"], "workingDirectory": "/var/lib/synap-webhooks",
                  "env": { "EXAM_RESULTS_DIR": "/var/lib/synap-webhooks/exam-results", "LMS_TOKEN": { "env": "\(variable)" } } }
                """)
            #expect(settings.environment == ["EXAM_RESULTS_DIR": "/var/lib/synap-webhooks/exam-results", "LMS_TOKEN": "tok-123"])
            #expect(settings.workingDirectory == "/var/lib/synap-webhooks")
            #expect(warnings.isEmpty)
        }
        let (defaults, _) = try Self.exec(#"{ "type": "exec", "command": ["./x.sh"] }"#)
        #expect(defaults.environment.isEmpty)
        #expect(defaults.workingDirectory == nil)
    }

    @Test func aMissingVariableIsAnErrorUnlessOptional() throws {
        try Shared.withVariable(nil) { variable in
            let required = #"{ "type": "exec", "command": ["true"], "env": { "LMS_TOKEN": { "env": "\#(variable)" } } }"#
            #expect(Shared.message(Shared.configuration(handler: required)) == "handlers.h.env.LMS_TOKEN.env: environment variable \(variable) is not set")
            let optional = #"{ "type": "exec", "command": ["true"], "env": { "LMS_TOKEN": { "env": "\#(variable)", "optional": true }, "A": "b" } }"#
            let (settings, warnings) = try Self.exec(optional)
            #expect(settings.environment == ["A": "b"])
            #expect(warnings == ["handlers.h.env.LMS_TOKEN: environment variable \(variable) is not set; left out of the program's environment"])
            // Said once at start, with the other start-up warnings.
            let configuration = try Shared.load(Shared.configuration(handler: optional))
            let lines = Locked<[String]>([])
            _ = HandlerFactory.plan(for: configuration, log: OperationalLog(settings: .init(), writeLine: { line in lines.withLock { $0.append(line) } }))
            #expect(lines.withLock { $0 }.contains { $0.contains("LMS_TOKEN: environment variable \(variable) is not set") })
        }
    }

    @Test(arguments: [
        (#"{ "type": "exec", "command": ["true"], "env": { "SYNAP_USER_EMAIL": "x" } }"#, "handlers.h.env.SYNAP_USER_EMAIL: is set by the receiver for each event"),
        (#"{ "type": "exec", "command": ["true"], "env": { "A=B": "x" } }"#, "handlers.h.env.A=B: is not a valid environment variable name"),
        (#"{ "type": "exec", "command": ["true"], "env": { "": "x" } }"#, "handlers.h.env.: is not a valid environment variable name"),
        (#"{ "type": "exec", "command": ["true"], "env": { "A": 5 } }"#, "handlers.h.env.A: must be a string or {\"env\": \"VARIABLE\"}"),
        (#"{ "type": "exec", "command": ["true"], "env": { "A": "x\u0000y" } }"#, "handlers.h.env.A: the value contains NUL"),
        (#"{ "type": "exec", "command": ["true"], "env": { "A": { "env": "HOME", "prefix": "x" } } }"#, "handlers.h.env.A.prefix: unknown key"),
        (#"{ "type": "exec", "command": ["true"], "env": [] }"#, "handlers.h.env: must be an object"),
        (#"{ "type": "exec", "command": ["true"], "workingDirectory": "" }"#, "handlers.h.workingDirectory: must be a directory path"),
        (#"{ "type": "exec", "command": ["true"], "workingDirectory": 3 }"#, "handlers.h.workingDirectory: must be a string"),
    ])
    func mistakesAreRefusedNamingTheKey(handler: String, expected: String) {
        let message = Shared.message(Shared.configuration(handler: handler))
        #expect(message?.hasPrefix(expected) == true, "got: \(message ?? "no error")")
    }

    @Test func aValueNoEnvironmentCanHoldIsRefusedAtStart() {
        let large = String(repeating: "x", count: 140_000)
        let message = Shared.message(Shared.configuration(handler: #"{ "type": "exec", "command": ["true"], "env": { "BIG": "\#(large)" } }"#))
        #expect(message == "handlers.h.env.BIG: is too large for a program's environment (140005 bytes, limit 131072)")
    }
}
