import XCTest
@testable import TerminalKit

final class BufferTests: XCTestCase {
    func testVietnameseIsOneColumnALetterAndMarksAreZero() {
        XCTAssertEqual(TextWidth.of("Phường Đống Đa"), 14)
        XCTAssertEqual(TextWidth.of("Phu\u{031B}\u{01A1}\u{0300}ng"), 6)   // base + combining marks
        XCTAssertEqual(TextWidth.of("漢字"), 4)
        XCTAssertEqual(TextWidth.truncate("Nhà nghỉ Phương Linh", to: 10), "Nhà nghỉ …")
        XCTAssertEqual(TextWidth.pad("Cao", to: 6), "Cao   ")
        XCTAssertEqual(TextWidth.pad("12", to: 5, alignRight: true), "   12")
        XCTAssertEqual(TextWidth.wrap("một hai ba bốn", width: 7), ["một hai", "ba bốn"])
    }

    func testControlCharactersAndEscapeSequencesNeverReachTheTerminal() {
        var buf = Buffer(size: Size(width: 30, height: 2))
        buf.put("Tên\u{1B}[2J\u{07}xấu\u{9B}31m", x: 0, y: 0)
        XCTAssertEqual(buf.lines[0], "Tên�[2J�xấu�31m")
        for cell in buf.cells {
            XCTAssertFalse(cell.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) })
        }
    }

    func testWideCharactersTakeTwoCellsAndClipAtTheEdge() {
        // What does not fit ends in "…", and a wide character is never drawn by half.
        var buf = Buffer(size: Size(width: 5, height: 1))
        XCTAssertEqual(buf.put("漢字漢", x: 0, y: 0), 5)
        XCTAssertEqual(buf.lines[0], "漢字…")
        XCTAssertTrue(buf[1, 0].isContinuation)
        var narrow = Buffer(size: Size(width: 4, height: 1))
        XCTAssertEqual(narrow.put("漢字漢", x: 0, y: 0), 3)
        XCTAssertEqual(narrow.lines[0], "漢…")
        // Rules and trailing blanks are clipped as they are.
        var rule = Buffer(size: Size(width: 4, height: 1))
        rule.put("──────", x: 0, y: 0)
        XCTAssertEqual(rule.lines[0], "────")
        var blanks = Buffer(size: Size(width: 4, height: 1))
        blanks.put("abc     ", x: 0, y: 0)
        XCTAssertEqual(blanks.lines[0], "abc")
    }

    func testCombiningMarkArrivingAloneJoinsThePreviousCell() {
        var buf = Buffer(size: Size(width: 10, height: 1))
        buf.put("e\u{0302}\u{0301}", x: 0, y: 0)
        XCTAssertEqual(buf.lines[0].precomposedStringWithCanonicalMapping, "ế")
    }

    func testLayoutSplitsRectangles() {
        let r = Rect(x: 0, y: 0, width: 80, height: 24)
        let (top, rest) = r.takeTop(2)
        let (mid, bottom) = rest.takeBottom(2)
        XCTAssertEqual(top, Rect(x: 0, y: 0, width: 80, height: 2))
        XCTAssertEqual(mid, Rect(x: 0, y: 2, width: 80, height: 20))
        XCTAssertEqual(bottom, Rect(x: 0, y: 22, width: 80, height: 2))
        XCTAssertEqual(r.centered(width: 40, height: 10), Rect(x: 20, y: 7, width: 40, height: 10))
    }
}

final class TableTests: XCTestCase {
    final class Numbers: TableDataSource {
        var rowCount: Int
        var asked: [Range<Int>] = []
        init(_ n: Int) { rowCount = n }
        func cells(in range: Range<Int>) -> [[String]] {
            asked.append(range)
            return range.map { ["Dòng \($0 + 1)", "\($0 * 10)"] }
        }
    }

    func testSelectionScrollsAndTheSourceIsAskedOnlyForTheVisibleWindow() {
        let source = Numbers(1000)
        let view = TableView(columns: [TableColumn("Tên", minWidth: 10, weight: 1), TableColumn("Số", minWidth: 6, alignRight: true)],
                             emptyText: "Trống")
        var state = TableState()
        XCTAssertEqual(state.sortColumn, -1, "a table is in its own order until sorted")
        state.sortColumn = 0
        var buf = Buffer(size: Size(width: 20, height: 6))
        let layout = view.render(into: &buf, area: buf.area, state: &state, source: source)
        XCTAssertEqual(layout.pageSize, 5)
        XCTAssertEqual(source.asked, [0..<5])
        XCTAssertEqual(buf.lines, ["Tên ▲             Số", "Dòng 1             0", "Dòng 2            10",
                                   "Dòng 3            20", "Dòng 4            30", "Dòng 5            40"])
        state.move(by: 7, count: 1000, page: 5)
        XCTAssertEqual(state.selected, 7)
        XCTAssertEqual(state.offset, 3)
        state.select(5000, count: 1000, page: 5)
        XCTAssertEqual(state.selected, 999)
        XCTAssertEqual(state.offset, 995)
        state.scroll(by: -10, count: 1000, page: 5)
        XCTAssertEqual(state.offset, 985)
        XCTAssertEqual(state.selected, 989)
        buf = Buffer(size: Size(width: 20, height: 6))
        view.render(into: &buf, area: buf.area, state: &state, source: source)
        XCTAssertEqual(source.asked.last, 985..<990)
        XCTAssertEqual(layout.row(atY: 3, offset: 0, count: 1000), 2)
        XCTAssertNil(layout.row(atY: 0, offset: 0, count: 1000))
        XCTAssertEqual(layout.column(atX: 15), 1)
    }

    func testEmptyTableSaysSo() {
        var state = TableState()
        var buf = Buffer(size: Size(width: 20, height: 5))
        TableView(columns: [TableColumn("Tên", minWidth: 10)], emptyText: "Trống").render(into: &buf, area: buf.area, state: &state, source: Numbers(0))
        XCTAssertEqual(buf.lines[2], " Trống")
    }

    func testColumnWidthsFillTheWidthAndShrinkWhenNarrow() {
        let view = TableView(columns: [TableColumn("a", minWidth: 10, weight: 2), TableColumn("b", minWidth: 5, weight: 1), TableColumn("c", minWidth: 8)],
                             emptyText: "")
        XCTAssertEqual(view.widths(for: 40).reduce(0, +) + 2, 40)
        XCTAssertEqual(view.widths(for: 20).reduce(0, +) + 2, 20)
    }
}

final class DialogTests: XCTestCase {
    func testConfirmDefaultsToTheSafeButton() {
        var d = Dialog.confirm(title: "Thoát", message: "Thoát mà không lưu?", yes: "Thoát", no: "Ở lại")
        XCTAssertEqual(d.handle(.enter), .dismissed)
        XCTAssertEqual(d.handle(.left), .none)
        XCTAssertEqual(d.handle(.enter), .confirmed)
        XCTAssertEqual(d.handle(.char("k")), .dismissed)
        XCTAssertEqual(d.handle(.char("c")), .confirmed)
        XCTAssertEqual(d.handle(.escape), .dismissed)
        var buf = Buffer(size: Size(width: 60, height: 12))
        d.render(into: &buf, area: buf.area)
        XCTAssertTrue(buf.text.contains("Thoát mà không lưu?"))
        XCTAssertTrue(buf.text.contains("[ Ở lại ]"))
    }
}
