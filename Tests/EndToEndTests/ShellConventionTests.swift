import Foundation
import XCTest

/// What scripts and shells rely on: --version, the exit statuses (0 done, 1 user error, 2 usage error,
/// 3 data problem), completion scripts and, once installed, the manual page.
final class ShellConventionTests: XCTestCase {
    var folder: URL!
    var bin: String!

    override func setUpWithError() throws {
        bin = try wardcaseBinary()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    var env: [String: String] { ["PATH": "/usr/bin:/bin", "HOME": folder.path, "XDG_DATA_HOME": folder.path + "/data"] }

    func run(_ args: String...) throws -> (status: Int32, out: String, err: String) {
        try runProgram([bin] + args, environment: env)
    }

    /// A new ward whose admin is the system user running the tests.
    func ward(_ name: String = "w.sqlite") throws -> String {
        let db = folder.appendingPathComponent(name).path
        let r = try run("init", "--db", db, "--ward", "Phường Láng", "--province", "Hà Nội")
        XCTAssertEqual(r.status, 0, r.err)
        try mapTestUser(bin, db: db, env: env)
        return db
    }

    /// One line on standard error, nothing on standard output.
    func assertOneLine(_ r: (status: Int32, out: String, err: String), status: Int32,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, status, r.err, file: file, line: line)
        XCTAssertEqual(r.out, "", file: file, line: line)
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err, file: file, line: line)
    }

    /// Long work draws a one-line bar on stderr when stderr is a terminal, and writes nothing
    /// extra in a pipe (cron, scripts). The bar is wiped when the work ends.
    func testProgressOnATerminalOnlyNeverInAPipe() throws {
        let db = try ward()
        let csv = folder.appendingPathComponent("big.csv")
        let rows = (0..<400).map { "Karaoke Số \($0);karaoke;\($0) Phố Huế" }
        try ("Tên cơ sở;Loại hình;Địa chỉ\n" + rows.joined(separator: "\n")).write(to: csv, atomically: true, encoding: .utf8)
        var e = env
        e["WARDCASE_PROGRESS_DELAY"] = "0"   // show it at once, however quick this machine is

        let piped = try runProgram([bin, "backup", "--db", db, folder.appendingPathComponent("b1.sqlite").path], environment: e)
        XCTAssertEqual(piped.status, 0, piped.err)
        XCTAssertEqual(piped.err, "", "nothing on stderr in a pipe")
        let imported = try runProgram([bin, "import", "establishments", csv.path, "--db", db], environment: e)
        XCTAssertEqual(imported.status, 0, imported.err)
        XCTAssertEqual(imported.err, "")
        XCTAssertFalse(imported.out.contains("█") || imported.out.contains("\r"), imported.out)

        // `script` gives the command a terminal; its stdout goes to a file so only stderr reaches the terminal.
        let out = folder.appendingPathComponent("out.txt").path
        let command = "'\(bin!)' check --db '\(db)' > '\(out)'"
        let tty = try runProgram(["script", "-qec", command, "/dev/null"], environment: e)
        XCTAssertEqual(tty.status, 0, tty.err)
        XCTAssertTrue(tty.out.contains("Đang kiểm tra dữ liệu"), tty.out)
        XCTAssertTrue(tty.out.contains("░") || tty.out.contains("█"), tty.out)
        XCTAssertTrue(tty.out.contains("\r\u{1B}[2K"), "drawn in place and wiped at the end: \(tty.out)")
        let said = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(said.hasPrefix("Không thấy lỗi nào"), "stdout has the answer alone: \(said)")
    }

    func testVersion() throws {
        let r = try run("--version")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertNotNil(r.out.range(of: #"^wardcase \d+\.\d+\.\d+\n$"#, options: .regularExpression), r.out)
        // `report show --version N` is still the report's version, not the program's.
        let db = try ward()
        let show = try run("report", "show", "--period", "2020-01", "--version", "1", "--db", db)
        XCTAssertEqual(show.status, 1, show.err)
        XCTAssertFalse(show.out.contains("wardcase "), show.out)
    }

    func testUsageErrorsExitTwo() throws {
        var r = try run("list", "establishments", "--no-such-option")
        assertOneLine(r, status: 2)
        XCTAssertTrue(r.err.contains("--no-such-option"), r.err)
        r = try run("init", "--db", folder.appendingPathComponent("x.sqlite").path)
        assertOneLine(r, status: 2)
        XCTAssertTrue(r.err.contains("--ward"), r.err)
        r = try run("no-such-command")
        XCTAssertEqual(r.status, 2, r.err)
        // Help is not an error.
        XCTAssertEqual(try run("--help").status, 0)
        XCTAssertEqual(try run("help", "list").status, 0)
    }

    /// `--help` speaks the user's language like the rest of the shell: Vietnamese by default,
    /// English with --lang en or WARDCASE_LANG=en, ArgumentParser's own headings included.
    func testHelpIsInTheUsersLanguage() throws {
        let vi = try run("group", "--help").out
        for text in ["CÁCH DÙNG: wardcase group", "LỆNH CON:", "Liệt kê, thêm hoặc đổi tên tổ dân phố.", "Hiện hướng dẫn này.",
                     "Xem 'wardcase help group <subcommand>' để có hướng dẫn chi tiết."] {
            XCTAssertTrue(vi.contains(text), "\(text) not in:\n\(vi)")
        }
        XCTAssertFalse(vi.contains("USAGE:") || vi.contains("List, add or rename"), vi)
        let en = try run("group", "--help", "--lang", "en").out
        XCTAssertTrue(en.contains("USAGE: wardcase group") && en.contains("List, add or rename residential groups."), en)
        var english = env
        english["WARDCASE_LANG"] = "en"
        let fromEnv = try runProgram([bin, "list", "visits", "--help"], environment: english).out
        XCTAssertTrue(fromEnv.contains("OPTIONS:") && fromEnv.contains("(default: "), fromEnv)
        XCTAssertTrue(try run("list", "visits", "--help").out.contains("TÙY CHỌN:"))
    }

    func testUserErrorsExitOne() throws {
        let db = try ward()
        assertOneLine(try run("list", "tips", "--status", "nonsense", "--db", db), status: 1)
        // Naming a backup that is not there is a slip, not a data problem.
        assertOneLine(try run("restore", folder.appendingPathComponent("none.sqlite").path, "--db", db), status: 1)
        assertOneLine(try run("user", "passwd", "nobody", "--db", db), status: 1)
        assertOneLine(try run("--lang", "fr"), status: 1)
    }

    func testDataProblemsExitThree() throws {
        // A database from a newer wardcase: refused, untouched.
        let db = try ward()
        let sqlite = try XCTUnwrap(["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }, "sqlite3 is needed to make a newer database")
        let s = try runProgram([sqlite, db, "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')"])
        XCTAssertEqual(s.status, 0, s.err)
        var r = try run("list", "establishments", "--db", db, "--lang", "en")
        assertOneLine(r, status: 3)
        XCTAssertTrue(r.err.contains("newer"), r.err)

        // Not a database at all.
        let junk = folder.appendingPathComponent("junk.sqlite")
        try Data(repeating: 0x13, count: 4096).write(to: junk)
        assertOneLine(try run("check", "--db", junk.path), status: 3)
        // An existing file that is not a usable backup.
        let other = try ward("other.sqlite")
        r = try run("restore", junk.path, "--db", other)
        assertOneLine(r, status: 3)
    }

    func testCompletionScripts() throws {
        let bash = try run("--generate-completion-script", "bash")
        XCTAssertEqual(bash.status, 0, bash.err)
        XCTAssertTrue(bash.out.contains("complete") && bash.out.contains("wardcase"), bash.out)
        XCTAssertTrue(bash.out.contains("restore") && bash.out.contains("report"), bash.out)
        let zsh = try run("--generate-completion-script", "zsh")
        XCTAssertEqual(zsh.status, 0, zsh.err)
        XCTAssertTrue(zsh.out.hasPrefix("#compdef wardcase"), String(zsh.out.prefix(200)))

        // Installed next to the binary by install.sh.
        let share = URL(fileURLWithPath: bin).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share")
        let installed = share.appendingPathComponent("bash-completion/completions/wardcase")
        guard FileManager.default.fileExists(atPath: installed.path) else { return }
        XCTAssertEqual(try String(contentsOf: installed, encoding: .utf8), bash.out)
        XCTAssertEqual(try String(contentsOf: share.appendingPathComponent("zsh/site-functions/_wardcase"), encoding: .utf8), zsh.out)
    }

    func testInstalledManualPage() throws {
        let page = URL(fileURLWithPath: bin).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/man/man1/wardcase.1")
        guard FileManager.default.fileExists(atPath: page.path) else {
            throw XCTSkip("no manual page next to \(bin!) (installed by install.sh only)")
        }
        let text = try String(contentsOf: page, encoding: .utf8)
        XCTAssertTrue(text.contains("EXIT STATUS"), text)
        for code in ["0", "1", "2", "3"] { XCTAssertTrue(text.contains(".It \(code)\n"), "exit status \(code) not listed") }
        XCTAssertTrue(text.contains("TIẾNG VIỆT"), "the Vietnamese summary is missing")
        let help = try run("--help").out
        let subcommands = help.components(separatedBy: "LỆNH CON:").last ?? ""
        let names = subcommands.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            return line.hasPrefix("  ") && !line.hasPrefix("   ") ? words.first.map(String.init) : nil
        }
        XCTAssertGreaterThan(names.count, 5, help)
        for name in names where name != "See" { XCTAssertTrue(text.contains(name), "\(name) not in the manual page") }
    }
}
