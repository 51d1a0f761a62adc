import Foundation
import XCTest
import WardCaseCore
@testable import WardCaseReports

/// kill -9 in the middle of writes, 200 times in all: 120 CLI imports, 50 report drafts and
/// finalisations, 30 visit saves in the TUI. Each kind works on one database for all its runs, so
/// every kill must also leave every earlier write intact. After every kill `wardcase check` must
/// pass, every write the app had said was saved must be there, and a write it had not confirmed
/// must be there whole or not at all. The kill delays come from a seeded generator (printed), and
/// each test reports how its kills fell: before the commit, after it but before the app said so,
/// or after the app said so.
final class CrashSafetyTests: TortureCase {
    static let seed: UInt64 = 0x5EED_C0DE_0200
    static let importKills = 120, reportKills = 50, visitKills = 30

    nonisolated(unsafe) private static var templateFolder: URL?

    /// The demo ward, made once for the class (its passwords are the slow part) and copied for each test.
    func demoTemplate() throws -> String {
        if let f = Self.templateFolder { return f.appendingPathComponent("ward.sqlite").path }
        let bin = try wardcaseBinary()
        let folder = try scratchFolder("template")
        let db = folder.appendingPathComponent("ward.sqlite").path
        let r = try runProgram([bin, "demo", "--db", db], environment: plainEnvironment(home: folder))
        guard r.status == 0 else { throw NSError(domain: "torture", code: 1, userInfo: [NSLocalizedDescriptionKey: "demo failed: \(r.err)"]) }
        Self.templateFolder = folder
        return db
    }

    override class func tearDown() {
        if let f = templateFolder { try? FileManager.default.removeItem(at: f) }
        templateFolder = nil
        super.tearDown()
    }

    /// When to kill: a third of the time anywhere in the run (and a little after it), two thirds
    /// of the time around the write, which starts about `writeStarts` seconds in and ends by `total`.
    static func killDelay(_ r: inout SplitMix, total: Double, writeStarts: Double) -> Double {
        if r.chance(1.0 / 3) { return Double.random(in: 0...(total * 1.3), using: &r) }
        // (Timings measured on a busy machine can cross: the range never turns inside out.)
        let from = min(writeStarts * 0.85, total), to = max(total * 1.1, from + 0.001)
        return Double.random(in: from...to, using: &r)
    }

    /// `wardcase check` exits 0, or the test fails with what it said.
    func assertCheckPasses(_ bin: String, _ db: String, _ env: [String: String], _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try runProgram([bin, "check", "--db", db], environment: env)
        XCTAssertEqual(r.status, 0, "wardcase check failed after \(what):\n\(r.out)\(r.err)", file: file, line: line)
    }

    // MARK: Imports

