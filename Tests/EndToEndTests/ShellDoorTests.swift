import Foundation
import XCTest

/// The shell's doors, tried as an attacker would through the installed binary: someone who can
/// open the ward's database file, on a machine where their system user is mapped to no account,
/// runs the commands that change accounts, settings or data. Each refusal must be one sentence,
/// exit status 1, write nothing (checked from outside with the sqlite3 shell) and leave a
/// `denied` row in the audit trail. The same commands work for the admin who signs in.
final class ShellDoorTests: XCTestCase {
    var folder: URL!
    var bin: String!
    let signInNeeded = "Lệnh này cần đăng nhập: dùng --user TÊN (mật khẩu được hỏi, hoặc đọc từ tệp WARDCASE_PASSWORD_FILE), hoặc gắn người dùng hệ thống"
    let refused = "Sai tên đăng nhập hoặc mật khẩu.\n"

    override func setUpWithError() throws {
        bin = try wardcaseBinary()
        _ = try sqlite3Path()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-doors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    var env: [String: String] { ["PATH": "/usr/bin:/bin", "HOME": folder.path, "XDG_DATA_HOME": folder.path + "/data"] }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The environment of someone signing in with --user's variable and a password file (mode 0600).
    func signedIn(_ login: String, _ password: String) throws -> [String: String] {
        var e = env
        e["WARDCASE_USER"] = login
        e["WARDCASE_PASSWORD_FILE"] = try passwordFile(in: folder, password)
        return e
    }

    func run(_ args: [String], db: String, env: [String: String]? = nil, input: String? = nil) throws -> (status: Int32, out: String, err: String) {
        try runProgram([bin] + args + ["--db", db], environment: env ?? self.env, input: input)
    }

    /// A ward on a shared machine: no account is mapped to the system user running the tests.
    /// quantri is the admin (and an officer: a small ward), canbo an officer, canboxh a case
    /// worker, vanthu the clerk; the register holds two establishments.
    func sharedWard(_ db: String? = nil) throws -> String {
        let db = db ?? path("ward.sqlite")
        var r = try runProgram([bin, "init", "--db", db, "--ward", "Phường Láng", "--province", "Hà Nội"], environment: env)
        XCTAssertEqual(r.status, 0, r.err)
        r = try run(["user", "add", "quantri", "--name", "Trần Minh Quân", "--role", "admin", "--role", "officer"], db: db,
                    input: "mat-khau-quan-tri\n")
        XCTAssertEqual(r.status, 0, r.err)
        let admin = try signedIn("quantri", "mat-khau-quan-tri")
        for (login, name, role) in [("canbo", "Nguyễn Thị Hoa", "officer"), ("canboxh", "Phạm Thu Hằng", "case-worker"),
                                    ("vanthu", "Đỗ Thị Lan", "clerk")] {
            r = try run(["user", "add", login, "--name", name, "--role", role], db: db, env: admin, input: "mat-khau-\(login)\n")
            XCTAssertEqual(r.status, 0, r.err)
        }
        let csv = path("hai-co-so.csv")
        try "Tên cơ sở,Loại hình\nKaraoke Bình Minh,karaoke\nNhà nghỉ Hoa Sen,nha nghi\n".write(toFile: csv, atomically: true, encoding: .utf8)
        r = try run(["import", "establishments", csv], db: db, env: admin)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(try sqlite3(db, "SELECT COUNT(*) FROM account WHERE os_user IS NOT NULL"), "0", "nobody is mapped")
        return db
    }

    /// Everything an attack could change, read from outside wardcase.
    func state(_ db: String) throws -> [String] {
        try ["SELECT login, roles, active, os_user, password_hash, failed_attempts, locked_until FROM account ORDER BY id",
             "SELECT key, value FROM setting ORDER BY key",
             "SELECT name, province, receiving_agency, version FROM ward",
             "SELECT code, name_vi, name_en FROM establishment_type ORDER BY id",
             "SELECT name FROM residential_group ORDER BY id",
             "SELECT id, name, residential_group, version FROM establishment ORDER BY id"].map { try sqlite3(db, $0) }
    }

    func auditCount(_ db: String) throws -> Int { Int(try sqlite3(db, "SELECT COUNT(*) FROM audit")) ?? -1 }

    /// The audit rows written since row `after`, oldest first: "action|actor|what".
    func auditSince(_ db: String, _ after: Int) throws -> String {
        try sqlite3(db, """
            SELECT group_concat(row, ' ; ') FROM (SELECT action || '|' || actor || '|' || COALESCE(json_extract(after, '$.what'), '') AS row
            FROM audit WHERE id > \(after) ORDER BY id)
            """)
    }

    /// The attempt was refused in one sentence with status 1, changed nothing, and is the one new
    /// row of the audit trail: `denied`, by `actor`, naming `what`.
    func assertRefused(_ r: (status: Int32, out: String, err: String), db: String, before: [String], auditBefore: Int,
                       actor: String, what: String, message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(r.status, 1, r.err, file: file, line: line)
        XCTAssertEqual(r.out, "", file: file, line: line)
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err, file: file, line: line)
        XCTAssertTrue(r.err.hasPrefix(message), "“\(message)” is not how “\(r.err)” begins", file: file, line: line)
        XCTAssertEqual(try state(db), before, "nothing may change", file: file, line: line)
        XCTAssertEqual(try auditCount(db), auditBefore + 1, "one audit row for the attempt", file: file, line: line)
        XCTAssertEqual(try auditSince(db, auditBefore), "denied|\(actor)|\(what)", file: file, line: line)
    }

