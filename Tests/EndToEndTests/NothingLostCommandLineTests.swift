import Foundation
import XCTest

/// Nothing lost, through the installed binary: an import that corrects one field changes that
/// field only and can be taken back; a restore keeps the trail and refuses the wrong file;
/// oversized files are refused before work; a database the user may only read still reads.
final class NothingLostCommandLineTests: XCTestCase {
    var folder: URL!
    var bin: String!

    override func setUpWithError() throws {
        bin = try wardcaseBinary()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-nothing-lost-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    var env: [String: String] { ["PATH": "/usr/bin:/bin", "HOME": folder.path, "XDG_DATA_HOME": folder.path + "/data"] }
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func run(_ args: String..., db: String? = nil) throws -> (status: Int32, out: String, err: String) {
        try runProgram([bin] + args + (db.map { ["--db", $0] } ?? []), environment: env)
    }

    func demo() throws -> String {
        let db = path("demo.sqlite")
        XCTAssertEqual(try run("demo", db: db).status, 0)
        return db
    }

    /// The register as `list --format json` prints it, by licence number (or name).
    func register(_ db: String) throws -> [String: [String: String]] {
        let r = try run("list", "establishments", "--format", "json", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: String]])
        return Dictionary(rows.map { (($0["licence_no"] ?? "").isEmpty ? $0["name"] ?? "" : $0["licence_no"]!, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The clerk's phone correction: only the phone changes, the dry run says so, and the import
    /// can be taken back to the register as it was.
    func testAPhoneCorrectionChangesThePhoneOnlyAndCanBeTakenBack() throws {
        let db = try demo()
        let before = try register(db)
        let (licence, target) = try XCTUnwrap(before.first { !$0.key.isEmpty && !($0.value["street"] ?? "").isEmpty && $0.value["risk_level"] == "Cao" })
        let sheet = path("sua-so-dien-thoai.csv")
        try "Tên cơ sở,Loại hình,Số giấy phép,Điện thoại\n\(target["name"]!),\(target["type"]!),\(licence),0900000000\n"
            .write(toFile: sheet, atomically: true, encoding: .utf8)

        var r = try run("import", "establishments", sheet, "--dry-run", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        let changeLines = r.out.split(separator: "\n").filter { $0.hasPrefix("    ") }
        XCTAssertEqual(changeLines.count, 1, r.out)
        XCTAssertTrue(changeLines.first?.contains("→ 0900000000") ?? false, r.out)
        XCTAssertEqual(try register(db), before, "a dry run writes nothing")

        r = try run("import", "establishments", sheet, db: db)
        XCTAssertEqual(r.status, 0, r.err)
        let number = try XCTUnwrap(r.out.split(separator: "\n").first { $0.contains("wardcase import undo") }?.split(separator: " ").last
            .map { String($0.filter(\.isNumber)) }, r.out)
        var after = try register(db)
        XCTAssertEqual(after[licence]?["owner_phone"], "0900000000")
        after[licence]?["owner_phone"] = target["owner_phone"]
        XCTAssertEqual(after, before, "nothing but the phone changed")

        r = try run("import", "list", db: db)
        XCTAssertTrue(r.out.contains("Số \(number):"), r.out)
        r = try run("import", "undo", number, db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(try register(db), before, "taken back")
        r = try run("import", "undo", number, db: db)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("đã được hoàn tác"), r.err)
    }

    /// Restore of an older backup keeps the rows of the trail written since; another ward's file
    /// is refused unless asked for; a file with a dropped audit trigger is refused by the check.
    func testRestoreKeepsTheTrailAndRefusesTheWrongFile() throws {
        let db = try demo()
        let backup = path("sao-luu.sqlite")
        var r = try run("backup", backup, db: db)
        XCTAssertEqual(r.status, 0, r.err)
        let sheet = path("moi.csv")
        try "Tên cơ sở,Loại hình,Địa chỉ\nKaraoke Sau Sao Lưu,Karaoke,Số 1 phố Mới\n".write(toFile: sheet, atomically: true, encoding: .utf8)
        XCTAssertEqual(try run("import", "establishments", sheet, db: db).status, 0)

        r = try run("restore", backup, db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertNil(try register(db)["Karaoke Sau Sao Lưu"])
        r = try run("audit", "--record", "establishment", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Karaoke Sau Sao Lưu") && r.out.contains("carried_over_at_restore"), r.out)

        // Another ward's file.
        let other = path("khac.sqlite")
        XCTAssertEqual(try run("init", "--ward", "Phường Khác", "--province", "Tỉnh Lạng Sơn", db: other).status, 0)
        r = try run("restore", other, db: db)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("Phường Khác") && r.err.contains("--other-ward"), r.err)

        // A copy whose audit trigger was dropped, so that its trail could be rewritten.
        let sqlite = try XCTUnwrap(["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) })
        let tampered = path("sua-nhat-ky.sqlite")
        try FileManager.default.copyItem(atPath: backup, toPath: tampered)
        XCTAssertEqual(try runProgram([sqlite, tampered, "DROP TRIGGER audit_no_update"]).status, 0)
        r = try run("restore", tampered, db: db)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("kiểm tra"), r.err)
        XCTAssertEqual(try run("check", db: db).status, 0)
    }

    /// A 200 MB CSV and a small ZIP that would unpack to gigabytes are refused quickly, in a sentence.
    func testOversizedFilesAreRefusedBeforeWork() throws {
        let db = try demo()
        let big = path("lon.csv")
        XCTAssertTrue(FileManager.default.createFile(atPath: big, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try handle.truncate(atOffset: 200 << 20)
        try handle.close()
        var started = Date()
        var r = try run("import", "establishments", big, db: db)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("100 MB"), r.err)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)

        // A ZIP bomb: a directory that declares parts far larger than any workbook.
        let bomb = path("bom.xlsx")
        try Self.zipDeclaring(parts: 8, size: 200 << 20).write(to: URL(fileURLWithPath: bomb))
        started = Date()
        r = try run("import", "establishments", bomb, db: db)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("bom.xlsx"), r.err)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
    }

    /// A ZIP file whose central directory lists `parts` stored parts of `size` bytes each (their
    /// bytes are not there: the reader must refuse on the declared sizes alone).
    static func zipDeclaring(parts: Int, size: Int) -> Data {
        var out = Data()
        func u16(_ v: Int) { out.append(contentsOf: [UInt8(v & 255), UInt8(v >> 8 & 255)]) }
        func u32(_ v: Int) { u16(v & 0xFFFF); u16(v >> 16 & 0xFFFF) }
        var directory: [(String, Int)] = []
        for i in 0..<parts {
            let name = "xl/worksheets/sheet\(i + 1).xml"
            directory.append((name, out.count))
            u32(0x0403_4B50); u16(20); u16(0); u16(8); u16(0); u16(0); u32(0); u32(16); u32(size); u16(name.utf8.count); u16(0)
            out.append(Data(name.utf8))
            out.append(Data(repeating: 0, count: 16))
        }
        let start = out.count
        for (name, offset) in directory {
            u32(0x0201_4B50); u16(20); u16(20); u16(0); u16(8); u16(0); u16(0); u32(0); u32(16); u32(size)
            u16(name.utf8.count); u16(0); u16(0); u16(0); u16(0); u32(0); u32(offset)
            out.append(Data(name.utf8))
        }
        let dirSize = out.count - start
        u32(0x0605_4B50); u16(0); u16(0); u16(parts); u16(parts); u32(dirSize); u32(start); u16(0)
        return out
    }

    /// A copy the user may only read (as another system user, since root reads and writes anything):
    /// list and check work, saving says why not.
    func testADatabaseTheUserCanOnlyReadStillReads() throws {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            throw XCTSkip("needs root and setpriv to act as another user")
        }
        let db = try demo()
        let roles = ["admin", "officer", "clerk"].flatMap { ["--role", $0] }
        XCTAssertEqual(try runProgram([bin, "user", "add", "khach", "--name", "Khách"] + roles + ["--os-user", "nobody", "--db", db],
                                      environment: env, input: "matkhau123\nmatkhau123\n").status, 0)
        // The copy a user is handed: a backup (one file), readable by all, writable by none but root.
        let copy = path("ban-sao.sqlite")
        XCTAssertEqual(try run("backup", copy, db: db).status, 0)
        XCTAssertEqual(chmod(copy, 0o444), 0)
        XCTAssertEqual(chmod(folder.path, 0o755), 0)
        func asNobody(_ args: String...) throws -> (status: Int32, out: String, err: String) {
            try runProgram(["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", bin] + args + ["--db", copy],
                           environment: ["PATH": "/usr/bin:/bin", "HOME": folder.path, "XDG_DATA_HOME": folder.path])
        }
        var r = try asNobody("list", "establishments")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Tên cơ sở"), r.out)
        r = try asNobody("check")
        XCTAssertEqual(r.status, 0, r.out + r.err)
        r = try asNobody("report", "list")
        XCTAssertEqual(r.status, 0, r.err)
        r = try asNobody("report", "draft", "--period", "2026-01")
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.err.contains("chỉ cho phép đọc"), r.err)
    }
}
