import Foundation
import Crypto
import WardCaseCore
import WardCaseReports

/// The built-in demo ward, read from Resources/demo/ward.json, so every screen has something
/// true-looking on it. Later features add their own records to the same file.
public enum DemoWard {
    struct File: Decodable {
        struct Ward: Decodable { let name: String; let province: String; let agency: String }
        /// Dates are days before (or after) the day the demo is made, so it always looks current.
        struct Place: Decodable {
            let name: String, type: String, street: String, group: String
            let owner: String, phone: String, licence: String, risk: RiskLevel, status: EstablishmentStatus
            let businessRegNo: String, licenceIssuedDaysAgo: Int?, licenceExpiresInDays: Int?, securityCertificate: Bool
            let workers: Int, healthChecked: Int, reached: Int, commitmentDaysAgo: Int?, riskReason: String, statusDaysAgo: Int
            /// False for a place nobody has classified yet: stored as "chưa phân loại" (its visits
            /// are seeded as for its `risk`, what an inspection would find).
            var classified: Bool?
        }
        struct Login: Decodable { let login: String; let name: String; let roles: [Role] }
        let ward: Ward
        let establishments: [Place]
        let accounts: [Login]
        let accountPassword: String
        /// The text of eighteen months of inspection work; the dates are made up at seeding.
        let inspections: Inspections
        /// Support providers and the (fictional) people of eighteen months of case work.
        let support: Support
    }

    struct Support: Decodable {
        struct ProviderEntry: Decodable {
            let name: String
            /// How consents name it among the agencies a person's information may go to.
            let short: String
            let address: String, contact: String
            let services: [Service]
        }
        /// How a case goes from its first contact.
        enum Story: String, Decodable {
            case open, onHold = "on_hold", goalsMet = "goals_met", moved, declined, lostContact = "lost_contact"
            /// Never agreed to being recorded: the facts are counted, nothing else is kept and nobody is referred.
            case anonymous
            /// Agreed to being recorded some weeks after the first contact.
            case laterConsent = "later_consent"
        }
        struct Person: Decodable {
            /// Empty for someone who never agreed to being recorded.
            let name: String, alias: String
            let sex: Sex
            /// At the first contact; the birth year follows from it.
            let age: Int
            let residence: Residence
            /// The CCCD number's first three digits (where the birth was registered).
            let province: String
            let source: ContactSource
            let address: String
            /// What the first screening found.
            let needs: [Service]
            let story: Story
            /// The case notes, sealed.
            let notes: String
        }
        /// Notes, sealed when written. They speak to a woman ("chị"); for a man they say "anh".
        struct Texts: Decodable {
            /// By service found ("hiv_sti"), "any" for every screening, "none" for one that finds nothing.
            let screening: [String: [String]]
            /// The screening that finds no need left, by service used, else "any".
            let needsMet: [String: [String]]
            /// By contact kind ("home_visit"): the first contact, and later ones.
            let firstContacts: [String: [String]]
            let contacts: [String: [String]]
            let onHold: [String]
            let moved: String, lostContact: String, declined: String
            /// By service: how a used referral went.
            let used: [String: String]
            let refused: [String], noContact: [String]
            /// By the step a referral under way has reached ("referred").
            let underWay: [String: [String]]
        }
        /// A list the ward police sent, as such lists are written: the people on it not yet known.
        struct PoliceList: Decodable {
            struct Entry: Decodable { let name: String, birth: String, sex: String, idNumber: String, address: String }
            let title: String, reference: String, conduct: String
            /// The note of the first visit to one of them.
            let contactNote: String
            let people: [Entry]
        }
        let passphrase: String
        let policeList: PoliceList
        let providers: [ProviderEntry]
        /// In the order they were first met.
        let people: [Person]
        let texts: Texts
    }

    struct Inspections: Decodable {
        struct Member: Decodable { let name: String; let agency: String }
        struct ViolationTemplate: Decodable {
            let description: String
            /// Establishment type codes it can happen at; empty for any.
            let types: [String]
            /// The checklist item code it makes "not ok".
            let check: String
            /// How often it is picked; 0 only for repeat offences found on a follow-up.
            let weight: Int
            /// Before `newDecreeFrom`, and after it when `newLegalBasis` is empty.
            let legalBasis: String
            let newLegalBasis: String
            let handling: Handling
            let fine: Int64
            let finding: String
        }
        struct Findings: Decodable {
            /// "{time}", "{date}" and "{workers}" are filled in.
            let planned, unannounced, followUp, tip, workers, remedy: String
            let clean: [String], fixed: [String]
            let notFixed: String
            let hotspotActive: [String], hotspotEliminated: [String]
        }
        struct TipContent: Decodable {
            let kind: TipKind
            /// Establishment types it is about, or a hotspot, or else the place given.
            let types: [String]
            let hotspot: Bool
            let place: String
            let text: String
        }
        struct TipOutcome: Decodable { let classification: TipClass; let verify: String; let handle: String }
        struct Tips: Decodable {
            let contents: [TipContent]
            let reporters: [String]
            let policeReporter: String
            let outcomes: [TipOutcome]
        }
        struct HotspotEntry: Decodable {
            struct Change: Decodable { let status: HotspotStatus; let daysAgo: Int; let note: String }
            let name: String, address: String, group: String, description: String
            /// Oldest first; the first is when it was found, the last its current status.
            let history: [Change]
        }
        let team: String
        /// "{month}" becomes "12/2026".
        let planTitle: String
        let members: [Member]
        /// When Nghị định 282/2025/NĐ-CP replaced Nghị định 144/2021/NĐ-CP (yyyy-mm-dd).
        let newDecreeFrom: String
        let violations: [ViolationTemplate]
        let findings: Findings
        /// What the team leader wrote when sending the sparse record back.
        let returnComment: String
        let tips: Tips
        let hotspots: [HotspotEntry]
    }

    /// The demo account that holds every role; `wardcase --demo` maps the OS user to it.
    public static let everyRoleLogin = "demo"

    /// The demo ward key's passphrase, which opens the support section's identities and notes
    /// (also in ward.json, which the seeding reads).
    public static let passphrase = "demo-hotro-2026"
    /// The demo's recovery key, printed in the README so that `wardcase key recover` can be tried.
    public static let recoveryCode = "WARDC-ASEDE-M0REC-0VERY-KEY00-00000-00000-00000"

    /// Fills an empty database with the demo ward, once: a database that already has a ward is left alone.
    /// Returns true when it seeded.
    @discardableResult
    /// `progress` counts six steps; cancelling before the reports are filed writes nothing.
    public static func seedIfEmpty(_ store: WardStore, resources: URL, progress: WorkProgress = .silent) throws -> Bool {
        if try store.ward() != nil { return false }
        progress.add(total: 6)
        try progress.tell()
        let url = resources.appendingPathComponent("demo/ward.json")
        guard let data = try? Data(contentsOf: url) else { throw WardError.resourcesMissing(searched: [url.path]) }
        let file = try JSONDecoder().decode(File.self, from: data)
        let types = try store.establishmentTypes()
        let typeIds = Dictionary(uniqueKeysWithValues: types.map { ($0.code, $0.id ?? 0) })
        let today = Formats.Day.today(store.clock())
        // Hash first (the slow part), then write everything in one transaction that checks again
        // for a ward: two terminals starting the demo at once seed it exactly once.
        let hash = try PasswordHasher.hash(file.accountPassword)
        try progress.advance()
        // The ward key, wrapped under the demo passphrase: the other slow part, done once.
        let raw = WardKey.random(32), salt = WardKey.random(16)
        let wrapped = try WardKey.wrap(raw, passphrase: file.support.passphrase, salt: salt)
        let key = WardKey(raw: raw)
        try progress.advance()
        let now = store.clock()
        let checklist = try store.checklistItems().compactMap { item in item.id.map { (id: $0, code: item.code) } }
        let deadlines = try store.tipDeadlines()
        var policeKnown: [Identity] = []
        let seeded = try store.bulkLoad { db -> Bool in
            try db.save(WardIdentity(name: file.ward.name, province: file.ward.province, receivingAgency: file.ward.agency))
            var places: [InspectionSeed.Place] = []
            for p in file.establishments {
                var e = Establishment(name: p.name, typeId: typeIds[p.type] ?? typeIds["other"] ?? 1,
                                      street: p.street, residentialGroup: p.group, ownerName: p.owner,
                                      ownerPhone: p.phone, licenceNo: p.licence, riskLevel: p.classified == false ? .unclassified : p.risk,
                                      status: p.status)
                e.businessRegNo = p.businessRegNo
                e.licenceIssued = p.licenceIssuedDaysAgo.map { today.adding(days: -$0) }
                e.licenceExpires = p.licenceExpiresInDays.map { today.adding(days: $0) }
                e.securityCertificate = p.securityCertificate
                e.workers = p.workers
                e.workersHealthChecked = p.healthChecked
                e.workersReached = p.reached
                e.commitmentSigned = p.commitmentDaysAgo != nil
                e.commitmentDate = p.commitmentDaysAgo.map { today.adding(days: -$0) }
                e.riskReason = p.riskReason
                e.statusDate = today.adding(days: -p.statusDaysAgo)
                try db.insert(&e)
                places.append(InspectionSeed.Place(id: e.id ?? 0, type: p.type, risk: p.risk,
                                                   closedOn: p.status == .closed ? e.statusDate : nil, commitmentOn: e.commitmentDate,
                                                   workers: p.workers))
            }
            try db.markDemo()
            var accounts: [Account] = []
            for a in file.accounts {
                accounts.append(try db.addAccount(login: a.login, displayName: a.name, roles: Set(a.roles), hash: hash, at: now))
            }
            try progress.advance()
            var seed = try InspectionSeed(file: file, places: places, accounts: accounts, checklist: checklist, deadlines: deadlines,
                                          today: today, now: now)
            try seed.run(db)
            try progress.advance()
            // A shared passphrase, as a ward set up before per-worker passphrases has: each demo case
            // worker becomes a holder with it the first time they open the key.
            try db.storeWardKey(salt: salt, wrapped: wrapped, at: now)
            try db.makeInformantKey(wardKey: key, at: now)
            try db.sealPlainReporters()
            if let recovery = RecoveryKey.parse(DemoWard.recoveryCode) {
                try db.storeRecovery(recovery.publicKey, wardKey: key, at: now)
            }
            var support = try SupportSeed(text: file.support, key: key, accounts: accounts, today: today)
            policeKnown = try support.run(db)
            try progress.advance()
            return true
        }
        // The sanctions and reports are filed one by one after the seeding transaction: past the point of cancelling.
        if seeded == true {
            try seedTeam(store, members: file.inspections.members, team: file.inspections.team, today: today)
            try seedSanctions(store, today: today)
            try seedActivities(store, today: today)
            try seedPoliceList(store, file.support.policeList, known: policeKnown, key: key, today: today)
            try seedReports(store, today: today)
        }
        try? progress.advance()
        return seeded == true
    }

