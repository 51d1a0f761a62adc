import XCTest
@testable import WardCaseCore

final class TextTests: XCTestCase {
    func testFoldingDropsAccentsCaseAndDStroke() {
        XCTAssertEqual(VietText.fold("Đống Đa"), "dong da")
        XCTAssertEqual(VietText.fold("KHÁCH SẠN Hoàng Cầu"), "khach san hoang cau")
        XCTAssertEqual(VietText.fold("Nhà nghỉ   Phương\tLinh"), "nha nghi phuong linh")
        XCTAssertEqual(VietText.fold("đường"), "duong")
    }

    func testFoldingTreatsCombiningAndPrecomposedAlike() {
        let combining = "Ph\u{0075}\u{031B}\u{01A1}\u{0300}ng"  // typed as base letters + marks
        XCTAssertEqual(VietText.fold(combining), VietText.fold("Phường"))
        XCTAssertEqual(VietText.fold("e\u{0302}\u{0323}"), "e")
    }

    func testCleanStoresNFCAndDropsControlCharacters() {
        let decomposed = "Nha\u{0300} nghi\u{0309}"
        let cleaned = VietText.clean("  " + decomposed + "\u{1B}[31m \n")
        XCTAssertEqual(cleaned, "Nhà nghỉ[31m")
        XCTAssertEqual(cleaned.unicodeScalars.count, "Nhà nghỉ[31m".unicodeScalars.count)
        XCTAssertEqual(VietText.clean("dòng 1\ndòng 2", multiline: true), "dòng 1\ndòng 2")
    }

    func testShortResidentialGroup() {
        XCTAssertEqual(VietText.shortGroup("Tổ dân phố số 12"), "TDP 12")
        XCTAssertEqual(VietText.shortGroup("Khu phố 3"), "KP 3")
        XCTAssertEqual(VietText.shortGroup("Ấp Bình Minh"), "Ấp Bình Minh")
    }

    func testDatesAreWrittenDayMonthYear() throws {
        let d = try XCTUnwrap(Formats.Day(vietnamese: "5/12/2026"))
        XCTAssertEqual(d.vietnamese, "05/12/2026")
        XCTAssertEqual(d.iso, "2026-12-05")
        XCTAssertEqual(Formats.Day(iso: "2026-12-05"), d)
        XCTAssertNil(Formats.Day(vietnamese: "31/02/2026"))
        XCTAssertNil(Formats.Day(vietnamese: "12/2026"))
        XCTAssertNil(Formats.Day(vietnamese: "05/12/26"))
        XCTAssertNotNil(Formats.Day(vietnamese: "29/02/2024"))
        XCTAssertNil(Formats.Day(vietnamese: "29/02/2025"))
    }

    func testMoneyUsesDotGrouping() {
        XCTAssertEqual(Formats.groupedDigits(1_500_000), "1.500.000")
        XCTAssertEqual(Formats.groupedDigits(0), "0")
        XCTAssertEqual(Formats.groupedDigits(999), "999")
        XCTAssertEqual(Formats.parseMoney("1.500.000 đồng"), 1_500_000)
        XCTAssertEqual(Formats.parseMoney("2 000 000"), 2_000_000)
        XCTAssertNil(Formats.parseMoney("một triệu"))
        XCTAssertNil(Formats.parseMoney(""))
        XCTAssertEqual(Formats.parseInt("1.200"), 1200)
        XCTAssertNil(Formats.parseInt("12a"))
    }
}
