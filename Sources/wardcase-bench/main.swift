// wardcase-bench: speed and memory of what a ward officer waits for, on the city dataset
// (20,000 establishments, 1,000,000 visits over 10 years, 100,000 cases, 300,000 referrals,
// 200,000 tip-offs). Prints a table (median, p95, max, peak memory, target) and writes JSON.
//
//   swift run -c release wardcase-bench [--db FILE] [--json FILE] [--runs N] [--only TEXT]
//
// The dataset is generated into FILE (default: $TMPDIR/wardcase-city.sqlite) when it is missing,
// by `wardcase demo --scale city` (the wardcase binary beside this one), so that generation
// does not count in the peak memory of what follows.
// Exits 1 when a target is missed.
import ArgumentParser
import Foundation
import TerminalKit
import WardCaseApp
import WardCaseCore
import WardCaseDemo
import WardCaseReports
import WardCaseExport

// MARK: Arguments

struct BenchOptions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wardcase-bench",
        abstract: "Speed and memory of what a ward officer waits for, on the city dataset; exits 1 when a target is missed.",
        discussion: "The dataset is generated into --db when it is missing (wardcase demo --scale city, about 1.3 GB and 90 s).")
    @Option(help: "The city dataset (default: $TMPDIR/wardcase-city.sqlite).") var db: String?
    @Option(help: "Where to write the results as JSON.") var json = "wardcase-bench.json"
    @Option(help: "Runs of each quick operation.") var runs = 50
    @Option(help: "Only the operations whose name contains this (while tuning one of them).") var only: String?
}

// --help prints this and exits before anything is generated; a wrong option is one sentence.
let options = BenchOptions.parseOrExit()
let dbPath = options.db ?? FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-city.sqlite").path
let jsonPath = options.json
let runs = options.runs
let only = options.only
@MainActor func wanted(_ name: String) -> Bool { only.map { name.localizedCaseInsensitiveContains($0) } ?? true }

// MARK: Measuring

/// Peak resident memory since the last reset, in MB (VmHWM; reset through /proc/self/clear_refs).
func peakMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

func resetPeak() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

struct Result: Codable {
    var operation: String
    var runs: Int
    var medianMs: Double
    var p95Ms: Double
    var maxMs: Double
    var peakMB: Double
    var target: String
    var met: Bool
    var note: String?
}

nonisolated(unsafe) var results: [Result] = []

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded(.up)))]
}

enum Target {
    case p95(Double), median(Double), max(Double), memory(Double), ratio(Double)
    var text: String {
        switch self {
        case .p95(let ms): "p95 < \(Int(ms)) ms"
        case .median(let ms): "median < \(Int(ms)) ms"
        case .max(let ms): "max < \(Int(ms)) ms"
        case .memory(let mb): "peak < \(Int(mb)) MB"
        case .ratio(let r): "ours/sqlite3 < \(r)x"
        }
    }
}

/// Runs `body` `n` times (after one warm-up run unless `warm` is false) and records the times.
@discardableResult
@MainActor func measure(_ name: String, runs n: Int, warm: Bool = true, target: Target, note: String? = nil,
             _ body: () throws -> Void) rethrows -> Result {
    guard wanted(name) else { return Result(operation: name, runs: 0, medianMs: 0, p95Ms: 0, maxMs: 0, peakMB: 0, target: "", met: true) }
    if warm { try body() }
    resetPeak()
    var ms: [Double] = []
    for _ in 0..<n {
        let start = now()
        try body()
        ms.append(Double(now() - start) / 1e6)
    }
    let sorted = ms.sorted()
    var r = Result(operation: name, runs: n, medianMs: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95),
                   maxMs: sorted.last ?? 0, peakMB: peakMegabytes(), target: target.text, met: true, note: note)
    switch target {
    case .p95(let t): r.met = r.p95Ms < t
    case .median(let t): r.met = r.medianMs < t
    case .max(let t): r.met = r.maxMs < t
    case .memory(let t): r.met = r.peakMB < t
    case .ratio: break
    }
    results.append(r)
    print(row(r))
    return r
}