    // MARK: No account

    func testWithoutAnAccountNoDoorOpens() throws {
        let db = try sharedWard()
        let admin = try signedIn("quantri", "mat-khau-quan-tri")
        // An old backup, taken by the admin, lies in the folder.
        let oldBackup = path("cu.sqlite")
        XCTAssertEqual(try run(["backup", oldBackup], db: db, env: admin).status, 0)
        let backups = URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("backups").path
        let backupsBefore = (try? FileManager.default.contentsOfDirectory(atPath: backups)) ?? []
        // The case worker has been locked out after five wrong passwords.
        var guesser = try signedIn("canboxh", "doan-bua-mot-lan")
        for _ in 0..<4 { XCTAssertEqual(try run(["list", "cases"], db: db, env: guesser).err, refused) }
        XCTAssertTrue(try run(["list", "cases"], db: db, env: guesser).err.hasPrefix("Tài khoản bị khóa đến"))
        guesser["WARDCASE_PASSWORD_FILE"] = try passwordFile(in: folder, "mat-khau-canboxh")
        XCTAssertTrue(try run(["list", "cases"], db: db, env: guesser).err.hasPrefix("Tài khoản bị khóa đến"), "even the right password")
        let csv = path("ghi-de.csv")
        try "Tên cơ sở,Loại hình\nKaraoke Bình Minh,massage\nCơ sở Ma,karaoke\n".write(toFile: csv, atomically: true, encoding: .utf8)

        // The attacker, whose system user is mapped to no account, tries one door after another.
        let me = "os:" + testOSUser
        let attempts: [(what: String, args: [String], input: String?)] = [
            ("user add", ["user", "add", "kela", "--name", "Kẻ Lạ", "--role", "admin", "--os-user", testOSUser], "mat-khau-ke-la\n"),
            ("user passwd", ["user", "passwd", "canboxh"], "mat-khau-moi-1\n"),        // would also lift the lockout
            ("setting", ["setting", "idle-lock-seconds", "0"], nil),
            ("restore", ["restore", oldBackup], nil),
            ("import establishments", ["import", "establishments", csv], nil),
            // Would tell, row by row, who is already a case.
            ("import police-list", ["import", "police-list", csv], nil),
            ("type set", ["type", "set", "cafe", "--vi", "Quán cà phê"], nil),
            ("group set", ["group", "set", "Tổ dân phố số 1", "--from", "Tổ dân phố số 8"], nil),
            ("backup", ["backup", path("lay-ve.sqlite")], nil),
            ("init", ["init", "--ward", "Phường Giả", "--province", "Hà Nội"], nil),
            ("list establishments", ["list", "establishments", "--format", "csv"], nil),
        ]
        for a in attempts {
            let before = try state(db), audit = try auditCount(db)
            let r = try run(a.args, db: db, input: a.input)
            let message = a.what == "init" ? "Cơ sở dữ liệu này đã có thông tin phường; chỉ quản trị mới sửa được" : signInNeeded
            try assertRefused(r, db: db, before: before, auditBefore: audit, actor: me, what: a.what, message: message)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("lay-ve.sqlite")), "no copy of the data left the ward")
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: backups)) ?? [], backupsBefore, "restore took no step")
        XCTAssertNotEqual(try sqlite3(db, "SELECT locked_until IS NOT NULL FROM account WHERE login = 'canboxh'"), "0", "still locked out")

        // The same refusal in English, for whoever asks in English.
        let before = try state(db), audit = try auditCount(db)
        let en = try run(["setting", "idle-lock-seconds", "0", "--lang", "en"], db: db)
        try assertRefused(en, db: db, before: before, auditBefore: audit, actor: me, what: "setting",
                          message: "This command needs an account: use --user LOGIN")
        XCTAssertTrue(en.err.contains("map the system user \(testOSUser) to an account"), en.err)
    }

    func testTheDemoCommandDoesNotMapAnyoneIntoARealWard() throws {
        // `wardcase demo` maps the system user to the demo's every-role account; on a real ward's
        // file it must do nothing of the kind.
        let db = try sharedWard()
        let before = try state(db)
        let r = try runProgram([bin, "demo", "--db", db], environment: env)
        XCTAssertEqual(r.out, "Phường mẫu đã có sẵn tại \(db)\n", r.err)
        XCTAssertEqual(try state(db), before)
        let after = try run(["setting", "idle-lock-seconds", "0"], db: db)
        XCTAssertEqual(after.status, 1)
        XCTAssertTrue(after.err.hasPrefix(signInNeeded), after.err)
    }

    // MARK: Wrong passwords

    func testAWrongPasswordAndAnUnknownLoginGetTheSameAnswerAndChangeNothing() throws {
        let db = try sharedWard()
        // The attacker guesses the admin's password.
        var before = try state(db), audit = try auditCount(db)
        let guess = try run(["setting", "idle-lock-seconds", "0"], db: db, env: try signedIn("quantri", "mat-khau-doan-bua"))
        XCTAssertEqual(guess.status, 1)
        XCTAssertEqual(guess.out, "")
        XCTAssertEqual(guess.err, refused)
        XCTAssertEqual(try sqlite3(db, "SELECT failed_attempts FROM account WHERE login = 'quantri'"), "1", "the try is counted")
        var changed = try state(db)
        changed[0] = before[0]   // only the failure count moved
        XCTAssertEqual(changed, before)
        XCTAssertEqual(try auditSince(db, audit), "sign_in_failed|quantri|")

        // A login that does not exist: the very same sentence, and the try is kept too.
        before = try state(db); audit = try auditCount(db)
        let unknown = try run(["setting", "idle-lock-seconds", "0"], db: db, env: try signedIn("giamdoc", "mat-khau-doan-bua"))
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.out, "")
        XCTAssertEqual(unknown.err, guess.err)
        XCTAssertEqual(try state(db), before, "nothing may change")
        XCTAssertEqual(try auditSince(db, audit), "sign_in_failed|?|", "kept without what was typed")

        // --user on the command line works as WARDCASE_USER does, the password typed on standard input.
        before = try state(db); audit = try auditCount(db)
        let typed = try run(["setting", "idle-lock-seconds", "0", "--user", "giamdoc"], db: db, input: "mat-khau-doan-bua\n")
        XCTAssertEqual(typed.status, 1)
        XCTAssertEqual(typed.err, refused)
        XCTAssertEqual(try state(db), before, "nothing may change")
        XCTAssertEqual(try auditSince(db, audit), "sign_in_failed|?|")
    }

    // MARK: The password file

    func testAPasswordFileOthersCanReadIsNotUsedAndTheREADMECronLineWorks() throws {
        // The README's cron line, as a ward would paste it into `crontab -e`.
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: repo.appendingPathComponent("README.md"), encoding: .utf8)
        let cronLine = try XCTUnwrap(readme.split(separator: "\n").first { $0.hasPrefix("0 7 14 * * ") }.map(String.init),
                                     "the README has a cron line for the monthly export")
        let guide = try String(contentsOf: repo.appendingPathComponent("docs/HUONG-DAN.md"), encoding: .utf8)
        XCTAssertTrue(guide.contains(cronLine), "docs/HUONG-DAN.md shows the same cron line as the README")
        // What cron runs: the line after its five time fields, with crontab's \% read as %.
        let command = cronLine.split(separator: " ", maxSplits: 5).last.map(String.init)!.replacingOccurrences(of: "\\%", with: "%")

        // A clerk's machine as the README sets it up: wardcase in ~/.local/bin, the ward's database
        // in its usual place, the password file in ~/.config/wardcase, reports in ~/bao-cao.
        let home = folder.appendingPathComponent("vanthu")
        let fm = FileManager.default
        for dir in [".local/bin", ".local/share/wardcase", ".config/wardcase", "bao-cao"] {
            try fm.createDirectory(at: home.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        try fm.createSymbolicLink(atPath: home.appendingPathComponent(".local/bin/wardcase").path, withDestinationPath: bin)
        let db = try sharedWard(home.appendingPathComponent(".local/share/wardcase/ward.sqlite").path)
        let cronEnv = ["PATH": "/usr/bin:/bin", "HOME": home.path, "SHELL": "/bin/sh", "LOGNAME": testOSUser]   // all cron gives
        let period = try runProgram(["date", "-d", "last month", "+%Y-%m"], environment: cronEnv).out
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let clerk = try signedIn("vanthu", "mat-khau-vanthu")
        var r = try run(["report", "draft", "--period", period], db: db, env: clerk)
        XCTAssertEqual(r.status, 0, r.err)
        let report = home.appendingPathComponent("bao-cao/bao-cao-\(period).docx").path
        let log = home.appendingPathComponent("bao-cao/cron.log").path

        // The clerk writes the password file, but leaves it readable by everyone (mode 0644).
        let passFile = home.appendingPathComponent(".config/wardcase/vanthu.pass").path
        try "mat-khau-vanthu\n".write(toFile: passFile, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(passFile, 0o644), 0)
        var before = try state(db)
        var audit = try auditCount(db)
        r = try runProgram(["/bin/sh", "-c", command], environment: cronEnv)
        XCTAssertEqual(r.status, 1)
        var said = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertEqual(said, "Tệp mật khẩu \(passFile) phải chỉ chủ sở hữu đọc được (chmod 600 \(passFile)); chưa dùng đến nó.\n")
        XCTAssertFalse(fm.fileExists(atPath: report))
        // Not read: the right password is in it, yet nobody signed in (nor failed to); the refusal is kept.
        XCTAssertEqual(try state(db), before)
        XCTAssertEqual(try auditSince(db, audit), "denied|os:\(testOSUser)|report export")
        // Readable by the group only is not safe either.
        XCTAssertEqual(chmod(passFile, 0o640), 0)
        XCTAssertEqual(try runProgram(["/bin/sh", "-c", command], environment: cronEnv).status, 1)
        XCTAssertFalse(fm.fileExists(atPath: report))

        // chmod 600, as the README says: the next run writes the report, and the export is in the audit trail.
        XCTAssertEqual(chmod(passFile, 0o600), 0)
        try "".write(toFile: log, atomically: true, encoding: .utf8)
        before = try state(db)
        audit = try auditCount(db)
        r = try runProgram(["/bin/sh", "-c", command], environment: cronEnv)
        said = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertEqual(r.status, 0, said)
        // The file written, and (the report being a draft still) a note saying so; the order is the buffers'.
        XCTAssertEqual(Set(said.split(separator: "\n").map(String.init)),
                       ["Đã ghi tệp \(report)", "Lưu ý: kỳ \(period) mới có bản nháp (phiên bản 1); tệp được ghi rõ là bản nháp."])
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: report)).prefix(4)), [0x50, 0x4B, 0x03, 0x04], "a DOCX (zip) file")
        XCTAssertEqual(try state(db), before, "exporting changes no record")
        XCTAssertEqual(try sqlite3(db, """
            SELECT action || '|' || actor || '|' || record_type || '|' || COALESCE(json_extract(after, '$.format'), '')
            FROM audit WHERE id > \(audit) ORDER BY id
            """), "sign_in|vanthu|account|\nexport_list|vanthu|bao-cao-\(period)|docx")
    }

    // MARK: The right people get in

    func testTheAdminWithAPasswordAndTheMappedSystemUserBothGetIn() throws {
        let db = try sharedWard()
        let oldBackup = path("cu.sqlite")
        let csv = path("them.csv")
        try "Tên cơ sở,Loại hình\nMassage Thảo Mộc,massage\n".write(toFile: csv, atomically: true, encoding: .utf8)

        // The admin types nothing: --user's variable and a password file.
        let admin = try signedIn("quantri", "mat-khau-quan-tri")
        var r = try run(["backup", oldBackup], db: db, env: admin)
        XCTAssertEqual(r.out, "Đã sao lưu vào \(oldBackup)\n", r.err)
        // Locked out after five wrong passwords, the case worker asks the admin for a new one.
        for _ in 0..<5 { _ = try run(["list", "cases"], db: db, env: try signedIn("canboxh", "quen-mat-roi")) }
        XCTAssertEqual(try sqlite3(db, "SELECT failed_attempts FROM account WHERE login = 'canboxh'"), "5")
        r = try run(["user", "passwd", "canboxh"], db: db, env: admin, input: "mat-khau-moi-canboxh\n")
        XCTAssertEqual(r.out, "Đã đặt mật khẩu mới cho canboxh.\n", r.err)
        XCTAssertEqual(try sqlite3(db, "SELECT COALESCE(locked_until, 'không khóa') FROM account WHERE login = 'canboxh'"), "không khóa")
        XCTAssertEqual(try run(["list", "cases"], db: db, env: try signedIn("canboxh", "mat-khau-moi-canboxh")).status, 0)
        r = try run(["setting", "idle-lock-seconds", "0"], db: db, env: admin)
        XCTAssertEqual(r.out, "idle-lock-seconds = 0\n", r.err)
        r = try run(["type", "set", "cafe", "--vi", "Quán cà phê"], db: db, env: admin)
        XCTAssertEqual(r.out, "Đã thêm loại hình cafe: Quán cà phê\n", r.err)
        r = try run(["import", "establishments", csv], db: db, env: admin)
        XCTAssertTrue(r.out.contains("Đã nhập: thêm 1, cập nhật 0; bỏ 0 dòng.\nLần nhập số "), r.out + r.err)
        XCTAssertEqual(try sqlite3(db, "SELECT COUNT(*) FROM establishment"), "3")
        XCTAssertEqual(try sqlite3(db, "SELECT COUNT(*) FROM audit WHERE action = 'denied'"), "0", "nothing was refused")
        r = try run(["restore", oldBackup], db: db, env: admin)
        XCTAssertTrue(r.out.hasPrefix("Đã khôi phục từ \(oldBackup)"), r.out + r.err)
        XCTAssertEqual(try sqlite3(db, "SELECT COUNT(*) FROM establishment"), "2", "the backup's register is back")

        // The admin maps their own system user to a new admin account: from then on the same
        // commands work with no --user and no password.
        r = try run(["user", "add", "quantri2", "--name", "Trần Minh Quân", "--role", "admin", "--role", "officer", "--os-user", testOSUser],
                    db: db, env: try signedIn("quantri", "mat-khau-quan-tri"), input: "mat-khau-quan-tri-2\n")
        XCTAssertEqual(r.out, "Đã tạo tài khoản quantri2 (Quản trị, Cán bộ).\n", r.err)
        r = try run(["backup", path("moi.sqlite")], db: db)
        XCTAssertEqual(r.status, 0, r.err)
        r = try run(["user", "add", "canbo2", "--name", "Lê Văn Nam", "--role", "officer"], db: db, input: "mat-khau-canbo2\n")
        XCTAssertEqual(r.out, "Đã tạo tài khoản canbo2 (Cán bộ).\n", r.err)
        r = try run(["user", "passwd", "canbo2"], db: db, input: "mat-khau-canbo2-moi\n")
        XCTAssertEqual(r.status, 0, r.err)
        r = try run(["setting", "idle-lock-seconds", "900"], db: db)
        XCTAssertEqual(r.out, "idle-lock-seconds = 900\n", r.err)
        r = try run(["type", "set", "spa", "--vi", "Spa"], db: db)
        XCTAssertEqual(r.status, 0, r.err)
        r = try run(["import", "establishments", csv], db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(try sqlite3(db, "SELECT COUNT(*) FROM audit WHERE action = 'denied'"), "0", "nothing was refused")
        XCTAssertEqual(try sqlite3(db, "SELECT COUNT(*) FROM audit WHERE action = 'sign_in' AND actor = 'quantri2' AND after LIKE '%os_user%'"), "6",
                       "each command signed in through the mapping")
        r = try run(["restore", path("moi.sqlite")], db: db)
        XCTAssertEqual(r.status, 0, r.err)
    }

    // MARK: The wrong role

    func testAnOfficerSignedInCannotManageAccountsOrSettings() throws {
        let db = try sharedWard()
        let officer = try signedIn("canbo", "mat-khau-canbo")
        let attempts: [(what: String, args: [String], input: String?)] = [
            ("user add", ["user", "add", "kela", "--name", "Kẻ Lạ", "--role", "admin", "--os-user", testOSUser], "mat-khau-ke-la\n"),
            ("user passwd", ["user", "passwd", "quantri"], "mat-khau-moi-1\n"),
            ("setSetting", ["setting", "idle-lock-seconds", "0"], nil),
            ("backup", ["backup", path("lay-ve.sqlite")], nil),
        ]
        for a in attempts {
            let before = try state(db), audit = try auditCount(db)
            let r = try run(a.args, db: db, env: officer, input: a.input)
            // The sign-in itself is kept (one row), then the refusal (one more).
            XCTAssertEqual(r.status, 1, r.err)
            XCTAssertEqual(r.out, "")
            XCTAssertEqual(r.err, "Việc này cần vai trò: Quản trị.\n")
            XCTAssertEqual(try state(db), before, "nothing may change")
            XCTAssertEqual(try auditSince(db, audit), "sign_in|canbo| ; denied|canbo|\(a.what)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("lay-ve.sqlite")))
        // In English too.
        let en = try run(["setting", "idle-lock-seconds", "0", "--lang", "en"], db: db, env: officer)
        XCTAssertEqual(en.err, "This needs the role: Admin.\n")
        XCTAssertEqual(en.status, 1)
    }
}
