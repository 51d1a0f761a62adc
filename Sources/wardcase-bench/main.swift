// wardcase-bench: speed and memory of the things a ward officer waits for, on a large register.
// Run: swift run -c release wardcase-bench [ESTABLISHMENTS]   (default 20000)
// Exits non-zero when a target is missed, so it can gate a release by hand or in a job.
import Foundation
import WardCaseCore

let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 20_000
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-bench-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: folder) }

/// Milliseconds of each run of `body`.
func measure(_ runs: Int, _ body: () throws -> Void) rethrows -> [Double] {
    try (0..<runs).map { _ in
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
    }
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}

func residentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

var failures: [String] = []
@MainActor func report(_ name: String, _ ms: [Double], targetP99: Double) {
    let p50 = percentile(ms, 0.5), p99 = percentile(ms, 0.99)
    let ok = p99 <= targetP99
    print(name.padding(toLength: 46, withPad: " ", startingAt: 0)
          + String(format: " p50 %7.2f ms   p99 %7.2f ms   target p99 <= %.0f ms  %@", p50, p99, targetP99, ok ? "ok" : "MISSED"))
    if !ok { failures.append(name) }
}

do {
    let store = try WardStore.open(path: folder.appendingPathComponent("bench.sqlite").path)
    let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
    let streets = ["Xã Đàn", "Tôn Đức Thắng", "Khâm Thiên", "Hoàng Cầu", "Đặng Tiến Đông", "Thái Hà", "Tây Sơn", "Ô Chợ Dừa"]
    let kinds = ["Nhà nghỉ", "Karaoke", "Khách sạn", "Massage", "Quán bar", "Nhà hàng"]
    // The register as a spreadsheet, through the real import path (header matching, rules, duplicates).
    var grid = [["Tên cơ sở", "Loại hình", "Địa chỉ", "Tổ dân phố", "Số giấy phép"]]
    for i in 0..<count {
        let name = i % 997 == 0 ? "Karaoke Gò Đống Đa \(i)" : "\(kinds[i % kinds.count]) số \(i)"
        grid.append([name, kinds[i % kinds.count], "Số \(i % 300) phố \(streets[i % streets.count])", "Tổ dân phố số \(i % 20)",
                     "01.D8.\(100_000 + i)"])
    }
    let insert = try measure(1) {
        let plan = try EstablishmentImport.plan(grid, store: store, l: l)
        try store.apply(plan, strict: true, by: .system)
    }
    let rate = Double(count) / (insert[0] / 1000)
    print(String(format: "import of %d rows (plan + one transaction): %.0f ms, %.0f rows/s (target >= 1000 rows/s) %@",
                 count, insert[0], rate, rate >= 1000 ? "ok" : "MISSED"))
    if rate < 1000 { failures.append("import") }
    report("list: first window of 20, no filter", try measure(50) {
        _ = try store.countEstablishments(EstablishmentQuery(language: .vi))
        _ = try store.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 20)
    }, targetP99: 50)
    report("list: filter as you type \"dong da\"", try measure(50) {
        let q = EstablishmentQuery(filter: "dong da", language: .vi)
        _ = try store.countEstablishments(q)
        _ = try store.establishments(q, offset: 0, limit: 20)
    }, targetP99: 100)
    report("list: sorted by risk, window deep in the list", try measure(50) {
        _ = try store.establishments(EstablishmentQuery(sort: .risk, ascending: false, language: .vi), offset: count / 2, limit: 20)
    }, targetP99: 100)
    report("change check (PRAGMA data_version)", measure(200) { _ = store.changeToken() }, targetP99: 5)
    // The demo ward is made at the first `wardcase --demo`: it must feel instant.
    report("demo ward seeding (passwords, visits, cases, reports)", try measure(3) {
        let demo = try WardStore.inMemory()
        try DemoWard.seedIfEmpty(demo, resources: ResourceLocator.directory())
    }, targetP99: 2000)
    report("overview (gauges, due items, 12 months)", try measure(10) {
        _ = try store.overview(today: .today(), reviewerId: nil)
    }, targetP99: 500)
    let rss = residentMegabytes()
    print(String(format: "peak resident memory: %.0f MB (target <= 200 MB) %@", rss, rss <= 200 ? "ok" : "MISSED"))
    if rss > 200 { failures.append("memory") }
} catch {
    print("wardcase-bench: \(error)")
    exit(2)
}
if !failures.isEmpty {
    print("missed: " + failures.joined(separator: ", "))
    exit(1)
}