    /// The standing team as the leader keeps it: set up by a decision two years ago, its members
    /// the demo's visits name (the first police officer leads it, the first from culture and
    /// society is the deputy); the last member left half a year ago.
    static func seedTeam(_ store: WardStore, members: [DemoWard.Inspections.Member], team: String, today: Formats.Day) throws {
        guard let leader = try store.account(login: "doitruong"), let founded = Formats.Day(year: today.year - 2, month: 1, day: 2) else { return }
        var t = StandingTeam()
        t.name = team
        t.decisionNo = "02/QĐ-UBND"
        t.decisionDate = founded
        try store.saveStandingTeam(t, original: try store.standingTeam(), by: leader)
        let police = members.firstIndex { $0.agency.hasPrefix("Công an") }
        let deputy = members.firstIndex { $0.agency.hasPrefix("Văn hóa") }
        for (i, m) in members.enumerated() {
            let role: TeamRole = i == police ? .leader : i == deputy ? .deputy : .member
            try store.saveRosterMember(RosterMember(name: m.name, agency: m.agency, role: role, from: founded,
                                                    to: i == members.count - 1 ? today.adding(days: -180) : nil), original: nil, by: leader)
        }
    }

    /// A year of communication and training as the clerk logs it: a session a month by one form
    /// or another, one held at a karaoke that brings its workers reached up to date, two trainings
    /// with their trainees by agency, and the programme's staff this year.
    static func seedActivities(_ store: WardStore, today: Formats.Day) throws {
        guard let clerk = try store.account(login: "vanthu"), let officer = try store.account(login: "canbo") else { return }
        let channels: [ActivityChannel] = [.residentialMeeting, .loudspeaker, .print, .socialMedia, .conference, .club]
        let audiences = ["Sinh hoạt tổ dân phố số 8", "Loa truyền thanh phường, 3 buổi", "Phát tờ rơi tại chợ Thái Hà",
                         "Trang Zalo của phường", "Hội nghị tuyên truyền cho chủ cơ sở kinh doanh dịch vụ", "Câu lạc bộ phụ nữ phường"]
        for month in 1...11 {
            let day = today.monthRange.lowerBound.adding(days: -30 * month + 10)
            guard day.year == today.year else { break }
            let k = month % channels.count
            var a = Activity(date: day, kind: .communication, audience: audiences[k], people: 0)
            a.channel = channels[k]
            a.reached = k == 4 ? [.owners: 28, .workers: 15] : k == 2 ? [.residents: 300, .students: 40] : [.residents: 60 + 10 * month]
            try store.addActivity(a, by: clerk)
        }
        var q = EstablishmentQuery(filter: "karaoke", language: .vi)
        q.status = .active
        if let karaoke = try store.establishments(q, offset: 0, limit: 1).first?.establishment {
            var a = Activity(date: today.adding(days: -12), kind: .communication, audience: karaoke.name, people: 0)
            a.channel = .counselling
            a.reached = [.workers: 6, .owners: 1]
            a.establishmentId = karaoke.id
            try store.addActivity(a, updateWorkers: true, by: officer)
        }
        for (days, trainees) in [(200, ["Công an phường": 4, "Văn hóa - Xã hội": 3, "Trạm Y tế": 2]), (60, ["Công an phường": 2, "Đoàn Thanh niên": 2])] {
            var a = Activity(date: today.adding(days: -days), kind: .training, audience: "Tập huấn kỹ năng kiểm tra, hỗ trợ", people: 0)
            a.channel = .conference
            a.reached = [.officials: trainees.values.reduce(0, +)]
            a.trainees = trainees
            try store.addActivity(a, by: clerk)
        }
        try store.setProgrammeStaff(15, year: today.year, by: clerk)
    }

    /// The list the ward police sent three weeks ago, imported by the case worker as any list is:
    /// the people in the demo file, and three the ward already knows from an earlier list (one
    /// written without an ID number, found by name and year of birth). One of the new people has
    /// been met since.
    static func seedPoliceList(_ store: WardStore, _ list: Support.PoliceList, known: [Identity], key: WardKey, today: Formats.Day) throws {
        guard let worker = try store.account(login: "canboxh") else { return }
        let received = today.adding(days: -21)
        let header = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Nơi cư trú", "Số quyết định", "Ngày quyết định", "Hành vi vi phạm"]
        var rows = [[list.title], [], header]
        let people = list.people.map { [$0.name, $0.birth, $0.sex, $0.idNumber, $0.address] }
            + known.prefix(3).enumerated().map { i, p in [p.fullName, p.birth, "Nữ", i == 1 ? "" : p.idNumber, p.address] }
        for (i, p) in people.enumerated() {
            let decided = received.adding(days: -30 + i)
            rows.append([String(i + 1)] + p + ["\(140 + i)/QĐ-XPHC", decided.vietnamese, list.conduct])
        }
        let l = try Localizer.load(.vi, resources: try ResourceLocator.directory())
        let plan = try PoliceListImport.plan(rows, store: store, key: key, by: worker, receivedOn: received, l: l)
        try store.apply(plan, receivedOn: received, reference: list.reference, key: key, by: worker)
        if let met = try store.cases(CaseQuery()).first(where: { $0.supportCase.source == .policeList && $0.supportCase.firstContact == received }),
           let id = met.supportCase.id {
            try store.addContact(caseId: id, on: received.adding(days: 6), kind: .homeVisit, notes: list.contactNote, key: key, by: worker)
        }
    }

    /// The decisions that imposed the approved records' fines, as the leader records them: five
    /// days after the visit, paid a week after that, except the most recent fine of all, whose
    /// decision is still to come.
    static func seedSanctions(_ store: WardStore, today: Formats.Day) throws {
        guard let leader = try store.account(login: "doitruong") else { return }
        var q = VisitQuery(today: today)
        q.status = .approved
        var fined = try store.visits(q, offset: 0, limit: 1000).filter { $0.fines > 0 }
        if !fined.isEmpty { fined.removeFirst() }
        for row in fined {
            guard let id = row.visit.id else { continue }
            for line in try store.sanctionLines(visitId: id) where line.violation.handling == .fine {
                let decided = min(today, row.visit.date.adding(days: 5))
                let paid = decided.adding(days: 7)
                try store.saveSanction(Sanction(decisionNo: "\(line.violationId)/QĐ-XPHC", decisionDate: decided,
                                                signer: "Nguyễn Văn Bình, Chủ tịch UBND phường", paidDate: paid <= today ? paid : nil),
                                       violationId: line.violationId, original: nil, by: leader)
            }
        }
    }

