import Foundation
import XCTest
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore
@testable import WardCaseDemo
import WardCaseExport

/// 100,000 bad inputs for each reader and parser — the CSV reader, the XLSX reader (through
/// `Spreadsheet.read`, as `wardcase import` and the import screen call it), the date and money
/// parsers, the form fields' rules and text cleaning — never a crash, always a clear message.
///
/// What costs milliseconds a go in a debug build runs on a sample, so that the whole target stays
/// under five minutes: import planning (the register's rules, type matching, duplicate lookups in
/// the database) on every 40th CSV file and every 20th workbook read (2,500 and up to 5,000), and
/// the full form-save path — the real establishment form in the app on an in-memory demo ward,
/// typed and pasted into (control characters, combining marks, invalid UTF-8 decoded, 10,000-
/// character pastes), Ctrl-S — on 2,000 forms. Stored text must be clean NFC.
///
/// Every input is made from (seed, input number) alone, so a failure names the input to replay:
/// TORTURE_SEED=<seed> TORTURE_ONLY=<number> (TORTURE_DUMP=<file> writes that input to a file).
/// Each test runs in two child processes side by side (see Isolation), so that a crash in the
/// app's code fails that test with the input it was on, and the run goes on from the next input.
final class BadInputTests: TortureCase {
    static var count: Int { ProcessInfo.processInfo.environment["TORTURE_INPUTS"].flatMap(Int.init) ?? 100_000 }
    static var formSaves: Int { ProcessInfo.processInfo.environment["TORTURE_FORMS"].flatMap(Int.init) ?? 2_000 }
    static let planEvery = 40

    func seed(_ base: UInt64) -> UInt64 { ProcessInfo.processInfo.environment["TORTURE_SEED"].flatMap { UInt64($0) } ?? base }

    /// The input numbers to run: the child's range, or the one TORTURE_ONLY names.
    func indexes(_ range: Range<Int>) -> [Int] {
        if let only = ProcessInfo.processInfo.environment["TORTURE_ONLY"].flatMap(Int.init) { return range.contains(only) ? [only] : [] }
        return Array(range)
    }

    /// TORTURE_DUMP=<file>: the (last) input is written there, to look at or to feed to `wardcase import`.
    func dump(_ data: Data) {
        if let path = ProcessInfo.processInfo.environment["TORTURE_DUMP"] { try? data.write(to: URL(fileURLWithPath: path)) }
    }

    func localizer() throws -> Localizer { try Localizer.load(.vi, resources: ResourceLocator.directory()) }

    // MARK: What counts as a clear message

    /// Why `message` is not a sentence for a person, or nil when it is one.
    static func unclear(_ message: String) -> String? {
        if message.trimmingCharacters(in: .whitespaces).isEmpty { return "empty message" }
        if message.range(of: #"\{\d\}"#, options: .regularExpression) != nil { return "a {n} placeholder left in" }
        for raw in ["Error Domain", "Optional(", "Fatal error", "Swift.", "GRDB", "DatabaseError", "SQLite error", "NSCocoaErrorDomain",
                    "corruptedData", "invalidCRC32", "Archive", "(null)"] where message.contains(raw) {
            return "a programmer's words in it: \(raw)"
        }
        return nil
    }

    /// Failures gathered by kind, each with its first example, reported once at the end rather
    /// than 100,000 times.
    final class Findings {
        private var kinds: [String: (count: Int, example: String)] = [:]
        private var order: [String] = []
        let test: String
        /// The input being checked, named in each example.
        var input = -1
        init(_ test: String) { self.test = test }

        func add(_ kind: String, _ example: @autoclosure () -> String) {
            if let k = kinds[kind] { kinds[kind] = (k.count + 1, k.example); return }
            kinds[kind] = (1, "input \(input): " + String(example().prefix(600)))
            order.append(kind)
        }

        func assertNone(file: StaticString = #filePath, line: UInt = #line) {
            for kind in order.prefix(20) {
                let k = kinds[kind]!
                XCTFail("\(test): \(kind) — \(k.count) input(s); first: \(k.example)", file: file, line: line)
            }
        }
    }

    static func describe(_ s: String) -> String {
        let shown = s.unicodeScalars.prefix(160).map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : String(format: "\\u{%X}", $0.value) }
        return "\"" + shown.joined() + (s.unicodeScalars.count > 160 ? "…(\(s.unicodeScalars.count) scalars)" : "") + "\""
    }

    /// Text that VietText.clean would leave as it is: NFC, no control characters (tab kept; line
    /// breaks only where `multiline`), no white space at either end.
    static func cleanProblem(_ s: String, multiline: Bool, checkNFC: Bool = true) -> String? {
        if checkNFC && s != s.precomposedStringWithCanonicalMapping { return "not NFC" }
        if let c = s.unicodeScalars.first(where: { $0.properties.generalCategory == .control && $0 != "\t" && !(multiline && $0 == "\n") }) {
            return String(format: "control character U+%04X", c.value)
        }
        // White space at either end, character by character as a person sees them (a space that an
        // invisible prepended mark such as U+0600 joins into one character is not counted).
        if s.first?.isWhitespace == true || s.last?.isWhitespace == true { return "white space around" }
        return nil
    }

