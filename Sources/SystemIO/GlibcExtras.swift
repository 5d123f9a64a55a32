#if canImport(Glibc)
import Glibc
#endif

/// glibc functions that Swift's Glibc module does not import (they are declared only under
/// `_GNU_SOURCE` or in headers the module leaves out), looked up once by name in the running
/// C library. Each is nil where the C library lacks it, and callers fall back.
enum GlibcExtras {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    typealias AddChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias ProcessControl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32

    /// `pipe2(2)`: both ends created close-on-exec in one step (glibc 2.9).
    static let pipe2: Pipe2? = symbol("pipe2")
    /// `posix_spawn_file_actions_addclosefrom_np`: the child closes every descriptor from a
    /// number up (glibc 2.34).
    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    /// `posix_spawn_file_actions_addchdir_np`: the child changes directory before exec (glibc 2.29).
    static let addChangeDirectory: AddChangeDirectory? = symbol("posix_spawn_file_actions_addchdir_np")
    /// `prctl(2)`.
    static let processControl: ProcessControl? = symbol("prctl")

    /// `PR_GET_CHILD_SUBREAPER` from <linux/prctl.h>.
    static let getChildSubreaper: Int32 = 37

    private static func symbol<Function>(_ name: String) -> Function? {
        // dlopen(NULL) is the running program with every library it loaded, glibc included.
        guard let program = dlopen(nil, RTLD_NOW), let address = dlsym(program, name) else { return nil }
        // The type is the C prototype of `name` (see the typealiases above).
        return unsafeBitCast(address, to: Function.self)
    }
}
