import Foundation
import XCTest

/// `wardcase list cases | referrals` and `wardcase provider list | set` through the installed binary.
final class SupportCommandLineTests: XCTestCase {
    var folder: URL!
    var bin: String!

    override func setUpWithError() throws {
        bin = try wardcaseBinary()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-support-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    var env: [String: String] { ["PATH": "/usr/bin:/bin", "HOME": folder.path, "XDG_DATA_HOME": folder.path + "/data"] }

    let personName = "Nguyễn Thị Hồng Nhung"
    let phone = "0912345678"

    func run(_ args: String..., db: String) throws -> (status: Int32, out: String, err: String) {
        try runProgram([bin] + args + ["--db", db], environment: env)
    }

    /// A ward made with `init`, a provider added with `provider set`, and two cases with three
    /// referrals typed in through sqlite3. The first case's identity column holds the name and
    /// phone as bytes: whatever is in it, the lists must never print it.
    func wardWithCases() throws -> String {
        let sqlite = try XCTUnwrap(["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }, "sqlite3 is needed to type records in")
        let db = folder.appendingPathComponent("ward.sqlite").path
        var r = try runProgram([bin, "init", "--db", db, "--ward", "Phường Láng Hạ", "--province", "Hà Nội"], environment: env)
        XCTAssertEqual(r.status, 0, r.err)
        try mapTestUser(bin, db: db, env: env)
        r = try run("provider", "set", "Trung tâm Y tế quận Đống Đa", "--services", "health,hiv-sti", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        let sql = """
            INSERT INTO support_case (id, code, sex, age_group, residence, source, first_contact, status, status_date, identity, notes, author_name)
                VALUES (1, 'HT-2025-0007', 'female', '25_34', 'migrant', 'outreach', '2025-03-10', 'open', '2025-03-10',
                        CAST('\(personName) \(phone)' AS BLOB), CAST('ghi chú riêng' AS BLOB), 'mai');
            INSERT INTO support_case (id, code, sex, age_group, residence, source, first_contact, status, status_date, close_reason, author_name)
                VALUES (2, 'HT-2024-0003', 'unknown', 'unknown', 'local', 'self', '2024-06-01', 'closed', '2024-12-01', 'moved', 'mai');
            INSERT INTO referral (id, case_id, service, provider_id, status, proposed_date, referred_date, follow_up, outcome, referred_by)
                VALUES (1, 1, 'hiv_sti', 1, 'referred', '2025-03-12', '2025-03-15', '2025-04-01', CAST('kết quả riêng' AS BLOB), 'mai');
            INSERT INTO referral (id, case_id, service, provider_id, status, proposed_date, follow_up, referred_by)
                VALUES (2, 1, 'vocational', NULL, 'proposed', '2025-03-20', '2099-01-01', 'mai');
            INSERT INTO referral (id, case_id, service, provider_id, status, proposed_date, used_date, referred_by)
                VALUES (3, 2, 'health', 1, 'used', '2024-06-05', '2024-07-01', 'mai');
            """
        let s = try runProgram([sqlite, db, sql], environment: env)
        XCTAssertEqual(s.status, 0, s.err)
        return db
    }

    func json(_ text: String) throws -> [[String: Any]] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], text)
    }

    func assertNothingPersonal(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        for secret in [personName, phone, "ghi chú riêng", "kết quả riêng"] {
            XCTAssertFalse(text.contains(secret), "“\(secret)” printed:\n\(text)", file: file, line: line)
        }
    }

    /// One sentence on standard error, nothing on standard output, exit status 1.
    func assertOneSentence(_ r: (status: Int32, out: String, err: String), contains parts: [String],
                           file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 1, file: file, line: line)
        XCTAssertEqual(r.out, "", file: file, line: line)
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err, file: file, line: line)
        for bad in ["Fatal", "fatal", "Error:", "Usage:", "Stack", "0x"] {
            XCTAssertFalse(r.err.contains(bad), r.err, file: file, line: line)
        }
        for p in parts { XCTAssertTrue(r.err.contains(p), "“\(p)” not in: \(r.err)", file: file, line: line) }
    }

    func testCaseListsHaveCodesAndFactsOnly() throws {
        let db = try wardWithCases()
        var r = try run("list", "cases", "--format", "json", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        let cases = try json(r.out)
        XCTAssertEqual(cases.map { $0["code"] as? String }, ["HT-2025-0007", "HT-2024-0003"], "open first")
        XCTAssertEqual(cases[0]["referrals"] as? Int, 2)
        XCTAssertEqual(cases[0]["first_contact"] as? String, "10/03/2025")
        XCTAssertEqual(cases[0]["next_follow_up"] as? String, "01/04/2025")
        XCTAssertEqual(cases[1]["close_reason_code"] as? String, "moved")
        for c in cases {
            for key in c.keys { XCTAssertFalse(["identity", "notes", "name", "phone", "full_name"].contains(key), key) }
        }
        assertNothingPersonal(r.out)

        for format in ["table", "csv"] {
            r = try run("list", "cases", "--format", format, db: db)
            XCTAssertEqual(r.status, 0, r.err)
            XCTAssertTrue(r.out.contains("HT-2025-0007"), r.out)
            assertNothingPersonal(r.out)
        }
        r = try run("list", "cases", "--lang", "en", db: db)
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, r.out)
        XCTAssertTrue(lines[0].hasPrefix("Case code    Sex"), r.out)
        XCTAssertTrue(lines[1].hasPrefix("HT-2025-0007 Female"), r.out)
        XCTAssertEqual(lines[3], "2 cases")

        func codes(_ args: String...) throws -> [String] {
            let r = try runProgram([bin, "list", "cases", "--db", db, "--format", "json"] + args, environment: env)
            XCTAssertEqual(r.status, 0, r.err)
            return try json(r.out).compactMap { $0["code"] as? String }
        }
        XCTAssertEqual(try codes("--status", "closed"), ["HT-2024-0003"])
        XCTAssertEqual(try codes("--status", "on-hold"), [])
        XCTAssertEqual(try codes("--status", "ON_HOLD"), [])
        XCTAssertEqual(try codes("--period", "2025"), ["HT-2025-0007"])
        XCTAssertEqual(try codes("--from", "01/01/2024", "--to", "2024-12-31"), ["HT-2024-0003"])
        XCTAssertEqual(try codes("--period", "2025-Q2"), [])
    }

    func testReferralListsAndViews() throws {
        let db = try wardWithCases()
        var r = try run("list", "referrals", "--view", "overdue", "--format", "json", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        let overdue = try json(r.out)
        XCTAssertEqual(overdue.count, 1, r.out)
        XCTAssertEqual(overdue.first?["case_code"] as? String, "HT-2025-0007")
        XCTAssertEqual(overdue.first?["service_code"] as? String, "hiv_sti")
        XCTAssertEqual(overdue.first?["provider"] as? String, "Trung tâm Y tế quận Đống Đa")
        XCTAssertEqual(overdue.first?["overdue"] as? String, "Có")
        XCTAssertEqual(overdue.first?["follow_up"] as? String, "01/04/2025")
        assertNothingPersonal(r.out)

        func ids(_ args: String...) throws -> [Int] {
            let r = try runProgram([bin, "list", "referrals", "--db", db, "--format", "json"] + args, environment: env)
            XCTAssertEqual(r.status, 0, r.err)
            return try json(r.out).compactMap { $0["id"] as? Int }
        }
        XCTAssertEqual(try ids(), [2, 1, 3], "newest proposed first")
        XCTAssertEqual(try ids("--view", "awaiting-follow-up"), [1, 2], "soonest follow-up first")
        XCTAssertEqual(try ids("--status", "used"), [3])
        XCTAssertEqual(try ids("--status", "no-contact"), [])
        XCTAssertEqual(try ids("--service", "hiv-sti"), [1])
        XCTAssertEqual(try ids("--service", "HIV_STI"), [1])
        XCTAssertEqual(try ids("--provider", "1"), [1, 3])
        XCTAssertEqual(try ids("--provider", "trung tâm y tế quận đống đa"), [1, 3])
        XCTAssertEqual(try ids("--provider", "Trung tâm Y tế quận Đống Đa", "--view", "overdue"), [1])

        r = try run("list", "referrals", "--view", "overdue", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, r.out)
        XCTAssertTrue(lines[1].hasPrefix("HT-2025-0007 HIV, bệnh lây truyền"), r.out)
        XCTAssertTrue(lines[1].hasSuffix("01/04/2025 Quá hạn"), r.out)
        XCTAssertEqual(lines[2], "1 lần chuyển gửi")
        r = try run("list", "referrals", "--format", "csv", db: db)
        XCTAssertEqual(r.out.split(whereSeparator: \.isNewline).count, 4, r.out)
        assertNothingPersonal(r.out)
    }

    func testProvidersRoundTrip() throws {
        let db = folder.appendingPathComponent("p.sqlite").path
        XCTAssertEqual(try runProgram([bin, "init", "--db", db, "--ward", "Phường Láng Hạ", "--province", "Hà Nội"], environment: env).status, 0)
        try mapTestUser(bin, db: db, env: env)
        var r = try run("provider", "set", "Trung tâm Trợ giúp pháp lý", "--services", "legal", "--contact", "024 3333 4444", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "Đã thêm nơi cung cấp dịch vụ 1: Trung tâm Trợ giúp pháp lý\n")
        r = try run("provider", "set", "Hội Liên hiệp Phụ nữ phường", "--services", "vocational, loans,livelihood",
                    "--address", "Số 2 phố Láng Hạ", "--lang", "en", db: db)
        XCTAssertEqual(r.out, "Added the provider 2: Hội Liên hiệp Phụ nữ phường\n")
        r = try run("provider", "list", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, """
            2\tHội Liên hiệp Phụ nữ phường\tvocational,loans,livelihood\tSố 2 phố Láng Hạ\t\tđang dùng
            1\tTrung tâm Trợ giúp pháp lý\tlegal\t\t024 3333 4444\tđang dùng

            """)

        // The same name changes it: what is given changes, the rest stays; --off turns it off.
        r = try run("provider", "set", "Trung tâm Trợ giúp pháp lý", "--address", "Số 9 phố Huỳnh Thúc Kháng", "--off", db: db)
        XCTAssertEqual(r.out, "Đã sửa nơi cung cấp dịch vụ 1: Trung tâm Trợ giúp pháp lý\n")
        r = try run("provider", "list", "--lang", "en", db: db)
        XCTAssertEqual(r.out.split(separator: "\n").last.map(String.init),
                       "1\tTrung tâm Trợ giúp pháp lý\tlegal\tSố 9 phố Huỳnh Thúc Kháng\t024 3333 4444\toff")
        r = try run("provider", "set", "Trung tâm Trợ giúp pháp lý", "--services", "legal,gbv,mental-health", db: db)
        r = try run("provider", "list", db: db)
        XCTAssertEqual(r.out.split(separator: "\n").last.map(String.init),
                       "1\tTrung tâm Trợ giúp pháp lý\tmental-health,legal,gbv\tSố 9 phố Huỳnh Thúc Kháng\t024 3333 4444\tđang dùng")
        XCTAssertEqual(r.out.split(separator: "\n").count, 2, "changed, not added")
    }

    func testBadValuesAreOneSentenceAndExitOne() throws {
        let db = try wardWithCases()
        assertOneSentence(try run("list", "cases", "--status", "pending", db: db), contains: ["--status", "pending", "open, on-hold, closed"])
        assertOneSentence(try run("list", "cases", "--period", "2025-13", db: db), contains: ["--period", "2025-13"])
        assertOneSentence(try run("list", "cases", "--format", "xml", db: db), contains: ["--format", "table, csv, json"])
        assertOneSentence(try run("list", "referrals", "--status", "done", "--lang", "en", db: db),
                          contains: ["--status: there is no value “done”; use one of: proposed, referred, received, used, declined, no-contact."])
        assertOneSentence(try run("list", "referrals", "--view", "late", db: db), contains: ["--view", "awaiting-follow-up"])
        assertOneSentence(try run("list", "referrals", "--service", "spa", db: db), contains: ["--service", "spa", "hiv-sti"])
        assertOneSentence(try run("list", "referrals", "--provider", "Bệnh viện Bạch Mai", db: db), contains: ["Bệnh viện Bạch Mai"])
        assertOneSentence(try run("provider", "set", "Bệnh viện", "--services", "health,massage", db: db), contains: ["--services", "massage"])
        assertOneSentence(try run("provider", "set", " ", db: db), contains: [])
        // Nothing was added by the refused commands.
        let list = try run("provider", "list", db: db)
        XCTAssertEqual(list.out.split(separator: "\n").count, 1, list.out)

        let help = try run("list", "referrals", "--help", db: db)
        XCTAssertEqual(help.status, 0)
        for value in ["awaiting-follow-up", "overdue", "no-contact", "hiv-sti", "mental-health"] {
            XCTAssertTrue(help.out.contains(value), "\(value) not in help:\n\(help.out)")
        }
    }
}
