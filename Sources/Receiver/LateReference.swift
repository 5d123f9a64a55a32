import Synchronization

/// A weak reference set after construction, for closures that must exist before the object
/// they refer to is complete (the metrics endpoint reads the server that serves it).
final class LateReference<Object: AnyObject & Sendable>: Sendable {
    private let storage = Mutex<Weak?>(nil)

    private struct Weak: @unchecked Sendable {
        // Safe: `Object` is Sendable; the wrapper only adds `weak`.
        weak var object: Object?
    }

    func set(_ object: Object) { storage.withLock { $0 = Weak(object: object) } }

    var object: Object? { storage.withLock { $0?.object } }
}
