import XCTest
import TerminalKit
@testable import WardCaseApp

final class TableControllerTests: XCTestCase {
    /// 100 rows drawn in a 12-row area: a header and 11 rows.
    func drawn() -> (TableController, TableView.Layout) {
        let source = ArrayTableSource()
        source.rows = (1...100).map { ["row \($0)"] }
        var table = TableController()
        var buf = Buffer(size: Size(width: 40, height: 12))
        table.render(TableView(columns: [TableColumn("Tên", minWidth: 10, weight: 1)], emptyText: ""), into: &buf,
                     area: Rect(x: 0, y: 0, width: 40, height: 12), source: source)
        return (table, try! XCTUnwrap(table.layout))
    }

    func testPagesByTheRowsItShowsNotAFixedTen() {
        var (table, layout) = drawn()
        XCTAssertEqual(table.pageSize, layout.pageSize)
        XCTAssertNotEqual(table.pageSize, 10)
        XCTAssertTrue(table.move(.pageDown, count: 100))
        XCTAssertEqual(table.selected, layout.pageSize)
        XCTAssertTrue(table.move(.end, count: 100))
        XCTAssertEqual(table.selected, 99)
        XCTAssertTrue(table.move(.home, count: 100))
        XCTAssertEqual(table.selected, 0)
        XCTAssertTrue(table.move(.up, count: 100))
        XCTAssertEqual(table.selected, 0, "nothing above the first row")
        XCTAssertFalse(table.move(.open, count: 100), "not a movement")
    }

    func testAClickSelectsASecondOpensTheWheelScrollsATitleIsAHeader() {
        var (table, layout) = drawn()
        XCTAssertEqual(table.mouse(MouseEvent(kind: .click, x: 2, y: layout.firstRowY + 3), count: 100), .selected)
        XCTAssertEqual(table.selected, 3)
        XCTAssertEqual(table.mouse(MouseEvent(kind: .click, x: 2, y: layout.firstRowY + 3), count: 100), .again)
        XCTAssertEqual(table.mouse(MouseEvent(kind: .click, x: 2, y: layout.headerY), count: 100), .header(0))
        _ = table.mouse(MouseEvent(kind: .wheelDown, x: 2, y: layout.firstRowY), count: 100)
        XCTAssertEqual(table.offset, 3)
    }
}
