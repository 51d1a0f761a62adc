import XCTest
@testable import WardCaseExport
@testable import WardCaseCore

/// The import story: a ward's messy register becomes establishments, row by row with reasons.
final class ImportTests: XCTestCase {
    var l: Localizer!
    override func setUpWithError() throws { l = try Localizer.load(.vi, resources: ResourceLocator.directory()) }

    func store() throws -> WardStore {
        let s = try WardStore.inMemory()
        try s.initialiseWard(WardIdentity(name: "Phường Đống Đa", province: "Hà Nội", receivingAgency: "Sở Y tế"))
        try s.addEstablishment(Establishment(name: "Karaoke Nice", typeId: 4, street: "Số 240 phố Hoàng Cầu", licenceNo: "01.D8.1111"), by: s.tester())
        return s
    }

    func testHeadersInEitherLanguageWithOrWithoutAccents() {
        XCTAssertEqual(EstablishmentImport.field(forHeader: "Tên cơ sở"), .name)
        XCTAssertEqual(EstablishmentImport.field(forHeader: "TEN CO SO"), .name)
        XCTAssertEqual(EstablishmentImport.field(forHeader: "Name"), .name)
        XCTAssertEqual(EstablishmentImport.field(forHeader: "Ngày ký cam kết"), .commitmentDate)
        XCTAssertEqual(EstablishmentImport.field(forHeader: "Cam kết"), .commitmentSigned)
        XCTAssertEqual(EstablishmentImport.field(forHeader: "SĐT"), .ownerPhone)
        XCTAssertEqual(EstablishmentImport.field(forHeader: "Số GP:"), .licenceNo)
        XCTAssertEqual(EstablishmentImport.field(forHeader: "Ngày hết hạn giấy phép"), .licenceExpires)
        XCTAssertNil(EstablishmentImport.field(forHeader: "Zalo"))
    }

    func testEveryDateForm() {
        typealias Day = Formats.Day
        XCTAssertEqual(Day(flexible: "05/03/2027"), Day(year: 2027, month: 3, day: 5))
        XCTAssertEqual(Day(flexible: "5/3/21", pivotYear: 2026), Day(year: 2021, month: 3, day: 5))
        XCTAssertEqual(Day(flexible: "5/3/98", pivotYear: 2026), Day(year: 1998, month: 3, day: 5))
        XCTAssertEqual(Day(flexible: "2026-11-25"), Day(year: 2026, month: 11, day: 25))
        XCTAssertEqual(Day(flexible: "44927"), Day(year: 2023, month: 1, day: 1), "an Excel serial number")
        XCTAssertEqual(Day(flexible: "5.3.2027"), Day(year: 2027, month: 3, day: 5))
        XCTAssertNil(Day(flexible: "31/02/2024"))
        XCTAssertNil(Day(flexible: "hôm qua"))
        XCTAssertNil(Day(flexible: "5/3/202"))
    }

    func testTypeSpellingsMapToTheWardsTypes() throws {
        let types = try store().establishmentTypes()
        func code(_ s: String) -> String? { EstablishmentImport.type(s, in: types)?.code }
        XCTAssertEqual(code("nha nghi"), "guesthouse")
        XCTAssertEqual(code("KARAOKE"), "karaoke")
        XCTAssertEqual(code("Xoa bóp"), "massage")
        XCTAssertEqual(code("Nhà trọ / nhà cho thuê"), "rented_rooms")
        XCTAssertEqual(code("Guesthouse"), "guesthouse")
        XCTAssertNil(code("cà phê"))
    }

