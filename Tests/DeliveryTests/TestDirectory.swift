import Foundation

/// A fresh temporary directory per test.
struct TestDirectory {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.path + "/synap-delivery-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
