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
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(name: "ZipArchive", dependencies: ["CZlib"], swiftSettings: swiftSettings),
        .target(name: "CSVCore", swiftSettings: swiftSettings),
        .target(name: "XLSXCore", dependencies: ["ZipArchive"], swiftSettings: swiftSettings),
        .target(
            name: "RelianceKit",
            dependencies: ["CSVCore", "XLSXCore", "ZipArchive", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "reliance-convert",
            dependencies: ["RelianceKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CSVCoreTests", dependencies: ["CSVCore"], swiftSettings: swiftSettings),
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "ZipArchiveTests", dependencies: ["ZipArchive", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "RelianceKitTests", dependencies: ["RelianceKit"],
            resources: [.copy("Fixtures")], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests", dependencies: ["RelianceKit", "reliance-convert", "TestSupport"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