    func testAMessyRegisterRowByRow() throws {
        let s = try store()
        let rows: [[String]] = [
            ["DANH SÁCH CƠ SỞ", "", ""],
            ["", "", ""],
            ["STT", "Tên cơ sở", "Loại hình", "Địa chỉ", "Số giấy phép", "Ngày cấp", "Ngày hết hạn", "Số lao động", "Khám SK", "Mức nguy cơ", "Zalo"],
            ["1", "Nhà nghỉ Hoa Mai", "nha nghi", "Số 5 ngõ 12 Xã Đàn", "01.D8.7777", "5/3/21", "05/03/2027", "6", "4", "Thấp", "0912"],
            ["2", "Karaoke Sao Băng", "KARAOKE", "Số 9 Khâm Thiên", "01.D8.8888", "31/02/2024", "", "5", "7", "cao", ""],
            ["", "", "", "", "", "", "", "", "", "", ""],
            ["3", "Massage Thư Giãn", "Xoa bóp", "Số 36 Đê La Thành", "", "01/01/2020", "01/01/2019", "-2", "0", "", ""],
            ["4", "Quán cà phê Gió", "cà phê", "Số 1 Tây Sơn", "", "", "", "", "", "", ""],
            ["5", "NHÀ NGHỈ HOA MAI", "Nhà nghỉ", "số 5 ngõ 12 xã đàn", "", "", "", "", "", "", ""],
            ["6", "Karaoke Nice (đổi chủ)", "karaoke", "Số 240 phố Hoàng Cầu", "01.D8.1111", "", "", "9", "", "trung bình", ""],
            ["7", "Karaoke Nice", "karaoke", "Số 240 phố Hoàng Cầu", "", "", "", "", "", "", ""],
            ["", "", "", "", "", "", "", "", "", "", ""],
        ]
        let plan = try EstablishmentImport.plan(rows, store: s, today: Formats.Day(year: 2026, month: 11, day: 25), l: l)
        XCTAssertEqual(plan.headerLine, 3)
        XCTAssertEqual(plan.unknownColumns, ["Zalo"])
        XCTAssertEqual(plan.report(l), [
            "Dòng tiêu đề: 3; cột: Tên cơ sở, Loại hình, Địa chỉ, Số giấy phép, Ngày cấp giấy phép, Giấy phép hết hạn, Số người lao động, Số người đã khám sức khỏe, Nguy cơ",
            "Cột không dùng: Zalo (gán bằng --map \"Tên cột=trường\").",
            "Dòng 4: thêm — Nhà nghỉ Hoa Mai",
            "Dòng 5: bỏ — Ngày cấp giấy phép: ngày “31/02/2024” không tồn tại hoặc không đọc được; Số người đã khám sức khỏe: Không thể nhiều hơn số người lao động; Lý do mức nguy cơ: Mức nguy cơ cao cần ghi lý do",
            "Dòng 7: bỏ — Số người lao động: Không được là số âm; Giấy phép hết hạn: Ngày hết hạn phải sau ngày cấp",
            "Dòng 8: bỏ — không rõ loại hình “cà phê”",
            "Dòng 9: bỏ — trùng với dòng 4 trong tệp",
            "Dòng 10: cập nhật — Karaoke Nice (đổi chủ)",
            "Dòng 11: bỏ — trùng với cơ sở đã có: Karaoke Nice (Số 240 phố Hoàng Cầu)",
            "Thêm 1, cập nhật 1, bỏ 5 dòng.",
        ])
        XCTAssertThrowsError(try s.apply(plan, strict: true, by: s.tester())) { XCTAssertEqual($0 as? WardError, .importStrict(5)) }
        XCTAssertEqual(try s.countEstablishments(EstablishmentQuery(language: .vi)), 1, "strict: nothing added")
        try s.apply(plan, strict: false, by: s.tester())
        let names = try s.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 10).map(\.establishment.name)
        XCTAssertEqual(names, ["Karaoke Nice (đổi chủ)", "Nhà nghỉ Hoa Mai"])
        let added = try XCTUnwrap(s.establishments(EstablishmentQuery(filter: "hoa mai", language: .vi), offset: 0, limit: 1).first?.establishment)
        XCTAssertEqual(added.licenceIssued, Formats.Day(year: 2021, month: 3, day: 5))
        XCTAssertEqual(added.workersHealthChecked, 4)
        XCTAssertEqual(try s.history(of: "establishment", id: 1, by: s.tester()).first?.changeSummary.contains("name: Karaoke Nice → Karaoke Nice (đổi chủ)"), true)
    }

    func testColumnsCanBeAssignedByHandAndAHeaderIsRequired() throws {
        let s = try store()
        let rows = [["Tên cơ sở", "Loại hình", "Cột X"], ["Nhà nghỉ Bình An", "nhà nghỉ", "0988 111 222"]]
        let plan = try EstablishmentImport.plan(rows, store: s, overrides: ["cot x": .ownerPhone], l: l)
        XCTAssertEqual(plan.unknownColumns, [])
        guard case .add(let e) = plan.rows.first?.outcome else { return XCTFail() }
        XCTAssertEqual(e.ownerPhone, "0988 111 222")
        XCTAssertThrowsError(try EstablishmentImport.plan([["a", "b"], ["c", "d"]], store: s, l: l)) {
            XCTAssertEqual($0 as? WardError, .importNoHeader)
        }
    }

    /// Found by the fuzz tests: "1e300" in a count column trapped converting to Int.
    func testAHugeOrEndlessNumberIsARejectedRowNotACrash() throws {
        let s = try store()
        let rows = [["Tên cơ sở", "Loại hình", "Số người lao động"], ["A", "Nhà nghỉ", "1e300"], ["B", "Nhà nghỉ", "inf"], ["C", "Nhà nghỉ", "12"]]
        let plan = try EstablishmentImport.plan(rows, store: s, l: l)
        XCTAssertEqual(plan.rejected, 2)
        XCTAssertEqual(plan.added, 1)
    }

    func testAnInterruptedImportAddsNothing() throws {
        let s = try store()
        let good = Establishment(name: "Nhà nghỉ Một", typeId: 2)
        let broken = Establishment(name: "Không có loại", typeId: 999)   // refused by the database half-way
        let plan = EstablishmentImport.Plan(headerLine: 1, columns: [:], unknownColumns: [],
                                            rows: [.init(line: 2, outcome: .add(good)), .init(line: 3, outcome: .add(broken))])
        XCTAssertThrowsError(try s.apply(plan, strict: false, by: s.tester()))
        XCTAssertEqual(try s.countEstablishments(EstablishmentQuery(language: .vi)), 1)
    }

    /// register.xlsx is written by openpyxl (inline strings); register-calc.xlsx is the same
    /// register saved by LibreOffice Calc (shared strings, Calc's styles), as a ward's file would be.
    func testTheXLSXRegisterImports() throws {
        try importRegister("register.xlsx")
        try importRegister("register-calc.xlsx")
    }

    func importRegister(_ name: String) throws {
        let s = try store()
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        let grid = try Spreadsheet.read(path: url.path)
        let plan = try EstablishmentImport.plan(grid.textRows, store: s, today: Formats.Day(year: 2026, month: 11, day: 25), l: l)
        XCTAssertEqual(plan.added, 3, plan.report(l).joined(separator: "\n"))
        try s.apply(plan, strict: true, by: s.tester())
        let spa = try XCTUnwrap(s.establishments(EstablishmentQuery(filter: "hoa sen trang", language: .vi), offset: 0, limit: 1).first)
        XCTAssertEqual(spa.typeName, "Massage / xoa bóp")
        XCTAssertEqual(spa.establishment.licenceIssued, Formats.Day(year: 2023, month: 1, day: 1))
        XCTAssertTrue(spa.establishment.commitmentSigned)
    }

    func testExportWritesWhatIsShown() throws {
        let s = try store()
        let rows = try s.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 10)
        let csv = CSV.read(EstablishmentExport.csv(rows, l)).textRows
        XCTAssertEqual(csv[0].prefix(3), ["Tên cơ sở", "Loại hình", "Địa chỉ"])
        XCTAssertEqual(csv[1].prefix(3), ["Karaoke Nice", "Karaoke", "Số 240 phố Hoàng Cầu"])
        let xlsx = try XLSX.read(try EstablishmentExport.xlsx(rows, l))
        XCTAssertEqual(xlsx.textRows, csv, "the same table either way")
        // And a file exported by wardcase imports again as updates, not duplicates.
        let plan = try EstablishmentImport.plan(csv, store: s, l: l)
        XCTAssertEqual(plan.updated, 1, plan.report(l).joined(separator: "\n"))
    }
}
