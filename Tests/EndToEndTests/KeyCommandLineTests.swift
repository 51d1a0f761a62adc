import Foundation
import XCTest

/// `wardcase key passphrase | recovery | recover | rotate` and `check` on moved seals, through the
/// installed binary, on the demo ward (whose every-role account the OS user is mapped to).
final class KeyCommandLineTests: XCTestCase {
    var folder: URL!
    var bin: String!

    override func setUpWithError() throws {
        bin = try wardcaseBinary()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A passphrase in a file only its owner reads, as a script keeps it.
    func secret(_ name: String, _ text: String) -> String {
        FileManager.default.createFile(atPath: path(name), contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        return path(name)
    }

    func run(_ args: [String], current: String? = nil, new: String? = nil, input: String? = nil) throws -> (status: Int32, out: String, err: String) {
        var env = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "XDG_DATA_HOME": folder.path + "/data"]
        env["WARDCASE_PASSPHRASE_FILE"] = current
        env["WARDCASE_NEW_PASSPHRASE_FILE"] = new
        return try runProgram([bin] + args + ["--db", path("demo.sqlite")], environment: env, input: input)
    }

    func testPassphraseRecoveryAndRotationFromTheShell() throws {
        XCTAssertEqual(try runProgram([bin, "demo", "--db", path("demo.sqlite")], environment: ["HOME": folder.path]).status, 0)
        let shared = secret("shared", "demo-hotro-2026"), mine = secret("mine", "mật khẩu riêng của tôi"), wrong = secret("wrong", "không phải mật khẩu")

        // The demo's shared passphrase opens; the account becomes a holder and changes it to its own.
        var r = try run(["key", "passphrase"], current: shared, new: mine)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Đã đổi mật khẩu"), r.out)
        r = try run(["key", "recovery"], current: wrong)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err)
        r = try run(["key", "recovery", "--lang", "en"], current: mine)
        XCTAssertEqual(r.status, 0, r.err)
        let code = try XCTUnwrap(r.out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.count == 47 && $0.split(separator: "-").count == 8 }, r.out)

        // Forgotten: the recovery key (read from standard input) opens and sets a new passphrase.
        let third = secret("third", "mật khẩu thứ ba sau khôi phục")
        r = try run(["key", "recover"], new: third, input: "AAAAA-" + code.dropFirst(6) + "\n")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("Khoá khôi phục không đúng"), r.err)
        r = try run(["key", "recover"], new: third, input: code.lowercased() + "\n")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(try run(["key", "recovery"], current: mine).status, 1, "the old passphrase opens nothing")

        // The installed program hashes passwords and seals passphrases at N=2^17, r=8, p=1.
        let sqlite = try XCTUnwrap(["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) })
        let kdf = try runProgram([sqlite, path("demo.sqlite"), "SELECT substr(password_hash, 1, 16) FROM account LIMIT 1; SELECT kdf FROM key_holder"]).out
        XCTAssertEqual(kdf, "scrypt$131072$8$\nscrypt-131072-8-1\n")

        // Rotation: the new passphrase opens the new key; check finds nothing wrong.
        r = try run(["key", "rotate"], current: third)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("khoá mới"), r.out)
        r = try run(["check"])
        XCTAssertEqual(r.status, 0, r.out + r.err)

        // Two people's identities swapped with the sqlite3 shell: check names both cases.
        let ids = try runProgram([sqlite, path("demo.sqlite"), "SELECT id FROM support_case WHERE identity IS NOT NULL ORDER BY id LIMIT 2"])
            .out.split(separator: "\n").map(String.init)
        XCTAssertEqual(ids.count, 2)
        let swap = """
            CREATE TEMP TABLE s AS SELECT id, identity FROM support_case WHERE id IN (\(ids[0]), \(ids[1]));
            UPDATE support_case SET identity = (SELECT identity FROM s WHERE s.id <> support_case.id) WHERE id IN (\(ids[0]), \(ids[1]));
            """
        XCTAssertEqual(try runProgram([sqlite, path("demo.sqlite"), swap]).status, 0)
        r = try run(["check", "--lang", "en"])
        XCTAssertNotEqual(r.status, 0)
        let said = r.out + r.err
        XCTAssertTrue(said.contains("support_case.identity #\(ids[0])") && said.contains("support_case.identity #\(ids[1])"), said)
    }
}
