import Foundation
import XCTest
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore

/// 100 rapid resizes, from 20x5 up to 300x100, while the establishment list scrolls: in memory
/// (every frame checked) and through the real binary in tmux (ncurses, SIGWINCH, the screen as the
/// terminal shows it). No crash, and the final screen is right: the selection is where the keys
/// put it, and the screen is exactly what a fresh start at that size draws.
final class ResizeTests: TortureCase {
    static let resizes = 100

    /// The sizes: the extremes first and last, random ones between. The last three come with no
    /// key presses: a list drawn at 100x30, too small a window, then the largest (what the final
    /// screen is checked at; the list must not keep anything of the size it had before).
    static let calmTail = 3
    static func sizes(_ r: inout SplitMix) -> [Size] {
        var out = [Size(width: 20, height: 5), Size(width: 300, height: 100), Size(width: 79, height: 24), Size(width: 80, height: 23),
                   Size(width: 80, height: 24)]
        while out.count < resizes - calmTail {
            out.append(r.chance(0.3) ? Size(width: r.int(20...80), height: r.int(5...24)) : Size(width: r.int(20...300), height: r.int(5...100)))
        }
        return out + [Size(width: 100, height: 30), Size(width: 20, height: 5), Size(width: 300, height: 100)]
    }

    /// In memory the largest size is drawn last by hand (see below), so the storm stops before it.
    static func stormInMemory(_ r: inout SplitMix) -> [Size] {
        Array(sizes(&r).dropLast())
    }

    /// Keys that scroll the list, with the selection they lead to (a model of the list).
    static let moves: [(Key, String, @Sendable (Int, Int) -> Int)] = [
        (.down, "Down", { s, n in min(s + 1, n - 1) }), (.up, "Up", { s, _ in max(0, s - 1) }),
        (.char("j"), "j", { s, n in min(s + 1, n - 1) }), (.char("k"), "k", { s, _ in max(0, s - 1) }),
        (.end, "End", { _, n in n - 1 }), (.home, "Home", { _, _ in 0 }),
    ]