    /// The reports a ward would have sent: every month, quarter and half before last month, with
    /// their figures fixed as finalised. Last month's report is left to draft.
    static func seedReports(_ store: WardStore, today: Formats.Day) throws {
        guard let clerk = try store.account(login: "vanthu") else { return }
        // The district's plan (001): monthly, quarterly and annual reports before the 13th.
        let vi = try Localizer.load(.vi, resources: try ResourceLocator.directory())
        try store.setReportRegime(ReportRegime.Preset.plan001.applied(to: try store.reportRegime(), l: vi), by: clerk)
        let owed = try store.reportRegime().owed
        // This year's and last year's plans, each with the programme's targets and the plans' own:
        // workers health-checked (000: 60%) and reached by information (002: 70%), staff trained,
        // communication sessions in the year.
        for year in [today.year - 1, today.year] {
            var plan = try store.draftPlan(year: year)
            plan.title = "Kế hoạch phòng, chống tệ nạn mại dâm năm \(year)"
            plan.number = "\(year % 100 + 20)/KH-UBND"
            plan.date = Formats.Day(year: year, month: 1, day: 15)
            plan.targets.merge(["est.workers_health_share": 60, "est.workers_reached_share": 70, "training.staff_share": 80,
                                "comm.sessions": 24]) { _, new in new }
            try store.saveAnnualPlan(plan, by: clerk)
        }
        let lastMonth = today.monthRange.lowerBound.adding(days: -1).monthRange
        var periods: [ReportPeriod] = []
        var m = lastMonth.lowerBound.adding(days: -1).monthRange.lowerBound
        for _ in 0..<11 {
            if let p = ReportPeriod.month(m.year, m.month) { periods.append(p) }
            m = m.adding(days: -1).monthRange.lowerBound
        }
        for y in [today.year - 1, today.year] {
            periods += (1...4).compactMap { ReportPeriod.quarter(y, $0) } + (1...2).compactMap { ReportPeriod.half(y, $0) }
            if let p = ReportPeriod.year(y) { periods.append(p) }
        }
        let deadlines = try store.reportDeadlines()
        for (n, p) in periods.enumerated() where owed.contains(p.kind) && p.end < lastMonth.lowerBound
            && (p.deadline(deadlines).map { $0 < today } ?? false) {
            let r = try store.draftReport(p, by: clerk)
            guard let id = r.id else { continue }
            try store.setReportNumber(reportId: id, number: "\(n + 10)/BC-UBND", by: clerk)
            try store.saveNarrative(reportId: id, part: .situation,
                                    text: "Tình hình tệ nạn mại dâm trên địa bàn phường cơ bản được kiểm soát, không phát sinh điểm, tụ điểm phức tạp mới.", by: clerk)
            try store.finaliseReport(reportId: id, by: clerk)
            try store.markReportSent(reportId: id, by: clerk)
        }
    }

    /// Maps the operating-system user to the every-role demo account, so the demo opens signed in.
    public static func mapOSUser(_ osUser: String, in store: WardStore) throws {
        try store.mapDemoAccount(everyRoleLogin, toOSUser: osUser)
    }
}

/// Eighteen months of inspection work for the demo ward: hotspots, tip-offs, visits and plans.
/// The text comes from ward.json; dates count back from `today` like the establishments', and a
/// fixed-seed generator makes every demo the same one. Written inside the demo's one seeding
/// transaction, straight to the tables: seeded records need no audit trail.
struct InspectionSeed {
    typealias Day = Formats.Day
    struct Place { let id: Int64; let type: String; let risk: RiskLevel; let closedOn: Day?; let commitmentOn: Day?; let workers: Int }

    /// A visit before it is written: places, hotspots and the visit it follows up are indices
    /// until the rows exist, so that visits can be written oldest first.
    struct Spec {
        var place: Int?
        var hotspot: Int?
        var date: Day
        var time = ""
        var kind: VisitKind
        var status: VisitStatus = .approved
        var members: [TeamMember] = []
        var checks: [Int64: CheckResult] = [:]
        var violations: [Violation] = []
        /// The templates the violations came from, so a follow-up can find them again.
        var templates: [Int] = []
        var findings = ""
        var remedy: Day?
        var followUpDue: Day?
        var follows: Int?
        var tip: Int64?
        var plan: Int64?
        var author: Account
        var reviewer = ""
        var submitted: Day?
        var reviewed: Day?
        var returnComment = ""
        /// A follow-up visit is still to be made up for it.
        var wantsFollowUp = false
    }