    // MARK: CSV and import planning

    /// A register as wards send it: the app's own header, then rows good and bad.
    func baseCSV(_ l: Localizer) -> [[String]] {
        let header = EstablishmentExport.header(l)
        func row(_ values: [EstablishmentField: String]) -> [String] { EstablishmentExport.fields.map { values[$0] ?? "" } }
        return [header,
                row([.name: "Karaoke Ánh Dương", .type: "Karaoke", .street: "Số 4 ngõ 198 Hoàng Cầu", .residentialGroup: "Tổ dân phố số 3",
                     .licenceNo: "01.D8.1", .licenceIssued: "05/06/2024", .licenceExpires: "2029-06-05", .workers: "12",
                     .workersHealthChecked: "3", .riskLevel: "Cao", .riskReason: "Đã bị xử phạt", .status: "Đang hoạt động", .notes: "Hai\ndòng"]),
                row([.name: "Nhà nghỉ Hoa Hồng", .type: "nha nghi", .licenceNo: "01.D8.2", .workers: "1.200", .commitmentDate: "45000",
                     .securityCertificate: "x", .status: "tạm ngừng"]),
                row([.name: "Massage Thư Giãn", .type: "Massage", .licenceNo: "01.D8.1", .workers: "-3", .statusDate: "31/02/2026"]),
                row([.name: "", .type: "Bar"]),
                row([.name: "Quán lạ", .type: "Không có loại này", .riskLevel: "rất cao", .licenceIssued: "hôm qua"])]
    }