    func testImportsKilledMidWriteLoseNothingAndLeaveNoHalfImport() throws {
        let bin = try wardcaseBinary()
        let started = Date()
        let folder = try scratchFolder("imports")
        defer { try? FileManager.default.removeItem(at: folder) }
        let env = plainEnvironment(home: folder)
        let db = folder.appendingPathComponent("ward.sqlite").path
        try copyDatabase(try demoTemplate(), to: db)
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        let rowsPerFile = 60
        var rng = SplitMix(seed: Self.seed)
        report("imports: seed \(Self.seed), \(Self.importKills) kills, \(rowsPerFile) rows a file")

        /// A file of `rowsPerFile` new establishments, all named with the run's token.
        func file(_ run: Int) throws -> String {
            var lines = ["Tên cơ sở,Loại hình,Địa chỉ,Tổ dân phố,Số giấy phép,Số người lao động,Ghi chú"]
            for j in 0..<rowsPerFile {
                lines.append("Nhà nghỉ Kx\(run)q số \(j),Nhà nghỉ,Số \(j) ngõ \(run) phố Láng,Tổ dân phố số \(j % 15 + 1),KX\(run)-\(j),\(j % 20),\"Dòng \(j), lần \(run)\"")
            }
            let path = folder.appendingPathComponent("in-\(run).csv").path
            try (lines.joined(separator: "\r\n") + "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        func count(_ store: WardStore, run: Int) throws -> Int {
            try store.countEstablishments(EstablishmentQuery(filter: "Kx\(run)q", language: .vi))
        }
        let base = try WardStore.open(path: db).countEstablishments(EstablishmentQuery(language: .vi))

        // Run 0, not killed: how long an import takes, and how long it reads before it writes
        // (a dry run), so that the kills spread over all of it and gather around the write.
        let tDry = Date()
        XCTAssertEqual(try runProgram([bin, "import", "establishments", try file(0), "--db", db, "--dry-run"], environment: env).status, 0)
        let readTime = Date().timeIntervalSince(tDry)
        let t0 = Date()
        let first = try runProgram([bin, "import", "establishments", try file(0), "--db", db], environment: env)
        let duration = Date().timeIntervalSince(t0)
        XCTAssertEqual(first.status, 0, first.err)
        XCTAssertTrue(first.out.contains(l.t(.importDone, rowsPerFile, 0, 0)), first.out)
        var complete: [Int] = [0]
        var outcomes = (none: 0, unconfirmed: 0, confirmed: 0)

        for run in 1...Self.importKills {
            let path = try file(run)
            let delay = Self.killDelay(&rng, total: duration, writeStarts: readTime)
            let p = try Spawned([bin, "import", "establishments", path, "--db", db], environment: env)
            usleep(useconds_t(delay * 1_000_000))
            p.killNow()
            let status = p.wait()
            let confirmed = p.out.contains(l.t(.importDone, rowsPerFile, 0, 0))
            XCTAssertTrue(status == 0 || status == 128 + SIGKILL, "import ended with \(status): \(p.err)")
            try assertCheckPasses(bin, db, env, "killing import \(run) at \(Int(delay * 1000)) ms (seed \(Self.seed))")
            let store = try WardStore.open(path: db)
            let n = try count(store, run: run)
            if confirmed {
                XCTAssertEqual(n, rowsPerFile, "run \(run): the import said it was done, but \(n) of \(rowsPerFile) rows are there (seed \(Self.seed))")
                outcomes.confirmed += 1
            } else {
                XCTAssertTrue(n == 0 || n == rowsPerFile, "run \(run): half an import is there: \(n) of \(rowsPerFile) rows (killed at \(Int(delay * 1000)) ms, seed \(Self.seed))")
                if n == 0 { outcomes.none += 1 } else { outcomes.unconfirmed += 1 }
            }
            if n == rowsPerFile { complete.append(run) }
            // Everything imported before is still there, and nothing else.
            XCTAssertEqual(try store.countEstablishments(EstablishmentQuery(language: .vi)), base + rowsPerFile * complete.count,
                           "after run \(run) the register does not add up")
            try? FileManager.default.removeItem(atPath: path)
        }
        let store = try WardStore.open(path: db)
        for run in complete { XCTAssertEqual(try count(store, run: run), rowsPerFile, "the rows of import \(run) changed later") }
        report(String(format: "imports: %d kills in %.1f s (an import takes %.0f ms, %.0f ms of it before writing); killed before the commit %d, after the commit but before saying so %d, after saying so %d",
                      Self.importKills, Date().timeIntervalSince(started), duration * 1000, readTime * 1000, outcomes.none, outcomes.unconfirmed, outcomes.confirmed))
    }

    // MARK: Reports

    func testReportDraftsAndFinalisationsKilledMidWriteLoseNothing() throws {
        let bin = try wardcaseBinary()
        let started = Date()
        let folder = try scratchFolder("reports")
        defer { try? FileManager.default.removeItem(at: folder) }
        let env = plainEnvironment(home: folder)
        let db = folder.appendingPathComponent("ward.sqlite").path
        try copyDatabase(try demoTemplate(), to: db)
        var rng = SplitMix(seed: Self.seed &+ 1)
        report("reports: seed \(Self.seed &+ 1), \(Self.reportKills) kills")
        // A month with no report yet, months and longer periods already final: drafts make new
        // versions of those, finalisations fix them.
        let periods = ["2026-10", "2026-09", "2026-08", "2026-Q3", "2026-H1", "2025"]

        func versions(_ code: String) throws -> [Report] {
            try WardStore.open(path: db).reports(period: try XCTUnwrap(ReportPeriod(parsing: code)))
        }
        // How long each command takes, not killed (on a period the kills do not touch).
        var duration: [String: Double] = [:]
        // Reading a report takes what a draft or finalisation takes before it writes.
        let tShow = Date()
        XCTAssertEqual(try runProgram([bin, "report", "show", "--period", "2026-09", "--db", db], environment: env).status, 0)
        let readTime = Date().timeIntervalSince(tShow)
        for action in ["draft", "finalise"] {
            let t0 = Date()
            let r = try runProgram([bin, "report", action, "--period", "2026-07", "--db", db], environment: env)
            duration[action] = Date().timeIntervalSince(t0)
            XCTAssertEqual(r.status, 0, r.err)
        }
        /// Figures of final versions as first seen: they must never change.
        var frozen: [String: ReportFigures] = [:]
        var outcomes = (unchanged: 0, unconfirmed: 0, confirmed: 0)

        for run in 1...Self.reportKills {
            let period = rng.pick(periods)
            let before = try versions(period)
            // Mostly the command that writes something here (a draft after a final version, a
            // finalisation of a draft), now and then the one that finds nothing to do.
            let writes = before.first?.status == .draft ? "finalise" : "draft"
            let action = rng.chance(0.8) ? writes : (writes == "draft" ? "finalise" : "draft")
            let delay = Self.killDelay(&rng, total: duration[action] ?? 0.1, writeStarts: min(readTime, duration[action] ?? 0.1))
            let p = try Spawned([bin, "report", action, "--period", period, "--db", db], environment: env)
            usleep(useconds_t(delay * 1_000_000))
            p.killNow()
            let status = p.wait()
            let what = "\(action) \(period), run \(run), killed at \(Int(delay * 1000)) ms (seed \(Self.seed &+ 1))"
            XCTAssertTrue(status == 0 || status == 128 + SIGKILL, "\(what) ended with \(status): \(p.err)")
            try assertCheckPasses(bin, db, env, what)
            let after = try versions(period)
            // One version per number, numbered 1...n, at most one more than before.
            XCTAssertEqual(after.map(\.version), (0..<after.count).map { after.count - $0 }, what)
            XCTAssertTrue(after.count == before.count || after.count == before.count + 1, "\(what): \(before.count) versions became \(after.count)")
            XCTAssertLessThanOrEqual(after.filter { $0.status == .draft }.count, 1, "\(what): two drafts")
            let out = p.out
            let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
            var confirmed = false
            if let latest = after.first {
                if action == "finalise", out.contains(l.t(.rcliFinalised, period, latest.version)) {
                    confirmed = true
                    XCTAssertNotEqual(latest.status, .draft, "\(what): said finalised, still a draft")
                    XCTAssertNotNil(latest.figures, "\(what): final without frozen figures")
                }
                if action == "draft", out.contains(l.t(.rcliDraftMade, latest.version, period)) {
                    confirmed = true
                    XCTAssertEqual(latest.status, .draft, what)
                }
            }
            // Whatever was final before is still final with the same figures.
            for r in after where r.status != .draft {
                let key = "\(period) v\(r.version)"
                XCTAssertNotNil(r.figures, "\(what): \(key) is final without figures")
                if let seen = frozen[key] { XCTAssertEqual(r.figures, seen, "\(what): the frozen figures of \(key) changed") } else { frozen[key] = r.figures }
            }
            for old in before where old.status != .draft {
                XCTAssertEqual(after.first { $0.version == old.version }?.status, old.status, "\(what): v\(old.version) lost its status")
            }
            if confirmed { outcomes.confirmed += 1 } else if after == before { outcomes.unchanged += 1 } else { outcomes.unconfirmed += 1 }
        }
        report(String(format: "reports: %d kills in %.1f s (draft %.0f ms, finalise %.0f ms); nothing written %d, written but not said %d, said and there %d",
                      Self.reportKills, Date().timeIntervalSince(started), (duration["draft"] ?? 0) * 1000, (duration["finalise"] ?? 0) * 1000,
                      outcomes.unchanged, outcomes.unconfirmed, outcomes.confirmed))
    }

    // MARK: Visits in the TUI

    func testVisitSavesKilledInTheTUILoseNothing() throws {
        let bin = try wardcaseBinary()
        let started = Date()
        let folder = try scratchFolder("visits")
        defer { try? FileManager.default.removeItem(at: folder) }
        let env = plainEnvironment(home: folder)
        let db = folder.appendingPathComponent("ward.sqlite").path
        try copyDatabase(try demoTemplate(), to: db)
        // Today's daily backup already there: the starts under test go straight to work.
        let backups = folder.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: backups.appendingPathComponent("ward-\(Formats.Day.today().iso).sqlite").path, contents: Data())
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        let saved = l.t(.visitSaved)
        var rng = SplitMix(seed: Self.seed &+ 2)
        report("visits: seed \(Self.seed &+ 2), \(Self.visitKills) kills")
        let tmux = try Tmux()

        func visits(team: String) throws -> Int {
            var q = VisitQuery()
            q.team = team
            q.includeSuperseded = true
            return try WardStore.open(path: db).countVisits(q)
        }
        func allVisits() throws -> Int {
            var q = VisitQuery()
            q.includeSuperseded = true
            return try WardStore.open(path: db).countVisits(q)
        }
        let base = try allVisits()
        var kept: [String] = []
        var outcomes = (none: 0, unconfirmed: 0, confirmed: 0)
        var saveTime = 0.15

        /// Opens a new visit form in a fresh app and types a team name only this run uses;
        /// returns the session name, ready for Ctrl-S.
        func openForm(_ run: Int, team: String) throws -> String {
            let name = "v\(run)"
            try tmux.start(name, [bin, "--demo", "--db", db], width: 100, height: 30, home: folder)
            guard tmux.waitFor(name, { $0.contains("Tổng quan năm") }) != nil else { throw failure("the app did not start", tmux.screen(name)) }
            try tmux.press(name, "2", "n")
            guard tmux.waitFor(name, { $0.contains("Chọn cơ sở") }) != nil else { throw failure("no place picker", tmux.screen(name)) }
            for _ in 0..<rng.int(0...15) { try tmux.press(name, "Down") }
            try tmux.press(name, "Enter")
            guard tmux.waitFor(name, { $0.contains("Ghi lần kiểm tra") }) != nil else { throw failure("no visit form", tmux.screen(name)) }
            try tmux.press(name, "Tab", "Tab", "Tab", "C-u")
            try tmux.type(name, team)
            guard tmux.waitFor(name, { $0.contains(team) }) != nil else { throw failure("the team name did not arrive", tmux.screen(name)) }
            return name
        }
        func failure(_ what: String, _ screen: String) -> NSError {
            NSError(domain: "torture", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(what); screen:\n\(screen)"])
        }

        // Run 0, not killed: the save works and how long it takes to show.
        do {
            let team = "Đội thử V0x"
            let name = try openForm(0, team: team)
            let t0 = Date()
            try tmux.press(name, "C-s")
            let screen = tmux.waitFor(name, { $0.contains(saved) }) ?? tmux.screen(name)
            saveTime = max(0.05, Date().timeIntervalSince(t0))
            XCTAssertTrue(screen.contains(saved), "the first visit was not saved:\n\(screen)")
            if let pid = tmux.pid(name) { kill(pid, SIGKILL) }
            tmux.kill(name)
            try assertCheckPasses(bin, db, env, "the first visit")
            XCTAssertEqual(try visits(team: team), 1)
            kept.append(team)
        }

        for run in 1...Self.visitKills {
            let team = "Đội thử V\(run)x"
            let name = try openForm(run, team: team)
            guard let pid = tmux.pid(name) else { XCTFail("no pid for run \(run)"); continue }
            // Ctrl-S reaches the app a few milliseconds after the tmux client starts, and the save
            // takes a few more: the kill is timed from the client's start, not its end.
            let delay = rng.chance(1.0 / 3) ? Double.random(in: 0...(saveTime * 1.5), using: &rng) : Double.random(in: 0...0.02, using: &rng)
            let keys = try Spawned(["tmux", "-L", tmux.socket, "-f", tmux.configPath, "send-keys", "-t", name, "C-s"], environment: tmux.environment)
            usleep(useconds_t(delay * 1_000_000))
            kill(pid, SIGKILL)
            keys.wait()
            // The pane keeps the last screen the app drew.
            _ = tmux.waitFor(name, seconds: 5) { _ in tmux.deadStatus(name).dead }
            let screen = tmux.screen(name)
            tmux.kill(name)
            let what = "visit run \(run), killed \(Int(delay * 1000)) ms after Ctrl-S (seed \(Self.seed &+ 2))"
            try assertCheckPasses(bin, db, env, what)
            let n = try visits(team: team)
            XCTAssertLessThanOrEqual(n, 1, "\(what): saved twice")
            if screen.contains(saved) {
                XCTAssertEqual(n, 1, "\(what): the app said “\(saved)” but the visit is not there")
                outcomes.confirmed += 1
            } else if n == 1 { outcomes.unconfirmed += 1 } else { outcomes.none += 1 }
            if n == 1 { kept.append(team) }
            XCTAssertEqual(try allVisits(), base + kept.count, "\(what): the visits do not add up")
        }
        for team in kept { XCTAssertEqual(try visits(team: team), 1, "the visit of \(team) went missing later") }
        report(String(format: "visits: %d kills in %.1f s (a save shows within %.0f ms); killed before the commit %d, after it but before the screen said so %d, after %d",
                      Self.visitKills, Date().timeIntervalSince(started), saveTime * 1000, outcomes.none, outcomes.unconfirmed, outcomes.confirmed))
    }
}
