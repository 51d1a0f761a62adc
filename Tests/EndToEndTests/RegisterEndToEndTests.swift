import Foundation
import XCTest

/// The establishment register through the installed binary.
final class RegisterEndToEndTests: XCTestCase {
    func testOfficerAddsFindsWithoutAccentsAndEditsAnEstablishment() throws {
        let bin = try wardcaseBinary()
        let t = try TmuxSession()
        try t.start([bin, "--demo"], width: 100, height: 32)
        t.waitFor(text: "Tổng quan năm")
        try t.press("1")
        t.waitFor(text: "40 cơ sở")
        try t.press("n")
        t.waitFor(text: "Thêm cơ sở")
        try t.type("Nhà nghỉ Phượng Hồng")
        try t.press("Tab", "Right")                  // Khách sạn → Nhà nghỉ
        try t.press("Tab")
        try t.type("Số 15 ngõ 4 Đặng Tiến Đông")
        try t.press("Tab")
        try t.type("Tổ dân phố số 3")
        try t.press("C-s")
        t.waitFor(text: "Đã lưu cơ sở “Nhà nghỉ Phượng Hồng”.")
        t.waitFor(text: "41 cơ sở")

        try t.press("/")
        try t.type("phuong hong")
        // Wait for the whole phrase: a capture taken while "phuong ho" is still arriving shows other rows.
        t.waitFor(text: "1 / 41 cơ sở khớp “phuong hong”")
        let found = t.waitFor(text: "Nhà nghỉ Phượng Hồng")
        XCTAssertTrue(found.contains("1 / 41 cơ sở"), found)
        try t.press("Enter", "Enter")
        t.waitFor(text: "Số 15 ngõ 4 Đặng Tiến Đông")
        try t.press("e")
        t.waitFor(text: "Sửa cơ sở: Nhà nghỉ Phượng Hồng")
        try t.press("Tab", "Tab", "Tab", "Tab")      // to the owner
        try t.type("Bùi Thị Phượng")
        try t.press("C-s")
        t.waitFor(text: "Đã lưu cơ sở “Nhà nghỉ Phượng Hồng”.")
        t.waitFor(text: "Bùi Thị Phượng")
        try t.press("q", "Escape", "q")
        t.waitFor(text: "EXIT=0")
    }