    /// SplitMix64: the same numbers on every platform and Swift version, unlike the standard
    /// library's `random(in:using:)`, whose algorithm is not promised.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.upperBound - r.lowerBound + 1)) }
        mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
        mutating func pick<T>(_ a: [T]) -> T { a[int(0...a.count - 1)] }
    }

    static let lodging: Set<String> = ["hotel", "guesthouse", "rented_rooms", "tourist_lodging"]
    static let nightTrade: Set<String> = ["karaoke", "dance_club", "bar", "massage", "other"]
    static let dayTimes = ["08:00", "08:30", "09:00", "09:30", "10:00", "14:00", "14:30", "15:00", "15:30"]
    static let nightTimes = ["20:30", "21:00", "21:30", "22:00", "22:30", "23:00"]

    let text: DemoWard.Inspections
    let places: [Place]
    let today: Day, now: Date
    let yearStart: Day
    /// Visits up to this day are approved and their follow-ups made; the three weeks since hold
    /// the work in progress and the deadlines a leader should see.
    let settled: Day
    let newDecreeFrom: Day
    let officer: Account, leader: Account, everyRole: Account
    let checklist: [(id: Int64, code: String)]
    let deadlines: TipDeadlines
    var rng = Random(state: 2026)
    /// Under management and to be inspected this year; the others are not (the coverage figure).
    var covered: [Bool]
    /// No ordinary visit after this day (a deliberately open follow-up or a plan comes later).
    var scheduleEnd: [Day]
    var special: [Int] = []
    /// Places with a visit this month already, kept out of other made-up work of the month.
    var busy: [Int] = []
    var nextPlan: InspectionPlan?
    var specs: [Spec] = []
    var hotspotIds: [Int64] = []
    var hotspotPhases: [[(status: HotspotStatus, from: Day)]] = []

    init(file: DemoWard.File, places: [Place], accounts: [Account], checklist: [(id: Int64, code: String)], deadlines: TipDeadlines,
         today: Day, now: Date) throws {
        text = file.inspections
        self.places = places
        self.today = today
        self.now = now
        yearStart = Day(year: today.year, month: 1, day: 1) ?? today
        settled = today.adding(days: -22)
        newDecreeFrom = Day(iso: text.newDecreeFrom) ?? today
        guard let every = accounts.first(where: { $0.login == DemoWard.everyRoleLogin }) ?? accounts.first else { throw WardError.notFound }
        everyRole = every
        officer = accounts.first { $0.roles.contains(.officer) && !$0.roles.contains(.teamLeader) } ?? every
        leader = accounts.first { $0.roles.contains(.teamLeader) && !$0.roles.contains(.officer) } ?? every
        self.checklist = checklist
        self.deadlines = deadlines
        covered = Array(repeating: false, count: places.count)
        scheduleEnd = Array(repeating: today.adding(days: -22), count: places.count)
    }

    mutating func run(_ db: BulkLoad) throws {
        try seedHotspots(db)
        chooseCovered()
        openDeadlines()
        try seedPlans(db)
        try seedTips(db)
        regularVisits()
        hotspotVisits()
        workInProgress()
        planNextMonth()
        followUps()
        fillCoverage()
        try writeVisits(db)
    }

    // MARK: Helpers

    func days(_ a: Day, _ b: Day) -> Int { b.excelSerial - a.excelSerial }
    /// Saturday and Sunday move back to Friday.
    func weekdayBefore(_ d: Day) -> Day { d.weekday >= 5 ? d.adding(days: 4 - d.weekday) : d }
    func managed(_ p: Int) -> Bool { places[p].closedOn == nil }

    mutating func pick(_ candidates: [Int]) -> Int? { candidates.isEmpty ? nil : rng.pick(candidates) }

    /// A visit on `d` with violations can have its follow-up settled without touching this year's
    /// coverage of a place that is meant to stay uninspected.
    func canChain(_ p: Int, from d: Day) -> Bool {
        let end = d.adding(days: 60)
        if end > settled || end > scheduleEnd[p] { return false }
        if let closed = places[p].closedOn { return end < closed }
        return covered[p] || end < yearStart
    }

    /// An approved visit on `d` keeps the coverage figure as chosen.
    func mayApprove(_ p: Int, on d: Day) -> Bool {
        if let closed = places[p].closedOn { return d < closed }
        return covered[p] || d < yearStart
    }

    func fill(_ s: String, time: String = "", date: Day? = nil, workers: Int = 0) -> String {
        s.replacingOccurrences(of: "{time}", with: time)
            .replacingOccurrences(of: "{date}", with: date?.vietnamese ?? "")
            .replacingOccurrences(of: "{workers}", with: String(workers))
    }

    func stamp(_ d: Day?, hour: Int, minute: Int) -> String? {
        guard let d else { return nil }
        let date = Date(timeIntervalSince1970: Double(d.excelSerial - 25_569) * 86_400 + Double(hour * 3600 + minute * 60))
        return Timestamp.string(min(date, now))
    }

    mutating func time(_ kind: VisitKind, type: String?) -> String {
        if kind != .unannounced { return rng.pick(Self.dayTimes) }
        return type.map { Self.nightTrade.contains($0) } ?? true ? rng.pick(Self.nightTimes) : rng.pick(["19:30", "20:00", "21:00"])
    }

    /// Two to four members: one police officer, one from culture and society, sometimes others.
    mutating func team() -> [TeamMember] {
        let m = text.members
        guard m.count >= 4 else { return m.map { TeamMember(name: $0.name, agency: $0.agency) } }
        var chosen = [rng.int(0...1), rng.int(2...3)]
        var others = Array(4..<m.count)
        for _ in 0..<rng.int(0...2) where !others.isEmpty { chosen.append(others.remove(at: rng.int(0...others.count - 1))) }
        return (chosen.prefix(2) + chosen.dropFirst(2).sorted()).map { TeamMember(name: m[$0].name, agency: m[$0].agency) }
    }

    mutating func checks(_ place: Place, failing: [String], partial: Bool = false) -> [Int64: CheckResult] {
        var out: [Int64: CheckResult] = [:]
        for item in checklist {
            var r = CheckResult.ok
            if item.code == "guest_register", !Self.lodging.contains(place.type) { r = .notChecked }
            else if item.code == "health_checks", place.type == "rented_rooms" { r = .notChecked }
            else if rng.chance(4) { r = .notChecked }
            if failing.contains(item.code) { r = .notOk }
            if partial, rng.chance(50) { continue }
            out[item.id] = r
        }
        return out
    }

    /// Violation templates that can happen at a place on a day, picked by weight. A missing
    /// commitment is found only before the place signed the one the register shows.
    mutating func templates(_ p: Int, on d: Day, count: Int, handling: Handling? = nil) -> [Int] {
        let place = places[p]
        let signed = place.commitmentOn.map { d >= $0 } ?? false
        var pool = text.violations.indices.filter {
            let t = text.violations[$0]
            return t.weight > 0 && (t.types.isEmpty || t.types.contains(place.type)) && (handling == nil || t.handling == handling)
                && !(signed && t.check == "commitment")
        }
        var out: [Int] = []
        while out.count < count, !pool.isEmpty {
            var r = rng.int(0...pool.reduce(0) { $0 + text.violations[$1].weight } - 1)
            for (k, i) in pool.enumerated() {
                r -= text.violations[i].weight
                if r < 0 { out.append(i); pool.remove(at: k); break }
            }
        }
        return out
    }

    func violation(_ i: Int, on d: Day) -> Violation {
        let t = text.violations[i]
        let basis = d >= newDecreeFrom && !t.newLegalBasis.isEmpty ? t.newLegalBasis : t.legalBasis
        return Violation(description: t.description, legalBasis: basis, handling: t.handling, fine: t.handling == .fine ? t.fine : 0)
    }

    mutating func author() -> Account {
        let r = rng.int(0...9)
        return r < 6 ? officer : r < 8 ? leader : everyRole
    }

    /// Submitted the next day or so, approved by a team leader who is not the author.
    mutating func approve(_ s: inout Spec, by author: Account) {
        s.status = .approved
        s.author = author
        let other = author.id == leader.id ? everyRole : author.id == everyRole.id ? leader : rng.chance(25) ? everyRole : leader
        s.reviewer = other.login
        let submitted = min(s.date.adding(days: rng.int(1...2)), today)
        s.submitted = submitted
        s.reviewed = min(submitted.adding(days: rng.int(0...3)), today)
    }

    /// A carried-out, approved visit at an establishment, its findings written from the templates.
    @discardableResult
    mutating func placeVisit(_ p: Int, on d: Day, kind: VisitKind, templates found: [Int] = [], tip: (id: Int64, received: Day)? = nil,
                             follows: Int? = nil, fixed: Bool = true, deadlines: (remedy: Int?, followUp: Int)? = nil,
                             author: Account? = nil) -> Int {
        let place = places[p]
        var s = Spec(place: p, date: d, kind: kind, author: officer)
        s.time = time(kind, type: place.type)
        s.members = team()
        s.checks = checks(place, failing: found.map { text.violations[$0].check })
        s.violations = found.map { violation($0, on: d) }
        s.templates = found
        s.tip = tip?.id
        s.follows = follows
        let f = text.findings
        var parts: [String] = []
        if let tip {
            parts.append(fill(f.tip, date: tip.received))
        } else if let follows {
            parts.append(fill(f.followUp, date: specs[follows].date))
            parts.append(fixed ? rng.pick(f.fixed) : f.notFixed)
        } else {
            parts.append(fill(kind == .unannounced ? f.unannounced : f.planned, time: s.time))
        }
        if found.isEmpty {
            if follows == nil { parts.append(rng.pick(f.clean)) }
        } else {
            parts += found.map { text.violations[$0].finding }
            let remedyDays = deadlines.map { $0.remedy } ?? rng.int(10...20)
            s.remedy = remedyDays.map { d.adding(days: $0) }
            s.followUpDue = d.adding(days: deadlines?.followUp ?? (remedyDays ?? 0) + rng.int(7...14))
            if let remedy = s.remedy { parts.append(fill(f.remedy, date: remedy)) }
            s.wantsFollowUp = deadlines == nil
        }
        if place.workers > 0, rng.chance(50) { parts.append(fill(f.workers, workers: place.workers)) }
        s.findings = parts.joined(separator: " ")
        approve(&s, by: author ?? self.author())
        specs.append(s)
        return specs.count - 1
    }

    // MARK: What is made

    /// Hotspots with their status history, oldest change first.
    mutating func seedHotspots(_ db: BulkLoad) throws {
        for h in text.hotspots {
            guard let first = h.history.first, let last = h.history.last else { continue }
            var row = Hotspot(name: h.name, foundDate: today.adding(days: -first.daysAgo))
            row.address = h.address
            row.residentialGroup = h.group
            row.description = h.description
            row.status = last.status
            row.statusDate = today.adding(days: -last.daysAgo)
            try db.insert(&row)
            let id = row.id ?? 0
            for change in h.history {
                try db.insert(Load.HotspotChange(hotspot: id, status: change.status, date: today.adding(days: -change.daysAgo).iso,
                                                 note: change.note, actor: Actor.system.name))
            }
            hotspotIds.append(id)
            hotspotPhases.append(h.history.map { (status: $0.status, from: today.adding(days: -$0.daysAgo)) })
        }
    }

    /// About 62% of the places under management are inspected this year by late in the year
    /// (less earlier on): every high-risk one, most medium ones, some low-risk ones.
    mutating func chooseCovered() {
        let share = 0.62 * min(1, max(0.15, Double(days(yearStart, today)) / 300))
        var scored: [(p: Int, score: Int)] = []
        for p in places.indices where managed(p) {
            let bonus = places[p].risk == .high ? 200 : places[p].risk == .medium ? 40 : 0
            scored.append((p, bonus + rng.int(0...99)))
        }
        let n = Int((Double(scored.count) * share).rounded())
        scored.sort { ($0.score, -$0.p) > ($1.score, -$1.p) }
        for entry in scored.prefix(n) { covered[entry.p] = true }
    }

    /// Three approved visits whose deadlines a leader must act on: a follow-up and a remedy
    /// deadline both passed, a follow-up passed (a fine, nothing to remedy), a remedy deadline passed.
    mutating func openDeadlines() {
        let plans: [(ago: Int, remedy: Int?, followUp: Int, handling: Handling?, risk: [RiskLevel])] = [
            (52, 14, 44, nil, [.high]), (40, nil, 36, .fine, [.medium, .high]), (26, 20, 35, nil, [.medium, .high]),
        ]
        for plan in plans {
            let d = weekdayBefore(today.adding(days: -plan.ago))
            let candidates = places.indices.filter {
                mayApprove($0, on: d) && managed($0) && !special.contains($0) && plan.risk.contains(places[$0].risk)
            }
            var options: [(Int, [Int])] = []
            for p in candidates {
                let t = templates(p, on: d, count: 1, handling: plan.handling)
                if !t.isEmpty { options.append((p, t)) }
            }
            guard !options.isEmpty else { continue }
            let (p, found) = rng.pick(options)
            special.append(p)
            scheduleEnd[p] = min(scheduleEnd[p], d.adding(days: -40))
            placeVisit(p, on: d, kind: plan.handling == nil ? .planned : .unannounced, templates: found,
                       deadlines: (plan.remedy, plan.followUp))
        }
    }

    /// This month's plan, partly done, and next month's, all still to do.
    mutating func seedPlans(_ db: BulkLoad) throws {
        let month = today.monthRange
        let next = month.upperBound.adding(days: 1).monthRange
        func title(_ d: Day) -> String { text.planTitle.replacingOccurrences(of: "{month}", with: String(format: "%02d/%d", d.month, d.year)) }

        var current = InspectionPlan(title: title(month.lowerBound), periodStart: month.lowerBound, periodEnd: month.upperBound)
        current.authorName = leader.login
        current.createdAt = stamp(month.lowerBound.adding(days: -4), hour: 2, minute: 40) ?? ""
        try db.insert(&current)
        let days = InspectionPlan.workingDays(from: month.lowerBound, to: month.upperBound)
        busy = special
        for i in 0..<8 {
            let d = days[i * days.count / 8]
            let approved = d <= today.adding(days: -5)
            guard let p = pick(places.indices.filter { managed($0) && !busy.contains($0) && (!approved || mayApprove($0, on: d)) })
            else { continue }
            busy.append(p)
            scheduleEnd[p] = min(scheduleEnd[p], d.adding(days: -45))
            if d >= today {
                specs.append(Spec(place: p, date: d, kind: .planned, status: .planned, plan: current.id, author: leader))
            } else {
                let s = placeVisit(p, on: d, kind: .planned, author: officer)
                specs[s].plan = current.id
                if !approved { draft(s, author: officer) }
            }
        }

        var plan = InspectionPlan(title: title(next.lowerBound), periodStart: next.lowerBound, periodEnd: next.upperBound)
        plan.authorName = leader.login
        plan.createdAt = stamp(today.adding(days: -2), hour: 3, minute: 10) ?? ""
        try db.insert(&plan)
        nextPlan = plan
    }

    /// Next month's visits: open follow-ups first, then places not inspected this year, riskiest
    /// first, then high risk; not places with a record still in progress.
    mutating func planNextMonth() {
        guard let plan = nextPlan else { return }
        let next = plan.periodStart...plan.periodEnd
        var ranked: [(p: Int, key: Int)] = []
        for p in places.indices where managed(p) && (special.contains(p) || !busy.contains(p)) {
            let risk = places[p].risk == .high ? 2 : places[p].risk == .medium ? 1 : 0
            let key = (special.prefix(2).contains(p) ? 1000 : 0) + (covered[p] ? 0 : 100) + risk * 30 + rng.int(0...29)
            ranked.append((p, key))
        }
        ranked.sort { ($0.key, -$0.p) > ($1.key, -$1.p) }
        let chosen = ranked.prefix(8).map(\.p)
        let nextDays = InspectionPlan.workingDays(from: next.lowerBound, to: next.upperBound)
        for (i, p) in chosen.enumerated() {
            specs.append(Spec(place: p, date: nextDays[i * nextDays.count / chosen.count], kind: .planned, status: .planned,
                              plan: plan.id, author: leader))
        }
    }

    /// Tip-offs spread over eighteen months, most handled in time, some late, four still open.
    mutating func seedTips(_ db: BulkLoad) throws {
        let c = text.tips
        guard !c.contents.isEmpty, !c.outcomes.isEmpty else { return }
        var received: [Day] = []
        for i in 0..<21 { received.append(min(today.adding(days: -540 + i * 490 / 20 + rng.int(-6...6)), today.adding(days: -50))) }
        let handledCount = received.count
        received += [-47, -19, -11, -2].map { today.adding(days: $0) }
        let late = [3, 10, 16]
        let channels = TipChannel.allCases
        for (i, r) in received.enumerated() {
            let content = c.contents[(i * 5 + 3) % c.contents.count]
            var t = TipOff(received: r, kind: content.kind, channel: channels[(i * 3) % channels.count], content: content.text,
                           deadlines: deadlines)
            if t.channel == .police {
                t.reporter = c.policeReporter
            } else if rng.chance(content.kind == .denunciation ? 60 : 25) {
                t.anonymous = true
            } else {
                t.reporter = rng.pick(c.reporters)
            }
            t.authorName = rng.chance(70) ? officer.login : everyRole.login
            var outcome = c.outcomes[i % c.outcomes.count]
            // The steps, by the deadlines of the ward's settings.
            let v = deadlines.verifyDays, k = deadlines.classifyDays
            if i < handledCount, late.contains(i) {
                t.verifiedDate = r.adding(days: rng.int(3...v + 4))
                t.classifiedDate = t.verifiedDate?.adding(days: rng.int(1...4))
                t.handledDate = t.handleDue.adding(days: rng.int(4...12))
            } else if i < handledCount {
                let verified = r.adding(days: rng.int(1...max(1, v)))
                t.verifiedDate = verified
                t.classifiedDate = max(verified, min(verified.adding(days: rng.int(1...3)), t.classifyDue))
                t.handledDate = max(t.classifiedDate ?? verified, min((t.classifiedDate ?? verified).adding(days: rng.int(3...20)), t.handleDue))
            } else if i == handledCount {
                // Waiting for the police to report back, past the handling deadline.
                outcome = c.outcomes.first { $0.classification == .referred } ?? outcome
                t.verifiedDate = min(r.adding(days: 3), t.verifyDue)
                t.classifiedDate = max(t.verifiedDate ?? r, min(r.adding(days: 6), t.classifyDue))
            } else if i == handledCount + 2 {
                outcome = c.outcomes.first { $0.classification == .unfounded } ?? outcome
                t.verifiedDate = min(r.adding(days: 3), t.verifyDue)
                t.classifiedDate = max(t.verifiedDate ?? r, min(r.adding(days: min(7, k)), t.classifyDue, today))
            }
            if t.verifiedDate != nil { t.verifyResult = outcome.verify }
            if t.classifiedDate != nil { t.classification = outcome.classification }
            if t.handledDate != nil { t.handleResult = outcome.handle }

            // What it is about: a registered place, a hotspot, or just an address.
            var visitPlace: Int?
            if content.hotspot {
                t.hotspotId = hotspot(on: r)
                if t.hotspotId == nil { t.place = content.place }
            } else if !content.types.isEmpty {
                let ofType = places.indices.filter {
                    content.types.contains(places[$0].type) && (places[$0].closedOn.map { r < $0.adding(days: -10) } ?? true)
                }
                let grounded = t.classification == .grounded
                if let verified = t.verifiedDate, t.handledDate != nil, t.classification != .referred, r <= today.adding(days: -60) {
                    visitPlace = pick(ofType.filter { mayApprove($0, on: verified) && (!grounded || canChain($0, from: verified)) })
                }
                if let p = visitPlace ?? pick(ofType) { t.establishmentId = places[p].id } else { t.place = content.place }
            } else {
                t.place = content.place
            }
            try db.insert(&t)
            if let p = visitPlace, let verified = t.verifiedDate, let id = t.id {
                let found = t.classification == .grounded ? templates(p, on: verified, count: 1) : []
                placeVisit(p, on: verified, kind: .unannounced, templates: found, tip: (id, r))
            }
        }
    }

    /// The hotspot that was active (or active again) on a day, else the last one found before it.
    func hotspot(on d: Day) -> Int64? {
        var fallback: (Day, Int)?
        for (h, phases) in hotspotPhases.enumerated() {
            guard let found = phases.first?.from, found <= d else { continue }
            let current = phases.last { $0.from <= d }
            if let current, current.status != .eliminated { return hotspotIds[h] }
            if fallback.map({ found > $0.0 }) ?? true { fallback = (found, h) }
        }
        return fallback.map { hotspotIds[$0.1] }
    }

    /// Every place on a cycle by risk, up to three weeks ago; places not to be inspected this
    /// year stop at the end of last year.
    mutating func regularVisits() {
        for p in places.indices {
            let place = places[p]
            let interval = place.risk == .high ? 125 : place.risk == .medium ? 260 : 365
            var end = scheduleEnd[p]
            if let closed = place.closedOn { end = min(end, closed.adding(days: -7)) }
            else if !covered[p] { end = min(end, yearStart.adding(days: -1)) }
            var d = today.adding(days: -548 + rng.int(0...interval - 1))
            while d <= end {
                let day = weekdayBefore(d)
                let kind: VisitKind = rng.chance(Self.nightTrade.contains(place.type) ? 30 : 10) ? .unannounced : .planned
                var found: [Int] = []
                if canChain(p, from: day), rng.chance(place.risk == .high ? 35 : place.risk == .medium ? 20 : 10) {
                    found = templates(p, on: day, count: rng.chance(20) ? 2 : 1)
                }
                placeVisit(p, on: day, kind: kind, templates: found)
                d = d.adding(days: interval * rng.int(80...120) / 100)
            }
        }
    }

    /// Night checks at hotspots: every two months while active, on the day it was cleared and
    /// once again after.
    mutating func hotspotVisits() {
        let f = text.findings
        for (h, phases) in hotspotPhases.enumerated() {
            for (k, phase) in phases.enumerated() {
                let end = k + 1 < phases.count ? phases[k + 1].from : today
                var dates: [(Day, Bool)] = []
                if phase.status == .eliminated {
                    dates.append((phase.from, false))
                    let again = phase.from.adding(days: 60)
                    if again < end.adding(days: -5), again <= settled { dates.append((again, false)) }
                } else {
                    var d = phase.from.adding(days: 4)
                    while d < end.adding(days: -5), d <= settled { dates.append((d, true)); d = d.adding(days: 60) }
                }
                for (n, (d, active)) in dates.enumerated() {
                    var s = Spec(hotspot: h, date: d, kind: .unannounced, author: officer)
                    s.time = rng.pick(Self.nightTimes)
                    s.members = team()
                    let lines = active ? f.hotspotActive : f.hotspotEliminated
                    if !lines.isEmpty { s.findings = fill(lines[min(n, lines.count - 1)], time: s.time) }
                    approve(&s, by: rng.chance(80) ? officer : leader)
                    specs.append(s)
                }
            }
        }
    }

    /// The last three weeks: a few approved, four waiting for a team leader, one sent back, drafts;
    /// each at a different place.
    mutating func workInProgress() {
        func free(_ p: Int) -> Bool { managed(p) && !busy.contains(p) }
        for ago in [20, 17, 15] {
            let d = today.adding(days: -ago)
            guard let p = pick(places.indices.filter { free($0) && covered[$0] }) else { continue }
            busy.append(p)
            placeVisit(p, on: d, kind: rng.chance(30) ? .unannounced : .planned)
        }
        for (n, ago) in [9, 6, 4, 2].enumerated() {
            let d = today.adding(days: -ago)
            let uninspected = places.indices.filter { free($0) && !covered[$0] }
            guard let p = pick(uninspected.isEmpty ? places.indices.filter(free) : uninspected) else { continue }
            busy.append(p)
            let s = placeVisit(p, on: d, kind: n == 1 ? .unannounced : .planned,
                               templates: n == 1 ? templates(p, on: d, count: 1) : [], author: officer)
            specs[s].status = .submitted
            specs[s].reviewer = ""
            specs[s].reviewed = nil
            specs[s].submitted = min(d.adding(days: 1), today)
            specs[s].wantsFollowUp = false
        }
        if let p = pick(places.indices.filter(free)) {
            busy.append(p)
            let d = today.adding(days: -12)
            let s = placeVisit(p, on: d, kind: .planned, author: officer)
            specs[s].status = .returned
            specs[s].findings = text.findings.planned
            specs[s].reviewer = leader.login
            specs[s].submitted = d.adding(days: 1)
            specs[s].reviewed = d.adding(days: 3)
            specs[s].returnComment = text.returnComment
        }
        for (ago, who) in [(3, officer), (1, everyRole), (0, officer)] {
            guard let p = pick(places.indices.filter(free)) else { continue }
            busy.append(p)
            let s = placeVisit(p, on: today.adding(days: -ago), kind: ago == 1 ? .unannounced : .planned, author: who)
            draft(s, author: who)
            if ago == 0 { specs[s].findings = "" }
        }
    }

    /// Turns a made-up visit back into a draft: not everything is filled in yet.
    mutating func draft(_ s: Int, author: Account) {
        specs[s].status = .draft
        specs[s].author = author
        specs[s].reviewer = ""
        specs[s].submitted = nil
        specs[s].reviewed = nil
        specs[s].wantsFollowUp = false
        if let p = specs[s].place {
            specs[s].checks = checks(places[p], failing: specs[s].templates.map { text.violations[$0].check }, partial: true)
        }
    }

    /// The follow-up of every settled visit with violations, between its remedy deadline and its
    /// follow-up date; one in five finds the place has not put things right, which needs another.
    mutating func followUps() {
        var i = 0
        while i < specs.count {
            let s = specs[i]
            if s.wantsFollowUp, let p = s.place, let due = s.followUpDue {
                let from = s.remedy ?? s.date.adding(days: 7)
                var d = from.adding(days: rng.int(0...max(0, days(from, due))))
                d = d.weekday == 5 ? d.adding(days: 2) : d.weekday == 6 ? d.adding(days: 1) : d
                var found: [Int] = []
                if rng.chance(20), canChain(p, from: d) {
                    // Signs of prostitution found again mean suspension; anything else is found again as it was.
                    let repeatOffence = text.violations.indices.filter {
                        text.violations[$0].weight == 0 && text.violations[$0].types.contains(places[p].type)
                    }
                    let serious = s.templates.contains { ["signs", "security"].contains(text.violations[$0].check) }
                    let signed = places[p].commitmentOn.map { d >= $0 } ?? false
                    found = serious && !repeatOffence.isEmpty && rng.chance(50) ? [repeatOffence[0]]
                        : s.templates.filter { !(signed && text.violations[$0].check == "commitment") }
                }
                placeVisit(p, on: d, kind: .followUp, templates: found, follows: i, fixed: found.isEmpty, author: s.author)
                specs[i].wantsFollowUp = false
            }
            i += 1
        }
    }

    /// A place meant to be inspected this year that the cycle missed gets its visit.
    mutating func fillCoverage() {
        for p in places.indices where covered[p] {
            if specs.contains(where: { $0.place == p && $0.status == .approved && $0.date >= yearStart }) { continue }
            var last = min(settled, scheduleEnd[p])
            if last < yearStart { last = max(yearStart, today.adding(days: -1)) }
            let d = yearStart.adding(days: rng.int(0...max(0, days(yearStart, last))))
            let day = weekdayBefore(d) >= yearStart ? weekdayBefore(d) : d
            placeVisit(p, on: day, kind: .planned)
        }
    }

    /// Oldest first, so that ids follow the calendar. Children go in while the visit is a draft:
    /// an approved visit's children are locked by the schema.
    func writeVisits(_ db: BulkLoad) throws {
        let order = specs.indices.sorted { (specs[$0].date, specs[$0].time, $0) < (specs[$1].date, specs[$1].time, $1) }
        var ids = [Int64?](repeating: nil, count: specs.count)
        for (n, i) in order.enumerated() {
            let s = specs[i]
            var v = Visit(establishmentId: s.place.map { places[$0].id }, hotspotId: s.hotspot.map { hotspotIds[$0] }, date: s.date,
                          kind: s.kind, status: s.status == .planned ? .planned : .draft)
            v.time = s.time
            v.team = text.team
            v.findings = VietText.nfc(s.findings)
            v.remedyDeadline = s.remedy
            v.followUpDue = s.followUpDue
            v.followsVisitId = s.follows.flatMap { ids[$0] }
            v.tipId = s.tip
            v.planId = s.plan
            v.authorId = s.author.id
            v.authorName = s.author.login
            v.submittedAt = stamp(s.submitted, hour: 3, minute: (n * 7) % 60)
            v.reviewerName = s.reviewer
            v.reviewedAt = stamp(s.reviewed, hour: 8, minute: (n * 11) % 60)
            v.returnComment = s.returnComment
            try db.insert(&v)
            ids[i] = v.id
            try db.addChildren(of: VisitRecord(visit: v, members: s.members, checks: s.checks, violations: s.violations))
            if v.status != s.status {
                v.status = s.status
                try db.update(v)
            }
        }
    }
}

