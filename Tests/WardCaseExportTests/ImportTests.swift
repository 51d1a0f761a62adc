import XCTest
@testable import WardCaseExport
@testable import WardCaseCore
@testable import WardCaseDemo

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
            "    Tên cơ sở: Karaoke Nice → Karaoke Nice (đổi chủ)",
            "    Số người lao động: 0 → 9",
            "    Nguy cơ: Chưa phân loại → Trung bình",   // the store's Karaoke Nice was added without a risk: unclassified
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

    /// The shell's import reads, checks and writes one row at a time: it says, line for line,
    /// what the preview says; strict or cancelled, it writes nothing; otherwise it writes what
    /// `apply` writes, as one batch that can be taken back.
    func testAStreamedImportDoesWhatThePreviewSaysRowByRow() throws {
        var rows: [[String]] = [
            ["DANH SÁCH CƠ SỞ"], [],
            ["STT", "Tên cơ sở", "Loại hình", "Địa chỉ", "Số giấy phép", "Tổ dân phố", "Số lao động", "Mức nguy cơ"],
            ["1", "Nhà nghỉ Hoa Mai", "nha nghi", "Số 5 ngõ 12 Xã Đàn", "01.D8.7777", "TDP 3", "6", "Thấp"],
            ["2", "Karaoke Sao Băng", "KARAOKE", "Số 9 Khâm Thiên", "01.D8.8888", "", "-5", ""],
            [],
            ["3", "NHÀ NGHỈ HOA MAI", "Nhà nghỉ", "số 5 ngõ 12 xã đàn", "", "", "", ""],
            ["4", "Karaoke Nice (đổi chủ)", "karaoke", "Số 240 phố Hoàng Cầu", "01.D8.1111", "", "9", "trung bình"],
            ["5", "Quán bar Đêm", "bar", "Số 7 Tây Sơn", "", "Tổ dân phố số 3", "", ""],
            // A group new to the ward after rows are written: its audit row comes between theirs.
            ["6", "Massage Thư Giãn", "massage", "Số 2 Thái Hà", "", "Tổ dân phố số 4", "", ""],
        ]
        // Rows are checked a batch at a time and written while the next batch is made ready: a
        // few batches, with a group new to the ward and a duplicate far down, read and write as
        // the six rows above do.
        for i in 0..<700 {
            rows.append(["\(7 + i)", "Nhà trọ số \(i)", "nhà trọ", "Số \(i) ngõ 5 Tây Sơn", "01.D8.\(20_000 + i)",
                         i >= 600 ? "Tổ dân phố số 7" : "Tổ dân phố số 3", "\(i % 9)", ""])
        }
        rows.append(["707", "Nhà trọ số 5", "nhà trọ", "Số 5 ngõ 5 Tây Sơn", "", "", "", ""])
        func stream(_ s: WardStore, strict: Bool = false, dryRun: Bool = false, progress: WorkProgress = .silent) throws -> ([String], ImportSummary) {
            var lines: [String] = [], next = rows.makeIterator()
            let done = try s.importEstablishments(rows: { next.next() }, strict: strict, dryRun: dryRun, by: s.tester(), l: l,
                                                  progress: progress) { lines += $0.map(\.text) }
            return (lines, done)
        }
        let s = try store()
        let plan = try EstablishmentImport.plan(rows, store: s, l: l)
        let (previewed, counted) = try stream(s, strict: true, dryRun: true)
        XCTAssertEqual(previewed, plan.report(l))
        XCTAssertEqual([counted.added, counted.updated, counted.rejected], [plan.added, plan.updated, plan.rejected])
        XCTAssertEqual(counted.newGroups, ["Tổ dân phố số 3", "Tổ dân phố số 4", "Tổ dân phố số 7"])
        XCTAssertNil(counted.batch)
        XCTAssertThrowsError(try stream(s, strict: true)) { XCTAssertEqual($0 as? WardError, .importStrict(plan.rejected)) }
        XCTAssertThrowsError(try stream(s, progress: WorkProgress(every: 0) { _ in false })) { XCTAssertEqual($0 as? WardError, .cancelled) }
        XCTAssertEqual(try s.countEstablishments(EstablishmentQuery(language: .vi)), 1, "a dry run, a strict refusal and a cancel write nothing")
        XCTAssertEqual(try s.residentialGroups().map(\.name), [])

        let (_, done) = try stream(s)
        let applied = try store()
        try applied.apply(EstablishmentImport.plan(rows, store: applied, l: l), strict: false, by: applied.tester())
        func register(_ s: WardStore) throws -> [String] {
            try s.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 1_000).map { r in
                let e = r.establishment
                return [e.name, e.street, e.residentialGroup, e.licenceNo, String(e.workers), e.riskLevel.rawValue, String(e.version)].joined(separator: "|")
            }
        }
        XCTAssertEqual(try register(s), try register(applied))
        XCTAssertEqual(try s.residentialGroups().map(\.name), ["Tổ dân phố số 3", "Tổ dân phố số 4", "Tổ dân phố số 7"])
        XCTAssertEqual(try s.countEstablishments(EstablishmentQuery(language: .vi)), 1 + 3 + 700, "the one on the register, three of the first six rows, and 700")
        // Each written record's audit row follows the one before without reading it back: the
        // chain runs on through the group added and the record updated between them.
        func chainBreak(_ s: WardStore) throws -> Int64? { try s.testConnection.read { try Audit.firstBrokenLink($0, progress: .silent) } }
        XCTAssertNil(try chainBreak(s))
        XCTAssertNil(try chainBreak(applied))
        let batch = try XCTUnwrap(done.batch)
        try s.undoImport(batch, by: s.tester())
        XCTAssertEqual(try register(s), ["Karaoke Nice|Số 240 phố Hoàng Cầu||01.D8.1111|0|unclassified|3"])
        XCTAssertNil(try chainBreak(s))
    }

    /// A CSV file is read 64 KB at a time: quotes, doubled quotes, line breaks inside a field and
    /// CRLF read the same wherever a chunk ends, and the same as the file read whole; so do
    /// the parser's bytes fed one at a time.
    func testACSVReadInChunksReadsAsTheWholeFile() throws {
        var text = "\u{FEFF}Tên cơ sở;Địa chỉ;Ghi chú\r\n"
        for i in 0..<3_000 {
            text += "\"Nhà nghỉ \"\"Hoa\"\" \(i)\";Số \(i) phố Xã Đàn;\"dòng một\ndòng hai; có dấu chấm phẩy\"\r\n"
            if i % 7 == 0 { text += "Karaoke Đêm \(i);;\n" }
        }
        text += "\"chưa đóng ngoặc;Số 1"
        let data = Data(text.utf8)
        XCTAssertGreaterThan(data.count, 3 << 16)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chunks-\(UUID().uuidString).csv")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let whole = CSV.read(data).textRows
        let reader = try Spreadsheet.rows(path: url.path)
        var streamed: [[String]] = []
        while let row = try reader.nextRow() { streamed.append(row) }
        XCTAssertEqual(streamed, whole)
        XCTAssertEqual(reader.bytesRead, data.count)
        XCTAssertEqual(whole.count, 3_000 + 429 + 2)
        XCTAssertEqual(whole[1], ["Nhà nghỉ \"Hoa\" 0", "Số 0 phố Xã Đàn", "dòng một\ndòng hai; có dấu chấm phẩy"])
        XCTAssertEqual(whole.last, ["chưa đóng ngoặc;Số 1"])
        var parser = CSV.Parser(delimiter: 0x3B)
        var byByte: [[String]] = []
        for byte in Data(text.utf8).dropFirst(3) { try parser.feed([byte]) { byByte.append($0.map(\.text)) } }
        try parser.finish { byByte.append($0.map(\.text)) }
        XCTAssertEqual(byByte, whole)
        // Not UTF-8 (a Windows-1258 file) is one sentence, whichever chunk it is found in.
        try (data + Data([0xC3, 0x28, 0x0A])).write(to: url)
        let bad = try Spreadsheet.rows(path: url.path)
        XCTAssertThrowsError(try { while try bad.nextRow() != nil {} }()) {
            XCTAssertEqual($0 as? WardError, .unreadableSpreadsheet(path: url.path, .notText))
        }
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

    /// A sheet spells one residential group three ways: each row lands in the listed group, and a
    /// group the list lacks is named in the preview and added when the plan is applied.
    func testGroupSpellingsMapToTheWardsListAndNewGroupsAreNamed() throws {
        let s = try store()
        try s.saveResidentialGroup("Tổ dân phố số 8", by: s.tester())
        let rows = [["Tên cơ sở", "Loại hình", "Tổ dân phố"], ["A", "Nhà nghỉ", "8"], ["B", "Nhà nghỉ", "TDP 8"],
                    ["C", "Nhà nghỉ", "tổ dân phố số 8"], ["D", "Nhà nghỉ", "Tổ 9"], ["E", "Nhà nghỉ", "tdp 9"]]
        let plan = try EstablishmentImport.plan(rows, store: s, l: l)
        let groups = plan.rows.compactMap { if case .add(let e) = $0.outcome { e.residentialGroup } else { nil } }
        XCTAssertEqual(groups, ["Tổ dân phố số 8", "Tổ dân phố số 8", "Tổ dân phố số 8", "Tổ dân phố số 9", "Tổ dân phố số 9"])
        XCTAssertEqual(plan.newGroups, ["Tổ dân phố số 9"])
        XCTAssertTrue(plan.report(l).contains("Tổ dân phố mới, sẽ được thêm vào danh sách của phường: Tổ dân phố số 9"), plan.report(l).joined(separator: "\n"))
        _ = try s.apply(plan, strict: true, by: s.tester())
        XCTAssertEqual(try s.residentialGroups().map(\.name), ["Tổ dân phố số 8", "Tổ dân phố số 9"])
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

    // MARK: Merging

    /// The clerk's story: a sheet with only name, type, licence and phone, to correct one phone
    /// number of an establishment already on the register. Only the phone may change: the
    /// address, owner, dates, risk and its reason and the rest stay as they are, and the dry run
    /// says which field changes.
    func testAnUpdateChangesOnlyTheColumnsTheSheetHas() throws {
        let s = try store()
        let tester = try s.tester()
        try s.saveResidentialGroup("Tổ dân phố số 3", by: tester)
        var e = Establishment(name: "Karaoke Hoa Hồng", typeId: 4, street: "Số 12 phố Láng", residentialGroup: "Tổ dân phố số 3",
                              ownerName: "Trần Văn Chủ", ownerPhone: "0922485272", licenceNo: "01.D8.2222", riskLevel: .high, status: .active)
        e.riskReason = "Từng vi phạm năm 2025"
        e.businessRegNo = "0101234567"
        e.licenceIssued = Formats.Day(year: 2024, month: 1, day: 2)
        e.licenceExpires = Formats.Day(year: 2029, month: 1, day: 2)
        e.securityCertificate = true
        e.workers = 12
        e.commitmentSigned = true
        e.commitmentDate = Formats.Day(year: 2025, month: 3, day: 4)
        e.statusDate = Formats.Day(year: 2025, month: 3, day: 4)
        let before = try s.addEstablishment(e, by: tester)

        let rows = [["Tên cơ sở", "Loại hình", "Số giấy phép", "Điện thoại"],
                    ["Karaoke Hoa Hồng", "Karaoke", "01.D8.2222", "0900000000"],
                    ["Karaoke Nice", "", "01.D8.1111", ""]]
        let plan = try EstablishmentImport.plan(rows, store: s, l: l)
        XCTAssertEqual(plan.updated, 2)
        let report = plan.report(l)
        XCTAssertTrue(report.contains("    Điện thoại: 0922485272 → 0900000000"), report.joined(separator: "\n"))
        XCTAssertTrue(report.contains { $0.hasPrefix("Dòng 3: không thay đổi gì") }, report.joined(separator: "\n"))
        XCTAssertEqual(report.filter { $0.hasPrefix("    ") }.count, 1, "one field changes")
        try s.apply(plan, strict: true, by: tester)
        var after = try XCTUnwrap(try s.establishment(id: try XCTUnwrap(before.id))?.establishment)
        XCTAssertEqual(after.ownerPhone, "0900000000")
        after.ownerPhone = before.ownerPhone
        XCTAssertEqual(after.fields, before.fields, "nothing else changed")
        XCTAssertEqual(after.version, before.version + 1)
        let nice = try XCTUnwrap(try s.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 10).first { $0.establishment.licenceNo == "01.D8.1111" })
        XCTAssertEqual(nice.establishment.version, 1, "a row that changes nothing writes nothing")

        // --clear-empty: the empty cell clears the phone (and nothing the sheet does not have).
        let clearing = try EstablishmentImport.plan([rows[0], ["Karaoke Hoa Hồng", "Karaoke", "01.D8.2222", ""]], store: s, clearEmpty: true, l: l)
        XCTAssertTrue(clearing.report(l).contains("    Điện thoại: 0900000000 → —"), clearing.report(l).joined(separator: "\n"))
        try s.apply(clearing, strict: true, by: tester)
        XCTAssertEqual(try s.establishment(id: try XCTUnwrap(before.id))?.establishment.ownerPhone, "")
        XCTAssertEqual(try s.establishment(id: try XCTUnwrap(before.id))?.establishment.riskReason, "Từng vi phạm năm 2025")
    }

    /// Someone edits a record in another terminal between the preview and the apply: it is not
    /// overwritten; the line comes back, and under --strict nothing is written.
    func testARecordChangedSinceThePreviewIsNotOverwritten() throws {
        let s = try store()
        let tester = try s.tester()
        let rows = [["Tên cơ sở", "Loại hình", "Số giấy phép", "Địa chỉ"], ["Karaoke Nice", "Karaoke", "01.D8.1111", "Số 1 phố Mới"],
                    ["Karaoke Mới", "Karaoke", "01.D8.3333", "Số 2 phố Mới"]]
        let plan = try EstablishmentImport.plan(rows, store: s, l: l)
        let row = try XCTUnwrap(try s.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 10).first).establishment
        var edited = row
        edited.ownerPhone = "0911111111"
        try s.updateEstablishment(edited, original: row, by: tester)
        XCTAssertThrowsError(try s.apply(plan, strict: true, by: tester)) { XCTAssertEqual($0 as? WardError, .importChangedMeanwhile([2])) }
        XCTAssertEqual(try s.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 10).count, 1, "strict: nothing added")
        XCTAssertEqual(try s.apply(plan, strict: false, by: tester).changedMeanwhile, [2])
        let now = try s.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 10).map(\.establishment)
        XCTAssertEqual(now.count, 2)
        XCTAssertEqual(now.first { $0.licenceNo == "01.D8.1111" }?.street, "Số 240 phố Hoàng Cầu", "the other terminal's record stands")
        XCTAssertEqual(now.first { $0.licenceNo == "01.D8.1111" }?.ownerPhone, "0911111111")
    }

    /// Every column the register's exports write is read back by the import: the demo register,
    /// exported as CSV and XLSX with Vietnamese and English headers, imported into an empty ward,
    /// gives the same records, field for field.
    func testTheRegistersOwnExportsImportBack() throws {
        let demo = try WardStore.inMemory()
        _ = try DemoWard.seedIfEmpty(demo, resources: ResourceLocator.directory())
        let rows = try demo.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 10_000)
        XCTAssertGreaterThan(rows.count, 20)
        func comparable(_ r: [EstablishmentRow]) -> [[EstablishmentField: String]] {
            r.map { var f = $0.establishment.fields; f[.archived] = nil; return f }.sorted { ($0[.name]!, $0[.licenceNo]!) < ($1[.name]!, $1[.licenceNo]!) }
        }
        for language in [Language.vi, .en] {
            let loc = try Localizer.load(language, resources: ResourceLocator.directory())
            for (format, data) in [("csv", EstablishmentExport.csv(rows, loc)), ("xlsx", try EstablishmentExport.xlsx(rows, loc))] {
                let grid = format == "csv" ? CSV.read(data) : try XLSX.read(data)
                let target = try WardStore.inMemory()
                try target.initialiseWard(WardIdentity(name: "Phường Mới", province: "Hà Nội", receivingAgency: "Sở Y tế"))
                let plan = try EstablishmentImport.plan(grid.textRows, store: target, l: loc)
                XCTAssertEqual(plan.unknownColumns, [], "\(language) \(format)")
                XCTAssertEqual(plan.rejected, 0, "\(language) \(format): " + plan.report(loc).filter { $0.contains("bỏ") || $0.contains("reject") }.prefix(3).joined(separator: "\n"))
                try target.apply(plan, strict: true, by: target.tester())
                let back = try target.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 10_000)
                XCTAssertEqual(comparable(back), comparable(rows), "\(language) \(format)")
            }
        }
    }


    /// An import taken back: the register is as it was, to the byte of its export; refused, and
    /// nothing changed, when a record was edited after the import.
    func testAnImportIsTakenBackUnlessARecordChangedSince() throws {
        let s = try store()
        let tester = try s.tester()
        func register() throws -> Data { try EstablishmentExport.json(try s.establishments(EstablishmentQuery(language: .vi, includeArchived: true), offset: 0, limit: 100), l) }
        let before = try register()
        let rows = [["Tên cơ sở", "Loại hình", "Số giấy phép", "Địa chỉ", "Điện thoại"],
                    ["Karaoke Nice", "Karaoke", "01.D8.1111", "", "0988000111"],
                    ["Nhà nghỉ Mới", "Nhà nghỉ", "01.D8.5555", "Số 3 phố Mới", ""]]
        let first = try s.apply(try EstablishmentImport.plan(rows, store: s, l: l), strict: true, by: tester)
        let batch = try XCTUnwrap(first.batch)
        XCTAssertNotEqual(try register(), before)
        XCTAssertEqual(try s.importBatches(by: tester).first.map { [$0.added, $0.updated] }, [1, 1])
        try s.undoImport(batch, by: tester)
        XCTAssertEqual(try register(), before, "byte for byte")
        XCTAssertThrowsError(try s.undoImport(batch, by: tester)) { XCTAssertEqual($0 as? WardError, .importBatchUndone(batch)) }
        XCTAssertNotNil(try s.importBatches(by: tester).first?.undoneAt)

        // Again, then an edit of the imported record: the undo is refused and changes nothing.
        let second = try XCTUnwrap(try s.apply(try EstablishmentImport.plan(rows, store: s, l: l), strict: true, by: tester).batch)
        let nice = try XCTUnwrap(try s.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 10).first { $0.establishment.licenceNo == "01.D8.1111" }).establishment
        var edited = nice
        edited.notes = "Sửa sau khi nhập"
        try s.updateEstablishment(edited, original: nice, by: tester)
        let afterEdit = try register()
        XCTAssertThrowsError(try s.undoImport(second, by: tester)) { XCTAssertEqual($0 as? WardError, .importUndoBlocked(second, ["Karaoke Nice"])) }
        XCTAssertEqual(try register(), afterEdit)
        XCTAssertThrowsError(try s.undoImport(999, by: tester)) { XCTAssertEqual($0 as? WardError, .importBatchNotFound(999)) }
        let officer = try s.createAccount(login: "lanh", displayName: "Lãnh", roles: [.leadership], password: "matkhau123", by: tester)
        XCTAssertThrowsError(try s.undoImport(second, by: officer))
    }

}
