import Handlers
import JSONSyntax
import SystemIO

/// What one file sink holds on disk, read from its registry (`dataDir/sinks/NAME/files.jsonl`):
/// how many files, how many bytes, and the last write of the oldest, which is when retention
/// (`retentionDays`) will delete it. Sinks no longer configured are included: their files
/// still hold learner data.
struct FileSinkHolding: Equatable {
    var name: String
    var files: Int
    var bytes: Int
    /// The oldest last-write time among the files, ms since the epoch; nil without files.
    var oldestWrite: Int64?

    /// Every sink with a registry under `dataDirectory/sinks`, by name.
    static func scan(dataDirectory: String) -> [FileSinkHolding] {
        let sinks = dataDirectory + "/sinks"
        guard FileSystem.isDirectory(sinks), let names = try? FileSystem.contents(of: sinks) else { return [] }
        return names.compactMap { name in
            let directory = sinks + "/" + name
            guard FileSystem.exists(directory + "/" + FileSinkRegistry.fileName) else { return nil }
            let files = ((try? FileSinkRegistry.existingFiles(inDirectory: directory)) ?? []).filter { !FileSystem.isDirectory($0) }
            let statuses = files.compactMap(FileSystem.status)
            return FileSinkHolding(
                name: name, files: statuses.count, bytes: statuses.map(\.size).reduce(0, +), oldestWrite: statuses.map(\.modifiedMilliseconds).min())
        }
    }

    var json: JSONValue {
        .object([
            ("name", .string(name)), ("files", .number(String(files))), ("bytes", .number(String(bytes))),
            ("oldestWrite", oldestWrite.map { .number(String($0)) } ?? .null),
        ])
    }

    init(name: String, files: Int, bytes: Int, oldestWrite: Int64?) {
        self.name = name
        self.files = files
        self.bytes = bytes
        self.oldestWrite = oldestWrite
    }

    /// Reads what `json` wrote.
    init?(json value: JSONValue) {
        guard let name = value["name"]?.stringValue else { return nil }
        self.init(
            name: name, files: Int(value["files"]?.doubleValue ?? 0), bytes: Int(value["bytes"]?.doubleValue ?? 0),
            oldestWrite: value["oldestWrite"]?.doubleValue.map { Int64($0) })
    }
}