    func csvInput(_ r: inout SplitMix, base: [[String]], baseBytes: [UInt8]) -> [UInt8] {
        switch r.int(0...19) {
        case 0...7:
            return Mutate.bytes(baseBytes, &r, rounds: r.int(1...6))
        case 8...13:
            // Random rows under a damaged header, written properly, then perhaps damaged.
            var header = base[0]
            if r.chance(0.3) { header.shuffle(using: &r) }
            if r.chance(0.3) { header = Array(header.prefix(r.int(1...header.count))) }
            if r.chance(0.3) {
                let k = r.int(0...header.count - 1)
                header[k] = Nasty.short(&r)
            }
            var rows = [header]
            if r.chance(0.3) {
                let title = Nasty.short(&r)
                rows.insert(["BÁO CÁO DANH SÁCH CƠ SỞ", title], at: 0)
            }
            for _ in 0..<r.int(0...5) {
                var row: [String] = []
                for _ in 0..<r.int(0...header.count + 2) {
                    if r.chance(0.4) { row.append(Nasty.numberish(&r)) } else if r.chance(0.5) { row.append(Nasty.short(&r)) } else {
                        let from = base[r.int(1...base.count - 1)]
                        row.append(r.pick(from))
                    }
                }
                rows.append(row)
            }
            var bytes = Array(CSV.write(rows))
            if r.chance(0.3) { bytes = Mutate.bytes(bytes, &r, rounds: r.int(1...3)) }
            if r.chance(0.2) {
                let other = r.pick([UInt8(ascii: ";"), UInt8(ascii: "\t")])
                bytes = bytes.map { $0 == UInt8(ascii: ",") ? other : $0 }
            }
            return bytes
        case 14:
            return (0..<r.int(0...400)).map { _ in UInt8(r.int(0...255)) }
        case 15 where r.chance(0.1):
            // One huge cell (one file in 200).
            var rows = base
            let y = r.int(1...rows.count - 1), x = r.int(0...rows[1].count - 1)
            let piece = Nasty.piece(&r)
            rows[y][x] = String(repeating: piece, count: r.int(1_000...20_000))
            return Array(CSV.write(rows))
        case 16:
            // UTF-16, as some spreadsheet programs save "Unicode text".
            let text = String(decoding: baseBytes.dropFirst(3), as: UTF8.self)
            return [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case 17:
            // Quotes and line endings gone wrong.
            var text = String(decoding: baseBytes, as: UTF8.self)
            text = text.replacingOccurrences(of: "\r\n", with: r.pick(["\r", "\n", "\n\r", "\r\r\n", "\u{2028}", "\u{85}"]))
            var chars = Array(text.unicodeScalars)
            for _ in 0..<r.int(1...6) {
                let quote = r.pick(["\"", "\"\"", "\"", ",\"", "\"\n"])
                chars.insert(contentsOf: Array(quote.unicodeScalars), at: r.int(0...chars.count))
            }
            return Array(String(String.UnicodeScalarView(chars)).utf8)
        default:
            // BOMs and NULs in front.
            return r.pick([[0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF], [0xFE, 0xFF], [0x00, 0x00, 0xFE, 0xFF], [0x00], [0xEF, 0xBB]]) + baseBytes
        }
    }

    /// What an import plan must be, whatever the file: rows it would add or update are clean
    /// records that pass the register's rules; every rejection says why in words.
    static func planProblems(_ plan: EstablishmentImport.Plan, _ l: Localizer, today: Formats.Day) -> [String] {
        var out: [String] = []
        for row in plan.rows {
            if row.line <= plan.headerLine { out.append("a row above its header (line \(row.line))") }
            switch row.outcome {
            case .add(let e), .update(let e, _, _):
                for (name, text) in [("name", e.name), ("street", e.street), ("group", e.residentialGroup), ("owner", e.ownerName),
                                     ("phone", e.ownerPhone), ("registration", e.businessRegNo), ("licence", e.licenceNo),
                                     ("risk reason", e.riskReason)] {
                    if let p = cleanProblem(text, multiline: false) { out.append("\(name) to be stored is \(p): \(describe(text))") }
                }
                if let p = cleanProblem(e.notes, multiline: true) { out.append("notes to be stored are \(p)") }
                if e.name.isEmpty { out.append("a row without a name to be added") }
                if !EstablishmentRules.problems(e, today: today).isEmpty { out.append("a row that breaks the rules to be added") }
            case .reject(let reasons):
                if reasons.isEmpty { out.append("a rejection without a reason") }
                for reason in reasons { if let u = unclear(reason) { out.append("rejection reason: \(u): \(reason)") } }
            }
        }
        for line in plan.report(l) { if let u = unclear(line) { out.append("preview line: \(u): \(line)") } }
        return out
    }

    func testCSVImporterOnAHundredThousandBadFiles() throws {
        try Isolation.run(self, count: Self.count, timeout: 200) { inputs in
            let seed = seed(0xC5F_0001), l = try localizer(), started = Date()
            let store = try WardStore.inMemory()
            let admin = try store.createFirstAccount(login: "quantri", displayName: "Quản trị", roles: [.admin, .officer], password: "matkhau123")
            let checkBefore = try store.check(by: admin)
            let base = baseCSV(l)
            let baseBytes = Array(CSV.write(base))
            let today = store.today
            let findings = Findings("CSV import, seed \(seed)")
            var planned = 0, refused = 0, applied = 0
            var tGen = 0.0, tRead = 0.0, tPlan = 0.0, tCheck = 0.0
            for i in indexes(inputs) {
                findings.input = i
                Isolation.note(i, "CSV import: seed \(seed), input \(i)")
                var r = inputRNG(seed: seed, index: i)
                var t = Date()
                let data = Data(csvInput(&r, base: base, baseBytes: baseBytes))
                tGen += -t.timeIntervalSinceNow; t = Date()
                dump(data)
                let grid = CSV.read(data)
                tRead += -t.timeIntervalSinceNow; t = Date()
                // Every file is read; every 40th is planned (see the class comment).
                guard i % Self.planEvery == 0 else { continue }
                do {
                    let plan = try EstablishmentImport.plan(grid.textRows, store: store, l: l)
                    tPlan += -t.timeIntervalSinceNow; t = Date()
                    planned += 1
                    for p in Self.planProblems(plan, l, today: today) { findings.add(p, "seed \(seed) input \(i)") }
                    tCheck += -t.timeIntervalSinceNow
                    // Now and then the plan is carried out, so that adding and updating see bad data too.
                    if r.chance(0.02) {
                        do { try store.apply(plan, strict: r.chance(0.3), by: admin); applied += 1 } catch let e as WardError {
                            if case .importStrict = e {} else { findings.add("apply failed: \(e)", "seed \(seed) input \(i)") }
                        }
                    }
                } catch let e as WardError {
                    refused += 1
                    if let u = Self.unclear(e.message(l)) { findings.add("refusal \(u)", "seed \(seed) input \(i): \(e.message(l))") }
                } catch {
                    findings.add("not a WardError: \(type(of: error))", "seed \(seed) input \(i): \(error)")
                }
            }
            XCTAssertEqual(try store.check(by: admin), checkBefore, "the store is not sound after \(applied) imports of bad files")
            findings.assertNone()
            report(String(format: "CSV import, inputs %d..<%d: read in %.1f s (making them %.1f s, reading %.1f s); %d planned in %.1f s (%d applied), %d refused with a message",
                          inputs.lowerBound, inputs.upperBound, Date().timeIntervalSince(started), tGen, tRead, planned, tPlan + tCheck, applied, refused))
        }
    }

    // MARK: XLSX

    /// A small workbook written by hand, so that its parts can be damaged one by one: shared and
    /// inline strings, numbers, dates by built-in and custom formats, booleans, ISO date cells.
    static let workbookParts: [(String, String)] = [
        ("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/></Types>
            """),
        ("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
            <sheet name="Cơ sở" sheetId="1" r:id="rId1"/><sheet name="Khác" sheetId="2" r:id="rId2"/></sheets></workbook>
            """),
        ("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>
            """),
        ("xl/sharedStrings.xml", """
            <?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">\
            <si><t>Tên cơ sở</t></si><si><t>Loại hình</t></si><si><t>Số người lao động</t></si><si><t>Ngày cấp giấy phép</t></si>\
            <si><r><t>Karaoke </t></r><r><t>Ánh Dương</t></r></si><si><t xml:space="preserve"> Nhà nghỉ </t></si></sst>
            """),
        ("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>\
            <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>
            """),
        ("xl/worksheets/sheet1.xml", """
            <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>\
            <row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="inlineStr"><is><t>Karaoke</t></is></c><c r="C2"><v>12</v></c>\
            <c r="D2" s="1"><v>45000</v></c></row>\
            <row r="3"><c r="A3" t="s"><v>5</v></c><c r="B3" t="str"><v>Nhà nghỉ</v></c><c r="C3"><v>3.5</v></c><c r="D3" s="2"><v>45123.75</v></c></row>\
            <row r="5"><c r="A5" t="inlineStr"><is><t>Bar X</t></is></c><c r="B5" t="inlineStr"><is><t>Bar</t></is></c><c r="C5" t="b"><v>1</v></c>\
            <c r="D5" t="d"><v>2025-02-28T00:00:00</v></c><c r="F5"><v>-1E+300</v></c></row></sheetData></worksheet>
            """),
        ("xl/worksheets/sheet2.xml", """
            <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
            <row><c><v>1</v></c><c t="inlineStr"><is><t>không có r</t></is></c></row></sheetData></worksheet>
            """),
    ]

    func xlsxInput(_ r: inout SplitMix, written: [UInt8]) -> [UInt8] {
        switch r.int(0...9) {
        case 0...6:
            // Damaged XML in a sound archive: the XML readers see it.
            var parts = Self.workbookParts.map { ($0.0, $0.1) }
            for _ in 0..<r.int(1...3) {
                let k = r.int(0...parts.count - 1)
                parts[k].1 = Mutate.xml(parts[k].1, &r, rounds: r.int(1...5))
            }
            if r.chance(0.1) { parts.remove(at: r.int(0...parts.count - 1)) }
            return StoredZip.make(parts.map { ($0.0, Array($0.1.utf8)) })
        case 7:
            return Mutate.bytes(written, &r, rounds: r.int(1...4))
        default:
            return Mutate.bytes(StoredZip.make(Self.workbookParts.map { ($0.0, Array($0.1.utf8)) }), &r, rounds: r.int(1...3))
        }
    }

    func testXLSXReaderOnAHundredThousandBadWorkbooks() throws {
        try Isolation.run(self, count: Self.count, timeout: 200) { inputs in
            let seed = seed(0x815_0002), l = try localizer(), started = Date()
            let store = try WardStore.inMemory()
            // A file per input, in a folder the parent removes even after a crash.
            let folder = try Isolation.scratchFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("in.xlsx").path
            // One the app wrote itself (compressed), to damage byte by byte.
            let written = Array(try XLSX.write(sheetName: "Cơ sở", header: EstablishmentExport.header(l), rows: [
                [.text("Karaoke Ánh Dương"), .text("Karaoke"), .text("Số 4"), .empty, .number(12), .date(2025, 6, 5)],
                [.text("Nhà nghỉ Hoa Hồng"), .text("Nhà nghỉ"), .text(""), .text("Tổ 3"), .number(1.5), .empty],
            ], l: l))
            // The undamaged hand-written one must read, or the test tests nothing.
            try Data(StoredZip.make(Self.workbookParts.map { ($0.0, Array($0.1.utf8)) })).write(to: URL(fileURLWithPath: path))
            let sound = try Spreadsheet.read(path: path)
            XCTAssertEqual(sound.textRows.first, ["Tên cơ sở", "Loại hình", "Số người lao động", "Ngày cấp giấy phép"])
            XCTAssertEqual(sound.textRows[1], ["Karaoke Ánh Dương", "Karaoke", "12", "15/03/2023"])
            let findings = Findings("XLSX, seed \(seed)")
            var read = 0, refused = 0, planned = 0
            for i in indexes(inputs) {
                findings.input = i
                Isolation.note(i, "XLSX: seed \(seed), input \(i)")
                var r = inputRNG(seed: seed, index: i)
                let data = Data(xlsxInput(&r, written: written))
                dump(data)
                let sheet: String? = r.chance(0.05) ? r.pick(["Khác", "KHÁC", "nope", ""]) : nil
                // Through the file, as `wardcase import` and the import screen read it.
                try data.write(to: URL(fileURLWithPath: path))
                do {
                    let grid = try Spreadsheet.read(path: path, sheet: sheet)
                    read += 1
                    let cells = grid.rows.reduce(0) { $0 + $1.count }
                    if cells > 2_000_000 { findings.add("a grid of \(cells) cells from a \(data.count)-byte file", "") }
                    if i % (Self.planEvery / 2) == 0 {
                        planned += 1
                        do {
                            let plan = try EstablishmentImport.plan(grid.textRows, store: store, l: l)
                            for p in Self.planProblems(plan, l, today: store.today) { findings.add(p, "") }
                        } catch let e as WardError {
                            if let u = Self.unclear(e.message(l)) { findings.add("refusal \(u)", e.message(l)) }
                        }
                    }
                } catch let e as WardError {
                    refused += 1
                    if let u = Self.unclear(e.message(l)) { findings.add("refusal \(u)", e.message(l)) }
                } catch {
                    // Spreadsheet.read passes anything but its own errors on as they are: the shell then prints
                    // "wardcase: <Swift error>" and the import screen "Lỗi không mong đợi (...)".
                    let kind = "\(type(of: error)).\(String(describing: error).prefix(while: { $0 != "(" }))"
                    findings.add("an error that is not a WardError, so no clear message: \(kind)", "\(error)")
                }
            }
            findings.assertNone()
            report(String(format: "XLSX, inputs %d..<%d: %.1f s: %d read (%d planned), %d refused with a message",
                          inputs.lowerBound, inputs.upperBound, Date().timeIntervalSince(started), read, planned, refused))
        }
    }

    // MARK: Dates and money

    func testDateAndMoneyParsersOnAHundredThousandStrings() throws {
        Isolation.run(self, count: Self.count, timeout: 200) { inputs in
            let seed = seed(0xDA7E_0003), started = Date()
            let findings = Findings("dates and money, seed \(seed)")
            var days = 0, amounts = 0, numbers = 0
            for i in indexes(inputs) {
                findings.input = i
                Isolation.note(i, "dates and money: seed \(seed), input \(i)")
                var r = inputRNG(seed: seed, index: i)
                let text = r.chance(0.85) ? Nasty.numberish(&r) : Nasty.short(&r)
                dump(Data(text.utf8))
                let pivot = r.int(1950...2150)
                if let d = Formats.Day(flexible: text, pivotYear: pivot) {
                    days += 1
                    if Formats.Day(flexible: d.vietnamese, pivotYear: pivot) != d { findings.add("a day does not read back from dd/mm/yyyy", "\(Self.describe(text)) → \(d.vietnamese)") }
                    if Formats.Day(flexible: d.iso, pivotYear: pivot) != d { findings.add("a day does not read back from ISO", "\(Self.describe(text)) → \(d.iso)") }
                    if Formats.Day(vietnamese: d.vietnamese) != d || Formats.Day(iso: d.iso) != d { findings.add("a day's forms disagree", Self.describe(text)) }
                    if Formats.Day(excelSerial: d.excelSerial) != d { findings.add("a day's serial does not read back", Self.describe(text)) }
                }
                if let d = Formats.Day(vietnamese: text), Formats.Day(vietnamese: d.vietnamese) != d {
                    findings.add("dd/mm/yyyy does not read back", Self.describe(text))
                }
                if let m = Formats.parseMoney(text) {
                    amounts += 1
                    if m < 0 { findings.add("a negative amount read", Self.describe(text)) }
                    if Formats.parseMoney(Formats.groupedDigits(m)) != m { findings.add("an amount does not read back from its grouped form", "\(Self.describe(text)) → \(m)") }
                    if Formats.parseMoney(Formats.groupedDigits(m) + " đồng") != m { findings.add("an amount in đồng does not read back", "\(m)") }
                }
                if let n = Formats.parseInt(text) {
                    numbers += 1
                    if Formats.parseInt(String(n)) != n { findings.add("a number does not read back", "\(Self.describe(text)) → \(n)") }
                }
                // Any amount up to 15 digits survives grouping, with the app's grouping and an independent one.
                let amount = Int64.random(in: 0...999_999_999_999_999, using: &r)
                if Formats.parseMoney(Formats.groupedDigits(amount)) != amount || Formats.groupedDigits(amount) != Formatsish.grouped(UInt64(amount)) {
                    findings.add("an amount does not round-trip through groupedDigits", "\(amount)")
                }
                // Any day of the supported years survives every form.
                if let d = Formats.Day(excelSerial: r.int(1...110_000)) {
                    if Formats.Day(flexible: d.vietnamese) != d || Formats.Day(vietnamese: d.vietnamese) != d || Formats.Day(iso: d.iso) != d
                        || Formats.Day(flexible: String(d.excelSerial)) != d {
                        findings.add("a day does not round-trip", d.iso)
                    }
                }
            }
            findings.assertNone()
            report(String(format: "dates and money, inputs %d..<%d: %.1f s (%d read as days, %d as amounts, %d as numbers)",
                          inputs.lowerBound, inputs.upperBound, Date().timeIntervalSince(started), days, amounts, numbers))
        }
    }

    // MARK: Form fields

    /// The rules every form field uses, and the cleaning every stored text goes through, on
    /// 100,000 strings: a field either says what is wrong or gives back the text it will store,
    /// which it then accepts unchanged.
    func testFieldRulesAndTextCleaningOnAHundredThousandStrings() throws {
        try Isolation.run(self, count: Self.count, timeout: 200) { inputs in
            let seed = seed(0xF1E1_0004), l = try localizer(), started = Date()
            let rules = FieldRules(l: l)
            let validators: [(String, @Sendable (String) -> Validation)] = [("date", rules.date), ("number", rules.number), ("money", rules.money)]
            let findings = Findings("field rules, seed \(seed)")
            var buffer = Buffer(size: Size(width: 40, height: 3))
            for i in indexes(inputs) {
                findings.input = i
                Isolation.note(i, "field rules: seed \(seed), input \(i)")
                var r = inputRNG(seed: seed, index: i)
                let text = r.chance(0.4) ? Nasty.numberish(&r) : r.chance(0.98) ? Nasty.short(&r) : Nasty.text(&r, pasteChance: 0.1)
                dump(Data(text.utf8))
                for (name, rule) in validators {
                    switch rule(text) {
                    case .ok(let stored):
                        if rule(stored) != .ok(stored) { findings.add("\(name): the stored form is not accepted as it is", "\(Self.describe(text)) → \(Self.describe(stored))") }
                    case .invalid(let message):
                        if let u = Self.unclear(message) { findings.add("\(name): \(u)", Self.describe(text)) }
                    }
                }
                for multiline in [false, true] {
                    let cleaned = VietText.clean(text, multiline: multiline)
                    // Cleaning twice changes nothing (so the result is NFC: clean ends with NFC, which is idempotent).
                    if VietText.clean(cleaned, multiline: multiline) != cleaned { findings.add("cleaning twice changes the text", Self.describe(text)) }
                    if let p = Self.cleanProblem(cleaned, multiline: multiline, checkNFC: false) {
                        findings.add("clean(multiline: \(multiline)) leaves text \(p)", Self.describe(text))
                    }
                }
                if let t = VisitRules.parseTime(text), !(0..<1440).contains(t) { findings.add("a time outside the day", Self.describe(text)) }
                // Drawing it never puts a control character on the terminal.
                buffer.put(text, x: r.int(-3...30), y: r.int(0...2), maxWidth: r.int(0...45))
                if i % 10 == 0 {
                    // Folding (the search form) never crashes; it is not asserted idempotent: a space followed by an
                    // invisible "extend" character (U+E007F) folds away only the second time, which searches never see.
                    _ = VietText.fold(text)
                    // Width 1 has a test of its own (it never returned): 2 and up here.
                    let width = r.int(2...30)
                    for line in TextWidth.wrap(String(text.prefix(300)), width: width) where TextWidth.of(line) > width && line.count > 1 {
                        findings.add("a wrapped line wider than asked", Self.describe(text))
                    }
                    if TextWidth.of(TextWidth.truncate(text, to: width)) > width { findings.add("truncated text wider than asked", Self.describe(text)) }
                }
                if i % 500 == 0 {
                    if buffer.cells.contains(where: { $0.text.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) || $0 == "\u{2028}" || $0 == "\u{2029}" } }) {
                        findings.add("a control character reached a screen cell", "input near \(i)")
                    }
                    buffer = Buffer(size: Size(width: 40, height: 3))
                }
            }
            findings.assertNone()
            report(String(format: "field rules and cleaning, inputs %d..<%d: %.1f s", inputs.lowerBound, inputs.upperBound, Date().timeIntervalSince(started)))
        }
    }

