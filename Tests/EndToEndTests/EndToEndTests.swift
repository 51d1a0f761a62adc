import Foundation
import XCTest

/// Stories told through the installed binary in a real terminal (tmux).
final class EndToEndTests: XCTestCase {
    func testOfficerBrowsesTheDemoWardFiltersWithoutAccentsOpensHelpAndQuits() throws {
        let bin = try wardcaseBinary()
        let t = try TmuxSession()
        try t.start([bin, "--demo"])
        // LANG is unset: the app falls back to C.UTF-8 and still draws Vietnamese.
        t.waitFor(text: "Phường Đống Đa · Thành phố Hà Nội")
        t.waitFor(text: "Tổng quan năm")
        XCTAssertTrue(t.alternateScreenOn)

        try t.press("2")
        t.waitFor(text: "Chờ tôi duyệt")
        try t.press("Tab")
        t.waitFor(text: "Nhân thân đang khóa")
        try t.press("BTab")
        t.waitFor(text: "Chờ tôi duyệt")
        try t.press("1")
        t.waitFor(text: "40 cơ sở")

        try t.press("/")
        try t.type("dong da")
        let filtered = t.waitFor(text: "3 / 40 cơ sở khớp “dong da”")
        XCTAssertTrue(filtered.contains("Karaoke Gò Đống Đa"))
        XCTAssertTrue(filtered.contains("Nhà nghỉ Đống Đa"))
        XCTAssertFalse(filtered.contains("Karaoke Nice"))
        try t.press("Enter")

        try t.press("?")
        t.waitFor(text: "Trợ giúp: các phím dùng được ở màn hình này")
        try t.press("Escape")
        t.waitFor("help closed") { !$0.contains("Trợ giúp: các phím") }

        try t.press("q")
        let after = t.waitFor(text: "EXIT=0 TTY=")
        XCTAssertFalse(after.contains("Phường Đống Đa · Thành phố"), "the app's screen is gone: the shell's screen is back")
        XCTAssertTrue(after.contains("TTY=icanon echo"), "the terminal is back in cooked mode with echo:\n\(after)")
        XCTAssertFalse(t.alternateScreenOn)
    }

    func testEnglishResizeAndTooSmallWindow() throws {
        let bin = try wardcaseBinary()
        let t = try TmuxSession()
        try t.start([bin, "--demo", "--lang", "en"], extraEnvironment: ["LANG=C.UTF-8"])
        t.waitFor(text: "1 Establishments   2 Inspections   3 Support   4 Reports")
        try t.resize(width: 70, height: 20)
        t.waitFor(text: "The window is too small")
        try t.resize(width: 120, height: 35)
        try t.press("1")
        t.waitFor(text: "40 establishments")
        try t.press("C-c")
        let after = t.waitFor(text: "EXIT=0 TTY=")
        XCTAssertTrue(after.contains("TTY=icanon echo"), after)
    }

    func testATerminationSignalStillRestoresTheTerminal() throws {
        let bin = try wardcaseBinary()
        let t = try TmuxSession()
        try t.start([bin, "--demo"])
        t.waitFor(text: "Tổng quan năm")
        try runProgram(["pkill", "-TERM", "-P", t.panePID])
        let after = t.waitFor(text: "EXIT=143 TTY=")
        XCTAssertTrue(after.contains("TTY=icanon echo"), after)
        XCTAssertFalse(t.alternateScreenOn)
    }

    func testFirstStartOnAnEmptyDatabaseAsksForTheWard() throws {
        let bin = try wardcaseBinary()
        let t = try TmuxSession()
        let db = t.home.appendingPathComponent("ward.sqlite").path
        try t.start([bin, "--db", db])
        t.waitFor(text: "Thiết lập phường")
        try t.type("Phường Kim Liên")
        try t.press("Tab")
        try t.type("Thành phố Hà Nội")
        // Then the admin account: login (prefilled "quantri"), name, password twice.
        try t.press("Tab", "Tab", "Tab")
        try t.type("Trần Văn Bình")
        try t.press("Tab")
        try t.type("mat-khau-quan-tri")
        try t.press("Tab")
        try t.type("mat-khau-quan-tri")
        try t.press("C-s")
        t.waitFor(text: "Phường Kim Liên · Thành phố Hà Nội")
        t.waitFor(text: "quantri · wardcase")
        try t.press("q")
        t.waitFor(text: "EXIT=0 TTY=")
        let attrs = try FileManager.default.attributesOfItem(atPath: db)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    }
}

/// The shell commands: plain sentences on errors, never a stack trace.
final class CommandLineTests: XCTestCase {
    var folder: URL!
    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    var env: [String: String] { ["PATH": "/usr/bin:/bin", "HOME": folder.path, "XDG_DATA_HOME": folder.path + "/data"] }

    func testDemoAndInitFromTheShell() throws {
        let bin = try wardcaseBinary()
        var r = try runProgram([bin, "demo"], environment: env)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "Đã tạo phường mẫu “Phường Đống Đa” với 40 cơ sở tại \(folder.path)/data/wardcase/demo.sqlite\n")
        r = try runProgram([bin, "demo"], environment: env)
        XCTAssertEqual(r.out, "Phường mẫu đã có sẵn tại \(folder.path)/data/wardcase/demo.sqlite\n")
        let db = folder.appendingPathComponent("w.sqlite").path
        r = try runProgram([bin, "init", "--db", db, "--ward", "Phường Láng", "--province", "Thành phố Hà Nội", "--lang", "en"], environment: env)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "Saved: Phường Láng, Thành phố Hà Nội; receiving agency: Sở Y tế. Database: \(db)\n")
    }

    func testErrorsAreOneSentenceWithANonZeroStatus() throws {
        let bin = try wardcaseBinary()
        var r = try runProgram([bin, "init", "--db", folder.appendingPathComponent("x.sqlite").path, "--ward", " ", "--province", "Hà Nội"], environment: env)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err, "Cần điền “Tên phường/xã”.\n")
        r = try runProgram([bin, "--lang", "fr"], environment: env)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err, "Không có ngôn ngữ “fr”: hãy dùng vi hoặc en.\n")
        r = try runProgram([bin, "--demo"], environment: env)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err, "wardcase cần chạy trong một cửa sổ dòng lệnh (terminal).\n")
        let notADatabase = folder.appendingPathComponent("junk.sqlite")
        try Data("this is not a database at all, just some text".utf8).write(to: notADatabase)
        r = try runProgram([bin, "demo", "--db", notADatabase.path, "--lang", "en"], environment: env)
        XCTAssertEqual(r.status, 3, "a data problem")
        XCTAssertTrue(r.err.hasPrefix("Cannot open the database \(notADatabase.path)"), r.err)
        XCTAssertEqual(r.err.split(separator: "\n").count, 1)
        r = try runProgram([bin, "demo", "--db", "/proc/nope/x.sqlite"], environment: env)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err)
    }
}