/// Eighteen months of support work for the demo ward: the provider directory and thirty cases
/// with their consents, screenings, contacts and referrals. People and text come from ward.json;
/// dates count back from `today`, and a fixed-seed generator of its own picks the rest, so the
/// inspection demo is the same with or without it. Identities and notes are sealed with the demo's
/// ward key. Written inside the demo's one seeding transaction, straight to the tables: seeded
/// records need no audit trail, but every one is one the app would have accepted.
struct SupportSeed {
    typealias Day = Formats.Day
    typealias Person = DemoWard.Support.Person
    enum End { case used, declined, noContact }

    /// A case before it is written: codes are given once every first contact is known.
    struct Plan {
        let person: Int
        var firstContact: Day
        var author: Account
        var status: CaseStatus = .open
        var statusDate: Day
        var closeReason: CloseReason?
        var identity = Identity()
        var consents: [(date: Day, recording: Bool, services: Set<Service>)] = []
        var screenings: [(date: Day, needs: Set<Service>, notes: String)] = []
        var contacts: [(date: Day, kind: ContactKind, notes: String)] = []
        var referrals: [(referral: Referral, outcome: String)] = []

        init(person: Int, firstContact: Day, author: Account) {
            self.person = person; self.firstContact = firstContact; self.author = author; statusDate = firstContact
        }
        /// The consent in force (the latest).
        var consent: Set<Service> { consents.last?.services ?? [] }
        var recording: Bool { consents.last?.recording ?? false }
        /// The last day anything happened.
        var lastDay: Day {
            (consents.map(\.date) + screenings.map(\.date) + contacts.map(\.date) + referrals.map(\.referral.statusDate))
                .max() ?? firstContact
        }
        func referred(_ s: Service) -> Bool { referrals.contains { $0.referral.service == s } }
        func ended(_ s: Service, as status: ReferralStatus) -> Bool {
            referrals.contains { $0.referral.service == s && $0.referral.status == status }
        }
    }

