import Foundation
import XCTest

/// Accounts, sign-in and "nothing lost", through the installed binary.
final class AccountEndToEndTests: XCTestCase {
    func testSharedLoginSignInLockoutAndIdleLock() throws {
        let bin = try wardcaseBinary()
        let t = try TmuxSession()
        let db = t.home.appendingPathComponent("ward.sqlite").path
        let env = ["PATH": "/usr/bin:/bin", "HOME": t.home.path]
        XCTAssertEqual(try runProgram([bin, "demo", "--db", db], environment: env).status, 0)
        XCTAssertEqual(try runProgram([bin, "setting", "idle-lock-seconds", "10", "--db", db], environment: env).out,
                       "idle-lock-seconds = 10\n")
        // `wardcase demo` mapped this OS user to the demo account; taken away, this is a shared
        // computer login, and the app shows the sign-in screen.
        XCTAssertEqual(try sqlite3(db, "UPDATE account SET os_user = NULL WHERE os_user IS NOT NULL; SELECT changes()"), "1")
        var admin = env
        admin["WARDCASE_USER"] = "quantri"
        admin["WARDCASE_PASSWORD_FILE"] = try passwordFile(in: t.home, "demo2026")
        try t.start([bin, "--db", db])
        t.waitFor(text: "Máy tính dùng chung")
        try t.type("vanthu")
        try t.press("Tab")
        // Four wrong passwords: the same answer each time, and never how many tries are left
        // (that would tell a stranger the login exists).
        for _ in 0..<4 {
            try t.type("sai-mat-khau")
            try t.press("Enter")
            let said = t.waitFor(text: "Sai tên đăng nhập hoặc mật khẩu.")
            XCTAssertFalse(said.contains("lần thử"), said)
        }
        try t.type("sai-mat-khau")
        try t.press("Enter")
        t.waitFor(text: "Tài khoản bị khóa đến")
        XCTAssertTrue(try runProgram([bin, "user", "list", "--db", db], environment: admin).out.contains("vanthu\tĐỗ Thị Lan\tclerk\tKhóa đến"))

        try t.press("BTab", "C-u")
        try t.type("canbo")
        try t.press("Tab")
        try t.type("demo2026")
        try t.press("Enter")
        t.waitFor(text: "canbo · wardcase")
        t.waitFor(text: "Tổng quan năm")                            // signing in opens the overview
        try t.press("1", "/")
        try t.type("nice")
        t.waitFor(text: "1 / 40 cơ sở")

        // Ten idle seconds later the screen locks; the filter being typed is kept.
        t.waitFor("the idle lock", seconds: 20) { $0.contains("Màn hình đã khóa") }
        XCTAssertFalse(t.screen.contains("Karaoke Nice"))
        try t.type("demo2026")
        try t.press("Enter")
        let back = t.waitFor(text: "1 / 40 cơ sở")
        XCTAssertTrue(back.contains("Lọc: nice"), back)
        try t.press("Escape", "q")
        t.waitFor(text: "EXIT=0 TTY=icanon echo")
    }

    func testDemoOpensSignedInAndSwitchingAccountIsOneKey() throws {
        let bin = try wardcaseBinary()
        let t = try TmuxSession()
        try t.start([bin, "--demo"])
        t.waitFor(text: "demo · wardcase")
        try t.press("F2")
        t.waitFor(text: "Chọn tài khoản mẫu")
        try t.press("Up", "Up", "Enter")
        t.waitFor(text: "canbo · wardcase")
        try t.press("u")
        t.waitFor(text: "Việc này cần vai trò: Quản trị.")
        try t.press("q")
        t.waitFor(text: "EXIT=0")
    }
}

