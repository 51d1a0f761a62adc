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

    func testDayArithmeticAndSpreadsheetSerials() throws {
        typealias Day = Formats.Day
        XCTAssertEqual(Day(year: 2023, month: 1, day: 1)?.excelSerial, 44927)
        XCTAssertEqual(Day(year: 1900, month: 3, day: 1)?.excelSerial, 61)
        XCTAssertEqual(Day(excelSerial: 46351), Day(year: 2026, month: 11, day: 25))
        XCTAssertEqual(Day(year: 2024, month: 2, day: 28)?.adding(days: 1), Day(year: 2024, month: 2, day: 29))
        XCTAssertEqual(Day(year: 2025, month: 12, day: 31)?.adding(days: 1), Day(year: 2026, month: 1, day: 1))
        XCTAssertEqual(Day(year: 2026, month: 3, day: 1)?.adding(days: -1), Day(year: 2026, month: 2, day: 28))
        let edge = try XCTUnwrap(Day(year: 2200, month: 12, day: 31))
        XCTAssertEqual(edge.adding(days: 1), edge, "no crash past the supported years")
        // From 1/3/1900 on (Excel counts a 29/2/1900 that never was) to the last supported year.
        for serial in stride(from: 61, to: 109_500, by: 997) {
            XCTAssertEqual(Day(excelSerial: serial)?.excelSerial, serial)
        }
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
