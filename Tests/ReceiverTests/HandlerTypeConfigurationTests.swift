import Delivery
import Foundation
import Handlers
import SynapEvents
import JSONSyntax
import Testing
@testable import Receiver

/// Reading `forward` and `exec` handlers and route `filters` from the configuration.
@Suite struct HandlerTypeConfigurationTests {
    static func load(_ json: String) throws(ConfigurationError) -> ReceiverConfiguration {
        try ReceiverConfiguration(json: try! JSONValue(parsing: Array(json.utf8)))
    }

    /// A configuration with one handler `h` (the given JSON) on one route (with `routeExtra` members).
    static func configuration(handler: String, event: String = "attempt.completed", routeExtra: String = "") -> String {
        """
        { "handlers": { "h": \(handler), "console": { "type": "log" } },
          "routes": [ { "path": "/a", "event": "\(event)", "handlers": ["console", "h"]\(routeExtra) } ] }
        """
    }

    static func message(_ json: String) -> String? {
        do {
            _ = try load(json)
            return nil
        } catch {
            return error.description
        }
    }

    static func forward(_ json: String) throws -> (ForwardHandler.Settings, [String]) {
        let configuration = try load(configuration(handler: json))
        guard let forward = configuration.handlers[0].type as? ForwardHandlerType else { throw ConfigurationError("", "not forward") }
        return (forward.settings, forward.leftOut)
    }

    /// A variable name no other test uses, set to `value` (nil: unset) for the test's duration.
    static func withVariable<T>(_ value: String?, _ body: (String) throws -> T) rethrows -> T {
        let name = "SYNAP_TEST_" + UUID().uuidString.replacingOccurrences(of: "-", with: "_")
        if let value { setenv(name, value, 1) }
        defer { unsetenv(name) }
        return try body(name)
    }

