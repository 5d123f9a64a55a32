import Delivery
import HTTP1
import JSONSyntax
import SynapEvents
import SystemIO

extension ReceiverConfiguration {
    /// Reads and validates the file at `path`. Every error names the key it is about.
    public static func load(path: String) throws(ConfigurationError) -> ReceiverConfiguration {
        let bytes: [UInt8]
        do throws(SystemError) {
            bytes = try FileSystem.readFile(path)
        } catch {
            throw ConfigurationError("", "cannot read \(path): \(error)")
        }
        let json: JSONValue
        do throws(JSONSyntaxError) {
            json = try JSONValue(parsing: bytes)
        } catch {
            throw ConfigurationError("", "\(path) is not valid JSON: \(error)")
        }
        var configuration = try ReceiverConfiguration(json: json)
        configuration.sourcePath = path
        return configuration
    }

    /// Builds a configuration from a parsed document.
    public init(json: JSONValue) throws(ConfigurationError) {
        try self.init(json: json, handlerTypes: .standard)
    }

    /// Builds a configuration from a parsed document whose handlers may be of `handlerTypes`
    /// (tests add a type of their own this way).
    init(json: JSONValue, handlerTypes: HandlerTypeRegistry) throws(ConfigurationError) {
        var root = try ConfigObject(json, path: "")
        if let version = root.raw("$schema") { _ = version }  // editors' schema hint, ignored
        server = HTTPServerConfiguration()
        shutdownGraceSeconds = 10
        trustedProxies = []
        forwardedHeader = .xForwardedFor
        if var section = try root.object("server") {
            server.host = try section.string("host", default: server.host)
            server.port = try section.integer("port", default: server.port, range: 0...65535)
            server.maxConnections = try section.integer("maxConnections", default: server.maxConnections, range: 1...1_000_000)
            server.limits.maxBodyBytes = try section.integer("maxBodyBytes", default: server.limits.maxBodyBytes, range: 1...(1 << 30))
            server.limits.maxRequestLineBytes = try section.integer("maxRequestLineBytes", default: server.limits.maxRequestLineBytes, range: 64...(1 << 20))
            server.limits.maxHeaderBytes = try section.integer("maxHeaderBytes", default: server.limits.maxHeaderBytes, range: 256...(1 << 20))
            server.limits.maxHeaderCount = try section.integer("maxHeaderCount", default: server.limits.maxHeaderCount, range: 1...10_000)
            server.headerTimeout = try section.number("headerTimeoutSeconds", default: server.headerTimeout, range: 0.1...3600)
            server.bodyTimeout = try section.number("bodyTimeoutSeconds", default: server.bodyTimeout, range: 0.1...3600)
            server.idleTimeout = try section.number("idleTimeoutSeconds", default: server.idleTimeout, range: 0.1...86_400)
            server.writeTimeout = try section.number("writeTimeoutSeconds", default: server.writeTimeout, range: 0.1...3600)
            shutdownGraceSeconds = try section.number("shutdownGraceSeconds", default: 10, range: 0...3600)
            trustedProxies = try section.networks("trustedProxies")
            // Header names are case-insensitive, so `X-Forwarded-For` is accepted as written.
            let header = try section.string("forwardedHeader", default: forwardedHeader.rawValue)
            guard let chosen = ForwardedHeader(rawValue: header.lowercased()) else {
                throw ConfigurationError(section.keyPath("forwardedHeader"), "must be \"x-forwarded-for\" or \"forwarded\", not \"\(header)\"")
            }
            forwardedHeader = chosen
            try section.finish()
        }
        dataDirectory = try root.string("dataDir", default: "./data")
        journalSegmentBytes = 64 << 20
        storeLimits = StoreLimits()
        if var section = try root.object("journal") {
            journalSegmentBytes = try section.integer("segmentMegabytes", default: 64, range: 1...4096) << 20
            storeLimits.journalRetentionMilliseconds = Int64(try section.number("retentionHours", default: 24, range: 0...87_600) * 3_600_000)
            storeLimits.journalMaxBytes = try section.integer("maxMegabytes", default: 10_240, range: 1...(1 << 30)) << 20
            try section.finish()
        }
        if var section = try root.object("deadLetters") {
            storeLimits.deadLetterMaxBytes = try section.integer("maxMegabytes", default: 1024, range: 1...(1 << 30)) << 20
            storeLimits.deadLetterRetentionMilliseconds = Int64(try section.number("retentionDays", default: 30, range: 0.001...3650) * 86_400_000)
            try section.finish()
        }
        if var section = try root.object("quarantine") {
            storeLimits.quarantineMaxBytes = try section.integer("maxMegabytes", default: 1024, range: 1...(1 << 30)) << 20
            storeLimits.quarantineRetentionMilliseconds = Int64(try section.number("retentionDays", default: 30, range: 0.001...3650) * 86_400_000)
            try section.finish()
        }
        deduplicationWindowSeconds = 86_400
        deduplicationMaxEntries = 100_000
        if var section = try root.object("deduplication") {
            deduplicationWindowSeconds = try section.number("windowHours", default: 24, range: 0...8760) * 3600
            deduplicationMaxEntries = try section.integer("maxEntries", default: 100_000, range: 1...100_000_000)
            try section.finish()
        }
        admin = nil
        if var section = try root.object("admin") {
            admin = try AdminSettings(&section)
        }
        log = OperationalLogSettings()
        if var section = try root.object("log") {
            let format = try section.oneOf("format", OperationalLogSettings.Format.allCases.map(\.rawValue), default: "logfmt")
            let level = try section.oneOf("level", OperationalLogSettings.Level.allCases.map(\.rawValue), default: "info")
            let accepted = try section.bool("acceptedEvents", default: true)
            log = OperationalLogSettings(format: .init(rawValue: format)!, level: .init(rawValue: level)!, acceptedEvents: accepted)
            try section.finish()
        }
        handlers = try Self.readHandlers(&root, types: handlerTypes)
        routes = try Self.readRoutes(&root, handlerNames: Set(handlers.map(\.name)))
        try root.finish()
    }

