import XCTest
@testable import WardCaseExport
@testable import WardCaseCore

/// Seeded random inputs: whatever a file or a person throws at the readers, nothing crashes and
/// what is written reads back the same.
final class RandomInputTests: XCTestCase {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet: [Character] = Array("aăâbcdđeêghiklmnoôơpqrstuưvxyÁÀẢÃẠẤẦẨẪẬĐÉỆỐỜỬỮỰ ,;\t\"\n\r'’…😀漢") + ["\u{0301}", "\u{0323}", "\u{1B}", "\0"]

    func randomText(_ rng: inout Seeded, max: Int = 12) -> String {
        String((0..<Int.random(in: 0...max, using: &rng)).map { _ in Self.alphabet.randomElement(using: &rng)! })
    }

    func testCSVWrittenReadsBackTheSame() {
        var rng = Seeded(state: 2026)
        for _ in 0..<300 {
            let width = Int.random(in: 1...5, using: &rng)
            // Newlines normalise to \n inside quoted fields only when written as \n.
            let rows = (0..<Int.random(in: 1...6, using: &rng)).map { _ in
                (0..<width).map { _ in randomText(&rng).replacingOccurrences(of: "\r", with: "") }
            }
            let back = CSV.read(CSV.write(rows)).textRows
            // A row of one empty field is written as an empty line, which reads as no cells.
            XCTAssertEqual(back.map { $0.count == 0 ? [""] : $0 }, rows.map { $0 }, "\(rows)")
        }
    }

    func testAQuoteNeverClosedKeepsWhatWasRead() {
        XCTAssertEqual(CSV.read(Data("\"abc\n".utf8)).textRows, [["abc\n"]])
        XCTAssertEqual(CSV.read(Data("a,b\n\"c".utf8)).textRows, [["a", "b"], ["c"]])
        XCTAssertEqual(CSV.read(Data("\"".utf8)).textRows, [[""]])
    }

    func testReadersNeverCrashOnGarbage() {
        var rng = Seeded(state: 7)
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...400, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = CSV.read(Data(bytes))
            _ = try? XLSX.read(Data([0x50, 0x4B, 0x03, 0x04] + bytes))
            _ = Formats.Day(flexible: String(decoding: bytes.prefix(12), as: UTF8.self))
        }
    }

    func testFoldingIsStableAndAccentFree() {
        var rng = Seeded(state: 42)
        for _ in 0..<500 {
            let text = randomText(&rng, max: 30)
            let folded = VietText.fold(text)
            XCTAssertEqual(VietText.fold(folded), folded, "folding twice changes nothing")
            XCTAssertFalse(folded.contains("đ"))
            XCTAssertFalse(folded.unicodeScalars.contains { $0.properties.generalCategory == .nonspacingMark })
            XCTAssertEqual(VietText.fold(VietText.nfc(text)), VietText.fold(text.decomposedStringWithCanonicalMapping))
        }
    }
}
