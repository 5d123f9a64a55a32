import Checksums
import JSONSyntax
import Testing
@testable import Receiver

/// Routes' `redact`: the transform of a parsed body, and its configuration, checked like filters.
@Suite struct RedactionTests {
    static let identifiers = KeyedIdentifierHash(key: Array(repeating: 7, count: 32))

    static func apply(_ rules: [(String, RedactionRule.Action)], _ json: String) throws -> String {
        let redaction = PayloadRedaction(rules: rules.map { RedactionRule(field: $0.0, action: $0.1) }, identifiers: identifiers)
        return redaction.apply(try JSONValue(parsing: Array(json.utf8))).serialized()
    }

    // MARK: The transform

    @Test func removeDeletesTheMemberAndEveryDuplicateOfIt() throws {
        let body = #"{"user":{"email":"a@x.org","id":"1"},"user":{"email":"b@x.org"},"email":"kept@x.org"}"#
        #expect(try Self.apply([("user.email", .remove)], body) == #"{"user":{"id":"1"},"user":{},"email":"kept@x.org"}"#)
    }

    @Test func maskWritesWhatTheLogHandlerShows() throws {
        let body = #"""
            {"user":{"id":"7dNG","name":"Ada Lovelace","email":"ada@example.edu",
             "customAttributes":{"team":"Engines","employee-id":"AE-1815","age":36,"alumni":true,"note":null}}}
            """#
        let masked = try Self.apply([("user.name", .mask), ("user.email", .mask), ("user.id", .mask), ("user.customAttributes", .mask)], body)
        #expect(masked == #"{"user":{"id":"***","name":"A*** L***","email":"a***@example.edu","customAttributes":{"team":"***","employee-id":"***","age":"***","alumni":"***","note":null}}}"#)
    }

    @Test func hashIsTheKeyedHashOfTheNormalisedValueSoJoinsStillWork() throws {
        let body = #"{"user":{"email":" Ada@Example.EDU ","id":"u1"},"attempt":{"user":{"email":"ada@example.edu"}},"score":57}"#
        let hashed = try JSONValue(parsing: Array(try Self.apply([("user.email", .hash), ("attempt.user.email", .hash), ("score", .hash)], body).utf8))
        let expected = Self.identifiers.hash("ada@example.edu")
        #expect(expected.count == 64)
        #expect(hashed.value(atPath: "user.email")?.stringValue == expected)
        #expect(hashed.value(atPath: "attempt.user.email")?.stringValue == expected, "the same learner gives the same hash wherever it appears")
        #expect(hashed.value(atPath: "user.id")?.stringValue == "u1")
        #expect(hashed.value(atPath: "score")?.stringValue == Self.identifiers.hash("57"))
        let otherKey = KeyedIdentifierHash(key: Array(repeating: 8, count: 32))
        #expect(otherKey.hash("ada@example.edu") != expected, "the hash depends on the key: without it, emails cannot be tried")
    }

    @Test func pathsThatLeadNowhereLeaveTheBodyAsItIsAndIndexesReachArrayElements() throws {
        let body = #"{"user":"not an object","answers":[{"text":"mine"},{"text":"ada@example.edu"}],"n":1.50}"#
        #expect(try Self.apply([("user.email", .remove), ("missing.field", .hash), ("answers.7.text", .mask)], body) == body)
        #expect(try Self.apply([("answers.1.text", .mask)], body) == #"{"user":"not an object","answers":[{"text":"mine"},{"text":"a***@example.edu"}],"n":1.50}"#)
        #expect(try Self.apply([("answers.0", .remove)], body) == #"{"user":"not an object","answers":[null,{"text":"ada@example.edu"}],"n":1.50}"#)
    }

    // MARK: Configuration

    static func route(_ redact: String, event: String = "attempt.completed") -> String {
        """
        { "handlers": { "console": { "type": "log" } },
          "routes": [ { "path": "/webhooks/a", "event": "\(event)", "handlers": ["console"], "redact": \(redact) } ] }
        """
    }

    @Test func aRouteReadsItsRulesInOrder() throws {
        let configuration = try ConfigurationTests.load(Self.route(
            #"[ { "field": "user.email", "action": "hash" }, { "field": "user.customAttributes.nationalId", "action": "remove" }, { "field": "user.name", "action": "mask" } ]"#))
        #expect(configuration.routes[0].redactions == [
            RedactionRule(field: "user.email", action: .hash), RedactionRule(field: "user.customAttributes.nationalId", action: .remove),
            RedactionRule(field: "user.name", action: .mask),
        ])
        let auto = try ConfigurationTests.load(Self.route(#"[ { "field": "anything.at.all", "action": "remove" } ]"#, event: "auto"))
        #expect(auto.routes[0].redactions.map(\.field) == ["anything.at.all"])
        let override = try ConfigurationTests.load(Self.route(#"[ { "field": "attempt.user.email", "action": "hash" } ]"#, event: "attemptOverride.created"))
        #expect(override.routes[0].redactions.map(\.field) == ["attempt.user.email"])
    }

    @Test(arguments: [
        (#"[ { "field": "user.emial", "action": "hash" } ]"#, "routes[0].redact[0].field: user.emial is not a field of attempt.completed (did you mean user.email?)"),
        (#"[ { "field": "user.email", "action": "encrypt" } ]"#, "routes[0].redact[0].action: unknown action \"encrypt\" (known: remove, mask, hash)"),
        (#"[ { "field": "user.email", "action": "hash" }, { "field": "user.email", "action": "mask" } ]"#, "routes[0].redact[1].field: user.email is already redacted by routes[0].redact[0]"),
        (#"[]"#, "routes[0].redact: must be a non-empty list of fields"),
        (#"[ { "field": "user..email", "action": "hash" } ]"#, "routes[0].redact[0].field: \"user..email\" is not a dotted path"),
        (#"[ { "field": "user.email", "action": "hash", "salt": "x" } ]"#, "routes[0].redact[0].salt: unknown key"),
        (#"[ { "field": "user.email" } ]"#, "routes[0].redact[0].action: is required"),
        // user.email is required by the model: removed, every event would be quarantined.
        (#"[ { "field": "user.email", "action": "remove" } ]"#, "routes[0].redact[0]: remove on user.email makes attempt.completed payloads no longer fit the event's model"),
        (#"[ { "field": "user.name", "action": "remove" }, { "field": "attempt.score", "action": "mask" } ]"#, "routes[0].redact[1]: mask on attempt.score makes attempt.completed payloads no longer fit"),
    ])
    func mistakesAreRefusedNamingTheKey(redact: String, message: String) {
        #expect {
            _ = try ConfigurationTests.load(Self.route(redact))
        } throws: { error in
            (error as? ConfigurationError)?.description.hasPrefix(message) == true
        }
    }

    @Test func removingAnOptionalFieldOrACustomAttributeIsAccepted() throws {
        let configuration = try ConfigurationTests.load(Self.route(
            #"[ { "field": "user.name", "action": "remove" }, { "field": "user.customAttributes", "action": "remove" }, { "field": "user.id", "action": "hash" } ]"#))
        #expect(configuration.routes[0].redactions.count == 3)
    }
}
