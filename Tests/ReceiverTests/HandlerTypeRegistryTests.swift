import Foundation
import JSONSyntax
import Testing
@testable import Receiver

/// The handler types the receiver knows are listed once, in `HandlerTypeRegistry.standard`:
/// the accepted names, the error for an unknown one and the README agree with it.
@Suite struct HandlerTypeRegistryTests {
    static func unknownTypeMessage(types: HandlerTypeRegistry) -> String? {
        let json = #"{ "handlers": { "c": { "type": "carrier-pigeon" } }, "routes": [ { "path": "/a", "event": "auto", "handlers": ["c"] } ] }"#
        do {
            _ = try ReceiverConfiguration(json: try! JSONValue(parsing: Array(json.utf8)), handlerTypes: types)
            return nil
        } catch {
            return error.description
        }
    }

    /// The names after "(known: " in the unknown-type error.
    static func namesListed(in message: String?) -> [String]? {
        guard let message, let start = message.range(of: "(known: "), message.hasSuffix(")") else { return nil }
        return message[start.upperBound...].dropLast().components(separatedBy: ", ")
    }

    @Test func theStandardTypesAreListedOnceInOrder() {
        let names = HandlerTypeRegistry.standard.names
        #expect(names == ["log", "file", "forward", "exec"])
        #expect(Set(names).count == names.count)
        #expect(HandlerDefinition.types == names)
        for name in names { #expect(HandlerTypeRegistry.standard.type(named: name)?.typeName == name) }
        #expect(HandlerTypeRegistry.standard.type(named: "carrier-pigeon") == nil)
    }

    @Test func theUnknownTypeErrorListsTheRegistry() {
        let standard = Self.unknownTypeMessage(types: .standard)
        #expect(standard == #"handlers.c.type: unknown handler type "carrier-pigeon" (known: log, file, forward, exec)"#)
        #expect(Self.namesListed(in: standard) == HandlerTypeRegistry.standard.names)
        let extended = HandlerTypeRegistry.standard.adding(MarkerHandlerType.self)
        #expect(Self.namesListed(in: Self.unknownTypeMessage(types: extended)) == ["log", "file", "forward", "exec", "marker"])
    }

    /// The README is where an operator learns the types (help and completion do not list
    /// them): each registered type has an example there.
    @Test func theReadmeShowsEveryType() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        for name in HandlerTypeRegistry.standard.names {
            #expect(readme.contains(#""type": "\#(name)""#), "README.md has no example of \(name)")
        }
    }
}