final class NothingLostTests: XCTestCase {
    var folder: URL!
    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-lost-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }
    var env: [String: String] { ["PATH": "/usr/bin:/bin", "HOME": folder.path, "XDG_DATA_HOME": folder.path + "/data"] }

    func testAccountsFromTheShell() throws {
        let bin = try wardcaseBinary()
        let db = folder.appendingPathComponent("w.sqlite").path
        XCTAssertEqual(try runProgram([bin, "init", "--db", db, "--ward", "Phường Láng", "--province", "Hà Nội"], environment: env).status, 0)
        // The ward's first account is made with nobody signed in, and it must be an admin.
        var r = try runProgram([bin, "user", "add", "hoa", "--name", "Nguyễn Thị Hoa", "--role", "officer", "--db", db],
                               environment: env, input: "mat-khau-hoa\n")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err, "Tài khoản đầu tiên của phường phải có vai trò quản trị (--role admin).\n")
        r = try runProgram([bin, "user", "add", "quantri", "--name", "Trần Minh Quân", "--role", "admin", "--os-user", testOSUser, "--db", db],
                           environment: env, input: "mat-khau-quan-tri\n")
        XCTAssertEqual(r.out, "Đã tạo tài khoản quantri (Quản trị).\n", r.err)
        // From then on the shell signs in as the admin mapped to this system user.
        r = try runProgram([bin, "user", "add", "hoa", "--name", "Nguyễn Thị Hoa", "--role", "officer", "--role", "văn thư", "--db", db],
                           environment: env, input: "mat-khau-hoa\n")
        XCTAssertEqual(r.out, "Đã tạo tài khoản hoa (Cán bộ, Văn thư).\n", r.err)
        r = try runProgram([bin, "user", "add", "lan", "--name", "Lan", "--role", "boss", "--db", db], environment: env, input: "x\n")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err, "Không có vai trò “boss”; các vai trò: admin, team-leader, officer, case-worker, clerk, leadership.\n")
        r = try runProgram([bin, "user", "add", "lan", "--name", "Lan", "--role", "clerk", "--db", db], environment: env, input: "ngan\n")
        XCTAssertEqual(r.err, "Mật khẩu cần ít nhất 8 ký tự.\n")
        r = try runProgram([bin, "user", "role", "hoa", "case-worker", "--db", db], environment: env)
        XCTAssertEqual(r.out, "Vai trò của hoa: Cán bộ xã hội.\n")
        r = try runProgram([bin, "user", "disable", "hoa", "--db", db], environment: env)
        XCTAssertEqual(r.status, 0, r.err)
        r = try runProgram([bin, "user", "passwd", "nobody", "--db", db], environment: env, input: "12345678\n")
        XCTAssertEqual(r.err, "Không có tài khoản “nobody”.\n")
        r = try runProgram([bin, "user", "list", "--db", db], environment: env)
        XCTAssertEqual(r.out, "hoa\tNguyễn Thị Hoa\tcase-worker\tĐã tắt\t-\nquantri\tTrần Minh Quân\tadmin\tHoạt động\t\(testOSUser)\n")
    }

    func testBackupWhileAnotherProcessWritesThenRestoreAndCheck() throws {
        let bin = try wardcaseBinary()
        let db = folder.appendingPathComponent("w.sqlite").path
        XCTAssertEqual(try runProgram([bin, "demo", "--db", db], environment: env).status, 0)
        // Another process keeps writing (creating accounts) while backups are taken.
        final class Failures: @unchecked Sendable { var list: [String] = [] }
        let failures = Failures()
        let writer = DispatchGroup()
        writer.enter()
        let env = self.env
        DispatchQueue.global().async {
            for i in 0..<6 {
                let r = try? runProgram([bin, "user", "add", "canbo\(i)", "--name", "Cán bộ \(i)", "--role", "officer", "--db", db],
                                        environment: env, input: "mat-khau-\(i)\n")
                if r?.status != 0 { failures.list.append(r?.err ?? "?") }
            }
            writer.leave()
        }
        var backups: [String] = []
        for i in 0..<4 {
            let target = folder.appendingPathComponent("b\(i).sqlite").path
            let r = try runProgram([bin, "backup", target, "--db", db], environment: env)
            XCTAssertEqual(r.status, 0, r.err)
            backups.append(target)
        }
        writer.wait()
        XCTAssertEqual(failures.list, [], "no write failed with 'database is locked'")
        for b in backups { XCTAssertEqual(try runProgram([bin, "check", "--db", b], environment: env).status, 0) }

        let junk = folder.appendingPathComponent("junk.sqlite").path
        try Data(repeating: 7, count: 10_000).write(to: URL(fileURLWithPath: junk))
        var r = try runProgram([bin, "restore", junk, "--db", db, "--lang", "en"], environment: env)
        XCTAssertEqual(r.status, 3, "a data problem")
        XCTAssertTrue(r.err.hasPrefix("The file \(junk) is not a usable backup"), r.err)
        XCTAssertEqual(try runProgram([bin, "user", "list", "--db", db], environment: env).out.split(separator: "\n").count, 13)

        r = try runProgram([bin, "restore", backups[0], "--db", db], environment: env)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("Đã khôi phục từ \(backups[0]); bản sao lưu trước khi khôi phục: "), r.out)
        r = try runProgram([bin, "check", "--db", db], environment: env)
        XCTAssertEqual(r.out, "Không thấy lỗi nào trong \(db).\n")
    }

    func testOpeningADatabaseFromTheFutureOrCorruptSaysSoAndHarmsNothing() throws {
        let bin = try wardcaseBinary()
        let corrupt = folder.appendingPathComponent("corrupt.sqlite")
        try Data(repeating: 0x13, count: 4096).write(to: corrupt)
        let before = try Data(contentsOf: corrupt)
        let r = try runProgram([bin, "check", "--db", corrupt.path, "--lang", "en"], environment: env)
        XCTAssertEqual(r.status, 3, "a data problem")
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err)
        XCTAssertTrue(r.err.hasPrefix("Cannot open the database"), r.err)
        XCTAssertEqual(try Data(contentsOf: corrupt), before, "not damaged further")
    }
}

