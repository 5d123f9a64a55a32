import SynapEvents
import SystemIO

/// `synap-webhooks events`: the supported kinds, with the route to configure in Synap for each.
enum EventsCommand {
    static func run(_ options: CommandArguments) -> Int32 {
        let width = EventKind.allCases.map(\.rawValue.count).max() ?? 0
        StandardStream.output.writeLine(pad("EVENT", width) + "  " + pad("SUGGESTED PATH", 36) + "  NAME IN SYNAP")
        for kind in EventKind.allCases {
            StandardStream.output.writeLine(pad(kind.rawValue, width) + "  " + pad(kind.suggestedPath, 36) + "  " + kind.title)
        }
        StandardStream.output.writeLine("\nRoute each Synap webhook subscription to its own path (one event per URL); \"event\": \"auto\" guesses the kind instead.")
        return 0
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
