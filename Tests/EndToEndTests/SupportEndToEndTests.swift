import Foundation
import XCTest

/// The support section through the installed binary: a case worker opens a case with the
/// person's identity, records consent and a referral; an officer then sees only the code, and
/// the database file holds no name or phone.
final class SupportEndToEndTests: XCTestCase {
    func testACaseWorkerOpensACaseAndAnOfficerSeesOnlyTheCode() throws {
        let bin = try wardcaseBinary()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-support-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let t = try TmuxSession()
        try t.start([bin, "--demo"], width: 110, height: 34, extraEnvironment: ["XDG_DATA_HOME=\(home.path)"])
        t.waitFor(text: "Tổng quan năm")
        try t.press("F2")
        t.waitFor(text: "Chọn tài khoản mẫu")
        try t.press("Home", "Down", "Enter")                          // canboxh, the case worker
        t.waitFor(text: "canboxh · wardcase")
        try t.press("3")
        t.waitFor(text: "Nhân thân đang khóa")
        try t.press("m")
        t.waitFor(text: "Cụm mật khẩu")
        try t.type("sai mat khau roi")
        try t.press("C-s")
        t.waitFor(text: "Cụm mật khẩu không đúng.")
        try t.press("C-u")
        try t.type("demo-hotro-2026")
        try t.press("C-s")
        t.waitFor(text: "Đã mở khóa nhân thân cho phiên này.")

        try t.press("n")
        t.waitFor(text: "Hồ sơ hỗ trợ mới")
        try t.press("Tab", "Tab", "Tab", "Tab", "Tab")                // past the facts,
        try t.press("Tab", "Tab", "Tab", "Tab", "Tab", "Tab")         // and the six target groups, to the full name
        try t.type("Trần Thị Thử Nghiệm")
        try t.press("Tab", "Tab", "Tab", "Tab")                       // to the phone
        try t.type("0987000111")
        try t.press("C-s")
        let saved = t.waitFor(text: "Đã lưu hồ sơ HT-")
        let code = try XCTUnwrap(saved.range(of: #"HT-\d{4}-\d{4}"#, options: .regularExpression).map { String(saved[$0]) })
        t.waitFor(text: "Trần Thị Thử Nghiệm")

        // No consent yet: a referral is refused with the reason.
        try t.press("r")
        t.waitFor(text: "Chuyển gửi")
        try t.press("C-s")
        t.waitFor(text: "chưa đồng ý cho ghi nhận thông tin")
        try t.press("Escape")
        try t.press("c")
        t.waitFor(text: "Sự đồng ý của người được hỗ trợ")
        try t.press("Tab", "Tab", "Right")                            // Khám, chữa bệnh: Có
        try t.press("C-s")
        t.waitFor(text: "Đã ghi sự đồng ý.")
        try t.press("r")
        t.waitFor(text: "Dịch vụ")
        try t.press("C-s")
        t.waitFor(text: "Đã đề xuất chuyển gửi: Khám, chữa bệnh.")

        // An officer finds the case by its code and sees no identity.
        try t.press("F2")
        t.waitFor(text: "Chọn tài khoản mẫu")
        try t.press("Home", "Enter")                                  // canbo, the officer
        t.waitFor(text: "canbo · wardcase")
        try t.press("3")
        t.waitFor(text: "Nhân thân chỉ cán bộ xã hội được xem")
        try t.press("/")
        try t.type(String(code.suffix(4)))
        try t.press("Enter", "Enter")
        let page = t.waitFor(text: "Hồ sơ \(code)")
        t.waitFor(text: "Chỉ cán bộ xã hội được xem nhân thân.")
        XCTAssertFalse(page.contains("Trần Thị Thử Nghiệm"), page)
        XCTAssertFalse(page.contains("0987000111"), page)
        try t.press("q", "q")
        t.waitFor(text: "EXIT=0")

        // Nor does the file, its WAL or the day's backup.
        let folder = home.appendingPathComponent("wardcase")
        var files = try FileManager.default.contentsOfDirectory(atPath: folder.path).map { folder.appendingPathComponent($0) }
        let backups = folder.appendingPathComponent("backups")
        files += ((try? FileManager.default.contentsOfDirectory(atPath: backups.path)) ?? []).map { backups.appendingPathComponent($0) }
        XCTAssertTrue(files.contains { $0.lastPathComponent.hasSuffix(".sqlite") })
        for file in files where !file.hasDirectoryPath {
            guard let bytes = try? Data(contentsOf: file) else { continue }
            XCTAssertNil(bytes.range(of: Data("Thử Nghiệm".utf8)), file.path)
            XCTAssertNil(bytes.range(of: Data("0987000111".utf8)), file.path)
        }
    }
    /// The police's list at 80×24: a case worker imports a 30-row list in which three people are
    /// already cases (one found by name and year of birth alone), sees 27 new and 3 linked before
    /// anything is written; an officer then sees the counts only, is refused the import on the
    /// screen and in the shell, and the database holds no name from the list.
    func testACaseWorkerImportsAPoliceListAndAnOfficerSeesOnlyTheCounts() throws {
        let bin = try wardcaseBinary()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-police-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ"]
        let given = ["Anh", "Bích", "Chi", "Dung", "Giang", "Hoa", "Hương", "Linh", "Mai", "Nga", "Phương", "Quyên", "Tâm", "Trang", "Vân",
                     "Yến", "Xuân", "Thúy", "Loan", "Hạnh", "Huyền", "Liên", "Ngân", "Nhàn", "Thơ", "Diệp", "Ánh"]
        var rows = given.enumerated().map { i, name in
            "\(surnames[i % 9]) Thị Thử \(name),\(1985 + i % 15),Nữ,\(String(format: "0011%08d", 1000 + i)),Số \(i + 1) phố Khâm Thiên,\(200 + i)/QĐ-XPHC,05/11/2026"
        }
        // Three the demo ward already knows from its earlier list.
        rows.insert("Lò Thị Hằng,2001,Nữ,014301004512,Số 12 ngõ 46 Hào Nam,300/QĐ-XPHC,10/11/2026", at: 5)
        rows.insert("HÀ THỊ LAN,1988,nữ,,Số 71 Tôn Đức Thắng,301/QĐ-XPHC,10/11/2026", at: 12)
        rows.insert("Vi Thị Nhung,02/11/2003,Nữ,020303005567,Nhà trọ số 3 ngõ Thổ Quan,302/QĐ-XPHC,11/11/2026", at: 20)
        let file = home.appendingPathComponent("ds-cong-an.csv")
        try (["CÔNG AN PHƯỜNG ĐỐNG ĐA", "DANH SÁCH NGƯỜI BỊ XỬ LÝ HÀNH CHÍNH VỀ HÀNH VI BÁN DÂM",
              "STT,Họ và tên,Năm sinh,Giới tính,Số CCCD/CMND,Nơi cư trú,Số QĐ xử phạt,Ngày ra quyết định"]
             + rows.enumerated().map { "\($0.offset + 1),\($0.element)" }).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)

        let t = try TmuxSession()
        try t.start([bin, "--demo"], width: 80, height: 24, extraEnvironment: ["XDG_DATA_HOME=\(home.path)"])
        t.waitFor(text: "Tổng quan năm")
        try t.press("F2")
        t.waitFor(text: "Chọn tài khoản mẫu")
        try t.press("Home", "Down", "Enter")                          // canboxh, the case worker
        t.waitFor(text: "canboxh · wardcase")
        try t.press("3", "d")
        t.waitFor(text: "125/CAP-QLHC")
        try t.press("i")                                              // the key first,
        t.waitFor(text: "Cụm mật khẩu")
        try t.type("demo-hotro-2026")
        try t.press("C-s")
        t.waitFor(text: "Nhập danh sách của công an")                 // then the file
        try t.type(file.path)
        try t.press("Tab", "Tab", "Tab")
        try t.type("130/CAP-QLHC")
        try t.press("C-s")
        let preview = t.waitFor(text: "Mở 27 hồ sơ mới, liên kết 3 hồ sơ đã có, bỏ 0 dòng.")
        XCTAssertTrue(preview.contains("Dòng 4: hồ sơ mới — Nguyễn Thị Thử Anh (1985)"), preview)
        XCTAssertTrue(preview.contains("Dòng 9: đã có hồ sơ HT-"), preview)
        try t.press("C-s")
        t.waitFor(text: "Đã nhập danh sách số 2: mở 27 hồ sơ mới, liên kết 3 hồ sơ đã có, bỏ 0 dòng.")
        let lists = t.waitFor(text: "130/CAP-QLHC")
        XCTAssertTrue(lists.contains("Năm 2026: 35 người"), lists)

        // The officer: the counts, nobody's name, and no import.
        try t.press("F2")
        t.waitFor(text: "Chọn tài khoản mẫu")
        try t.press("Home", "Enter")                                  // canbo, the officer
        t.waitFor(text: "canbo · wardcase")
        try t.press("3", "d")
        let seen = t.waitFor(text: "130/CAP-QLHC")
        XCTAssertNotNil(seen.range(of: #"130/CAP-QLHC\s+30\s+27\s+3"#, options: .regularExpression), seen)
        XCTAssertFalse(seen.contains("Thử") || seen.contains("Lò Thị"), seen)
        try t.press("i")
        t.waitFor(text: "Việc này cần vai trò: Cán bộ xã hội.")
        try t.press("q", "q")
        t.waitFor(text: "EXIT=0")

        // In the shell, the same: counts for her, and the import refused before any passphrase.
        let db = home.appendingPathComponent("wardcase/demo.sqlite").path
        let env = ["PATH": "/usr/bin:/bin", "HOME": home.path, "XDG_DATA_HOME": home.path, "WARDCASE_USER": "canbo",
                   "WARDCASE_PASSWORD_FILE": try passwordFile(in: home, "demo2026")]
        let csv = try runProgram([bin, "list", "police-lists", "--format", "csv", "--db", db], environment: env)
        XCTAssertEqual(csv.status, 0, csv.err)
        XCTAssertTrue(csv.out.contains(",130/CAP-QLHC,30,27,3,"), csv.out)
        let probe = try runProgram([bin, "import", "police-list", file.path, "--dry-run", "--db", db], environment: env)
        XCTAssertNotEqual(probe.status, 0)
        XCTAssertTrue(probe.err.contains("Việc này cần vai trò: Cán bộ xã hội."), probe.err)
        XCTAssertFalse(probe.out.contains("Dòng") || probe.out.contains("HT-"), probe.out)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: db)) + ((try? Data(contentsOf: URL(fileURLWithPath: db + "-wal"))) ?? Data())
        for plain in ["Thử Anh", "Lò Thị Hằng", "00110001000", "300/QĐ-XPHC", "Hào Nam"] {
            XCTAssertNil(bytes.range(of: Data(plain.utf8)), plain)
        }
    }
}
