// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "WardCase",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "wardcase", targets: ["wardcase"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // The only place that knows curses' C API quirks.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // Cells, styles, keys, widgets and the two backends (ncurses, in-memory).
        .target(name: "TerminalKit", dependencies: ["CNcursesw"]),
        // Domain, store, migrations, rules, text helpers, string tables. Never imports TerminalKit.
        .target(name: "WardCaseCore", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        // Screens and navigation: key events in, core calls out, drawing through TerminalKit.
        .target(name: "WardCaseApp", dependencies: ["TerminalKit", "WardCaseCore"]),
        // Argument parsing and wiring, nothing else.
        .executableTarget(name: "wardcase", dependencies: [
            "WardCaseApp", "WardCaseCore", "TerminalKit",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(name: "WardCaseCoreTests", dependencies: ["WardCaseCore"]),
        .testTarget(name: "WardCaseAppTests", dependencies: ["WardCaseApp", "TerminalKit", "WardCaseCore"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "EndToEndTests", dependencies: []),
    ],
    swiftLanguageModes: [.v6]
)
