import Foundation
import XCTest

// What the shell tests need to sign in: every command that opens a ward's database asks for an
// account, as a ward's own machine would give it (the system user mapped to an account), or
// through --user with a password file, as cron does.

/// The operating-system user running the tests (the one wardcase maps to an account).
var testOSUser: String {
    if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
    return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
}

/// The sqlite3 shell, to look at a database from outside wardcase (install.sh --test installs it).
func sqlite3Path() throws -> String {
    try XCTUnwrap(["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) },
                  "sqlite3 is needed to look at the database from outside wardcase")
}

/// One value read with the sqlite3 shell, e.g. `SELECT COUNT(*) FROM account`.
func sqlite3(_ db: String, _ sql: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
    let r = try runProgram([try sqlite3Path(), db, sql])
    XCTAssertEqual(r.status, 0, r.err, file: file, line: line)
    return r.out.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// The password of the account `mapTestUser` makes.
let testAdminPassword = "mat-khau-kiem-thu"

/// Gives a ward made with `init` its first account, an admin holding every role, mapped to the
/// system user running the tests: from then on its shell commands sign in as it.
func mapTestUser(_ bin: String, db: String, env: [String: String], file: StaticString = #filePath, line: UInt = #line) throws {
    let roles = ["admin", "team-leader", "officer", "case-worker", "clerk", "leadership"].flatMap { ["--role", $0] }
    let r = try runProgram([bin, "user", "add", "kiemthu", "--name", "Người kiểm thử"] + roles + ["--os-user", testOSUser, "--db", db],
                           environment: env, input: testAdminPassword + "\n")
    XCTAssertEqual(r.status, 0, r.err, file: file, line: line)
}

/// A password file as cron would use it: the password on its first line, with the given mode.
func passwordFile(in folder: URL, _ password: String, mode: Int = 0o600) throws -> String {
    let path = folder.appendingPathComponent("pass-\(UUID().uuidString.prefix(8))").path
    XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data((password + "\n").utf8)))
    XCTAssertEqual(chmod(path, mode_t(mode)), 0)
    return path
}
