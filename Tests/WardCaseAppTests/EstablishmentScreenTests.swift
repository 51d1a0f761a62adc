import XCTest
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore

final class EstablishmentScreenTests: XCTestCase {
    /// Tab `n` times in a form.
    func tab(_ h: Harness, _ n: Int) { for _ in 0..<n { h.press(.tab) } }

    func testOfficerAddsAnEstablishmentWithInlineValidation() throws {
        let h = try Harness()
        h.press(.char("n"))
        XCTAssertTrue(h.screen.contains("Thêm cơ sở"), h.screen)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("⚠ Cần điền ô này."), h.screen)
        h.type("Karaoke Hoàng Hôn")
        h.press(.tab, .right, .right, .right)        // type: Khách sạn → Nhà nghỉ → Nhà trọ → Karaoke
        h.press(.tab)
        h.type("Số 7 phố Tây Sơn")
        tab(h, 6)                                    // to "Ngày cấp giấy phép"
        h.type("01/06/2025")
        h.press(.tab)
        h.type("01/06/2024")                         // expires before it was issued
        tab(h, 2)
        h.type("5")                                  // workers
        h.press(.tab)
        h.type("9")                                  // health-checked > workers
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Còn 2 ô chưa đúng"), h.screen)
        XCTAssertTrue(h.screen.contains("⚠ Ngày hết hạn phải sau ngày cấp."), h.screen)
        h.press(.backspace)
        h.type("3")
        h.press(.backTab, .backTab, .backTab, .ctrl("u"))
        h.type("01/06/2030")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã lưu cơ sở “Karaoke Hoàng Hôn”."), h.screen)
        XCTAssertTrue(h.screen.contains("41 cơ sở"))
        let saved = try XCTUnwrap(h.store.establishments(EstablishmentQuery(filter: "hoang hon", language: .vi), offset: 0, limit: 1).first)
        XCTAssertEqual(saved.typeName, "Karaoke")
        XCTAssertEqual(saved.establishment.workersHealthChecked, 3)
        XCTAssertEqual(saved.establishment.licenceExpires, Formats.Day(year: 2030, month: 6, day: 1))
    }

    /// The residential group is picked from the ward's list: typing its number jumps to it, and
    /// nothing else can be typed in.
    func testTheResidentialGroupIsPickedFromTheWardsList() throws {
        let h = try Harness()
        h.press(.char("n"))
        h.type("Karaoke Tổ Mười Hai")
        h.focus(EstablishmentField.residentialGroup.rawValue)
        func group() -> String? { (h.app.current as? FormScreen)?.form[EstablishmentField.residentialGroup.rawValue] }
        XCTAssertEqual(group(), "—")
        h.type("12")
        XCTAssertEqual(group(), "Tổ dân phố số 12")
        h.type("x")
        XCTAssertEqual(group(), "Tổ dân phố số 12", "a letter no group has changes nothing")
        h.press(.tab)
        h.focus(EstablishmentField.residentialGroup.rawValue)
        h.type("8")
        XCTAssertEqual(group(), "Tổ dân phố số 8")
        h.press(.ctrl("s"))
        let saved = try XCTUnwrap(h.store.establishments(EstablishmentQuery(filter: "to muoi hai", language: .vi), offset: 0, limit: 1).first)
        XCTAssertEqual(saved.establishment.residentialGroup, "Tổ dân phố số 8")
    }

    /// Places nobody has classified by risk say so, and a quick filter finds them.
    func testTheQuickFilterFindsThePlacesNotClassifiedYet() throws {
        let h = try Harness()
        h.press(.char("f"))
        h.focus("risk")
        h.type("chua")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("2 / 40 cơ sở"), h.screen)
        XCTAssertTrue(h.screen.contains("Lọc nhanh: Chưa phân loại") && h.screen.contains("Massage Thư Giãn") && h.screen.contains("Chưa phân…"), h.screen)
    }

    /// A session held at an establishment, from its page, brings its workers reached up to date.
    func testASessionAtAnEstablishmentUpdatesItsWorkersReached() throws {
        let h = try Harness(width: 100, height: 50)
        h.press(.char("/"))
        h.type("karaoke nice")
        h.press(.enter, .enter)
        h.perform(.activityHere)
        XCTAssertTrue(h.screen.contains("Ghi hoạt động tuyên truyền, tập huấn: Karaoke Nice") || h.screen.contains(": Karaoke Nice"), h.screen)
        h.fill("reached-workers", "9")
        h.press(.ctrl("s"))
        let e = try XCTUnwrap(h.store.establishments(EstablishmentQuery(filter: "karaoke nice", language: .vi), offset: 0, limit: 1).first)
        XCTAssertEqual(e.establishment.workersReached, 9)
        XCTAssertGreaterThanOrEqual(e.establishment.workers, 9)
    }

    func testALikelyDuplicateIsShownBeforeSaving() throws {
        let h = try Harness()
        h.press(.char("n"))
        h.type("karaoke nice")
        h.fill(EstablishmentField.street.rawValue, "Số 240 phố Hoàng Cầu")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Có thể trùng cơ sở đã có"), h.screen)
        XCTAssertTrue(h.screen.contains("Karaoke Nice (Số 240 phố Hoàng Cầu)"), h.screen)
        h.press(.enter)                              // the safe default: do not save
        XCTAssertEqual(try h.store.countEstablishments(EstablishmentQuery(language: .vi)), 40)
        h.press(.ctrl("s"), .char("c"))              // save anyway
        XCTAssertEqual(try h.store.countEstablishments(EstablishmentQuery(language: .vi)), 41)
    }

    func testDetailShowsEverythingAndTheHistoryAndEditingIsAudited() throws {
        let h = try Harness()
        h.press(.char("/"))
        h.type("karaoke nice")
        h.press(.enter, .enter)
        XCTAssertTrue(h.screen.contains("Số người đã khám sức khỏe"), h.screen)
        for _ in 0..<12 { h.press(.down) }
        XCTAssertTrue(h.screen.contains("Lịch sử thay đổi"), h.screen)
        XCTAssertTrue(h.screen.contains("Các lần kiểm tra"))
        h.press(.char("e"))
        XCTAssertTrue(h.screen.contains("Sửa cơ sở: Karaoke Nice"), h.screen)
        h.press(.end, .ctrl("u"))
        h.type("Karaoke Nice Mới")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã lưu cơ sở “Karaoke Nice Mới”."), h.screen)
        for _ in 0..<12 { h.press(.down) }
        XCTAssertTrue(h.screen.contains("demo · Sửa: Tên cơ sở: Karaoke Nice →"), "the history speaks with the field's label: \(h.screen)")
    }

    func testQuickFiltersAndTheCountLine() throws {
        let h = try Harness()
        h.press(.char("f"))
        XCTAssertTrue(h.screen.contains("Lọc nhanh danh sách cơ sở"), h.screen)
        h.press(.tab, .right, .right)                // risk: Tất cả → Thấp → Trung bình → ... choose "Cao" by going left
        h.press(.left, .left, .left)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Lọc nhanh: Cao"), h.screen)
        let high = try h.store.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 100)
            .filter { $0.establishment.riskLevel == .high }.count
        XCTAssertTrue(h.screen.contains("\(high) / 40 cơ sở"), h.screen)
        h.press(.escape)
        var notInspected = EstablishmentQuery(language: .vi)
        notInspected.notInspectedThisYear = true
        notInspected.today = h.store.today
        XCTAssertTrue(h.screen.contains(" 40 cơ sở · \(try h.store.countEstablishments(notInspected)) chưa kiểm tra năm"), h.screen)
    }

    func testReadOnlyRolesCannotRegister() throws {
        let h = try Harness()
        h.press(.function(2))
        h.type("la")                                 // typed letters jump to the login: lanhdao
        h.press(.enter)
        h.press(.char("1"), .char("n"))
        XCTAssertTrue(h.screen.contains("Việc này cần vai trò: Cán bộ."), h.screen)
    }

    /// A clerk exports to a name that is already taken: the file there is replaced only after she says so.
    func testExportingOverAnExistingFileAsksFirst() throws {
        let h = try Harness()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-export-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("tệp của người khác".utf8).write(to: URL(fileURLWithPath: path))
        func export() {
            h.press(.char("x"))
            h.press(.right, .tab, .ctrl("u"))
            h.type(path)
            h.press(.ctrl("s"))
        }
        export()
        XCTAssertTrue(h.screen.contains("Thay tệp đã có?"), h.screen)
        h.press(.enter)                              // "Không" is the choice offered first
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "tệp của người khác")
        XCTAssertTrue(h.screen.contains("Xuất danh sách: Cơ sở"), "still on the form, the name as typed: \(h.screen)")
        h.press(.ctrl("s"))
        h.press(.left, .enter)                       // "Ghi đè"
        XCTAssertTrue(h.screen.contains("Đã xuất 40 dòng ra /"), h.screen)
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).contains("Karaoke"))
        let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o777, 0o600, "only its owner may read what leaves the app")
    }

    func testExportWritesTheListAsShownAndArchiveKeepsTheRecord() throws {
        let h = try Harness()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-export-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        h.press(.char("/"))
        h.type("karaoke")
        h.press(.enter, .char("x"))
        XCTAssertTrue(h.screen.contains("Xuất danh sách: Cơ sở"), h.screen)
        h.press(.right, .tab, .ctrl("u"))           // CSV, then the path
        h.type(path)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã xuất 6 dòng ra /"), h.screen)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 7, "a header and the six karaoke rows")

        h.press(.char("d"))
        XCTAssertTrue(h.screen.contains("Đưa “Karaoke Ánh Dương” vào lưu trữ?"), h.screen)
        h.press(.char("c"))
        XCTAssertTrue(h.screen.contains("5 / 39 cơ sở"), h.screen)
        XCTAssertEqual(try h.store.countEstablishments(EstablishmentQuery(language: .vi, includeArchived: true)), 40, "nothing deleted")
    }

    func testImportFromTheScreenShowsAPreviewFirst() throws {
        let h = try Harness(width: 100, height: 30)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-import-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "Tên cơ sở;Loại hình;Ngày cấp\nNhà nghỉ Sông Hồng;nha nghi;1/2/2024\nQuán X;bi-a;\n".write(toFile: path, atomically: true, encoding: .utf8)
        h.press(.char("i"))
        h.type(path + "x")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("csvx; chưa nhập gì."), "a long error wraps and is read in full: \(h.screen)")
        h.press(.backspace)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Dòng 2: thêm — Nhà nghỉ Sông Hồng"), h.screen)
        XCTAssertTrue(h.screen.contains("Dòng 3: bỏ — không rõ loại hình “bi-a”"), h.screen)
        XCTAssertEqual(try h.store.countEstablishments(EstablishmentQuery(language: .vi)), 40, "nothing written before Ctrl-S")
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Đã nhập: thêm 1, cập nhật 0; bỏ 1 dòng."), h.screen)
        XCTAssertTrue(h.screen.contains("41 cơ sở"), h.screen)
    }

    /// The preview names each field an update changes; `e` makes empty cells clear; `I` lists the
    /// imports and `u`, confirmed, takes one back.
    func testAnUpdateShowsItsChangesAndTheImportCanBeTakenBack() throws {
        let h = try Harness(width: 100, height: 30)
        let row = try XCTUnwrap(try h.store.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 100)
            .first { !$0.establishment.licenceNo.isEmpty && !$0.establishment.ownerPhone.isEmpty }).establishment
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-import-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "Tên cơ sở,Số giấy phép,Điện thoại,Ghi chú\n\(row.name),\(row.licenceNo),0900000000,\n".write(toFile: path, atomically: true, encoding: .utf8)
        h.press(.char("1"), .char("i"))
        h.type(path)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("    Điện thoại: \(row.ownerPhone) → 0900000000"), h.screen)
        XCTAssertTrue(h.screen.contains("Ô trống giữ nguyên giá trị đang lưu"), h.screen)
        XCTAssertFalse(h.screen.contains("Ghi chú:"), "an empty cell keeps the notes: \(h.screen)")
        h.press(.char("e"))
        XCTAssertTrue(h.screen.contains("Ô trống XOÁ giá trị đang lưu"), h.screen)
        h.press(.char("e"))
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Lần nhập số 1"), h.screen)
        XCTAssertEqual(try h.store.establishment(id: try XCTUnwrap(row.id))?.establishment.ownerPhone, "0900000000")
        h.press(.char("I"))
        XCTAssertTrue(h.screen.contains("Các lần nhập sổ cơ sở"), h.screen)
        h.press(.char("u"), .enter)
        XCTAssertEqual(try h.store.establishment(id: try XCTUnwrap(row.id))?.establishment.ownerPhone, "0900000000", "Enter keeps the safe choice")
        h.press(.char("u"), .char("c"))
        XCTAssertTrue(h.screen.contains("Đã hoàn tác lần nhập số 1."), h.screen)
        XCTAssertEqual(try h.store.establishment(id: try XCTUnwrap(row.id))?.establishment.fields, row.fields)
    }

    func testLongWorkShowsItsProgressAndEscCancelsTheImportWritingNothing() throws {
        let h = try Harness(width: 100, height: 30)
        h.app.progressDelay = 0
        try h.app.ctx.withProgress(.progressImportWrite) { p in
            p.add(total: 2000)
            try p.advance(500)
            XCTAssertTrue(h.screen.contains("Đang ghi vào sổ"), h.screen)
            XCTAssertTrue(h.screen.contains("25%"), h.screen)
            XCTAssertTrue(h.screen.contains("500/2.000"), h.screen)
            XCTAssertTrue(h.screen.contains("Esc: hủy (không ghi gì)"), h.screen)
            XCTAssertTrue(h.screen.contains("█"), "the bar is drawn in blocks, readable without colour: \(h.screen)")
        }
        XCTAssertFalse(h.press(.char("j")).contains("Đang ghi vào sổ"), "the box goes when the work is done")

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-import-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rows = (0..<300).map { "Karaoke Số \($0);karaoke;\($0) Phố Huế" }
        try ("Tên cơ sở;Loại hình;Địa chỉ\n" + rows.joined(separator: "\n")).write(toFile: path, atomically: true, encoding: .utf8)
        h.press(.char("i"))
        h.type(path)
        h.press(.ctrl("s"))
        XCTAssertTrue(h.screen.contains("Dòng 301: thêm — Karaoke Số 299") || h.screen.contains("Dòng 2: thêm — Karaoke Số 0"), h.screen)
        h.press(.ctrl("s"), .escape)            // Esc while the rows are being written
        XCTAssertTrue(h.screen.contains("Đã hủy; không có gì thay đổi."), h.screen)
        XCTAssertEqual(try h.store.countEstablishments(EstablishmentQuery(language: .vi)), 40, "cancel adds nothing")
        h.press(.ctrl("s"))                     // the preview is still there: try again, to the end
        XCTAssertTrue(h.screen.contains("Đã nhập: thêm 300, cập nhật 0; bỏ 0 dòng."), h.screen)
        XCTAssertEqual(try h.store.countEstablishments(EstablishmentQuery(language: .vi)), 340)
    }

    func testAnAdminBacksUpAndChecksFromTheApp() throws {
        let h = try Harness(width: 100, height: 30)
        h.press(.char("B"))
        let said = try XCTUnwrap(h.screen.split(separator: "\n").first { $0.contains("Đã sao lưu vào") }, h.screen)
        let file = String(said.split(separator: " ").last ?? "")
        defer { try? FileManager.default.removeItem(atPath: file) }
        XCTAssertNoThrow(try WardStore.verifyBackup(file))
        h.press(.char("K"))
        XCTAssertTrue(h.screen.contains("Không thấy lỗi nào"), h.screen)
        h.press(.function(2), .home, .enter, .char("B"))   // an officer may not
        XCTAssertTrue(h.screen.contains("Việc này cần vai trò: Quản trị."), h.screen)
    }
}