    private static func readHandlers(_ root: inout ConfigObject, types: HandlerTypeRegistry) throws(ConfigurationError) -> [HandlerDefinition] {
        guard var section = try root.object("handlers") else { throw ConfigurationError("handlers", "is required: name at least one handler") }
        var result: [HandlerDefinition] = []
        for name in section.keys {
            guard let value = section.raw(name) else { throw ConfigurationError(section.keyPath(name), "must be an object") }
            var entry = try ConfigObject(value, path: section.keyPath(name))
            result.append(try HandlerDefinition(name: name, entry: &entry, types: types))
            try entry.finish()
        }
        guard !result.isEmpty else { throw ConfigurationError("handlers", "must name at least one handler") }
        return result
    }

    private static func readRoutes(_ root: inout ConfigObject, handlerNames: Set<String>) throws(ConfigurationError) -> [RouteDefinition] {
        guard let items = try root.array("routes"), !items.isEmpty else {
            throw ConfigurationError("routes", "is required: list at least one route")
        }
        var result: [RouteDefinition] = []
        for (index, item) in items.enumerated() {
            var entry = try ConfigObject(item, path: "routes[\(index)]")
            let path = try entry.requiredString("path")
            guard path.hasPrefix("/"), !path.contains("?"), !path.contains("#"), !path.contains("//"),
                  path == "/" || !path.hasSuffix("/"), !path.split(separator: "/").contains(where: { $0 == "." || $0 == ".." || $0.contains("%") })
            else {
                throw ConfigurationError(entry.keyPath("path"), "must be a plain absolute path like /webhooks/attempt-completed (no query, trailing slash, dot segments or percent-escapes)")
            }
            guard !result.contains(where: { $0.path == path }) else { throw ConfigurationError(entry.keyPath("path"), "\(path) is already routed") }
            let eventName = try entry.requiredString("event")
            let event: EventKind?
            if eventName == "auto" {
                event = nil
            } else if let kind = EventKind(code: eventName) {
                event = kind
            } else {
                let known = EventKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw ConfigurationError(entry.keyPath("event"), "unknown event \"\(eventName)\" (known: \(known), or auto)")
            }
            let names = try entry.strings("handlers") ?? []
            guard !names.isEmpty else { throw ConfigurationError(entry.keyPath("handlers"), "must name at least one handler") }
            for (position, name) in names.enumerated() where !handlerNames.contains(name) {
                throw ConfigurationError("\(entry.keyPath("handlers"))[\(position)]", "no handler named \"\(name)\" (defined: \(handlerNames.sorted().joined(separator: ", ")))")
            }
            guard Set(names).count == names.count else { throw ConfigurationError(entry.keyPath("handlers"), "names a handler twice") }
            let policy = try entry.oneOf("onInvalidPayload", RouteDefinition.InvalidPayloadPolicy.allCases.map(\.rawValue), default: "quarantine")
            var route = RouteDefinition(path: path, event: event, handlers: names, onInvalidPayload: .init(rawValue: policy)!)
            route.auth = try entry.basicAuth("auth")
            route.allowFrom = try entry.networks("allowFrom")
            route.filters = try RouteDefinition.filters(in: &entry, event: event, handlers: names)
            route.redactions = try RouteDefinition.redactions(in: &entry, event: event)
            try entry.finish()
            result.append(route)
        }
        return result
    }
}