    /// Referrals still under way on the five most recent cases: the step reached, how many days
    /// ago, and the follow-up date counted from today (negative: overdue). Every other referral
    /// has ended, so these are the ones a case worker sees waiting.
    static let underWay: [(status: ReferralStatus, ago: Int, followUp: Int)] = [
        (.received, 27, -3), (.referred, 20, -6), (.proposed, 16, -1), (.referred, 11, 3), (.received, 6, 8),
    ]
    static let laterNeeds: [Service] = [.vocational, .jobs, .loans, .livelihood]

    let text: DemoWard.Support
    let key: WardKey
    let today: Day
    /// The case worker, and the every-role account that sometimes stands in.
    let worker: Account, everyRole: Account
    var rng = InspectionSeed.Random(state: 8_042_026)
    var providers: [(id: Int64, short: String, services: Set<Service>)] = []

    init(text: DemoWard.Support, key: WardKey, accounts: [Account], today: Day) throws {
        self.text = text
        self.key = key
        self.today = today
        guard let every = accounts.first(where: { $0.login == DemoWard.everyRoleLogin }) ?? accounts.first else { throw WardError.notFound }
        everyRole = every
        worker = accounts.first { $0.roles.contains(.caseWorker) && $0.login != every.login } ?? every
    }

    /// Writes the cases; returns who the people first known from a police list are (oldest
    /// first), for the police list the demo receives afterwards to name again.
    mutating func run(_ db: BulkLoad) throws -> [Identity] {
        for p in text.providers {
            var row = Provider(name: VietText.clean(p.name), services: Set(p.services))
            row.address = VietText.clean(p.address)
            row.contact = VietText.clean(p.contact)
            try db.insert(&row)
            providers.append((row.id ?? 0, p.short, Set(p.services)))
        }
        let settled = max(0, text.people.count - Self.underWay.count)
        var plans: [Plan] = []
        for n in text.people.indices {
            if n < settled {
                let spread = settled > 1 ? n * 465 / (settled - 1) : 0
                let first = min(today.adding(days: -540 + spread + rng.int(-6...6)), today.adding(days: -70))
                plans.append(settledCase(n, on: first))
            } else {
                plans.append(recentCase(n, Self.underWay[n - settled]))
            }
        }
        try write(plans, db)
        return plans.filter { text.people[$0.person].source == .policeList && !$0.identity.isEmpty }
            .sorted { $0.firstContact < $1.firstContact }.map(\.identity)
    }