    func testImportAndListFromTheShell() throws {
        let bin = try wardcaseBinary()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let env = ["PATH": "/usr/bin:/bin", "HOME": folder.path]
        let db = folder.appendingPathComponent("w.sqlite").path
        XCTAssertEqual(try runProgram([bin, "init", "--db", db, "--ward", "Phường Láng", "--province", "Hà Nội"], environment: env).status, 0)
        try mapTestUser(bin, db: db, env: env)
        let csv = folder.appendingPathComponent("so-quan-ly.csv")
        try ("\u{FEFF}SỔ QUẢN LÝ CƠ SỞ;;\r\n;;\r\nSTT;Tên cơ sở;Loại hình;Địa chỉ;Ngày cấp;Zalo\r\n"
             + "1;Nhà nghỉ Bình An;nha nghi;Số 2 Láng;5/3/21;0912\r\n2;\"Quán bar \"\"Đêm\"\"\";QUÁN BAR;\"Số 9\nLáng Hạ\";31/02/2024;\r\n;;\r\n")
            .write(to: csv, atomically: true, encoding: .utf8)
        var r = try runProgram([bin, "import", "establishments", csv.path, "--db", db, "--dry-run"], environment: env)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, """
            Dòng tiêu đề: 3; cột: Tên cơ sở, Loại hình, Địa chỉ, Ngày cấp giấy phép
            Cột không dùng: Zalo (gán bằng --map "Tên cột=trường").
            Dòng 4: thêm — Nhà nghỉ Bình An
            Dòng 5: bỏ — Ngày cấp giấy phép: ngày “31/02/2024” không tồn tại hoặc không đọc được
            Thêm 1, cập nhật 0, bỏ 1 dòng.
            Chạy thử: chưa ghi gì vào sổ.

            """)
        r = try runProgram([bin, "import", "establishments", csv.path, "--db", db, "--strict"], environment: env)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err, "Có 1 dòng bị từ chối nên không nhập dòng nào (--strict).\n")
        r = try runProgram([bin, "import", "establishments", csv.path, "--db", db, "--map", "Zalo=owner_phone"], environment: env)
        XCTAssertTrue(r.out.hasSuffix("Đã nhập: thêm 1, cập nhật 0; bỏ 1 dòng.\nLần nhập số 1; hoàn tác bằng wardcase import undo 1.\n"), r.out)
        r = try runProgram([bin, "list", "establishments", "--db", db, "--format", "csv", "--filter", "binh an"], environment: env)
        let lines = r.out.components(separatedBy: "\r\n")
        XCTAssertTrue(lines[0].hasSuffix("Tên cơ sở,Loại hình,Địa chỉ,Tổ dân phố,Chủ / người quản lý,Điện thoại,Số ĐKKD,Số giấy phép,Ngày cấp giấy phép,Giấy phép hết hạn,Có GCN đủ điều kiện ANTT,Số người lao động,Số người đã khám sức khỏe,Số người được tuyên truyền,Chủ cơ sở đã ký cam kết,Ngày ký cam kết,Nguy cơ,Lý do mức nguy cơ,Trạng thái,Ngày của trạng thái,Ghi chú"), lines[0])
        XCTAssertEqual(lines[1], "Nhà nghỉ Bình An,Nhà nghỉ,Số 2 Láng,,,0912,,,05/03/2021,,Không,0,0,0,Không,,Chưa phân loại,,Đang hoạt động,,")
        r = try runProgram([bin, "list", "establishments", "--db", db, "--format", "json"], environment: env)
        XCTAssertTrue(r.out.contains("\"name\" : \"Nhà nghỉ Bình An\""), r.out)
        XCTAssertTrue(r.out.contains("\"licence_issued\" : \"05/03/2021\""), r.out)
        // The type list is the ward's: a new type makes "cà phê" rows importable.
        r = try runProgram([bin, "type", "set", "cafe", "--vi", "Quán cà phê", "--en", "Café", "--db", db], environment: env)
        XCTAssertEqual(r.out, "Đã thêm loại hình cafe: Quán cà phê\n", r.err)
        XCTAssertTrue(try runProgram([bin, "type", "list", "--db", db], environment: env).out.contains("cafe\tQuán cà phê\tCafé\n"))
        // So is the list of residential groups: a spelling of a number is that group.
        r = try runProgram([bin, "group", "set", "TDP 8", "--db", db], environment: env)
        XCTAssertEqual(r.out, "Đã thêm tổ dân phố: Tổ dân phố số 8\n", r.err)
        r = try runProgram([bin, "group", "set", "8", "--db", db], environment: env)
        XCTAssertEqual(r.out, "Đã có trong danh sách: Tổ dân phố số 8\n", r.err)
        r = try runProgram([bin, "group", "list", "--db", db], environment: env)
        XCTAssertTrue(r.out.contains("Tổ dân phố số 8  0 cơ sở · 0 điểm nóng\n1 tổ dân phố.\n"), r.out)
        let cafe = folder.appendingPathComponent("cafe.csv")
        try "Tên cơ sở,Loại hình\nCà phê Gió,cà phê\n".write(to: cafe, atomically: true, encoding: .utf8)
        r = try runProgram([bin, "import", "establishments", cafe.path, "--db", db], environment: env)
        XCTAssertTrue(r.out.contains("Dòng 2: thêm — Cà phê Gió"), r.out)
        r = try runProgram([bin, "import", "establishments", folder.appendingPathComponent("none.csv").path, "--db", db], environment: env)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err.split(separator: "\n").count, 1, r.err)
    }
}
