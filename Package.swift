// swift-tools-version:6.0
// synap-webhooks: a self-hosted receiver for Synap's webhooks.
// No package dependencies: only the toolchain (Foundation, Dispatch, Glibc, Synchronization, Testing).
import PackageDescription

let package = Package(
    name: "synap-webhooks",
    products: [
        .executable(name: "synap-webhooks", targets: ["synap-webhooks"]),
    ],
    targets: [
        // Layers, lowest first; each imports only those above it in this list.
        // CRC-32C with the CPU's crc32 instruction (SSE 4.2), chosen at run time.
        .target(name: "CCRC32C"),
        .target(name: "Checksums", dependencies: ["CCRC32C"]),
        // <sys/epoll.h>, which Glibc's module leaves out (a header only: the calls are libc's).
        .systemLibrary(name: "CEpoll", path: "Sources/CEpoll"),
        .target(name: "SystemIO", dependencies: ["CEpoll"]),
        .target(name: "HTTP1", dependencies: ["SystemIO"]),
        .target(name: "JSONSyntax"),
        .target(name: "SynapEvents", dependencies: ["JSONSyntax"]),
        .target(name: "Delivery", dependencies: ["Checksums", "SystemIO", "JSONSyntax", "SynapEvents"]),
        .target(name: "Handlers", dependencies: ["Checksums", "SystemIO", "JSONSyntax", "SynapEvents", "Delivery"]),
        .target(name: "Receiver", dependencies: ["Checksums", "SystemIO", "HTTP1", "JSONSyntax", "SynapEvents", "Delivery", "Handlers"]),
        .executableTarget(name: "synap-webhooks", dependencies: ["Receiver"]),
        // scripts/bench-decode: parse + decode time against body size and shape; not shipped.
        .executableTarget(name: "decode-bench", dependencies: ["JSONSyntax", "SynapEvents"]),

        .testTarget(name: "ChecksumsTests", dependencies: ["Checksums"]),
        .testTarget(name: "JSONSyntaxTests", dependencies: ["JSONSyntax"]),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1", "SystemIO"]),
        .testTarget(name: "SynapEventsTests", dependencies: ["SynapEvents", "JSONSyntax"], exclude: ["Fixtures"]),
        .testTarget(name: "DeliveryTests", dependencies: ["Checksums", "Delivery", "JSONSyntax", "SynapEvents", "SystemIO"]),
        .testTarget(name: "HandlersTests", dependencies: ["Handlers", "Delivery", "JSONSyntax", "SynapEvents", "SystemIO"]),
        .testTarget(name: "ReceiverTests", dependencies: ["Checksums", "Receiver", "HTTP1", "SystemIO", "Delivery", "Handlers", "SynapEvents"]),
    ],
    swiftLanguageModes: [.v6]
)
