import XCTest
@testable import TerminalKit

final class FormTests: XCTestCase {
    let strings = FormStrings(required: "Cần điền ô này.", yes: "Có", no: "Không", datePlaceholder: "dd/mm/yyyy")

    func makeForm() -> FormState {
        FormState(fields: [
            FormField(id: "name", label: "Tên cơ sở", kind: .text(maxLength: 40), required: true),
            FormField(id: "notes", label: "Ghi chú", kind: .multiline(maxLength: 200, rows: 3)),
            FormField(id: "date", label: "Ngày kiểm tra", kind: .date, validator: { text in
                let p = text.split(separator: "/")
                return p.count == 3 && p[2].count == 4 ? .ok(text) : .invalid("Ngày không hợp lệ")
            }),
            FormField(id: "workers", label: "Số người lao động", kind: .number),
            FormField(id: "fine", label: "Tiền phạt", kind: .money, validator: { text in
                let digits = text.filter(\.isNumber)
                return digits.isEmpty ? .invalid("Số tiền không hợp lệ") : .ok(digits == "1500000" ? "1.500.000" : digits)
            }),
            FormField(id: "risk", label: "Nguy cơ", kind: .choice(["Thấp", "Trung bình", "Cao"])),
            FormField(id: "signed", label: "Đã ký cam kết", kind: .yesNo, value: "Không"),
        ], strings: strings)
    }

    func type(_ text: String, into form: inout FormState) {
        for scalar in text.unicodeScalars { _ = form.handle(.char(Character(scalar))) }
    }

    func testTypingVietnamesePrecomposedOrWithCombiningMarks() {
        var form = makeForm()
        type("Nha\u{0300} nghi\u{0309} ", into: &form)   // marks typed after the letter, as some input methods do
        type("Đống Đa", into: &form)
        XCTAssertEqual(form["name"].precomposedStringWithCanonicalMapping, "Nhà nghỉ Đống Đa")
        XCTAssertEqual(form.fields[0].cursor, 16)
        _ = form.handle(.backspace)
        _ = form.handle(.home)
        _ = form.handle(.delete)
        XCTAssertEqual(form["name"].precomposedStringWithCanonicalMapping, "hà nghỉ Đống Đ")
        XCTAssertTrue(form.dirty)
    }

    /// Found by the fuzz tests: these trapped making one Character of two.
    func testZeroWidthCharactersAndAMarkAfterALineBreakAreTheirOwnCharacters() {
        var form = makeForm()
        type("Karaoke\u{200B}Sao\u{FEFF}\u{00AD}", into: &form)
        XCTAssertEqual(form["name"], "Karaoke\u{200B}Sao\u{FEFF}\u{00AD}")
        _ = form.handle(.tab)
        type("a\n\u{0301}b", into: &form)
        XCTAssertEqual(form["notes"].unicodeScalars.count, 4)
    }

    func testAWordWiderThanTheLineStillWrapsOneCharacterPerLine() {
        XCTAssertEqual(TextWidth.wrap("漢字", width: 1), ["漢", "字"])
    }

    func testTabMovesBetweenFieldsAndRequiredIsCheckedOnSave() {
        var form = makeForm()
        XCTAssertEqual(form.handle(.ctrl("s")), .none)
        XCTAssertEqual(form.fields[0].error, "Cần điền ô này.")
        XCTAssertEqual(form.focus, 0)
        type("Karaoke Nice", into: &form)
        XCTAssertNil(form.fields[0].error)
        _ = form.handle(.tab)
        XCTAssertEqual(form.focus, 1)
        _ = form.handle(.backTab)
        XCTAssertEqual(form.focus, 0)
        XCTAssertEqual(form.handle(.ctrl("s")), .submit)
    }

    func testMultilineEnterAddsALine() {
        var form = makeForm()
        form.focus = 1
        type("dòng 1", into: &form)
        _ = form.handle(.enter)
        type("dòng 2", into: &form)
        XCTAssertEqual(form["notes"], "dòng 1\ndòng 2")
        XCTAssertEqual(form.focus, 1)
    }

    func testDateNumberAndMoneyFieldsTakeOnlyWhatFitsAndValidateInline() {
        var form = makeForm()
        form.focus = 2
        type("05/12/26x", into: &form)
        XCTAssertEqual(form["date"], "05/12/26")
        _ = form.handle(.tab)
        XCTAssertEqual(form.fields[2].error, "Ngày không hợp lệ")
        XCTAssertEqual(form.focus, 2, "Tab does not leave a date that does not read")
        // Typing again replaces the whole value: no Shift-Tab, no Backspaces.
        type("05/12/2026", into: &form)
        XCTAssertEqual(form["date"], "05/12/2026")
        _ = form.handle(.tab)
        XCTAssertNil(form.fields[2].error)
        XCTAssertEqual(form.focus, 3)
        type("1a2", into: &form)
        XCTAssertEqual(form["workers"], "12")
        _ = form.handle(.tab)
        type("1500000", into: &form)
        _ = form.handle(.tab)
        XCTAssertEqual(form["fine"], "1.500.000")
        XCTAssertNil(form.fields[4].error)
    }

