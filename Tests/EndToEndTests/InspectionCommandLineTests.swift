import Foundation
import XCTest

/// `wardcase list visits | tips | hotspots` through the installed binary.
final class InspectionCommandLineTests: XCTestCase {
    var folder: URL!
    var bin: String!

    override func setUpWithError() throws {
        bin = try wardcaseBinary()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-lists-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    var env: [String: String] { ["PATH": "/usr/bin:/bin", "HOME": folder.path, "XDG_DATA_HOME": folder.path + "/data"] }

    func run(_ args: String..., db: String) throws -> (status: Int32, out: String, err: String) {
        try runProgram([bin] + args + ["--db", db], environment: env)
    }

    func demo() throws -> String {
        let db = folder.appendingPathComponent("demo.sqlite").path
        XCTAssertEqual(try runProgram([bin, "demo", "--db", db], environment: env).status, 0)
        return db
    }

    /// A ward made with `init`, with a few records typed in through sqlite3 (the shell has no
    /// command to log visits): a hotspot, two visits to it and a tip-off from a named reporter.
    func wardWithRecords() throws -> String {
        let sqlite = try XCTUnwrap(["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }, "sqlite3 is needed to type records in")
        let db = folder.appendingPathComponent("ward.sqlite").path
        let r = try runProgram([bin, "init", "--db", db, "--ward", "Phường Láng Hạ", "--province", "Hà Nội"], environment: env)
        XCTAssertEqual(r.status, 0, r.err)
        try mapTestUser(bin, db: db, env: env)
        let sql = """
            INSERT INTO hotspot (id, name, address, residential_group, found_date, status, status_date)
                VALUES (1, 'Khu vực ven hồ Láng', 'Đường ven hồ Láng', 'Tổ 2', '2026-09-01', 'active', '2026-09-01');
            INSERT INTO hotspot (id, name, address, residential_group, found_date, status, status_date)
                VALUES (2, 'Ngõ 12 phố Pháo Đài Láng', '', 'Tổ 7', '2025-03-01', 'eliminated', '2025-06-30');
            INSERT INTO visit (id, hotspot_id, visit_date, visit_time, kind, status, team, author_id, author_name)
                VALUES (1, 1, '2026-10-05', '21:30', 'unannounced', 'draft', 'Đội 178 phường', 5, 'lan');
            INSERT INTO visit (id, hotspot_id, visit_date, visit_time, kind, status, team, author_id, author_name, remedy_deadline)
                VALUES (2, 1, '2026-11-20', '08:30', 'follow_up', 'submitted', 'Đội 178 phường', 5, 'lan', '2026-11-21');
            INSERT INTO violation (visit_id, description, handling, fine) VALUES (2, 'Không có sổ theo dõi', 'fine', 2000000);
            INSERT INTO tip (received_date, kind, channel, reporter, content, hotspot_id, verify_due, classify_due, handle_due, author_name)
                VALUES ('2026-10-01', 'denunciation', 'hotline', 'Phạm Người Báo', 'Nghi có môi giới mại dâm', 1,
                        '2026-10-04', '2026-10-08', '2026-10-31', 'lan');
            """
        let s = try runProgram([sqlite, db, sql], environment: env)
        XCTAssertEqual(s.status, 0, s.err)
        return db
    }

    func json(_ text: String) throws -> [[String: Any]] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], text)
    }