    // MARK: Helpers

    /// A set in the list's order: sets have no order of their own, and the generator must be
    /// asked the same questions on every run.
    func ordered(_ s: Set<Service>) -> [Service] { Service.allCases.filter(s.contains) }

    /// Who each demo person is, the same every time: most sell sex, some were reached as at risk;
    /// some work at an establishment, a few came back from being trafficked. A minor is one by age.
    static func targetGroups(person i: Int, _ p: Person) -> Set<TargetGroup> {
        var groups: Set<TargetGroup> = [i % 6 == 5 ? (p.sex == .female ? .highRiskWoman : .unemployedYouth) : .sexWorker]
        if i % 4 == 1 { groups.insert(.serviceWorker) }
        if i % 9 == 7 { groups.insert(.traffickingReturnee) }
        if p.age < 25 && i % 3 == 0 { groups.insert(.unemployedYouth) }
        if p.age < 18 { groups.insert(.minor) }
        return groups
    }

    /// Nothing after three days ago, nothing before what already happened.
    func clamp(_ d: Day, after last: Day) -> Day { max(last, min(d, today.adding(days: -3))) }

    mutating func note(_ kind: ContactKind, first: Bool = false) -> String {
        maybe(100, (first ? text.texts.firstContacts : text.texts.contacts)[kind.rawValue] ?? [])
    }

    mutating func maybe(_ percent: Int, _ lines: [String]) -> String {
        rng.chance(percent) && !lines.isEmpty ? rng.pick(lines) : ""
    }

    /// A screening's note: a general one or one about a need it found.
    mutating func screeningNote(_ percent: Int, _ needs: Set<Service>) -> String {
        let t = text.texts.screening
        let lines = needs.isEmpty ? t["none"] ?? [] : (t["any"] ?? []) + ordered(needs).flatMap { t[$0.rawValue] ?? [] }
        return maybe(percent, lines)
    }

    /// Why a case's goals are met, after the services it used.
    mutating func needsMetNote(_ c: Plan) -> String {
        let t = text.texts.needsMet
        let used = ordered(Set(c.referrals.filter { $0.referral.status == .used }.map(\.referral.service)))
        let lines = used.flatMap { t[$0.rawValue] ?? [] }
        return maybe(100, lines.isEmpty ? t["any"] ?? [] : lines)
    }

    /// The texts speak to a woman ("chị"); to a man they say "anh".
    static func addressed(_ text: String, _ sex: Sex) -> String {
        guard sex == .male else { return text }
        return text.replacingOccurrences(of: "\\bChị\\b", with: "Anh", options: .regularExpression)
            .replacingOccurrences(of: "\\bchị\\b", with: "anh", options: .regularExpression)
    }

    mutating func firstKind(_ source: ContactSource) -> ContactKind {
        switch source {
        case .policeList: rng.chance(70) ? .office : .homeVisit
        case .outreach: .outreach
        case .peer: rng.chance(50) ? .group : .outreach
        case .selfReferral: rng.chance(70) ? .office : .phone
        case .tip: rng.chance(60) ? .outreach : .homeVisit
        }
    }

    /// What the person agrees to: mostly what they need, sometimes not one of the less urgent
    /// services, sometimes a health check as well.
    mutating func consented(_ needs: Set<Service>) -> Set<Service> {
        var s = needs
        let optional = ordered(needs).filter { $0 != .health && $0 != .hivSti }
        if needs.count >= 3, rng.chance(25), !optional.isEmpty { s.remove(rng.pick(optional)) }
        if !s.contains(.health), rng.chance(30) { s.insert(.health) }
        return s
    }

    /// A provider offering the service, if the directory has one.
    mutating func provider(for service: Service) -> Int64? {
        let offering = providers.filter { $0.services.contains(service) }
        return offering.isEmpty ? nil : rng.pick(offering).id
    }

    mutating func randomEnd() -> End {
        let r = rng.int(0...99)
        return r < 70 ? .used : r < 82 ? .declined : .noContact
    }

    mutating func identity(_ p: Person, firstContact f: Day) -> Identity {
        guard !p.name.isEmpty else { return Identity() }
        var year = f.year - p.age
        let birth: String
        if rng.chance(35) {
            let month = rng.int(1...12), day = rng.int(1...28)
            if (month, day) > (f.month, f.day) { year -= 1 }
            birth = String(format: "%02d/%02d/%04d", day, month, year)
        } else {
            birth = String(year)
        }
        // CCCD: province, then sex and century (0/1 men/women born 1900-1999, 2/3 from 2000), year, six digits.
        let century = (p.sex == .female ? 1 : 0) + (year >= 2000 ? 2 : 0)
        let idNumber = p.province + String(century) + String(format: "%02d%06d", year % 100, rng.int(0...999_999))
        let phone = String(format: "09%08d", rng.int(0...99_999_999))
        return Identity(fullName: p.name, alias: p.alias, birth: birth, idNumber: idNumber, phone: phone, address: p.address)
    }

    /// A referral proposed on `proposed` that has run its course by now (at most four weeks).
    mutating func refer(_ c: inout Plan, _ service: Service, on proposed: Day, end: End) {
        guard let providerId = provider(for: service) else { return }
        var r = Referral(caseId: 0, service: service, providerId: providerId, proposed: proposed)
        var outcome: String
        switch end {
        case .used:
            let referred = proposed.adding(days: rng.int(0...4))
            let received = referred.adding(days: rng.int(1...10))
            r.referredDate = referred
            r.receivedDate = received
            r.usedDate = received.adding(days: rng.int(0...14))
            r.status = .used
            outcome = text.texts.used[service.rawValue] ?? ""
        case .declined:
            r.status = .declined
            if rng.chance(50) {
                r.endedDate = proposed.adding(days: rng.int(0...3))
            } else {
                let referred = proposed.adding(days: rng.int(0...4))
                r.referredDate = referred
                r.endedDate = referred.adding(days: rng.int(2...10))
            }
            outcome = rng.pick(text.texts.refused)
        case .noContact:
            r.status = .noContact
            let referred = proposed.adding(days: rng.int(0...4))
            r.referredDate = referred
            r.endedDate = referred.adding(days: rng.int(7...21))
            outcome = rng.pick(text.texts.noContact)
        }
        if !rng.chance(65) { outcome = "" }
        c.referrals.append((r, outcome))
    }

    // MARK: Cases

