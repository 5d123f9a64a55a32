import Foundation

/// Locates the nst/JSONTestSuite `test_parsing` cases in `/work/shared/json-test-suite` and reads them.
///
/// This file sits at `<package>/Tests/JSONSyntaxTests/`, and the shared folder is a sibling of the package, so
/// the folder is `<package>/../shared/json-test-suite/test_parsing`. The package may be a scratch copy whose test
/// folder is a symlink, so both `#filePath` as given and with symlinks resolved are tried;
/// `JSON_TEST_SUITE_DIR` overrides both.
enum JSONTestSuite {
    static let relativePath = "shared/json-test-suite/test_parsing"

    /// Every place looked at, in order (shown when the folder is missing).
    static let candidates: [String] = {
        var paths: [String] = []
        if let override = ProcessInfo.processInfo.environment["JSON_TEST_SUITE_DIR"] { paths.append(override) }
        let thisFile = URL(fileURLWithPath: #filePath)
        for file in [thisFile, thisFile.resolvingSymlinksInPath()] {
            let package = file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            paths.append(package.deletingLastPathComponent().appendingPathComponent(relativePath).standardized.path)
            paths.append(package.appendingPathComponent(relativePath).standardized.path)
        }
        return paths
    }()

    /// The folder, or nil when no candidate exists.
    static let directory: String? = candidates.first { path in
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// File names (`y_...json`, `n_...json`, `i_...json`), sorted; empty when the folder is missing.
    static let files: [String] = {
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            return []
        }
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()

    static func files(withPrefix prefix: String) -> [String] {
        files.filter { $0.hasPrefix(prefix) }
    }

    /// The bytes of one case.
    static func bytes(of name: String) throws -> [UInt8] {
        guard let directory else { throw Missing(message: missingMessage) }
        guard let data = FileManager.default.contents(atPath: directory + "/" + name) else {
            throw Missing(message: "cannot read \(directory)/\(name)")
        }
        return [UInt8](data)
    }

    static var missingMessage: String {
        "JSONTestSuite folder not found; looked in: \(candidates.joined(separator: ", ")). "
            + "Set JSON_TEST_SUITE_DIR to the test_parsing folder."
    }

    struct Missing: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