    @Test func forwardSettingsAreRead() throws {
        try Self.withVariable("tok-123") { variable in
            let (settings, warnings) = try Self.forward("""
                { "type": "forward", "url": "https://lms.example.edu/api/synap?x=1", "timeoutSeconds": 2.5, "envelope": true,
                  "concurrency": 4, "headers": { "X-Source": "synap", "Authorization": { "env": "\(variable)", "prefix": "Bearer " } } }
                """)
            #expect(settings.url.absoluteString == "https://lms.example.edu/api/synap?x=1")
            #expect(settings.timeoutSeconds == 2.5)
            #expect(settings.envelope)
            #expect(settings.signer == nil)
            #expect(settings.headers.map(\.name) == ["X-Source", "Authorization"])
            #expect(settings.headers.map(\.value) == ["synap", "Bearer tok-123"])
            #expect(warnings.isEmpty)
        }
        let (defaults, _) = try Self.forward(#"{ "type": "forward", "url": "http://127.0.0.1:9000/hook" }"#)
        #expect(defaults.timeoutSeconds == 10)
        #expect(!defaults.envelope)
        #expect(defaults.userAgent.hasPrefix("synap-webhooks/"))
    }

    @Test func anUnsetVariableIsAnErrorUnlessOptional() throws {
        try Self.withVariable(nil) { variable in
            let required = #"{ "type": "forward", "url": "https://x.example/h", "headers": { "Authorization": { "env": "\#(variable)" } } }"#
            #expect(Self.message(Self.configuration(handler: required)) == "handlers.h.headers.Authorization.env: environment variable \(variable) is not set")
            let optional = #"{ "type": "forward", "url": "https://x.example/h", "headers": { "Authorization": { "env": "\#(variable)", "optional": true } }, "signing": { "secretEnv": "\#(variable)", "optional": true } }"#
            let (settings, warnings) = try Self.forward(optional)
            #expect(settings.headers.isEmpty)
            #expect(settings.signer == nil)
            #expect(warnings.count == 2)
            #expect(warnings.allSatisfy { $0.contains(variable) })
            let signing = #"{ "type": "forward", "url": "https://x.example/h", "signing": { "secretEnv": "\#(variable)" } }"#
            #expect(Self.message(Self.configuration(handler: signing)) == "handlers.h.signing.secretEnv: environment variable \(variable) is not set")
        }
    }

    @Test func signingReadsTheSecretFromTheEnvironmentOrAFile() throws {
        try Self.withVariable("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") { variable in
            let (settings, _) = try Self.forward(#"{ "type": "forward", "url": "https://x.example/h", "signing": { "secretEnv": "\#(variable)" } }"#)
            #expect(settings.signer != nil)
        }
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.write("shared secret\n", to: "secret")
        let (settings, _) = try Self.forward(#"{ "type": "forward", "url": "https://x.example/h", "signing": { "secretFile": "\#(file)" } }"#)
        let signer = try #require(settings.signer)
        #expect(signer.signature(id: "a", timestamp: 1, body: []) == (try WebhookSigner(secret: "shared secret")).signature(id: "a", timestamp: 1, body: []))
    }

    @Test(arguments: [
        (#"{ "type": "forward" }"#, "handlers.h.url: is required"),
        (#"{ "type": "forward", "url": "ftp://x.example/h" }"#, "handlers.h.url: must be an http or https URL"),
        (#"{ "type": "forward", "url": "https:///nohost" }"#, "handlers.h.url: must be an http or https URL"),
        (#"{ "type": "forward", "urll": "https://x.example/h", "url": "https://x.example/h" }"#, "handlers.h.urll: unknown key"),
        (#"{ "type": "forward", "url": "https://x.example/h", "timeoutSeconds": 0 }"#, "handlers.h.timeoutSeconds: must be between 0.1 and 3600"),
        (#"{ "type": "forward", "url": "https://x.example/h", "headers": { "Content-Length": "5" } }"#, "handlers.h.headers.Content-Length: is set by the HTTP client itself"),
        (#"{ "type": "forward", "url": "https://x.example/h", "headers": { "Bad Name": "5" } }"#, "handlers.h.headers.Bad Name: is not a valid header name"),
        (#"{ "type": "forward", "url": "https://x.example/h", "headers": { "X-A": "1\r\nX-B: 2" } }"#, "handlers.h.headers.X-A: the value contains a line break"),
        (#"{ "type": "forward", "url": "https://x.example/h", "headers": { "X-A": 5 } }"#, "handlers.h.headers.X-A: must be a string or {\"env\": \"VARIABLE\"}"),
        (#"{ "type": "forward", "url": "https://x.example/h", "headers": { "X-A": { "env": "HOME", "default": "x" } } }"#, "handlers.h.headers.X-A.default: unknown key"),
        (#"{ "type": "forward", "url": "https://x.example/h", "headers": { "x-a": "1", "X-A": "2" } }"#, "handlers.h.headers.X-A: is configured twice"),
        (#"{ "type": "forward", "url": "https://x.example/h", "signing": { "secret": "hunter2" } }"#, "handlers.h.signing.secret: secrets never go in the configuration"),
        (#"{ "type": "forward", "url": "https://x.example/h", "signing": {} }"#, "handlers.h.signing: give the signing secret exactly once"),
        (#"{ "type": "forward", "url": "https://x.example/h", "signing": { "secretFile": "/nonexistent/secret" } }"#, "handlers.h.signing.secretFile: cannot read /nonexistent/secret"),
        (#"{ "type": "exec" }"#, "handlers.h.command: is required"),
        (#"{ "type": "exec", "command": [] }"#, "handlers.h.command: is required"),
        (#"{ "type": "exec", "command": "./x.sh" }"#, "handlers.h.command: must be an array"),
        (#"{ "type": "exec", "command": [""] }"#, "handlers.h.command[0]: must not be empty"),
        (#"{ "type": "exec", "command": ["echo", "a"], "shell": true }"#, "handlers.h.command: with \"shell\": true, give one command line"),
        (#"{ "type": "exec", "command": ["true"], "timeoutSeconds": -1 }"#, "handlers.h.timeoutSeconds: must be between 0.1 and 86400"),
        (#"{ "type": "exec", "command": ["true"], "environment": {} }"#, "handlers.h.environment: unknown key"),
    ])
    func handlerMistakesAreRefusedNamingTheKey(handler: String, expected: String) {
        let message = Self.message(Self.configuration(handler: handler))
        #expect(message?.hasPrefix(expected) == true, "got: \(message ?? "no error")")
    }

    @Test func execSettingsAreRead() throws {
        let configuration = try Self.load(Self.configuration(handler: #"{ "type": "exec", "command": ["./scripts/x.sh", "--flag"], "concurrency": 2 }"#))
        guard let settings = (configuration.handlers[0].type as? ExecHandlerType)?.settings else { Issue.record("not exec"); return }
        #expect(settings.command == ["./scripts/x.sh", "--flag"])
        #expect(!settings.shell)
        #expect(settings.timeoutSeconds == 30)
        #expect(configuration.handlers[0].concurrency == 2)
    }

    @Test func routeFiltersAreReadAndPlanned() throws {
        let filters = #", "filters": { "h": [ { "field": "attempt.scoreFrac", "op": ">=", "value": 0.5 }, { "field": "attempt.tags.exam", "op": "contains", "value": "summer-2024" } ] }"#
        let configuration = try Self.load(Self.configuration(handler: #"{ "type": "log" }"#, routeExtra: filters))
        let conditions = try #require(configuration.routes[0].filters["h"])
        #expect(conditions.map(\.description) == ["attempt.scoreFrac >= 0.5", "attempt.tags.exam contains \"summer-2024\""])
        let plan = HandlerFactory.plan(for: configuration, log: OperationalLog(settings: .init(), writeLine: { _ in }))
        #expect(plan.routes["/a"]?.filters["h"] is FieldFilter)
        #expect(plan.routes["/a"]?.filters["console"] == nil)
    }

    @Test func anAutoRouteAcceptsAnyPath() throws {
        let filters = #", "filters": { "h": [ { "field": "anything.at.all", "op": "exists", "value": true } ] }"#
        let configuration = try Self.load(Self.configuration(handler: #"{ "type": "log" }"#, event: "auto", routeExtra: filters))
        #expect(configuration.routes[0].filters["h"]?.count == 1)
    }

    @Test(arguments: [
        (#""filters": { "h": [ { "field": "attempt.scoreFraction", "op": ">=", "value": 0.5 } ] }"#, "routes[0].filters.h[0].field: attempt.scoreFraction is not a field of attempt.completed (did you mean attempt.scoreFrac?)"),
        (#""filters": { "h": [ { "field": "exam.name", "op": "==", "value": "Final" } ] }"#, "routes[0].filters.h[0].field: exam.name is not a field of attempt.completed"),
        (#""filters": { "h": [ { "field": "attempt.score", "op": "=~", "value": 1 } ] }"#, "routes[0].filters.h[0].op: unknown operator \"=~\" (known: ==, !=, >, >=, <, <=, contains, in, exists)"),
        (#""filters": { "h": [ { "field": "attempt.score", "op": ">", "value": "10" } ] }"#, "routes[0].filters.h[0].value: must be a number for >"),
        (#""filters": { "h": [ { "field": "attempt.score", "op": ">" } ] }"#, "routes[0].filters.h[0].value: is required"),
        (#""filters": { "h": [ { "field": "attempt.score", "op": ">", "value": 1, "negate": true } ] }"#, "routes[0].filters.h[0].negate: unknown key"),
        (#""filters": { "lms": [ { "field": "attempt.score", "op": ">", "value": 1 } ] }"#, "routes[0].filters.lms: \"lms\" is not one of this route's handlers (console, h)"),
        (#""filters": { "h": [] }"#, "routes[0].filters.h: must be a non-empty list of conditions"),
        (#""filters": { "h": { "field": "attempt.score" } }"#, "routes[0].filters.h: must be an array"),
        (#""filters": []"#, "routes[0].filters: must be an object"),
    ])
    func filterMistakesAreRefusedNamingTheKey(filters: String, expected: String) {
        let message = Self.message(Self.configuration(handler: #"{ "type": "log" }"#, routeExtra: ", " + filters))
        #expect(message?.hasPrefix(expected) == true, "got: \(message ?? "no error")")
    }

    @Test func theExampleConfigurationRunsWithoutAnyVariableSet() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (configuration, _) = try ReceiverConfiguration.load(path: root.appendingPathComponent("config.example.json").path, overrides: .init(), missingPasswordFile: .report)
        let kinds = configuration.handlers.map { type(of: $0.type).typeName }
        #expect(Set(kinds) == ["log", "file", "forward", "exec"])
        #expect(Set(configuration.routes.compactMap(\.event)) == Set(EventKind.allCases))
        for route in configuration.routes { #expect(route.path == route.event?.suggestedPath) }
    }
}