/// Two processes on one database: one terminal edits, another changes the data.
final class SeveralTerminalsTests: XCTestCase {
    func testAnotherProcessesChangeRefreshesTheListAndConflictsWithAnOpenForm() throws {
        let bin = try wardcaseBinary()
        let t = try TmuxSession()
        let demoDB = t.home.appendingPathComponent("data/wardcase/demo.sqlite").path
        let env = ["PATH": "/usr/bin:/bin", "HOME": t.home.path]
        try t.start([bin, "--demo"])
        t.waitFor(text: "Tổng quan năm")
        try t.press("1")
        t.waitFor(text: "40 cơ sở")

        // Another process adds an establishment: the list shows it within a second.
        let csv = t.home.appendingPathComponent("one.csv")
        try "Tên cơ sở,Loại hình\nKaraoke Bình Minh,karaoke\n".write(to: csv, atomically: true, encoding: .utf8)
        XCTAssertEqual(try runProgram([bin, "import", "establishments", csv.path, "--db", demoDB], environment: env).status, 0)
        t.waitFor("the list to refresh", seconds: 1.5) { $0.contains("41 cơ sở") }

        // This terminal opens an account; the other process changes its roles meanwhile.
        try t.press("u")
        t.waitFor(text: "7 tài khoản")
        try t.press("Enter")
        t.waitFor(text: "Sửa tài khoản canbo")
        let r = try runProgram([bin, "user", "role", "canbo", "officer", "clerk", "--db", demoDB], environment: env)
        XCTAssertEqual(r.status, 0, r.err)
        try t.press("C-u")
        try t.type("Nguyễn Thị Hoa B")
        try t.press("C-s")
        t.waitFor(text: "Bản ghi đã bị người khác sửa")
        t.waitFor(text: "roles: officer → officer,clerk")
        try t.press("Enter")                         // the default keeps theirs
        let list = try runProgram([bin, "user", "list", "--db", demoDB], environment: env).out
        XCTAssertTrue(list.contains("canbo\tNguyễn Thị Hoa\tofficer,clerk"), list)
        try t.press("C-c", "c")
        t.waitFor(text: "EXIT=0")
    }
}
