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
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // The only place that knows curses' C API quirks.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // How wide text is on a terminal and what may reach one: for the screens and the shell's tables alike.
        .target(name: "TextCells"),
        // Cells, styles, keys, widgets and the two backends (ncurses, in-memory).
        .target(name: "TerminalKit", dependencies: ["CNcursesw", "TextCells"]),
        // Domain, store, migrations, doors, keys, rules, text helpers, string tables. Never imports TerminalKit.
        .target(name: "WardCaseCore", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        // Periods, figures, drafts, the overview, signed bundles and the office keyring: reads and
        // writes through the store's doors (`read(as:)`, `write(as:)`).
        .target(name: "WardCaseReports", dependencies: [
            "WardCaseCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The demo ward and the city generator, written through the store's one bulk load (BulkLoad.swift).
        .target(name: "WardCaseDemo", dependencies: [
            "WardCaseCore", "WardCaseReports",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Spreadsheet and text files in and out: CSV and XLSX readers and writers. No terminal, no SQL.
        // zlib, for reading ZIP archives within bounds (ZipReader.swift says why not ZIPFoundation) and for
        // deflating a streamed sheet as it comes (ZipWriter.swift).
        .systemLibrary(name: "CWardZlib", path: "Sources/CWardZlib"),
        // libxlsxwriter (Debian libxlsxwriter-dev): every XLSX the app writes, streamed, print-ready.
        .systemLibrary(name: "CXlsxWriter", path: "Sources/CXlsxWriter", pkgConfig: "xlsxwriter",
                       providers: [.apt(["libxlsxwriter-dev"])]),
        .target(name: "WardCaseExport", dependencies: ["WardCaseCore", "WardCaseReports", "CWardZlib", "CXlsxWriter",
                                                       .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // Screens and navigation: key events in, core calls out, drawing through TerminalKit.
        .target(name: "WardCaseApp", dependencies: ["TerminalKit", "WardCaseCore", "WardCaseReports", "WardCaseExport"]),
        // Argument parsing and wiring, nothing else.
        .executableTarget(name: "wardcase", dependencies: [
            "WardCaseApp", "WardCaseCore", "WardCaseReports", "WardCaseDemo", "WardCaseExport", "TerminalKit", "TextCells",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Speed and memory targets, measured by hand: swift run -c release wardcase-bench
        .executableTarget(name: "wardcase-bench", dependencies: ["WardCaseApp", "WardCaseCore", "WardCaseReports", "WardCaseDemo", "WardCaseExport", "TerminalKit",
                                                              .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(name: "WardCaseCoreTests", dependencies: ["WardCaseCore", "WardCaseReports", "WardCaseDemo"]),
        .testTarget(name: "WardCaseExportTests", dependencies: ["WardCaseExport", "WardCaseCore", "WardCaseReports", "WardCaseDemo"], exclude: ["Fixtures"]),
        .testTarget(name: "WardCaseAppTests", dependencies: ["WardCaseApp", "TerminalKit", "WardCaseCore", "WardCaseReports", "WardCaseDemo", "WardCaseExport"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "EndToEndTests", dependencies: []),
        // Crash safety (kill -9 during writes), 100,000 bad inputs per reader and parser, rapid
        // resizes, full disk and read-only files. Bounded to five minutes on CI.
        .testTarget(name: "TortureTests", dependencies: ["WardCaseApp", "WardCaseExport", "WardCaseCore", "WardCaseReports", "WardCaseDemo", "TerminalKit"]),
    ],
    swiftLanguageModes: [.v6]
)