func row(_ r: Result) -> String {
    r.operation.padding(toLength: 54, withPad: " ", startingAt: 0)
        + String(format: "%5d %9.2f %9.2f %9.2f %8.0f  ", r.runs, r.medianMs, r.p95Ms, r.maxMs, r.peakMB)
        + r.target.padding(toLength: 36, withPad: " ", startingAt: 0) + (r.met ? "ok" : "MISSED") + (r.note.map { "  " + $0 } ?? "")
}

/// A program's wall-clock milliseconds and peak resident memory (its VmHWM), its output thrown
/// away; `stdin` is a file it reads. The clock stops when a blocking wait returns (Foundation's
/// `Process.waitUntilExit` polls and would round every run up to its 50 ms step).
func runProgram(_ path: String, _ arguments: [String], stdin: String? = nil) throws -> (ms: Double, peakMB: Double, ok: Bool) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let stdin { posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let start = now()
    guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { throw CocoaError(.executableNotLoadable) }
    // The child's own VmHWM, read while it runs on a thread of its own: wait4's ru_maxrss would
    // count the bench's pages, which the child shares until it runs the program.
    let sampler = PeakSampler(pid: pid)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    let ms = Double(now() - start) / 1e6
    return (ms, sampler.stop() / 1024, status == 0)
}

/// Samples a running process's VmHWM every 2 ms until stopped.
final class PeakSampler: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private var peakKB = 0.0
    private let finished = DispatchSemaphore(value: 0)
    init(pid: pid_t) {
        Thread.detachNewThread { [self] in
            while lock.withLock({ running }) {
                if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                   let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                   let kb = Double(line.split(separator: " ").dropFirst().first ?? "") { lock.withLock { peakKB = max(peakKB, kb) } }
                usleep(2_000)
            }
            finished.signal()
        }
    }
    /// The highest VmHWM seen, in kB.
    func stop() -> Double {
        lock.withLock { running = false }
        finished.wait()
        return lock.withLock { peakKB }
    }
}

/// The SQL a store ran, collected from its connections.
final class TracedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ s: String) { lock.withLock { lines.append(s) } }
    var all: [String] { lock.withLock { lines } }
}

// MARK: The dataset

let fm = FileManager.default
var generationNote: String?
// The generator, as a whole process with its peak memory: into --db when it is missing, else
// into a file of its own (only when asked for by --only, or on a full run: about 75 s).
if !fm.fileExists(atPath: dbPath) || wanted("generate") {
    let missing = !fm.fileExists(atPath: dbPath)
    let target = missing ? dbPath : fm.temporaryDirectory.appendingPathComponent("wardcase-bench-generate-\(UUID().uuidString).sqlite").path
    print("generating the city dataset into \(target) ...")
    let wardcase = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("wardcase").path
    let run = try runProgram(wardcase, ["demo", "--scale", "city", "--db", target])
    guard run.ok, fm.fileExists(atPath: target) else {
        print("wardcase-bench: generation failed (\(wardcase) demo --scale city)")
        exit(2)
    }
    if !missing { for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: target + suffix) } }
    let r = Result(operation: "generate the city dataset (wardcase demo --scale city)", runs: 1, medianMs: run.ms, p95Ms: run.ms,
                   maxMs: run.ms, peakMB: run.peakMB, target: "max < 120000 ms, peak < 300 MB", met: run.ms < 120_000 && run.peakMB < 300, note: nil)
    results.append(r)
    generationNote = row(r)
}

print("operation".padding(toLength: 54, withPad: " ", startingAt: 0) + " runs    median       p95       max  peak MB  target")
if let generationNote { print(generationNote) }