    /// A case met at least ten weeks ago: every referral has ended; later screenings find needs
    /// met and new ones; the story decides how it stands now.
    mutating func settledCase(_ n: Int, on first: Day) -> Plan {
        let p = text.people[n]
        var c = Plan(person: n, firstContact: first, author: rng.chance(80) ? worker : everyRole)
        c.identity = identity(p, firstContact: first)
        let needs = Set(p.needs)
        let kind = firstKind(p.source)
        var screened = first
        switch p.story {
        case .anonymous:
            // Counted, never recorded: no identity, no notes, nobody referred.
            c.contacts.append((first, kind, ""))
            c.consents.append((first, false, []))
            c.screenings.append((first, needs, ""))
            close(&c, .declined, on: first.adding(days: rng.int(0...3)))
            return c
        case .laterConsent:
            c.contacts.append((first, kind, ""))
            c.consents.append((first, false, []))
            screened = first.adding(days: rng.int(14...40))
            c.contacts.append((screened, .office, note(.office, first: true)))
            c.consents.append((screened, true, consented(needs)))
        default:
            c.contacts.append((first, kind, rng.chance(60) ? note(kind, first: true) : ""))
            c.consents.append((first, true, consented(needs)))
            screened = first.adding(days: rng.int(0...3))
        }
        c.screenings.append((screened, needs, screeningNote(50, needs)))

        let wanted = ordered(needs.intersection(c.consent))
        switch p.story {
        case .declined:
            if let s = wanted.first { refer(&c, s, on: screened.adding(days: rng.int(0...5)), end: .declined) }
        case .lostContact:
            for s in wanted { refer(&c, s, on: screened.adding(days: rng.int(0...6)), end: .noContact) }
        case .goalsMet:
            for s in wanted { refer(&c, s, on: screened.adding(days: rng.int(0...6)), end: .used) }
        default:
            for s in wanted { refer(&c, s, on: screened.adding(days: rng.int(0...6)), end: randomEnd()) }
        }

        // Screened again every three to six months while there is time for the referrals to run.
        if ![.declined, .lostContact].contains(p.story) {
            var current = needs, last = screened
            // A case whose goals are met ends with one more screening that finds nothing left.
            while c.screenings.count < (p.story == .goalsMet ? 2 : 3) {
                let next = last.adding(days: rng.int(90...180))
                guard next <= today.adding(days: -52), rng.chance(c.screenings.count == 1 ? 70 : 40) else { break }
                var found = current
                for s in ordered(current) where c.ended(s, as: .used) && rng.chance(75) { found.remove(s) }
                let fresh = Self.laterNeeds.filter { !found.contains($0) && !c.referred($0) }
                if rng.chance(40), !fresh.isEmpty { found.insert(rng.pick(fresh)) }
                c.screenings.append((next, found, screeningNote(40, found)))
                // A new need is agreed to; a service the person declined is taken off.
                let agreed = c.consent.union(found).filter { !c.ended($0, as: .declined) }
                if agreed != c.consent { c.consents.append((next, true, agreed)) }
                for s in ordered(found.intersection(c.consent)) where !c.referred(s) {
                    refer(&c, s, on: next.adding(days: rng.int(0...6)), end: p.story == .goalsMet ? .used : randomEnd())
                }
                current = found
                last = next
            }
        }

        // A few more contacts between the first and now.
        let extras = rng.int(0...2)
        for _ in 0..<extras {
            let from = first.adding(days: 7), to = max(from, min(c.lastDay.adding(days: 30), today.adding(days: -1)))
            let d = from.adding(days: rng.int(0...max(0, to.excelSerial - from.excelSerial)))
            let k = rng.pick([ContactKind.phone, .phone, .homeVisit, .group, .office, .outreach])
            c.contacts.append((d, k, rng.chance(50) && c.recording ? note(k) : ""))
        }

        let last = c.lastDay
        switch p.story {
        case .goalsMet:
            let d = clamp(last.adding(days: rng.int(14...40)), after: last)
            c.screenings.append((d, [], needsMetNote(c)))
            close(&c, .goalsMet, on: clamp(d.adding(days: rng.int(0...5)), after: d))
        case .onHold:
            let d = clamp(last.adding(days: rng.int(10...40)), after: last)
            c.contacts.append((d, .phone, text.texts.onHold.isEmpty ? "" : rng.pick(text.texts.onHold)))
            c.status = .onHold
            c.statusDate = d
        case .moved:
            let d = clamp(last.adding(days: rng.int(20...60)), after: last)
            c.contacts.append((d, .phone, text.texts.moved))
            close(&c, .moved, on: d)
        case .lostContact:
            let d = clamp(last.adding(days: rng.int(30...60)), after: last)
            c.contacts.append((d, .phone, text.texts.lostContact))
            close(&c, .lostContact, on: d)
        case .declined:
            let d = clamp(last.adding(days: rng.int(3...14)), after: last)
            c.contacts.append((d, rng.chance(50) ? .office : .phone, text.texts.declined))
            close(&c, .declined, on: d)
        case .open, .laterConsent, .anonymous:
            break
        }
        return c
    }

    func close(_ c: inout Plan, _ reason: CloseReason, on d: Day) {
        c.status = .closed
        c.statusDate = d
        c.closeReason = reason
    }

    /// One of the five newest cases, met in the last few weeks, with one referral under way.
    mutating func recentCase(_ n: Int, _ spec: (status: ReferralStatus, ago: Int, followUp: Int)) -> Plan {
        let p = text.people[n]
        let step = today.adding(days: -spec.ago)
        var proposed = step, referred: Day?, received: Day?
        switch spec.status {
        case .received:
            received = step
            referred = step.adding(days: -rng.int(2...8))
            proposed = (referred ?? step).adding(days: -rng.int(0...3))
        case .referred:
            referred = step
            proposed = step.adding(days: -rng.int(0...4))
        default:
            break
        }
        let screened = proposed.adding(days: -rng.int(0...2))
        let first = screened.adding(days: -rng.int(0...4))
        var c = Plan(person: n, firstContact: first, author: rng.chance(80) ? worker : everyRole)
        c.identity = identity(p, firstContact: first)
        let needs = Set(p.needs)
        let kind = firstKind(p.source)
        c.contacts.append((first, kind, rng.chance(60) ? note(kind, first: true) : ""))
        c.consents.append((first, true, consented(needs)))
        c.screenings.append((screened, needs, screeningNote(50, needs)))
        if let service = ordered(needs.intersection(c.consent)).first(where: { s in providers.contains { $0.services.contains(s) } }),
           let providerId = provider(for: service) {
            var r = Referral(caseId: 0, service: service, providerId: providerId, proposed: proposed)
            r.status = spec.status
            r.referredDate = referred
            r.receivedDate = received
            r.followUp = today.adding(days: spec.followUp)
            c.referrals.append((r, maybe(60, text.texts.underWay[spec.status.rawValue] ?? [])))
        }
        if rng.chance(50), proposed < today.adding(days: -1) {
            let d = proposed.adding(days: rng.int(1...max(1, today.excelSerial - 1 - proposed.excelSerial)))
            c.contacts.append((d, .phone, rng.chance(50) ? note(.phone) : ""))
        }
        return c
    }

    // MARK: Writing

    /// Oldest first, numbered per year of first contact as `addCase` numbers them.
    func write(_ plans: [Plan], _ db: BulkLoad) throws {
        var numbers: [Int: Int] = [:]
        for c in plans.sorted(by: { ($0.firstContact, $0.person) < ($1.firstContact, $1.person) }) {
            let p = text.people[c.person]
            let year = c.firstContact.year
            let number = (numbers[year] ?? 0) + 1
            numbers[year] = number
            var row = SupportCase(sex: p.sex, ageGroup: AgeGroup.of(age: p.age), residence: p.residence, source: p.source,
                                  firstContact: c.firstContact)
            row.code = String(format: "HT-%04d-%04d", year, number)
            row.targetGroups = Self.targetGroups(person: c.person, p)
            row.status = c.status
            row.statusDate = c.statusDate
            row.closeReason = c.closeReason
            row.authorName = c.author.login
            try db.insert(&row)
            let id = row.id ?? 0
            // Sealed once the case has the id its seals are bound to.
            row.identity = try key.seal(identity: WardStore.cleaned(c.identity), of: id)
            row.notes = c.recording ? try key.seal(text: VietText.clean(Self.addressed(p.notes, p.sex), multiline: true), for: .caseNotes, of: id) : nil
            try db.update(row)
            let login = c.author.login
            for k in c.consents {
                let agencies = providers.filter { !$0.services.isDisjoint(with: k.services) }.map(\.short)
                try db.insert(Load.Consent(caseId: id, date: k.date.iso, recording: k.recording, services: k.services,
                                           agencies: agencies.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: "; "),
                                           recordedBy: login))
            }
            for s in c.screenings.sorted(by: { $0.date < $1.date }) {
                try db.insert(Load.Screening(caseId: id, date: s.date.iso, needs: s.needs,
                                             notes: try key.seal(text: Self.addressed(s.notes, p.sex), for: .screeningNotes, of: id), author: login))
            }
            for x in c.contacts.sorted(by: { $0.date < $1.date }) {
                try db.insert(Load.Contact(caseId: id, date: x.date.iso, kind: x.kind,
                                           notes: try key.seal(text: Self.addressed(x.notes, p.sex), for: .contactNotes, of: id), author: login))
            }
            for (r, outcome) in c.referrals {
                var r = r
                r.caseId = id
                r.outcome = try key.seal(text: Self.addressed(outcome, p.sex), for: .referralOutcome, of: id)
                r.referredBy = login
                try db.insert(&r)
            }
        }
    }
}