    /// One sentence on standard error, nothing on standard output, a non-zero status, no trace.
    func assertOneSentence(_ r: (status: Int32, out: String, err: String), contains parts: [String],
                           file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotEqual(r.status, 0, file: file, line: line)
        XCTAssertEqual(r.out, "", file: file, line: line)
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err, file: file, line: line)
        for bad in ["Fatal", "fatal", "Error:", "Usage:", "Stack", "0x"] {
            XCTAssertFalse(r.err.contains(bad), r.err, file: file, line: line)
        }
        for p in parts { XCTAssertTrue(r.err.contains(p), "“\(p)” not in: \(r.err)", file: file, line: line) }
    }

    func testListsOnAFreshDemoWardAreValidJSONCSVAndTables() throws {
        let db = try demo()
        var r = try run("list", "visits", "--format", "json", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        let visits = try json(r.out)
        if let first = visits.first {
            for key in ["date", "place", "status", "status_code", "violations", "total_fine"] { XCTAssertNotNil(first[key], key) }
        }
        r = try run("list", "hotspots", "--format", "csv", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        // The text read back may lose the byte-order mark, so its bytes are checked apart.
        XCTAssertTrue(r.out.replacingOccurrences(of: "\u{FEFF}", with: "")
            .hasPrefix("Tên điểm / tụ điểm,Địa chỉ,Tổ dân phố,Ngày phát hiện,Trạng thái,"), r.out)
        let bom = try runProgram(["/bin/sh", "-c", "\"$0\" list hotspots --format csv --db \"$1\" | head -c 3 | od -An -tx1", bin, db],
                                 environment: env)
        XCTAssertEqual(bom.out.trimmingCharacters(in: .whitespacesAndNewlines), "ef bb bf")
        // The standing team, with each member's visits; the case list with its target groups.
        r = try run("list", "team", "--format", "csv", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Họ và tên,Cơ quan, đơn vị") || r.out.contains("\"Cơ quan, đơn vị\""), r.out)
        XCTAssertTrue(r.out.contains("Trần Quốc Hưng,Công an phường,Đội trưởng"), r.out)
        r = try run("list", "cases", "--group", "minor", "--format", "json", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(try json(r.out).allSatisfy { ($0["target_group_codes"] as? String)?.contains("minor") ?? false }, r.out)
        r = try run("list", "activities", "--format", "json", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        let activities = try json(r.out)
        XCTAssertTrue(activities.contains { ($0["channel_code"] as? String) == "loudspeaker" }, r.out)
        XCTAssertTrue(activities.contains { ($0["trainees"] as? String)?.contains("Công an phường: ") ?? false }, r.out)
        r = try run("list", "tips", "--lang", "en", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        let lines = r.out.split(separator: "\n")
        XCTAssertTrue(lines.first?.hasPrefix("Date       Kind         Content") ?? false, r.out)
        XCTAssertTrue(lines.last?.hasSuffix("tip-offs") ?? false, r.out)
    }

    func testFiltersAndTablesOnRealRecords() throws {
        let db = try wardWithRecords()
        // Table: header, aligned rows (newest first), a count.
        var r = try run("list", "visits", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, """
            Ngày       Giờ   Cơ sở / địa điểm           Tổ DP    Hình thức     Trạng thái Vi phạm   Tiền phạt Hạn        Quá hạn
            20/11/2026 08:30 Khu vực ven hồ Láng        Tổ 2     Hậu kiểm tra  Chờ duyệt        1   2.000.000 21/11/2026 Quá hạn
            05/10/2026 21:30 Khu vực ven hồ Láng        Tổ 2     Đột xuất      Bản nháp         0
            2 lần kiểm tra

            """)
        // Both date forms, periods, and the choices.
        func count(_ args: String...) throws -> Int {
            let r = try runProgram([bin, "list", "visits", "--db", db, "--format", "json"] + args, environment: env)
            XCTAssertEqual(r.status, 0, r.err)
            return try json(r.out).count
        }
        XCTAssertEqual(try count("--period", "2026-10"), 1)
        XCTAssertEqual(try count("--period", "10/2026"), 1)
        XCTAssertEqual(try count("--period", "2026-Q4"), 2)
        XCTAssertEqual(try count("--period", "2025"), 0)
        XCTAssertEqual(try count("--from", "01/11/2026"), 1)
        XCTAssertEqual(try count("--from", "2026-10-05", "--to", "2026-10-05"), 1)
        XCTAssertEqual(try count("--status", "submitted"), 1)
        XCTAssertEqual(try count("--kind", "follow-up"), 1)
        XCTAssertEqual(try count("--kind", "FOLLOW_UP"), 1)
        XCTAssertEqual(try count("--filter", "ven ho lang"), 2, "accents optional for hotspots too")
        XCTAssertEqual(try count("--view", "awaiting-approval"), 1)
        XCTAssertEqual(try count("--view", "planned"), 0)
        XCTAssertEqual(try count("--view", "remedy-passed"), 1)

        r = try run("list", "visits", "--format", "json", "--status", "submitted", db: db)
        let visit = try XCTUnwrap(try json(r.out).first)
        XCTAssertEqual(visit["total_fine"] as? Int, 2_000_000)
        XCTAssertEqual(visit["date"] as? String, "20/11/2026")
        XCTAssertEqual(visit["kind"] as? String, "Hậu kiểm tra")

        // Hotspots: re-formed and active first; status filter; accents optional.
        r = try run("list", "hotspots", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, r.out)
        XCTAssertEqual(lines[1], "Khu vực ven hồ Láng        Đường ven hồ Láng        Tổ 2     Đang hoạt động  01/09/2026      2 20/11/2026")
        XCTAssertEqual(lines[2], "Ngõ 12 phố Pháo Đài Láng                            Tổ 7     Đã triệt xóa    30/06/2025      0")
        XCTAssertEqual(lines[3], "2 điểm, tụ điểm")
        r = try run("list", "hotspots", "--status", "eliminated", "--format", "json", db: db)
        XCTAssertEqual(try json(r.out).map { $0["name"] as? String }, ["Ngõ 12 phố Pháo Đài Láng"])
        r = try run("list", "hotspots", "--filter", "phao dai", "--format", "csv", db: db)
        XCTAssertEqual(r.out.split(whereSeparator: \.isNewline).count, 2, r.out)   // CSV lines end in CRLF

        // Tips: the reporter never appears, whatever the format.
        for format in ["table", "csv", "json"] {
            r = try run("list", "tips", "--format", format, db: db)
            XCTAssertEqual(r.status, 0, r.err)
            XCTAssertTrue(r.out.contains("Nghi có môi giới mại dâm"), r.out)
            XCTAssertFalse(r.out.contains("Phạm Người Báo"), r.out)
        }
        r = try run("list", "tips", "--status", "handled", "--format", "json", db: db)
        XCTAssertEqual(try json(r.out).count, 0)
        r = try run("list", "tips", "--status", "open", "--kind", "denunciation", "--period", "2026-10", "--format", "json", db: db)
        XCTAssertEqual(try json(r.out).count, 1)
    }

    func testBadValuesAreOneClearSentence() throws {
        let db = try demo()
        assertOneSentence(try run("list", "tips", "--status", "nonsense", db: db), contains: ["--status", "nonsense", "open, overdue, handled"])
        assertOneSentence(try run("list", "visits", "--period", "2026-13", db: db), contains: ["--period", "2026-13"])
        assertOneSentence(try run("list", "visits", "--period", "2026-10", "--from", "01/10/2026", db: db), contains: ["--period", "--from"])
        assertOneSentence(try run("list", "visits", "--from", "31/02/2026", db: db), contains: ["--from", "31/02/2026"])
        assertOneSentence(try run("list", "visits", "--to", "45000", db: db), contains: ["--to", "45000"])
        assertOneSentence(try run("list", "visits", "--from", "2026-12-01", "--to", "2026-11-01", db: db), contains: ["Ngày kết thúc"])
        assertOneSentence(try run("list", "visits", "--view", "mine", db: db), contains: ["--view", "awaiting-approval"])
        assertOneSentence(try run("list", "visits", "--kind", "surprise", db: db), contains: ["--kind", "planned, unannounced, follow-up"])
        assertOneSentence(try run("list", "hotspots", "--status", "closed", db: db), contains: ["active, eliminated, reformed"])
        assertOneSentence(try run("list", "hotspots", "--format", "pdf", db: db), contains: ["--format", "table, csv, json"])
        let en = try run("list", "visits", "--status", "done", "--lang", "en", db: db)
        assertOneSentence(en, contains: ["--status: there is no value “done”; use one of: planned, draft, submitted, approved, returned."])

        // --help names the valid values.
        let help = try run("list", "visits", "--help", db: db)
        XCTAssertEqual(help.status, 0)
        for value in ["awaiting-approval", "follow-ups-overdue", "remedy-passed", "follow-up", "returned", "2026-10", "yyyy-mm-dd"] {
            XCTAssertTrue(help.out.contains(value), "\(value) not in help:\n\(help.out)")
        }
    }
}