    func testAHundredRapidResizesWhileTheListScrollsInMemory() throws {
        let started = Date()
        var r = SplitMix(seed: 0x5123_0001)
        let d = try AppDriver(width: 100, height: 30)
        let screen = try XCTUnwrap(d.app.current as? EstablishmentListScreen)
        let names = try d.store.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: Int.max).map(\.establishment.name)
        var selected = 0
        let sizes = Self.stormInMemory(&r)
        for (k, size) in sizes.enumerated() {
            // The resize arrives between key presses, as SIGWINCH does.
            var events: [Event] = [.resize(size)]
            for _ in 0..<(k >= sizes.count - (Self.calmTail - 1) ? 0 : r.int(0...3)) {
                // Mostly down, so that the list really scrolls through.
                let m = r.chance(0.6) ? Self.moves[0] : r.pick(Self.moves)
                events.append(.key(m.0))
                selected = m.2(selected, names.count)
            }
            d.send(events)
            let frame = try XCTUnwrap(d.frame)
            XCTAssertEqual(frame.size, size, "a frame of the wrong size")
            XCTAssertEqual(screen.table.selected, selected, "the selection went astray at \(size)")
            if size.width < App.minimumSize.width || size.height < App.minimumSize.height {
                // Too small: the app says so, in as much of the sentence as fits.
                let expected = TextWidth.wrap(d.l.t(.windowTooSmall, App.minimumSize.width, App.minimumSize.height, size.width, size.height),
                                              width: size.width - 2)
                let shown = frame.lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                XCTAssertFalse(shown.isEmpty, "nothing drawn at \(size)")
                for line in shown { XCTAssertTrue(expected.contains(line), "at \(size): “\(line)” is not part of the too-small message") }
            } else {
                let lines = frame.lines
                XCTAssertTrue(lines[0].contains("Phường Đống Đa"), "no top bar at \(size):\n\(d.screen)")
                XCTAssertTrue(lines[1].contains("1 Cơ sở"), "no tabs at \(size)")
                XCTAssertFalse(lines[size.height - 1].isEmpty, "no footer at \(size)")
                // The selected row is on screen, and it is the one the keys chose.
                XCTAssertTrue(screen.table.selected >= screen.table.offset && screen.table.selected < screen.table.offset + screen.pageSize,
                              "the selection is off screen at \(size)")
                let name = String(names[selected].prefix(12))
                XCTAssertTrue(d.screen.contains(name), "“\(name)” (selected) is not on screen at \(size):\n\(d.screen)")
                XCTAssertTrue(lines.allSatisfy { TextWidth.of($0) <= size.width }, "a line wider than the screen at \(size)")
            }
        }
        // The final screen: the one frame the app draws after the last resize (the run loop draws once
        // per event; `drain` here draws more often, which would hide a frame drawn from stale layout)
        // is the one a fresh start at that size draws for the same list position.
        let final = Size(width: 300, height: 100)
        let afterStorm = d.app.frame(size: final).text
        let fresh = try AppDriver(width: final.width, height: final.height)
        (fresh.app.current as! EstablishmentListScreen).table = screen.table
        fresh.app.drain()
        XCTAssertTrue(afterStorm == fresh.screen, "the first frame after the resizes differs from a fresh start's:\n" + screenDiff(afterStorm, fresh.screen))
        report(String(format: "resizes in memory: %d resizes in %.1f s", Self.resizes, Date().timeIntervalSince(started)))
    }

    func testAHundredRapidResizesOfTheRealTerminalWhileTheListScrolls() throws {
        let bin = try wardcaseBinary()
        let started = Date()
        var r = SplitMix(seed: 0x5123_0002)
        let folder = try scratchFolder("resize")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("ward.sqlite").path
        let env = plainEnvironment(home: folder)
        XCTAssertEqual(try runProgram([bin, "demo", "--db", db], environment: env).status, 0)
        // Today's backup there already: both starts draw the same screen.
        let backups = folder.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: backups.appendingPathComponent("ward-\(Formats.Day.today().iso).sqlite").path, contents: Data())
        let names = try WardStore.open(path: db).establishments(EstablishmentQuery(language: .vi), offset: 0, limit: Int.max).map(\.establishment.name)
        let tmux = try Tmux()

        try tmux.start("storm", [bin, "--demo", "--db", db], width: 100, height: 30, home: folder, reportExit: true)
        XCTAssertNotNil(tmux.waitFor("storm") { $0.contains("Tổng quan năm") }, tmux.screen("storm"))
        try tmux.press("storm", "1")
        XCTAssertNotNil(tmux.waitFor("storm") { $0.contains("Tên cơ sở") }, tmux.screen("storm"))
        var selected = 0
        let sizes = Self.sizes(&r)
        for (k, size) in sizes.enumerated() {
            try tmux.resize("storm", width: size.width, height: size.height)
            var keys: [String] = []
            for _ in 0..<(k >= sizes.count - Self.calmTail ? 0 : r.int(0...2)) {
                let m = r.chance(0.6) ? Self.moves[0] : r.pick(Self.moves)
                keys.append(m.1)
                selected = m.2(selected, names.count)
            }
            if !keys.isEmpty { try tmux.tmux(["send-keys", "-t", "storm"] + keys) }
        }
        XCTAssertFalse(tmux.screen("storm").contains("EXIT="), "the app died during the resizes:\n\(tmux.screen("storm"))")
        // Small at the end: the too-small sentence, whole enough to read.
        try tmux.resize("storm", width: 40, height: 10)
        XCTAssertNotNil(tmux.waitFor("storm") { $0.contains("Cửa sổ quá nhỏ") && $0.contains("40×10") },
                        "no too-small message at 40x10:\n\(tmux.screen("storm"))")
        let final = Size(width: 120, height: 40)
        try tmux.resize("storm", width: final.width, height: final.height)
        let expectedName = names[selected]
        let shown = tmux.waitFor("storm") { $0.contains("Tên cơ sở") && $0.contains(String(expectedName.prefix(12))) }
        XCTAssertNotNil(shown, "after the resizes, “\(expectedName)” (selected) is not on screen:\n\(tmux.screen("storm"))")
        // Enter opens the selected establishment: the keys pressed during the storm all counted.
        try tmux.press("storm", "Enter")
        // (The record's title is the first line under the tabs, where the list has its count.)
        XCTAssertNotNil(tmux.waitFor("storm") { $0.components(separatedBy: "\n").dropFirst(2).prefix(2).contains { $0.hasPrefix(" " + expectedName) } },
                        "Enter did not open “\(expectedName)”:\n\(tmux.screen("storm"))")
        try tmux.press("storm", "Escape")
        XCTAssertNotNil(tmux.waitFor("storm") { $0.contains("Tên cơ sở") })
        try tmux.press("storm", "Home")
        let top = String(names[0].prefix(12))
        usleep(300_000)
        let after = tmux.waitFor("storm") { $0.contains(top) } ?? tmux.screen("storm")

        // A fresh start at the final size, at the top of the same list, draws the same screen.
        try tmux.start("calm", [bin, "--demo", "--db", db], width: final.width, height: final.height, home: folder)
        XCTAssertNotNil(tmux.waitFor("calm") { $0.contains("Tổng quan năm") })
        try tmux.press("calm", "1")
        _ = tmux.waitFor("calm") { $0.contains(top) }
        usleep(300_000)
        let calmScreen = tmux.screen("calm")
        XCTAssertTrue(after == calmScreen, "the screen after 100 resizes differs from a fresh start at \(final.width)x\(final.height):\n"
                      + screenDiff(after, calmScreen))
        // And the app still quits cleanly.
        try tmux.press("storm", "q")
        XCTAssertNotNil(tmux.waitFor("storm", seconds: 10) { $0.contains("EXIT=0") }, "the app did not quit cleanly:\n\(tmux.screen("storm"))")
        report(String(format: "resizes in tmux: %d resizes in %.1f s", Self.resizes, Date().timeIntervalSince(started)))
    }
}
