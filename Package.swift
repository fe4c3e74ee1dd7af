// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "reliance-convert",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "reliance-convert", targets: ["reliance-convert"]),
        .library(name: "RelianceKit", targets: ["RelianceKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLinux", path: "Sources/CLinux"),
        // libdeflate's compressor, compiled in (see Sources/CLibdeflate/README.md). Optimized in
        // every build, as a system library is: unoptimized, it would be slower than zlib.
        .target(name: "CLibdeflate", path: "Sources/CLibdeflate", exclude: ["COPYING", "README.md", "local.patch"],
                sources: ["lib/deflate_compress.c", "lib/crc32.c", "lib/utils.c", "lib/x86/cpu_features.c", "lib/arm/cpu_features.c"],
                cSettings: [.unsafeFlags(["-O2"])]),
        // The one layer that meets the operating system's files (docs/development.md, "File-system layer").
        .target(name: "FileSystem",
                dependencies: [.product(name: "Crypto", package: "swift-crypto"),
                               .target(name: "CLinux", condition: .when(platforms: [.linux]))],
                swiftSettings: swiftSettings),
        .target(name: "ZipArchive", dependencies: ["CZlib", "CLibdeflate", "FileSystem"], swiftSettings: swiftSettings),
        .target(name: "CSVCore", dependencies: ["FileSystem"], swiftSettings: swiftSettings),
        .target(name: "XLSXCore", dependencies: ["ZipArchive", "FileSystem"], swiftSettings: swiftSettings),
        // The files a run leaves in its folder that other commands read back: manifest.csv, and the
        // keyed reports it and warnings.csv are written and read as (docs/development.md, "Modules").
        .target(name: "OutputFiles", dependencies: ["FileSystem", "CSVCore"], swiftSettings: swiftSettings),
        .target(
            name: "RelianceKit",
            dependencies: ["FileSystem", "OutputFiles", "CSVCore", "XLSXCore", "ZipArchive", .product(name: "Yams", package: "Yams"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .target(name: "CLinux", condition: .when(platforms: [.linux]))],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RelianceUpload",
            dependencies: [
                "FileSystem", "OutputFiles", "CSVCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The mapping studio's server: SwiftNIO's HTTP/1 directly (docs/studio.md says why).
        .target(
            name: "RelianceStudio",
            dependencies: [
                "RelianceKit",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Page"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "reliance-convert",
            dependencies: ["FileSystem", "RelianceKit", "RelianceUpload", "RelianceStudio", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "FileSystemTests", dependencies: ["FileSystem"], swiftSettings: swiftSettings),
        .testTarget(name: "CSVCoreTests", dependencies: ["CSVCore"], swiftSettings: swiftSettings),
        .testTarget(name: "XLSXCoreTests", dependencies: ["XLSXCore"], swiftSettings: swiftSettings),
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "ZipArchiveTests", dependencies: ["ZipArchive", "FileSystem", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "RelianceKitTests", dependencies: ["RelianceKit", "FileSystem"],
            resources: [.copy("Fixtures")], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "UploadTests",
            dependencies: [
                "RelianceUpload", "FileSystem", "CSVCore", "TestSupport", "ZipArchive", "reliance-convert",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StudioTests", dependencies: ["RelianceStudio", "RelianceKit"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests", dependencies: ["RelianceKit", "reliance-convert", "TestSupport"],
            exclude: ["Golden", "Fixtures"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