    /// Wrapping text at one column with a double-width character in it (a CJK character, an
    /// emoji: pasted into a name, or a message at the narrowest window) must end, and quickly.
    func testWrappingAWideCharacterIntoOneColumnEnds() throws {
        Isolation.run(self, count: 1, shards: 1, timeout: 10, memoryMB: 1024) { _ in
            Isolation.note(0, "TextWidth.wrap(\"漢 😀\", width: 1)")
            let lines = TextWidth.wrap("漢 😀", width: 1)
            XCTAssertTrue(lines.allSatisfy { $0.count <= 1 }, "\(lines)")
            XCTAssertTrue(lines.joined().contains("漢"), "\(lines)")
        }
    }

    /// The establishment form's text fields by position (Tab order), with their limits.
    static let formTextFields: [(index: Int, field: EstablishmentField, max: Int)] = [
        (0, .name, 200), (2, .street, 200), (3, .residentialGroup, 80), (4, .ownerName, 120), (5, .ownerPhone, 30),
        (6, .businessRegNo, 40), (7, .licenceNo, 40), (8, .licenceIssued, 10), (9, .licenceExpires, 10), (11, .workers, 12),
        (12, .workersHealthChecked, 12), (13, .workersReached, 12), (15, .commitmentDate, 10), (17, .riskReason, 300),
        (19, .statusDate, 10), (20, .notes, 2000)]

