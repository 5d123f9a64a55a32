import SynapEvents
import SystemIO

/// `synap-webhooks sample --event KIND`: prints the realistic sample body of a kind, to post with curl.
enum SampleCommand {
    static func run(_ options: CommandArguments) -> Int32 {
        do throws(UsageError) {
            let kind = try EventKindArgument.parse(try options.required("--event"))
            StandardStream.output.writeLine(SampleEvents.body(for: kind))
            return 0
        } catch {
            StandardStream.error.writeLine("synap-webhooks sample: \(error)")
            return 2
        }
    }
}

/// An event kind named on the command line, with the known kinds listed when it is wrong.
enum EventKindArgument {
    static func parse(_ text: String) throws(UsageError) -> EventKind {
        guard let kind = EventKind(code: text) else {
            throw UsageError("unknown event \"\(text)\"; run `synap-webhooks events` for the list")
        }
        return kind
    }
}