    func testChoiceAndYesNo() {
        var form = makeForm()
        form.focus = 5
        XCTAssertEqual(form["risk"], "Thấp")
        _ = form.handle(.right)
        XCTAssertEqual(form["risk"], "Trung bình")
        _ = form.handle(.left); _ = form.handle(.left)
        XCTAssertEqual(form["risk"], "Cao")
        form.focus = 6
        _ = form.handle(.char("c"))
        XCTAssertEqual(form["signed"], "Có")
        _ = form.handle(.char(" "))
        XCTAssertEqual(form["signed"], "Không")
    }

    /// A pick-list jumps to what is typed: a word's start, accents and case aside; more letters
    /// narrow, a letter no option has changes nothing.
    func testTypingInAChoiceJumpsToTheOptionWithThatWord() {
        var form = FormState(fields: [FormField(id: "group", label: "Tổ dân phố", kind: .choice(
            ["—", "Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 12", "Thôn Đông"]))], strings: strings)
        type("1", into: &form)
        XCTAssertEqual(form["group"], "Tổ dân phố số 1")
        type("2", into: &form)
        XCTAssertEqual(form["group"], "Tổ dân phố số 12")
        type("q", into: &form)
        XCTAssertEqual(form["group"], "Tổ dân phố số 12")
        _ = form.handle(.right)
        type("dong", into: &form)
        XCTAssertEqual(form["group"], "Thôn Đông")
    }

    /// A label longer than its column wraps beside its value instead of being cut.
    func testALongLabelWraps() {
        var form = FormState(fields: [FormField(id: "a", label: "Xuất trình giấy phép kinh doanh và giấy chứng nhận", kind: .yesNo, value: "Có"),
                                      FormField(id: "b", label: "Ghi chú", kind: .text(maxLength: 20))], strings: strings)
        var buf = Buffer(size: Size(width: 60, height: 8))
        FormView().render(into: &buf, area: buf.area, state: &form)
        let text = buf.lines.joined(separator: "\n")
        XCTAssertFalse(text.contains("…"), text)
        XCTAssertTrue(text.contains("Xuất trình giấy") && text.contains("phép kinh doanh") && text.contains("chứng nhận"), text)
    }

    /// After a resize to a taller screen the form shows from its top again, the focused field in view.
    func testATallerScreenUsesItsRoomAndKeepsTheFocusInView() {
        var form = makeForm()
        form.focus = 6
        var small = Buffer(size: Size(width: 60, height: 6))
        FormView().render(into: &small, area: small.area, state: &form)
        XCTAssertTrue(small.lines.joined().contains("Đã ký cam kết"))
        XCTAssertFalse(small.lines.joined().contains("Tên cơ sở"))
        var tall = Buffer(size: Size(width: 60, height: 30))
        FormView().render(into: &tall, area: tall.area, state: &form)
        XCTAssertTrue(tall.lines[0].hasPrefix("Tên cơ sở"), tall.lines.joined(separator: "\n"))
        XCTAssertTrue(tall.lines.joined().contains("Đã ký cam kết"))
    }

    func testEnterOnTheLastFieldSubmitsAndEscCancels() {
        var form = makeForm()
        type("A", into: &form)
        form.focus = 6
        XCTAssertEqual(form.handle(.enter), .submit)
        XCTAssertEqual(form.handle(.escape), .cancel)
    }

    func testRenderShowsLabelsValuesAndErrors() {
        var form = makeForm()
        _ = form.handle(.ctrl("s"))
        var buf = Buffer(size: Size(width: 60, height: 22))
        FormView().render(into: &buf, area: buf.area, state: &form)
        let expected = """
            Tên cơ sở *
                               ⚠ Cần điền ô này.

            Ghi chú



            Ngày kiểm tra      dd/mm/yyyy

            Số người lao động

            Tiền phạt

            Nguy cơ            ◂ Thấp ▸

            Đã ký cam kết      ◂ Không ▸
            """
        XCTAssertEqual(buf.text.trimmingCharacters(in: .newlines), expected)
        XCTAssertEqual(buf.cursor?.x, 19)
        XCTAssertEqual(buf.cursor?.y, 0)
    }

    func testAnEmptyFieldMayBeLeftAndGoingBackIsAllowed() {
        var form = makeForm()
        form.focus = 2
        _ = form.handle(.tab)
        XCTAssertEqual(form.focus, 3, "an empty date is filled later")
        _ = form.handle(.backTab)
        type("31/02", into: &form)
        _ = form.handle(.backTab)
        XCTAssertEqual(form.focus, 1, "back is always allowed")
    }

    func testCtrlUClearsOneLineOfAMultilineField() {
        var form = makeForm()
        form.focus = 1
        type("An - Công an", into: &form)
        _ = form.handle(.enter)
        type("Bình - Y tế", into: &form)
        _ = form.handle(.ctrl("u"))
        XCTAssertEqual(form["notes"], "An - Công an\n")
        _ = form.handle(.backspace)
        _ = form.handle(.ctrl("u"))
        XCTAssertEqual(form["notes"], "")
    }
}