    /// The key a terminal would deliver for a scalar, as NcursesBackend decodes it; nil for the
    /// keys that leave the form (Esc, Ctrl-C, Ctrl-P, Ctrl-S), which a paste cannot press.
    static func terminalKey(_ s: Unicode.Scalar) -> Key? {
        switch s.value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27, 3, 16, 19: return nil
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(s.value + 96)!))
        case 0, 28...31: return nil
        default: return .char(Character(s))
        }
    }

    /// 2,000 new establishments typed into the real form on an in-memory demo ward: random text
    /// in random fields (sometimes every scalar as a key, control characters included, as the
    /// in-memory backend delivers them; sometimes as a terminal would decode them), pastes of
    /// 10,000 characters, then Ctrl-S. The form saves clean NFC text, or says what is wrong.
    func testTypingAnythingIntoTheEstablishmentFormSavesCleanTextOrSaysWhy() throws {
        try Isolation.run(self, count: Self.formSaves, timeout: 200) { inputs in
            let seed = seed(0xF0_0005), l = try localizer(), started = Date()
            let findings = Findings("form typing, seed \(seed)")
            let savedPrefix = String(l.t(.establishmentSaved, "").prefix(while: { $0 != "“" }))
            let unexpected = String(l.t(.errUnexpected, "").prefix(while: { $0 != "(" }))
            var store = try AppDriver.demoCopy()
            var backend = MemoryBackend(width: 80, height: 24)
            var app: App!
            var nextId: Int64 = 0
            func fresh() throws {
                store = try AppDriver.demoCopy()
                backend = MemoryBackend(width: 80, height: 24)
                try DemoWard.mapOSUser("tester", in: store)
                app = App(context: try AppContext(store: store, localizer: l, osUser: "tester", isDemo: true), backend: backend)
                app.drain()
                backend.enqueue(keys: [.char("1")])
                app.drain()
                nextId = (try store.establishments(EstablishmentQuery(language: .vi, includeArchived: true), offset: 0, limit: Int.max)
                    .compactMap(\.establishment.id).max() ?? 0) + 1
            }
            try fresh()
            var saved = 0, refused = 0, duplicates = 0, restarts = 0
            var tTyping = 0.0, tSaving = 0.0
            for i in indexes(inputs) {
                findings.input = i
                Isolation.note(i, "form typing: seed \(seed), input \(i)")
                var r = inputRNG(seed: seed, index: i)
                // A fresh ward every 100 forms (the register stays small: duplicate checks scan it); a fresh app
                // if a form went astray.
                if (i > inputs.lowerBound && i % 100 == 0) || !(app.current is EstablishmentListScreen) {
                    if i % 100 != 0 { restarts += 1 }
                    try fresh()
                }
                var t = Date()
                backend.enqueue(keys: [.char("n")])
                app.drain()
                guard app.current is EstablishmentFormScreen else {
                    findings.add("“n” did not open the form", "input \(i): \(backend.screenText.prefix(300))")
                    continue
                }
                // One form in ten is drawn after every key, as the app's loop does; the others once a field.
                let perKey = r.chance(0.1)
                // The name always, then a few other fields, in Tab order.
                var focus = 0
                let others = Self.formTextFields.dropFirst().filter { _ in r.chance(0.15) }
                for target in [Self.formTextFields[0]] + others {
                    while focus < target.index { app.handle(.key(.tab)); focus += 1 }
                    app.drain()
                    let text = target.field == .name && r.chance(0.7) ? "Cơ sở \(i) " + Nasty.text(&r, pasteChance: 0.01)
                        : [.licenceIssued, .licenceExpires, .commitmentDate, .statusDate, .workers, .workersHealthChecked, .workersReached]
                            .contains(target.field) && r.chance(0.6) ? Nasty.numberish(&r) : Nasty.text(&r, pasteChance: 0.01)
                    let asTerminal = r.chance(0.3)
                    let keys: [Key] = text.unicodeScalars.compactMap { asTerminal ? Self.terminalKey($0) : .char(Character($0)) }
                    if keys.count > 200 || !perKey {
                        // A paste (or, to save time, most typing): the events arrive faster than the screen is drawn.
                        for k in keys { app.handle(.key(k)) }
                    } else {
                        backend.enqueue(keys: keys)
                    }
                    app.drain()
                    // A Tab or Enter in the text moved the focus on: go back to the field counted.
                    guard app.current is EstablishmentFormScreen else { break }
                    focus = (app.current as! EstablishmentFormScreen).form.focus
                    if focus > target.index { break }
                }
                guard app.current is EstablishmentFormScreen else {
                    findings.add("typing left the form", "input \(i): \(backend.screenText.prefix(300))")
                    continue
                }
                tTyping += -t.timeIntervalSinceNow; t = Date()
                backend.enqueue(keys: [.ctrl("s")])
                app.drain()
                tSaving += -t.timeIntervalSinceNow
                var screen = backend.screenText
                var declined = false
                if screen.contains(l.t(.duplicateTitle)) {
                    duplicates += 1
                    declined = r.chance(0.5)
                    backend.enqueue(keys: [declined ? .char("n") : .char("y")])
                    app.drain()
                    screen = backend.screenText
                }
                if screen.contains(unexpected) { findings.add("an unexpected error instead of a sentence", "input \(i): \(screen)") }
                if app.current is EstablishmentListScreen {
                    guard screen.contains(savedPrefix) else {
                        findings.add("the form closed without saying it saved", "input \(i): \(screen.suffix(300))")
                        continue
                    }
                    saved += 1
                    var record: Establishment?
                    for id in nextId..<(nextId + 3) { if let row = try store.establishment(id: id) { record = row.establishment; nextId = id + 1; break } }
                    guard let e = record else { findings.add("said saved, not in the store", "input \(i)"); continue }
                    for (name, text) in [("name", e.name), ("street", e.street), ("group", e.residentialGroup), ("owner", e.ownerName),
                                         ("phone", e.ownerPhone), ("registration", e.businessRegNo), ("licence", e.licenceNo),
                                         ("risk reason", e.riskReason)] {
                        if let p = Self.cleanProblem(text, multiline: false) { findings.add("stored \(name) is \(p)", "input \(i): \(Self.describe(text))") }
                    }
                    if let p = Self.cleanProblem(e.notes, multiline: true) { findings.add("stored notes are \(p)", "input \(i): \(Self.describe(e.notes))") }
                    if e.name.isEmpty || e.name.count > 200 { findings.add("stored name of \(e.name.count) characters", "input \(i)") }
                } else if app.current is EstablishmentFormScreen {
                    refused += 1
                    // Still open: each field in error says so under it, and the status line says how many.
                    // (Unless the person said not to save a likely duplicate: then the form just stays.)
                    if !declined && !screen.contains("⚠") && !screen.contains(l.t(.duplicateTitle)) {
                        findings.add("the form neither saved nor said why", "input \(i): \(screen)")
                    }
                    backend.enqueue(keys: [.escape])
                    app.drain()
                    if backend.screenText.contains(l.t(.discardTitle)) { backend.enqueue(keys: [.char("y")]); app.drain() }
                } else {
                    findings.add("Ctrl-S led somewhere unexpected: \(type(of: app.current))", "input \(i)")
                }
            }
            XCTAssertEqual(try store.check(by: XCTUnwrap(store.account(login: DemoWard.everyRoleLogin))).filter { $0 != .wardMissing }, [])
            findings.assertNone()
            report(String(format: "form typing, forms %d..<%d: %.1f s (typing %.1f s, Ctrl-S %.1f s): %d saved, %d refused with a message (%d duplicate questions, %d restarts)",
                          inputs.lowerBound, inputs.upperBound, Date().timeIntervalSince(started), tTyping, tSaving, saved, refused, duplicates, restarts))
        }
    }

    // MARK: The shell's words for bad files

    /// Bad files given to the real `wardcase import`: it must end with status 0 or 1 and, when it
    /// refuses, say one sentence in Vietnamese — not a Swift error name, not a crash report.
    func testTheShellSaysOneClearSentenceForEachBadFile() throws {
        let bin = try wardcaseBinary()
        let folder = try scratchFolder("badfiles")
        defer { try? FileManager.default.removeItem(at: folder) }
        let env = plainEnvironment(home: folder)
        let db = folder.appendingPathComponent("ward.sqlite").path
        XCTAssertEqual(try runProgram([bin, "init", "--db", db, "--ward", "Phường Láng", "--province", "Hà Nội"], environment: env).status, 0)
        // The ward's admin, mapped to the user running the test, so that the shell signs in as them.
        try WardStore.open(path: db).createFirstAccount(login: "quantri", displayName: "Quản trị", roles: [.admin, .officer],
                                                         password: "matkhau123", osUser: OSUser.current)
        let l = try localizer()
        var r = SplitMix(seed: 0xBAD_F11E)
        let written = Array(try XLSX.write(sheetName: "Cơ sở", header: EstablishmentExport.header(l), rows: [[.text("Karaoke A"), .text("Karaoke")]], l: l))
        var files: [(String, [UInt8])] = [
            ("empty.csv", []),
            ("garbage.csv", (0..<300).map { _ in UInt8(r.int(0...255)) }),
            ("utf8-broken.csv", Array("Tên cơ sở,Loại hình\nKaraoke ".utf8) + [0xC3, 0x28, 0xFF] + Array(",Karaoke\n".utf8)),
            ("no-header.csv", Array("a,b,c\n1,2,3\n".utf8)),
            ("huge-number.csv", Array("Tên cơ sở,Loại hình,Số người lao động\nNhà nghỉ A,Nhà nghỉ,1e300\n".utf8)),
            ("infinite.csv", Array("Tên cơ sở,Loại hình,Số người lao động\nNhà nghỉ A,Nhà nghỉ,inf\n".utf8)),
            ("pk-only.xlsx", [0x50, 0x4B, 0x03, 0x04]),
            ("truncated.xlsx", Array(written.prefix(written.count / 2))),
            ("long-column.xlsx", StoredZip.make(Self.workbookParts.map { part in
                (part.0, Array(part.1.replacingOccurrences(of: "r=\"C2\"", with: "r=\"ZZZZZZZZZZZZZZZZZZZZC2\"").utf8)) })),
        ]
        for k in 0..<8 { files.append(("damaged-\(k).xlsx", Mutate.bytes(written, &r, rounds: 1 + k % 3))) }
        // One bit flipped inside the compressed data: the archive is sound, a part does not inflate.
        for k in 0..<6 {
            var b = written
            b[written.count * (k + 2) / 10] ^= 0x55
            files.append(("flipped-\(k).xlsx", b))
        }
        var problems: [String] = []
        for (name, bytes) in files {
            let path = folder.appendingPathComponent(name).path
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let out = try runProgram([bin, "import", "establishments", path, "--db", db, "--dry-run"], environment: env, timeout: 60)
            let lines = out.err.split(separator: "\n", omittingEmptySubsequences: true)
            report("bad file \(name): status \(out.status) \(lines.first.map(String.init) ?? "")")
            // Bytes that are not UTF-8 must not become names full of replacement characters unannounced.
            if out.status == 0 && out.out.contains("\u{FFFD}") {
                problems.append("\(name): not UTF-8, yet imported without a word, as “\u{FFFD}”:\n\(out.out.prefix(400))")
            }
            if out.status == 0 { continue }
            if out.status != 1 { problems.append("\(name): exit status \(out.status) (1 expected for a bad file)\n\(out.err.prefix(400))"); continue }
            if lines.count != 1 { problems.append("\(name): \(lines.count) lines on stderr\n\(out.err.prefix(400))"); continue }
            let said = String(lines[0])
            if said.hasPrefix("wardcase: ") { problems.append("\(name): a Swift error, not a sentence: \(said)") }
            if let u = Self.unclear(said) { problems.append("\(name): \(u): \(said)") }
        }
        // The database is untouched by all of it.
        XCTAssertEqual(try runProgram([bin, "check", "--db", db], environment: env).status, 0)
        for p in problems { XCTFail(p) }
    }
}
