import Foundation
import XCTest

/// `wardcase report list | draft | show | finalise | export | bundle | combine` through the installed binary.
final class ReportCommandLineTests: XCTestCase {
    var folder: URL!
    var bin: String!

    override func setUpWithError() throws {
        bin = try wardcaseBinary()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The signing passphrase, as a cron job keeps it: a file only its owner reads.
        FileManager.default.createFile(atPath: path("signing-passphrase"), contents: Data("con dấu của phường\n".utf8),
                                       attributes: [.posixPermissions: 0o600])
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    var env: [String: String] {
        ["PATH": "/usr/bin:/bin", "HOME": folder.path, "XDG_DATA_HOME": folder.path + "/data",
         "WARDCASE_SIGNING_PASSPHRASE_FILE": path("signing-passphrase")]
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func run(_ args: String..., db: String? = nil) throws -> (status: Int32, out: String, err: String) {
        try runProgram([bin] + args + (db.map { ["--db", $0] } ?? []), environment: env)
    }

    func demo(_ name: String = "demo.sqlite") throws -> String {
        let db = path(name)
        let r = try runProgram([bin, "demo", "--db", db], environment: env)
        XCTAssertEqual(r.status, 0, r.err)
        return db
    }

    /// The month before this one, as typed on the command line ("2026-10").
    var lastMonth: String {
        let c = Calendar(identifier: .gregorian).dateComponents([.year, .month], from: Date())
        let (y, m) = c.month! == 1 ? (c.year! - 1, 12) : (c.year!, c.month! - 1)
        return String(format: "%04d-%02d", y, m)
    }

    /// The month before that.
    var monthBefore: String {
        let c = Calendar(identifier: .gregorian).dateComponents([.year, .month], from: Date())
        var (y, m) = (c.year!, c.month! - 2)
        if m < 1 { (y, m) = (y - 1, m + 12) }
        return String(format: "%04d-%02d", y, m)
    }

    /// One sentence on standard error, nothing on standard output, exit status 1, no trace.
    func assertOneSentence(_ r: (status: Int32, out: String, err: String), contains parts: [String],
                           file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 1, r.err, file: file, line: line)
        XCTAssertEqual(r.out, "", file: file, line: line)
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err, file: file, line: line)
        for bad in ["Fatal", "fatal", "Error:", "Usage:", "Stack", "0x"] {
            XCTAssertFalse(r.err.contains(bad), r.err, file: file, line: line)
        }
        for p in parts { XCTAssertTrue(r.err.contains(p), "“\(p)” not in: \(r.err)", file: file, line: line) }
    }

    /// Finalises last month's report of `db` and bundles it into `name`.
    func finaliseAndBundle(_ db: String, _ name: String, period: String? = nil) throws -> String {
        let period = period ?? lastMonth
        var r = try run("report", "finalise", "--period", period, db: db)
        XCTAssertEqual(r.status, 0, r.err)
        let file = path(name)
        r = try run("report", "bundle", "--period", period, "-o", file, db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains(file), r.out)
        return file
    }