do {
    let resources = try ResourceLocator.directory()
    let l = try Localizer.load(.vi, resources: resources)
    // The user running the bench: `wardcase list …` runs as them, signed in without a password.
    let osUser = OSUser.current
    do {
        let store = try WardStore.open(path: dbPath)
        try DemoWard.mapOSUser(osUser, in: store)
    }

    // Start: open the database, sign in (mapped OS user), draw the first screen (the overview,
    // whose figures are then counted in the background and filled in).
    try measure("start to first screen drawn (overview)", runs: 10, target: .median(150)) {
        let store = try! WardStore.open(path: dbPath)
        let ctx = try! AppContext(store: store, localizer: l, osUser: osUser, isDemo: true)
        let backend = MemoryBackend(width: 120, height: 40)
        let app = App(context: ctx, backend: backend)
        app.redraw()
        precondition(backend.screenText.contains("Tổng quan"), backend.screenText)
    }
    try measure("overview figures filled in (background)", runs: 5, target: .median(250)) {
        let store = try! WardStore.open(path: dbPath)
        let ctx = try! AppContext(store: store, localizer: l, osUser: osUser, isDemo: true)
        let backend = MemoryBackend(width: 120, height: 40)
        let app = App(context: ctx, backend: backend)
        app.drain()
        precondition(backend.screenText.contains("% / 80%"), backend.screenText)
    }

    let store = try WardStore.open(path: dbPath)
    let today = store.today

    // Opening a list: its count and the first screenful, as the list screens ask for them.
    let screenful = 30
    try measure("open list: establishments", runs: runs, target: .p95(30)) {
        let q = EstablishmentQuery(language: .vi)
        _ = try store.countEstablishments(q)
        _ = try store.establishments(q, offset: 0, limit: screenful)
    }
    try measure("open list: visits", runs: runs, target: .p95(30)) {
        let q = VisitQuery(today: today)
        _ = try store.countVisits(q)
        _ = try store.visits(q, offset: 0, limit: screenful)
    }
    try measure("open list: tip-offs", runs: runs, target: .p95(30)) {
        let q = TipQuery(today: today)
        _ = try store.countTips(q)
        _ = try store.tips(q, offset: 0, limit: screenful)
    }
    try measure("open list: support cases", runs: runs, target: .p95(30)) {
        let q = CaseQuery()
        _ = try store.countCases(q)
        _ = try store.cases(q, offset: 0, limit: screenful)
    }
    try measure("open list: referrals", runs: runs, target: .p95(30)) {
        let q = ReferralQuery(today: today)
        _ = try store.countReferrals(q)
        _ = try store.referrals(q, offset: 0, limit: screenful)
    }

    // Filter as you type: every keystroke recounts and fetches the first screenful; each prefix
    // of the phrase in turn, typed over and over.
    func typing(_ list: String, _ phrase: String, target: Double, _ keystroke: (String) throws -> Void) throws {
        let prefixes = (1...phrase.count).map { String(phrase.prefix($0)) }
        var typed = 0
        try measure("filter keystroke, \(list) (\"\(phrase)\")", runs: max(runs, prefixes.count * 4), target: .p95(target)) {
            try keystroke(prefixes[typed % prefixes.count])
            typed += 1
        }
    }
    try typing("20,000 establishments", "karaoke dong da", target: 16) { words in
        let q = EstablishmentQuery(filter: words, language: .vi)
        _ = try store.countEstablishments(q)
        _ = try store.establishments(q, offset: 0, limit: screenful)
    }
    try typing("1,000,000 visits", "karaoke dong da", target: 50) { words in
        var q = VisitQuery(today: today)
        q.filter = words
        _ = try store.countVisits(q)
        _ = try store.visits(q, offset: 0, limit: screenful)
    }
    try typing("200,000 tip-offs", "moi gioi mai dam", target: 50) { words in
        var q = TipQuery(today: today)
        q.filter = words
        _ = try store.countTips(q)
        _ = try store.tips(q, offset: 0, limit: screenful)
    }

    // Scrolling the visit list from the first row to the last: 2,000 page-downs from the top,
    // then 500 jumps spread evenly to the very end, each loading one screenful only.
    let all = VisitQuery(today: today)
    let total = try store.countVisits(all)
    var page = 0
    try measure("scroll the visit list: page-down from the top", runs: 2000, warm: false, target: .p95(30)) {
        _ = try store.visits(all, offset: page * screenful, limit: screenful)
        page += 1
    }
    var jump = 0
    let scroll = try measure("scroll the visit list: top to bottom in 500 jumps", runs: 500, warm: false, target: .memory(80),
                         note: "\(total) rows") {
        jump += 1
        _ = try store.visits(all, offset: max(0, min(total - screenful, total * jump / 500 - screenful)), limit: screenful)
    }
    _ = scroll

    // Reports: the figures for a month and a year, then the files a clerk sends.
    let lastMonth = today.monthRange.lowerBound.adding(days: -1)
    let month = ReportPeriod.month(lastMonth.year, lastMonth.month)!
    let year = ReportPeriod.year(lastMonth.year)!
    try measure("draft a monthly report (count its figures)", runs: runs, target: .p95(200)) { _ = try store.reportFigures(month) }
    try measure("draft an annual report (count its figures)", runs: 10, target: .p95(500)) { _ = try store.reportFigures(year) }

    // The city ward's every-role account, as the mapped OS user signs in.
    guard let clerk = try store.signInAutomatically(osUser: osUser) else {
        print("wardcase-bench: \(dbPath) has no account for \(osUser): is it a city demo (wardcase demo --scale city)?")
        exit(2)
    }
    // Keys at the installed cost (scrypt N=2^17, r=8, p=1): checking a password at sign-in, and
    // opening the ward key with a case worker's passphrase (the city's is the demo's).
    let hash = try PasswordHasher.hash("mat-khau-do-thoi-gian")
    try measure("sign in: check a password (scrypt N=2^17)", runs: 5, target: .median(500)) {
        precondition(PasswordHasher.verify("mat-khau-do-thoi-gian", against: hash))
    }
    try measure("open the ward key with a passphrase (scrypt N=2^17)", runs: 5, target: .median(500)) {
        _ = try store.unlockWardKey(passphrase: DemoWard.passphrase, by: clerk)
    }
    let report = try store.draftReport(month, by: clerk)
    let figures = try store.reportFigures(month)
    let ward = try store.ward()!
    let trend = try store.monthlyTrend(through: month.end).map { ($0.label, $0.visits, $0.violations) }
    try measure("export the monthly report to DOCX", runs: runs, target: .p95(100)) {
        _ = try ReportDocument.file(.docx, report: report, figures: figures, ward: ward, l: l, today: today, trend: trend)
    }
    try measure("export the monthly report to XLSX (with chart)", runs: runs, target: .p95(100)) {
        _ = try ReportDocument.file(.xlsx, report: report, figures: figures, ward: ward, l: l, today: today, trend: trend)
    }

    // Our time beside the sqlite3 shell's for the very SQL a report runs.
    if let sqlite3 = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first(where: fm.isExecutableFile(atPath:)) {
        for (name, period, n) in [("monthly", month, 20), ("annual", year, 5)] where wanted("\(name) report SQL") {
            let lines = TracedLines()
            let traced = try WardStore.open(path: dbPath, trace: { lines.append($0) })
            _ = try traced.reportFigures(period)
            let statements = lines.all
            let script = fm.temporaryDirectory.appendingPathComponent("wardcase-bench-\(name).sql").path
            try (statements.map { $0.hasSuffix(";") ? $0 : $0 + ";" }.joined(separator: "\n") + "\n").write(toFile: script, atomically: true, encoding: .utf8)
            let empty = fm.temporaryDirectory.appendingPathComponent("wardcase-bench-empty.sql").path
            try "SELECT 1;\n".write(toFile: empty, atomically: true, encoding: .utf8)
            var ours: [Double] = [], theirs: [Double] = [], startup: [Double] = []
            _ = try runProgram(sqlite3, ["-batch", dbPath], stdin: script)   // warm the page cache
            for _ in 0..<n {
                let start = now()
                _ = try store.reportFigures(period)
                ours.append(Double(now() - start) / 1e6)
                theirs.append(try runProgram(sqlite3, ["-batch", dbPath], stdin: script).ms)
                startup.append(try runProgram(sqlite3, ["-batch", dbPath], stdin: empty).ms)
            }
            let o = percentile(ours.sorted(), 0.5)
            let t = max(0.01, percentile(theirs.sorted(), 0.5) - percentile(startup.sorted(), 0.5))
            let ratio = o / t
            let r = Result(operation: "\(name) report SQL: ours vs sqlite3 shell", runs: n, medianMs: o, p95Ms: percentile(ours.sorted(), 0.95),
                           maxMs: ours.max() ?? 0, peakMB: 0, target: Target.ratio(1.2).text, met: ratio <= 1.2,
                           note: String(format: "sqlite3 %.1f ms (%d statements), ratio %.2fx", t, statements.count, ratio))
            results.append(r)
            print(row(r))
        }
    } else {
        print("sqlite3 shell not found: the engine comparison is skipped")
    }

    // Bulk exports, each as a whole `wardcase list … -o FILE` process, beside the sqlite3 shell
    // running the SQL wardcase ran (traced) and writing CSV to the same place; the peak memory of
    // each process (VmHWM) too.
    if let sqlite3 = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first(where: fm.isExecutableFile(atPath:)) {
        let wardcase = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("wardcase").path
        let out = fm.temporaryDirectory.appendingPathComponent("wardcase-bench-export").path
        let lastYear = today.year - 1
        let yearQuery: VisitQuery = {
            var q = VisitQuery(view: .all)
            q.from = Formats.Day(year: lastYear, month: 1, day: 1)
            q.to = Formats.Day(year: lastYear, month: 12, day: 31)
            return q
        }()
        var karaoke = VisitQuery(view: .all)
        karaoke.filter = "karaoke"
        let exports: [(String, [String], String, (WardStore) throws -> Void)] = [
            ("export every visit to CSV", ["list", "visits"], "csv", { try $0.eachVisit(VisitQuery(view: .all)) { _ in } }),
            ("export the visits to karaoke to CSV", ["list", "visits", "--filter", "karaoke"], "csv", { try $0.eachVisit(karaoke) { _ in } }),
            ("export every tip-off to CSV", ["list", "tips"], "csv", { try $0.eachTip(TipQuery(view: .all)) { _ in } }),
            ("export every referral to CSV", ["list", "referrals"], "csv", { try $0.eachReferral(ReferralQuery(view: .all, today: today)) { _ in } }),
            ("export a year of visits to XLSX", ["list", "visits", "--from", "01/01/\(lastYear)", "--to", "31/12/\(lastYear)"], "xlsx",
             { try $0.eachVisit(yearQuery) { _ in } }),
        ]
        for (name, arguments, format, read) in exports where wanted(name) {
            let lines = TracedLines()
            try read(try WardStore.open(path: dbPath, trace: { lines.append($0) }))
            let script = out + ".sql"
            try ([".mode csv", ".headers on", ".output " + out + "-sqlite3.csv"] + lines.all.map { $0.hasSuffix(";") ? $0 : $0 + ";" })
                .joined(separator: "\n").write(toFile: script, atomically: true, encoding: .utf8)
            let command = arguments + ["--db", dbPath, "--format", format, "-o", out + "." + format]
            _ = try runProgram(sqlite3, ["-batch", dbPath, ".read " + script])   // warm the page cache
            var ours: [(ms: Double, peakMB: Double, ok: Bool)] = [], theirs: [(ms: Double, peakMB: Double, ok: Bool)] = []
            for _ in 0..<3 {
                ours.append(try runProgram(wardcase, command))
                theirs.append(try runProgram(sqlite3, ["-batch", dbPath, ".read " + script]))
            }
            let o = percentile(ours.map(\.ms).sorted(), 0.5), t = percentile(theirs.map(\.ms).sorted(), 0.5), peak = ours.map(\.peakMB).max() ?? 0
            let ratio = o / max(1, t)
            // The place filter folds accents with wardcase's own SQL function, which the shell does not have.
            let compared = theirs.allSatisfy(\.ok)
            let r = Result(operation: name, runs: ours.count, medianMs: o, p95Ms: percentile(ours.map(\.ms).sorted(), 0.95),
                           maxMs: ours.map(\.ms).max() ?? 0, peakMB: peak,
                           target: compared ? "ours/sqlite3 <= 1.5x, peak < 80 MB" : "peak < 80 MB",
                           met: ours.allSatisfy(\.ok) && (!compared || ratio <= 1.5) && peak < 80,
                           note: compared ? String(format: "sqlite3 %.0f ms, ratio %.2fx", t, ratio)
                                          : "the sqlite3 shell lacks wardcase's fold(): not compared")
            results.append(r)
            print(row(r))
            for suffix in ["." + format, "-sqlite3.csv", ".sql"] { try? fm.removeItem(atPath: out + suffix) }
        }
    }

    // Import: a ward's register as CSV, 20,000 rows and 200,000, each through the real binary
    // (`wardcase import establishments FILE`: read, checked and written a row at a time, in one
    // transaction) into a ward of its own, whose account (the slow password hash, mapped to the
    // user running the bench) is made before the clock starts; with the process's peak memory.
    if wanted("import") {
        let wardcase = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("wardcase").path
        let streets = ["Xã Đàn", "Tôn Đức Thắng", "Khâm Thiên", "Hoàng Cầu", "Đặng Tiến Đông", "Thái Hà", "Tây Sơn", "Ô Chợ Dừa"]
        let kinds = ["Nhà nghỉ", "Karaoke", "Khách sạn", "Massage", "Quán bar", "Nhà hàng"]
        for (rows, target) in [(20_000, 1_000.0), (200_000, 10_000.0)] {
            let name = "import a \(rows.formatted(.number.locale(Locale(identifier: "en_US"))))-row CSV into an empty ward"
            guard wanted(name) else { continue }
            let csvPath = fm.temporaryDirectory.appendingPathComponent("wardcase-bench-import-\(rows).csv").path
            var csv = "Tên cơ sở,Loại hình,Địa chỉ,Tổ dân phố,Số giấy phép,Chủ cơ sở,Điện thoại\n"
            for i in 0..<rows {
                csv += "\(kinds[i % kinds.count]) số \(i),\(kinds[i % kinds.count]),Số \(i % 300) phố \(streets[i % streets.count]) \(i / 2400),"
                    + "Tổ dân phố số \(i % 20),01.D8.\(100_000 + i),Nguyễn Văn \(i),09\(String(format: "%08d", i))\n"
            }
            try csv.write(toFile: csvPath, atomically: true, encoding: .utf8)
            defer { try? fm.removeItem(atPath: csvPath) }
            let runs = rows > 20_000 ? 1 : 3
            let wards = try (0..<runs).map { run -> String in
                let path = fm.temporaryDirectory.appendingPathComponent("wardcase-bench-import-\(run)-\(UUID().uuidString).sqlite").path
                _ = try WardStore.open(path: path).createFirstAccount(login: "bench", displayName: "Bench", roles: [.admin, .officer],
                                                                      password: UUID().uuidString, osUser: osUser)
                return path
            }
            defer { for path in wards { for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) } } }
            var times: [(ms: Double, peakMB: Double, ok: Bool)] = []
            for path in wards {
                times.append(try runProgram(wardcase, ["import", "establishments", csvPath, "--strict", "--db", path]))
                let imported = try WardStore.open(path: path).countEstablishments(EstablishmentQuery(language: .vi))
                precondition(imported == rows, "\(imported) of \(rows) rows imported")
            }
            let sorted = times.map(\.ms).sorted(), peak = times.map(\.peakMB).max() ?? 0
            let r = Result(operation: name, runs: runs, medianMs: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95), maxMs: sorted.last ?? 0,
                           peakMB: peak, target: "median < \(Int(target)) ms, peak < 80 MB",
                           met: times.allSatisfy(\.ok) && percentile(sorted, 0.5) < target && peak < 80, note: nil)
            results.append(r)
            print(row(r))
        }
    }
} catch {
    print("wardcase-bench: \(error)")
    exit(2)
}

// MARK: Results

let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
struct Machine: Codable { var cpu: String; var cores: Int; var memoryGB: Double; var system: String }
func machine() -> Machine {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }.map { String($0.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces) } ?? "unknown"
    let os = ((try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? "").split(separator: "\n")
        .first { $0.hasPrefix("PRETTY_NAME=") }.map { $0.dropFirst(12).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "unknown"
    return Machine(cpu: model, cores: ProcessInfo.processInfo.activeProcessorCount,
                   memoryGB: (Double(ProcessInfo.processInfo.physicalMemory) / 1e9 * 10).rounded() / 10, system: os)
}
struct Output: Codable { var machine: Machine; var database: String; var results: [Result] }
if let data = try? encoder.encode(Output(machine: machine(), database: dbPath, results: results)) {
    try? data.write(to: URL(fileURLWithPath: jsonPath))
    print("results written to \(jsonPath)")
}
let missed = results.filter { !$0.met }.map(\.operation)
if !missed.isEmpty {
    print("missed: " + missed.joined(separator: "; "))
    exit(1)
}