    func figures(_ json: String) throws -> [String: Any] {
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], json)
        let list = try XCTUnwrap(object["figures"] as? [[String: Any]])
        return Dictionary(list.map { ($0["id"] as! String, $0["value"] as Any) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: A ward's own reports

    func testListDraftFinaliseShowAndExportOnTheDemoWard() throws {
        let db = try demo()
        var r = try run("report", "list", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.hasPrefix("Kỳ      Tên kỳ báo cáo") ?? false, r.out)
        XCTAssertTrue(lines.contains { $0.hasPrefix(lastMonth + " tháng ") }, r.out)
        // The demo ward reports as plan 001 asks: months, quarters and years, no half-years.
        XCTAssertTrue(lines.contains { $0.contains("-Q") } && !lines.contains { $0.contains("-H") }, r.out)
        XCTAssertTrue(lines.last?.hasSuffix("kỳ báo cáo") ?? false, r.out)

        // The draft: made, then shown again as it is.
        r = try run("report", "draft", "--period", lastMonth, db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Đã lập bản nháp phiên bản"), r.out)
        XCTAssertTrue(r.out.contains("BÁO CÁO tháng "), r.out)
        XCTAssertTrue(r.out.contains("Bản nháp"), r.out)
        for label in ["Lượt kiểm tra", "Tỷ lệ cơ sở được kiểm tra (%)", "Tổng tiền phạt (đồng)", "KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT"] {
            XCTAssertTrue(r.out.contains(label), "\(label) not in:\n\(r.out)")
        }
        let again = try run("report", "draft", "--period", lastMonth, db: db)
        XCTAssertFalse(again.out.contains("Đã lập bản nháp"), again.out)

        // A draft exports marked as a draft, with a note on standard error.
        r = try run("report", "export", "--period", lastMonth, "--format", "md", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("BÁO CÁO"), r.out)
        XCTAssertTrue(r.err.contains("bản nháp"), r.err)

        // Finalised once; a second run (a scheduled job) changes nothing and succeeds.
        r = try run("report", "finalise", "--period", lastMonth, db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Đã hoàn thành báo cáo kỳ \(lastMonth)"), r.out)
        r = try run("report", "finalise", "--period", lastMonth, db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("từ trước"), r.out)
        r = try run("report", "show", "--period", lastMonth, db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Đã hoàn thành"), r.out)
        XCTAssertTrue(r.out.contains("Hoàn thành lúc"), r.out)
        r = try run("report", "list", db: db)
        XCTAssertTrue(r.out.split(separator: "\n").contains { $0.hasPrefix(lastMonth) && $0.contains("Đã hoàn thành") }, r.out)

        // Markdown to a file: Vietnamese, the ward's name, no draft mark.
        let md = path("bao-cao.md")
        r = try run("report", "export", "--period", lastMonth, "--format", "md", "-o", md, db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.err, "")
        let text = try String(contentsOfFile: md, encoding: .utf8)
        XCTAssertTrue(text.contains("BÁO CÁO"), text)
        XCTAssertTrue(text.contains("PHƯỜNG ĐỐNG ĐA") || text.contains("Phường Đống Đa"), text)
        XCTAssertTrue(text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), text)
        XCTAssertFalse(text.contains("DỰ THẢO"), text)

        // XLSX and DOCX are zip files; the format can come from the file name.
        for (name, format) in [("so-lieu.xlsx", ["--format", "xlsx"]), ("bao-cao.docx", [])] {
            let file = path(name)
            r = try runProgram([bin, "report", "export", "--period", lastMonth, "-o", file, "--db", db] + format, environment: env)
            XCTAssertEqual(r.status, 0, r.err)
            XCTAssertTrue(r.out.contains(file), r.out)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            XCTAssertEqual(Array(bytes.prefix(4)), [0x50, 0x4B, 0x03, 0x04], name)
        }
        r = try run("report", "export", "--period", lastMonth, "--format", "csv", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Lượt kiểm tra"), r.out)
    }

    // MARK: Bundles

    /// The fingerprint `wardcase report key` prints for a ward's database.
    func fingerprint(_ db: String) throws -> String {
        let r = try run("report", "key", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        let fp = r.out.split(separator: "\n").first.flatMap { $0.split(separator: " ").last }.map(String.init) ?? ""
        XCTAssertEqual(fp.count, 39, r.out)
        return fp
    }

    /// The regime, the plan and a report sent, from the shell.
    func testObligationsThePlanAndAReportSent() throws {
        let db = try demo()
        var r = try run("obligations", "list", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Tháng: phải gửi, trước ngày 13 tháng sau"), r.out)
        XCTAssertTrue(r.out.contains("UBND quận (qua Phòng Lao động – Thương binh và Xã hội)"), r.out)
        r = try run("obligations", "set", "--preset", "004", "--closing", "decree-09", "--recipient", "UBND thành phố | Sở Y tế",
                    "--recipient", "Công an phường", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Tháng: không phải gửi"), r.out)
        XCTAssertTrue(r.out.contains("Năm: phải gửi, trước ngày 05/12"), r.out)
        XCTAssertTrue(r.out.contains("  - Công an phường"), r.out)
        r = try run("report", "list", db: db)
        XCTAssertFalse(r.out.split(separator: "\n").contains { $0.hasPrefix(lastMonth) }, r.out)
        assertOneSentence(try run("obligations", "set", "--closing", "lunar", db: db), contains: ["--closing", "lunar", "decree-09"])
        assertOneSentence(try run("obligations", "set", "--year", "31/02", db: db), contains: ["--year", "31/02"])

        // Who signs: the title's lines, and the name under the signature.
        r = try run("setting", "signer-title", "TM. ỦY BAN NHÂN DÂN | CHỦ TỊCH", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        r = try run("setting", "signer-name", "Nguyễn Văn Bình", db: db)
        XCTAssertTrue(r.out.contains("signer-title = TM. ỦY BAN NHÂN DÂN | CHỦ TỊCH") && r.out.contains("signer-name = Nguyễn Văn Bình"), r.out)

        r = try run("plan", "set", "--title", "Kế hoạch năm", "--target", "comm.sessions=24", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("comm.sessions = 24"), r.out)
        assertOneSentence(try run("plan", "set", "--target", "comm.sessions=nhiều", db: db), contains: ["comm.sessions=nhiều"])

        let year = String(Calendar(identifier: .gregorian).component(.year, from: Date()) - 1)
        r = try run("report", "draft", "--period", year, db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Số liệu tính từ 15/12/"), "Decree 09's days: \(r.out)")
        r = try run("report", "finalise", "--period", year, db: db)
        XCTAssertEqual(r.status, 0, r.err)
        r = try run("report", "sent", "--period", year, "--number", "88/BC-UBND", db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("số 88/BC-UBND, nơi nhận: UBND thành phố (qua Sở Y tế); Công an phường"), r.out)
    }

    func testBundlesOfTwoWardsCombineAndTheSameWardTwiceIsRefused() throws {
        // The office trusts Đống Đa from its first bundle, after comparing the fingerprint.
        let demo1 = try demo("demo1.sqlite"), demo2 = try demo("demo2.sqlite")
        let a = try finaliseAndBundle(demo1, "dong-da.json")
        var r = try run("keys", "trust", "--from-bundle", a, "--yes")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains(try fingerprint(demo1)), r.out)
        XCTAssertTrue(r.out.contains("Đã tin cậy khoá"), r.out)
        // Another database calling itself the same ward (a second demo) signs with another key: refused.
        let twin = try finaliseAndBundle(demo2, "dong-da-2.json")
        assertOneSentence(try run("report", "combine", a, twin), contains: ["dong-da-2.json", "Phường Đống Đa", try fingerprint(demo2), "khoá mới"])
        assertOneSentence(try run("report", "combine", a, a), contains: ["Phường Đống Đa", "hơn một gói"])

        // Another ward, made with init, with its report finalised too; until the office trusts
        // its key (read out over the phone), its bundle is refused with the fingerprint to compare.
        let lang = path("lang.sqlite")
        r = try run("init", "--ward", "Phường Láng", "--province", "Thành phố Hà Nội", db: lang)
        XCTAssertEqual(r.status, 0, r.err)
        try mapTestUser(bin, db: lang, env: env)
        r = try run("report", "key", db: lang)
        XCTAssertTrue(r.out.contains("chưa có khoá ký"), r.out)
        let b = try finaliseAndBundle(lang, "lang.json")
        let langKey = try fingerprint(lang)
        assertOneSentence(try run("report", "combine", a, b), contains: ["lang.json", "Phường Láng", langKey, "keys trust"])
        r = try run("keys", "trust", "--ward", "Phường Láng", "--province", "Thành phố Hà Nội",
                    langKey.lowercased().replacingOccurrences(of: "-", with: " "))
        XCTAssertEqual(r.status, 0, r.err)
        r = try run("keys", "list", "--lang", "en")
        XCTAssertTrue(r.out.contains("Phường Láng, Thành phố Hà Nội: \(langKey), trusted since"), r.out)

        r = try run("report", "combine", a, b)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("TỔNG HỢP 2 phường, xã"), r.out)
        XCTAssertTrue(r.out.contains("Phường Đống Đa, Thành phố Hà Nội") && r.out.contains("Phường Láng, Thành phố Hà Nội"), r.out)
        XCTAssertTrue(r.out.contains("chưa có số liệu"), "one wording for no data everywhere: \(r.out)")

        // JSON: counts add up; coverage is recomputed from the sums, never averaged.
        let one = try figures(try String(contentsOfFile: a, encoding: .utf8))
        let two = try figures(try String(contentsOfFile: b, encoding: .utf8))
        r = try run("report", "combine", a, b, "--format", "json", "--period", lastMonth)
        XCTAssertEqual(r.status, 0, r.err)
        let sum = try figures(r.out)
        let managed = (one["est.managed"] as! Int) + (two["est.managed"] as! Int)
        let inspected = (one["visits.inspected"] as! Int) + (two["visits.inspected"] as! Int)
        XCTAssertEqual(sum["est.managed"] as? Int, managed)
        XCTAssertEqual(sum["visits.inspected"] as? Int, inspected)
        XCTAssertEqual(sum["visits.total"] as? Int, (one["visits.total"] as! Int) + (two["visits.total"] as! Int))
        XCTAssertEqual(sum["fines.total"] as? Int, (one["fines.total"] as! Int) + (two["fines.total"] as! Int))
        XCTAssertEqual(sum["visits.coverage"] as? Int, managed == 0 ? nil : inspected * 100 / managed)
        XCTAssertTrue(sum["tips.in_time"] is NSNull, "\(String(describing: sum["tips.in_time"]))")

        // CSV and Markdown, to a file.
        let csv = path("tong-hop.csv")
        r = try run("report", "combine", a, b, "--format", "csv", "-o", csv)
        XCTAssertEqual(r.status, 0, r.err)
        let csvText = try String(contentsOfFile: csv, encoding: .utf8)
        XCTAssertTrue(csvText.contains("\(lastMonth),Quản lý cơ sở kinh doanh dịch vụ,est.managed,"), csvText)
        r = try run("report", "combine", a, b, "--format", "md")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("| Chỉ tiêu | Số liệu | Mục tiêu |"), r.out)

        // XLSX needs a file to write to; the workbook has a column for each ward, then the total.
        assertOneSentence(try run("report", "combine", a, b, "--format", "xlsx"), contains: ["xlsx", "-o"])
        let xlsx = path("tong-hop.xlsx")
        r = try run("report", "combine", a, b, "--format", "xlsx", "-o", xlsx)
        XCTAssertEqual(r.status, 0, r.err)
        // The sheet's strings are in its cells (libxlsxwriter's constant-memory mode), in header order.
        let unzip = Process(), out = Pipe()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        unzip.arguments = ["-c", "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml').decode())", xlsx]
        unzip.standardOutput = out
        try unzip.run()
        let sheet = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        unzip.waitUntilExit()
        let dd = try XCTUnwrap(sheet.range(of: ">Phường Đống Đa<")), lg = try XCTUnwrap(sheet.range(of: ">Phường Láng<"))
        let total = try XCTUnwrap(sheet.range(of: ">Tổng cộng<"))
        XCTAssertTrue(dd.lowerBound < lg.lowerBound && lg.lowerBound < total.lowerBound)

        // One byte of one figure changed: refused, naming the file.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: b)))
        let text = String(decoding: bytes, as: UTF8.self)
        let figure = try XCTUnwrap(text.range(of: "\"visits.total\""))
        let value = try XCTUnwrap(text.range(of: "\"value\"", range: figure.upperBound..<text.endIndex))
        var i = text.utf8.distance(from: text.startIndex, to: value.upperBound)
        while !(0x30...0x39).contains(bytes[i]) { i += 1 }
        bytes[i] = bytes[i] == 0x39 ? 0x38 : bytes[i] + 1
        let altered = path("lang-altered.json")
        try Data(bytes).write(to: URL(fileURLWithPath: altered))
        assertOneSentence(try run("report", "combine", a, altered), contains: ["lang-altered.json", "Phường Láng", "đã bị sửa sau khi ký"])

        // Another period than the first bundle's, or than the one asked for.
        let earlier = try finaliseAndBundle(lang, "lang-earlier.json", period: monthBefore)
        assertOneSentence(try run("report", "combine", a, earlier), contains: ["Phường Láng", monthBefore, lastMonth])
        assertOneSentence(try run("report", "combine", a, b, "--period", monthBefore), contains: ["Phường Đống Đa", monthBefore, lastMonth])

        // Nothing to combine, a missing file, a file that is not a bundle, a bad format.
        assertOneSentence(try run("report", "combine"), contains: ["ít nhất một gói"])
        assertOneSentence(try run("report", "combine", path("none.json")), contains: ["none.json"])
        assertOneSentence(try run("report", "combine", path("tong-hop.csv")), contains: ["tong-hop.csv", "không phải gói báo cáo"])
        assertOneSentence(try run("report", "combine", a, "--format", "pdf"), contains: ["--format", "table, csv, json, md"])
    }

    /// A wrong signing passphrase signs nothing; a new key is refused by the office until it has
    /// revoked the old one and trusted the new fingerprint; a trusted ward that sent nothing is named.
    func testTheSigningPassphraseAndANewKey() throws {
        let db = try demo()
        let first = try finaliseAndBundle(db, "first.json")
        var r = try run("keys", "trust", "--from-bundle", first, "--yes")
        XCTAssertEqual(r.status, 0, r.err)
        r = try run("keys", "trust", "--ward", "Phường Kim Mã", String(repeating: "AB12", count: 8))
        XCTAssertEqual(r.status, 0, r.err)
        r = try run("report", "combine", first)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Chưa gửi gói kỳ này (1 phường được tin cậy): Phường Kim Mã"), r.out)

        // A wrong passphrase, from the file a cron job uses: one sentence, no file.
        let wrong = path("wrong-passphrase")
        FileManager.default.createFile(atPath: wrong, contents: Data("không phải con dấu\n".utf8), attributes: [.posixPermissions: 0o600])
        var other = env
        other["WARDCASE_SIGNING_PASSPHRASE_FILE"] = wrong
        let refused = try runProgram([bin, "report", "bundle", "--period", lastMonth, "-o", path("x.json"), "--db", db], environment: other)
        assertOneSentence(refused, contains: ["mật khẩu"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("x.json")))

        // A new key under a new passphrase: its bundle is refused until the office revokes and trusts.
        let old = try fingerprint(db)
        let newPassphrase = path("new-passphrase")
        FileManager.default.createFile(atPath: newPassphrase, contents: Data("con dấu mới của phường\n".utf8), attributes: [.posixPermissions: 0o600])
        other["WARDCASE_SIGNING_PASSPHRASE_FILE"] = newPassphrase
        r = try runProgram([bin, "report", "key", "--new", "--db", db], environment: other)
        XCTAssertEqual(r.status, 0, r.err)
        let new = try fingerprint(db)
        XCTAssertNotEqual(new, old)
        XCTAssertTrue(r.out.contains(new), r.out)
        let second = path("second.json")
        r = try runProgram([bin, "report", "bundle", "--period", lastMonth, "-o", second, "--db", db], environment: other)
        XCTAssertEqual(r.status, 0, r.err)
        assertOneSentence(try run("report", "combine", second), contains: ["Phường Đống Đa", new, old])
        assertOneSentence(try run("keys", "trust", "--ward", "Phường Đống Đa", new), contains: [old, "keys revoke"])
        r = try run("keys", "revoke", "--ward", "Phường Đống Đa")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains(old), r.out)
        assertOneSentence(try run("report", "combine", first), contains: ["Phường Đống Đa", old, "thu hồi"])
        XCTAssertEqual(try run("keys", "trust", "--ward", "Phường Đống Đa", new).status, 0)
        XCTAssertEqual(try run("report", "combine", second).status, 0)

        // Bad fingerprints and a damaged keyring are one sentence.
        assertOneSentence(try run("keys", "trust", "--ward", "Phường Láng", "12-34"), contains: ["12-34", "32"])
        assertOneSentence(try run("keys", "trust", "--ward", "Phường Láng"), contains: ["--from-bundle"])
        try Data("{".utf8).write(to: URL(fileURLWithPath: path("broken.json")))
        assertOneSentence(try run("keys", "list", "--keyring", path("broken.json")), contains: ["broken.json"])
        assertOneSentence(try run("report", "combine", second, "--keyring", path("broken.json")), contains: ["broken.json"])
    }

    func testOnlyAFinalReportIsBundled() throws {
        let db = try demo()
        assertOneSentence(try run("report", "bundle", "--period", lastMonth, "-o", path("x.json"), db: db), contains: ["Chưa có báo cáo", lastMonth])
        XCTAssertEqual(try run("report", "draft", "--period", lastMonth, db: db).status, 0)
        assertOneSentence(try run("report", "bundle", "--period", lastMonth, "-o", path("x.json"), db: db),
                          contains: ["bản nháp", "wardcase report finalise --period \(lastMonth)"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("x.json")))
        // Without -o the bundle goes to standard output, and is valid JSON.
        XCTAssertEqual(try run("report", "finalise", "--period", lastMonth, db: db).status, 0)
        let r = try run("report", "bundle", "--period", lastMonth, db: db)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
    }

    // MARK: Bad input

    func testBadInputIsOneSentenceAndHelpExplainsPeriods() throws {
        let db = try demo()
        assertOneSentence(try run("report", "draft", "--period", "2026-13", db: db), contains: ["2026-13", "2026-Q4"])
        assertOneSentence(try run("report", "show", "--period", "2026-13", db: db), contains: ["2026-13"])
        assertOneSentence(try run("report", "finalise", "--period", "quý 4", db: db), contains: ["quý 4"])
        assertOneSentence(try run("report", "show", db: db), contains: ["--period"])
        assertOneSentence(try run("report", "show", "--period", "2031-01", db: db), contains: ["2031-01", "wardcase report draft"])
        XCTAssertEqual(try run("report", "draft", "--period", lastMonth, db: db).status, 0)
        assertOneSentence(try run("report", "show", "--period", lastMonth, "--version", "7", db: db), contains: ["7", "1"])
        assertOneSentence(try run("report", "export", "--period", lastMonth, "--format", "docx", db: db), contains: ["-o"])
        assertOneSentence(try run("report", "export", "--period", lastMonth, db: db), contains: ["--format"])
        assertOneSentence(try run("report", "export", "--period", lastMonth, "--format", "odt", db: db), contains: ["docx, xlsx, csv, md, pdf"])
        assertOneSentence(try run("report", "export", "--period", lastMonth, "--format", "md", "-o", path("no/such/folder/r.md"), db: db),
                          contains: ["no/such/folder/r.md"])
        let en = try run("report", "draft", "--period", "2026-13", "--lang", "en", db: db)
        assertOneSentence(en, contains: ["Not a report period: “2026-13”"])

        let help = try run("report", "--help")
        XCTAssertEqual(help.status, 0)
        for text in ["2026-10", "2026-Q4", "2026-H1", "01/10/2026-15/10/2026", "combine", "finalise", "bundle"] {
            XCTAssertTrue(help.out.contains(text), "\(text) not in help:\n\(help.out)")
        }
    }
}
