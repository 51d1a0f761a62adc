import Foundation
import Crypto
import WardCaseCore

/// A city-scale demo ward for trying the app at size: tens of thousands of establishments and
/// ten years of inspection visits, tip-offs and support work, made up from one seed.
///
/// The same seed and the same day (the store's clock) give the same data, byte for byte: every
/// choice comes from SplitMix64 generators of its own, never the system's, and so do the salts,
/// keys and nonces (the demo's passphrase is public anyway). Dates count back from the store's
/// today, like the small demo's. Accounts, the ward key, providers and the words come from
/// Resources/demo/ward.json, so the database opens in the app like the demo does.
///
/// Everything is written in one transaction with prepared statements, straight to the tables,
/// with no audit row per record (one for the whole generation): a cancelled run writes nothing.
/// Every record is one the app's rules would have accepted. Reports are left to be drafted: at
/// this size filing two years of them would take longer than the rest of the generation.
///
/// At this size the way rows go in matters more than anything else: many rows to a statement,
/// statement journals in memory, foreign keys checked once before the commit instead of row by
/// row, and the loaded tables' indexes built once after the load (see `generate`).
public enum CityWard {
    public struct Size: Sendable, Equatable {
        public var establishments: Int
        public var visits: Int
        public var cases: Int
        public var referrals: Int
        public var tips: Int

        public init(establishments: Int, visits: Int, cases: Int, referrals: Int, tips: Int) {
            self.establishments = establishments; self.visits = visits; self.cases = cases
            self.referrals = referrals; self.tips = tips
        }

        public init(_ establishments: Int, _ visits: Int, _ cases: Int, _ referrals: Int, _ tips: Int) {
            self.init(establishments: establishments, visits: visits, cases: cases, referrals: referrals, tips: tips)
        }

        /// 20,000 establishments, 1,000,000 visits over ten years, 100,000 support cases with
        /// 300,000 referrals, 200,000 tip-offs.
        public static let city = Size(20_000, 1_000_000, 100_000, 300_000, 200_000)
    }

    /// Fills an empty database. Refused (`WardError.databaseNotEmpty`) when it already has a ward
    /// or any establishment or account. `progress` counts the records planned and then written
    /// (and the indexes built); cancelling writes nothing. The referrals need cases to go to: a
    /// size with too few cases gets fewer referrals.
    public static func generate(into store: WardStore, size: Size = .city, seed: UInt64 = 1, resources: URL,
                                progress: WorkProgress = .silent) throws {
        let path = store.path ?? ":memory:"
        if try !store.isEmptyWard() { throw WardError.databaseNotEmpty(path: path) }
        let size = Size(max(1, size.establishments), max(0, size.visits), max(0, size.cases), max(0, size.referrals),
                        max(0, size.tips))
        let url = resources.appendingPathComponent("demo/ward.json")
        guard let data = try? Data(contentsOf: url) else { throw WardError.resourcesMissing(searched: [url.path]) }
        let file = try JSONDecoder().decode(DemoWard.File.self, from: data)
        let planned = size.establishments + size.visits + size.tips + size.cases
        let written = size.establishments + size.visits + size.tips + size.cases + size.referrals
        progress.add(total: planned + written + 2)
        try progress.tell()

        // The timestamps the generation writes for itself (accounts' audit rows, the ward key, the
        // generation's audit row) say the start of today: a second run the same day gives the same bytes.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone.current
        let now = calendar.startOfDay(for: store.clock())
        let today = Formats.Day.today(store.clock())
        let types = try store.establishmentTypes()
        let checklist = try store.checklistItems().compactMap { item in item.id.map { (id: $0, code: item.code) } }
        var plan = try CityPlan(file: file, size: size, seed: seed, today: today, now: now,
                                typeIds: Dictionary(uniqueKeysWithValues: types.map { ($0.code, $0.id ?? 0) }),
                                checklist: checklist, deadlines: try store.tipDeadlines())
        // The slow parts first: the password hash and the ward key (scrypt each).
        try plan.makeSecrets()
        try progress.advance()
        try plan.planAll(progress)

        // One transaction, indexes built at the end; a database that is not empty is left alone.
        let loaded = try store.bulkLoad(deferIndexes: true, progress: progress) { load in try plan.write(load, progress) }
        if loaded == nil { throw WardError.databaseNotEmpty(path: path) }
        try? progress.advance()
    }

    /// How many of each the database holds (every row, planned visits and archived establishments too).
    public static func counts(in store: WardStore) throws -> Size {
        let c = try store.bulkCounts()
        return Size(c["establishment"] ?? 0, c["visit"] ?? 0, c["support_case"] ?? 0, c["referral"] ?? 0, c["tip"] ?? 0)
    }
}

// MARK: - Generator

/// SplitMix64: the same numbers on every platform and Swift version.
struct CityRandom {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0..<n (n > 0, below 2^31).
    mutating func below(_ n: Int) -> Int { Int(((next() >> 32) &* UInt64(n)) >> 32) }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + below(r.upperBound - r.lowerBound + 1) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func unit() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }
    mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }
    mutating func bytes(_ n: Int) -> Data {
        var out = Data(capacity: n)
        while out.count < n {
            var v = next()
            for _ in 0..<8 where out.count < n { out.append(UInt8(truncatingIfNeeded: v)); v >>= 8 }
        }
        return out
    }

    /// A generator of its own for one part of the data, so that parts never shift each other.
    static func part(_ seed: UInt64, _ part: UInt64) -> CityRandom {
        var r = CityRandom(seed ^ (part &* 0xD1B5_4A32_D192_ED03))
        _ = r.next()
        return CityRandom(r.next())
    }
}

/// Weighted choice among a few options.
struct CityWeights {
    let cumulative: [Int]
    init(_ weights: [Int]) {
        var sum = 0
        cumulative = weights.map { sum += max(0, $0); return sum }
    }
    func pick(_ rng: inout CityRandom) -> Int {
        let r = rng.below(max(1, cumulative.last ?? 1))
        var i = 0
        while i < cumulative.count - 1, cumulative[i] <= r { i += 1 }
        return i
    }
}

/// ISO and Vietnamese texts of every day the data can name, made once.
struct CityDays {
    let lo: Int
    private let isoText: [String]
    private let viText: [String]
    private let monthKeys: [Int32]
    static let two: [String] = (0..<100).map { $0 < 10 ? "0\($0)" : "\($0)" }

    init(from lo: Int, to hi: Int) {
        self.lo = lo
        var iso: [String] = [], vi: [String] = [], keys: [Int32] = []
        iso.reserveCapacity(hi - lo + 1)
        for s in lo...hi {
            let d = Formats.Day(excelSerial: s) ?? Formats.Day(year: 2000, month: 1, day: 1)!
            iso.append(d.iso)
            vi.append(d.vietnamese)
            keys.append(Int32(d.year * 12 + d.month - 1))
        }
        isoText = iso; viText = vi; monthKeys = keys
    }

    func iso(_ s: Int) -> String {
        let i = s - lo
        return i >= 0 && i < isoText.count ? isoText[i] : (Formats.Day(excelSerial: s)?.iso ?? "")
    }
    func vi(_ s: Int) -> String {
        let i = s - lo
        return i >= 0 && i < viText.count ? viText[i] : (Formats.Day(excelSerial: s)?.vietnamese ?? "")
    }
    /// year * 12 + month - 1
    func month(_ s: Int) -> Int {
        let i = s - lo
        if i >= 0 && i < monthKeys.count { return Int(monthKeys[i]) }
        let d = Formats.Day(excelSerial: s)
        return (d?.year ?? 2000) * 12 + (d?.month ?? 1) - 1
    }
    /// The stored UTC timestamp form, "2026-11-24T03:07:00Z".
    func stamp(_ s: Int, hour: Int, minute: Int) -> String {
        iso(s) + "T" + Self.two[hour % 24] + ":" + Self.two[minute % 60] + ":00Z"
    }
    /// 0 Monday ... 6 Sunday.
    static func weekday(_ s: Int) -> Int { ((s + 5) % 7 + 7) % 7 }
}

/// A text with one kind of placeholder, split once so that filling it is a join.
struct CityTemplate {
    let parts: [String]
    init(_ text: String, _ key: String) { parts = text.components(separatedBy: key) }
    func fill(_ value: String) -> String { parts.count == 1 ? parts[0] : parts.joined(separator: value) }
}

/// Everything the generator decides before writing, and the writing.
struct CityPlan {
    typealias Day = Formats.Day

    // MARK: Records being planned

    struct Place {
        var name = "", street = "", group = "", owner = "", phone = "", licence = "", regNo = "", riskReason = "", notes = ""
        var type = 0
        var risk: RiskLevel = .low
        var status: EstablishmentStatus = .active
        var open = 0
        var closed: Int?
        var statusDate = 0
        var issued: Int?, expires: Int?
        var security = false
        var workers = 0, healthChecked = 0, reached = 0
        var commitment: Int?
        var archived = false
        /// The last visit that ended in a suspension.
        var suspendedOn: Int?
    }

    struct HotspotPlan {
        var name = "", address = "", group = "", description = ""
        var history: [(status: HotspotStatus, from: Int, note: String)] = []
    }

    struct TipPlan {
        var received = 0
        var content = 0
        var kind: TipKind = .information
        var channel: TipChannel = .hotline
        var anonymous = false
        var reporter = ""
        var place: Int32 = -1
        var hotspot: Int32 = -1
        var placeText = ""
        var verified: Int?, classified: Int?, handled: Int?
        var outcome = 0
        var author: UInt8 = 0
    }

    /// A tip-off's verification visit at an establishment.
    struct TipVisit { var date: Int; var tip: Int32; var grounded: Bool }

    /// One visit, small: the writer makes the text, team and checks from `salt`.
    struct VisitSpec {
        var place: Int32 = -1
        var hotspot: Int16 = -1
        var date: Int32 = 0
        var kind: VisitKind = .planned
        var status: VisitStatus = .approved
        var time: UInt8 = 0
        var tip: Int32 = 0
        /// The spec index of the visit this one follows up.
        var follows: Int32 = -1
        /// Violation templates, -1 for none.
        var v1: Int8 = -1, v2: Int8 = -1
        var remedyDays: Int16 = -1, followUpDays: Int16 = -1
        /// A follow-up that found the place had not put things right.
        var notFixed = false
        /// A hotspot visit while it is active.
        var hotspotActive = false
        var salt: UInt64 = 0
    }

    struct CaseSkeleton {
        var first: Int32 = 0
        /// The day the person agreed to being recorded; -1 never.
        var recorded: Int32 = -1
        var screened: Int32 = 0
        var status: CaseStatus = .open
        var statusDate: Int32 = 0
        var reason: CloseReason?
        var sex: Sex = .female
        var age: AgeGroup = .from25
        var residence: Residence = .migrant
        var source: ContactSource = .outreach
        var anonymous = false
        var needs: UInt16 = 0
        var consented: UInt16 = 0
        var referrals: Int32 = 0
        var salt: UInt64 = 0
    }

    // MARK: Fixed inputs

    let file: DemoWard.File
    let size: CityWard.Size
    let seed: UInt64
    let today: Int
    let start: Int
    let now: Date
    let days: CityDays
    let typeIds: [String: Int64]
    let checklist: [(id: Int64, code: String)]
    let deadlines: TipDeadlines
    let newDecreeFrom: Int
    let groups: Int

    // MARK: Planned

    var passwordHash = ""
    var wardKeySalt = Data(), wardKeyWrapped = Data()
    var informantPublic: Curve25519.KeyAgreement.PublicKey?
    var informantSealed = Data()
    var sealer: CitySealer?
    var staff: [(login: String, name: String, roles: Set<Role>)] = []
    var places: [Place] = []
    var hotspots: [HotspotPlan] = []
    var tips: [TipPlan] = []
    var tipVisits: [[TipVisit]] = []
    var specs: [VisitSpec] = []
    /// Spec indices in id order.
    var order: [Int32] = []
    var visitIds: [Int32] = []
    var cases: [CaseSkeleton] = []
    var firstPlanMonth = 0, lastPlanMonth = 0
    var seats: [[(from: Int, name: String, agency: String)]] = []
    let referable: Set<Service>

    init(file: DemoWard.File, size: CityWard.Size, seed: UInt64, today: Day, now: Date, typeIds: [String: Int64],
         checklist: [(id: Int64, code: String)], deadlines: TipDeadlines) throws {
        self.file = file
        self.size = size
        self.seed = seed
        self.today = today.excelSerial
        self.start = today.excelSerial - 3652
        self.now = now
        self.days = CityDays(from: self.start - 6000, to: self.today + 2200)
        self.typeIds = typeIds
        self.checklist = checklist
        self.deadlines = deadlines
        newDecreeFrom = Day(iso: file.inspections.newDecreeFrom)?.excelSerial ?? today.excelSerial
        groups = min(99, max(12, size.establishments / 200))
        referable = Set(file.support.providers.flatMap(\.services))
    }

    // MARK: Secrets

    /// The demo password's hash and the ward key under the demo passphrase, with salts, key and
    /// nonces from the seed: the same seed gives the same bytes.
    mutating func makeSecrets() throws {
        var rng = CityRandom.part(seed, 1)
        passwordHash = try PasswordHasher.hash(file.accountPassword, salt: rng.bytes(16))
        let raw = rng.bytes(32)
        wardKeySalt = rng.bytes(16)
        wardKeyWrapped = try WardKey.wrap(raw, passphrase: file.support.passphrase, salt: wardKeySalt,
                                          nonce: try AES.GCM.Nonce(data: rng.bytes(12)))
        let wardKey = WardKey(raw: raw)
        sealer = CitySealer(key: wardKey, prefix: [UInt8](rng.bytes(4)))
        // The informant key pair, its private half sealed under the ward key.
        let informant = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: rng.bytes(32))
        informantPublic = informant.publicKey
        informantSealed = try WardStore.sealInformantKey(informant, wardKey: wardKey, nonce: try AES.GCM.Nonce(data: rng.bytes(12)))
    }

    // MARK: Planning

    mutating func planAll(_ progress: WorkProgress) throws {
        planStaff()
        planSeats()
        try planPlaces(progress)
        planHotspots()
        try planTips(progress)
        try planVisits(progress)
        try planCases(progress)
    }

    mutating func planStaff() {
        var rng = CityRandom.part(seed, 2)
        for a in file.accounts { staff.append((a.login, a.name, Set(a.roles))) }
        func add(_ login: String, _ roles: Set<Role>, female: Bool) {
            staff.append((login, CityText.personName(&rng, female: female), roles))
        }
        for i in 2...12 { add(String(format: "canbo%02d", i), [.officer], female: rng.chance(45)) }
        for i in 1...2 { add("doipho\(i)", [.teamLeader], female: rng.chance(30)) }
        for i in 2...6 { add("canboxh\(i)", [.caseWorker], female: rng.chance(80)) }
    }

    var officers: [Int] { staff.indices.filter { staff[$0].roles.contains(.officer) } }
    var leaders: [Int] { staff.indices.filter { staff[$0].roles.contains(.teamLeader) } }
    var caseWorkers: [Int] { staff.indices.filter { staff[$0].roles.contains(.caseWorker) } }

    /// The inspection team's seats (police, culture and society, health, others), each held by a
    /// succession of people; the demo's members hold them now.
    mutating func planSeats() {
        var rng = CityRandom.part(seed, 3)
        let agencies = ["Công an phường", "Công an phường", "Công an phường", "Công an phường", "Văn hóa - Xã hội", "Văn hóa - Xã hội",
                        "Trạm Y tế", "Mặt trận Tổ quốc", "Đoàn Thanh niên", "Quân sự", "Hội Liên hiệp Phụ nữ"]
        var current = file.inspections.members
        for agency in agencies {
            var holders: [(from: Int, name: String, agency: String)] = []
            var d = start - 400 - rng.below(700)
            while d <= today {
                holders.append((d, CityText.personName(&rng, female: rng.chance(agency == "Công an phường" ? 25 : 60)), agency))
                d += rng.int(700...1800)
            }
            // The one holding the seat now is a member the small demo knows, where there is one.
            if let k = current.firstIndex(where: { $0.agency == agency }), let last = holders.indices.last {
                holders[last].name = current[k].name
                current.remove(at: k)
            }
            seats.append(holders)
        }
    }

    // MARK: Establishments

    mutating func planPlaces(_ progress: WorkProgress) throws {
        var rng = CityRandom.part(seed, 4)
        let typeWeights = CityWeights(CityText.types.map(\.weight))
        let span = today - start
        for i in 0..<size.establishments {
            var p = Place()
            p.type = typeWeights.pick(&rng)
            let t = CityText.types[p.type]
            p.name = CityText.placeName(&rng, type: t.code)
            let floor = ["karaoke", "bar", "massage", "dance_club", "restaurant"].contains(t.code) && rng.chance(8)
            let (street, group) = CityText.address(&rng, groups: groups, floor: floor)
            p.street = street
            p.group = "Tổ dân phố số \(group)"
            let female = rng.chance(45)
            p.owner = CityText.personName(&rng, female: female)
            p.phone = CityText.phone(&rng)
            // Long-standing businesses, and ones opened over the ten years.
            p.open = rng.chance(58) ? start - rng.int(30...4000) : start + rng.below(span - 20)
            if rng.chance(15) {
                let from = max(p.open, start) + 120
                if from < today - 1 { p.closed = rng.int(from...(today - 1)) }
            }
            let riskRoll = rng.below(100)
            let (high, medium) = t.night ? (18, 55) : t.code == "restaurant" ? (3, 20) : (7, 35)
            p.risk = riskRoll < high ? .high : riskRoll < medium ? .medium : .low
            if p.risk == .high || (p.risk == .medium && rng.chance(30)) { p.riskReason = rng.pick(CityText.riskReasons) }
            let licensed = rng.chance(t.code == "rented_rooms" ? 40 : t.code == "other" ? 60 : 92)
            if licensed {
                p.licence = String(format: "01.D8.%05d", (i &* 7919 + 1301) % 100_000)
                p.regNo = String(format: "0108%06d", (i &* 104_729 + 517) % 1_000_000)
                let lastDay = min(today - 1, p.closed ?? today)
                p.issued = rng.int(min(max(p.open, today - 1800), lastDay - 1)...lastDay)
                if rng.chance(80), let issued = p.issued { p.expires = issued + (rng.chance(70) ? 1826 : 1095) }
                if rng.chance(4) { p.issued = today - 1826 - rng.int(1...200); p.expires = (p.issued ?? 0) + 1826 }
            }
            p.security = rng.chance(t.lodging || t.night ? 85 : 40)
            p.workers = rng.int(t.workers)
            p.healthChecked = p.workers == 0 ? 0 : rng.int(0...p.workers)
            p.reached = p.workers == 0 ? 0 : rng.int(0...p.workers)
            if rng.chance(82) { p.commitment = rng.int(max(p.open, today - 2500)...(today - 1)) }
            if rng.chance(8) { p.notes = rng.pick(CityText.placeNotes) }
            if let closed = p.closed {
                p.status = .closed
                p.statusDate = closed
                p.archived = closed < today - 730 && rng.chance(50)
            } else if rng.chance(3) {
                p.status = .suspended
                p.statusDate = today - rng.int(5...200)
            } else {
                p.statusDate = max(p.open, today - 3000)
            }
            if let c = p.commitment, let closed = p.closed, c > closed { p.commitment = closed }
            places.append(p)
            if i % 2000 == 1999 { try progress.advance(2000) }
        }
        try progress.advance(size.establishments % 2000)
    }

    /// The span of days an establishment can be inspected in: trading, within the ten years, and
    /// up to five weeks ahead for the plans.
    func span(_ p: Place) -> (Int, Int) {
        (max(p.open, start), p.closed.map { $0 - 7 } ?? today + 35)
    }

    func isOpen(_ p: Place, on d: Int) -> Bool { p.open <= d && (p.closed.map { d < $0 - 14 } ?? true) }

    // MARK: Hotspots

    mutating func planHotspots() {
        var rng = CityRandom.part(seed, 5)
        let count = min(60, max(3, size.establishments / 500))
        for i in 0..<count {
            var h = HotspotPlan()
            let si = rng.below(CityText.streets.count)
            let street = CityText.streets[si].name
            let on = (CityText.streets[si].road ? "đường " : "phố ") + street
            let lane = rng.int(1...150) * 2 + 1
            switch i % 4 {
            case 0: h.name = "Tụ điểm đứng đường đầu ngõ \(lane) \(on)"; h.address = "Đầu ngõ \(lane) \(on)"
            case 1: h.name = "Khu vực vườn hoa \(street) về đêm"; h.address = "Vườn hoa \(street)"
            case 2: h.name = "Quán nước vỉa hè cuối \(on)"; h.address = "Vỉa hè số \(rng.int(1...300)) \(on)"
            default: h.name = "Khu nhà trọ ngõ \(lane) \(street)"; h.address = "Ngõ \(lane) \(street)"
            }
            h.group = "Tổ dân phố số \(1 + (si * 7 + lane / 40) % groups)"
            h.description = rng.pick(CityText.hotspotDescriptions)
            var d = start + rng.below(max(1, today - start - 30))
            h.history.append((.active, d, rng.pick(CityText.hotspotFound)))
            while true {
                let cleared = d + rng.int(60...400)
                if cleared > today - 5 { break }
                h.history.append((.eliminated, cleared, rng.pick(CityText.hotspotCleared)))
                guard rng.chance(30) else { break }
                let again = cleared + rng.int(90...500)
                if again > today - 5 { break }
                h.history.append((.reformed, again, rng.pick(CityText.hotspotReformed)))
                d = again
            }
            hotspots.append(h)
        }
    }

    /// The hotspot active (or active again) on a day, else the last one found before it.
    func hotspot(on d: Int, _ rng: inout CityRandom) -> Int? {
        var active: [Int] = []
        var fallback: Int?
        for (i, h) in hotspots.enumerated() {
            guard let found = h.history.first?.from, found <= d else { continue }
            if let now = h.history.last(where: { $0.from <= d }), now.status != .eliminated { active.append(i) }
            if fallback.map({ found > hotspots[$0].history[0].from }) ?? true { fallback = i }
        }
        return active.isEmpty ? fallback : rng.pick(active)
    }

    // MARK: Tip-offs

    mutating func planTips(_ progress: WorkProgress) throws {
        var rng = CityRandom.part(seed, 6)
        tipVisits = Array(repeating: [], count: places.count)
        let contents = CityText.tipContents(file.inspections.tips.contents)
        let weights = CityWeights(contents.map(\.weight))
        let outcomes = file.inspections.tips.outcomes
        guard !contents.isEmpty, !outcomes.isEmpty, size.tips > 0 else { return }
        let outcomeWeights = CityWeights(outcomes.map { $0.classification == .referred ? 2 : 4 })
        // Establishments by the content they can be about.
        let byContent: [[Int32]] = contents.map { c in
            c.types.isEmpty ? [] : places.indices.filter { c.types.contains(CityText.types[places[$0].type].code) }.map(Int32.init)
        }
        let hotspotVisits = hotspots.count * 12
        var visitCap = max(0, (size.visits - min(hotspotVisits, size.visits / 10)) / 3)
        let channels: [TipChannel] = [.hotline, .inPerson, .letter, .online, .police]
        let channelWeights = CityWeights([30, 18, 9, 28, 15])
        let officerIds = officers
        let span = today - start
        let v = deadlines.verifyDays, k = deadlines.classifyDays
        tips.reserveCapacity(size.tips)
        for i in 0..<size.tips {
            var t = TipPlan()
            t.received = min(today, start + Int((Double(i) + rng.unit()) * Double(span + 1) / Double(size.tips)))
            t.content = weights.pick(&rng)
            let c = contents[t.content]
            t.kind = c.kind
            t.channel = channels[channelWeights.pick(&rng)]
            if t.channel == .police {
                t.reporter = file.inspections.tips.policeReporter
            } else if rng.chance(c.kind == .denunciation ? 60 : 25) {
                t.anonymous = true
            } else {
                t.reporter = rng.chance(20) ? rng.pick(file.inspections.tips.reporters)
                    : CityText.personName(&rng, female: rng.chance(50)) + (rng.chance(40) ? ", Tổ dân phố số \(rng.int(1...groups))" : "")
            }
            t.author = UInt8(rng.pick(officerIds))
            t.outcome = outcomeWeights.pick(&rng)
            // The steps: most in time, some late; the last weeks' still under way.
            let cDue = t.received + k, hDue = t.received + deadlines.handleDays
            var verified: Int, classified: Int, handled: Int
            if rng.chance(6) {
                verified = t.received + rng.int(2...(v + 4))
                classified = verified + rng.int(1...4)
                handled = hDue + rng.int(3...14)
            } else {
                verified = t.received + rng.int(0...max(0, v - 1))
                classified = max(verified, min(verified + rng.int(0...3), cDue))
                handled = max(classified, min(classified + rng.int(2...20), hDue))
            }
            // Some wait on the police's answer, past their deadline.
            let stuck = today - t.received < 60 && rng.chance(12)
            let age = today - t.received
            if age <= 2 && rng.chance(60) { verified = today + 1 }
            t.verified = verified <= today ? verified : nil
            t.classified = t.verified != nil && classified <= today && !(stuck && rng.chance(40)) ? classified : nil
            t.handled = t.classified != nil && handled <= today && !stuck ? handled : nil
            // What it is about: a registered place, a hotspot, or an address.
            if c.hotspot, let h = hotspot(on: t.received, &rng) {
                t.hotspot = Int32(h)
            } else if !byContent[t.content].isEmpty {
                let pool = byContent[t.content]
                for _ in 0..<30 {
                    let e = Int(pool[rng.below(pool.count)])
                    let p = places[e]
                    guard isOpen(p, on: t.received) else { continue }
                    if p.risk == .low && !rng.chance(35) { continue }
                    if p.risk == .medium && !rng.chance(65) { continue }
                    t.place = Int32(e)
                    break
                }
            }
            if t.place < 0 && t.hotspot < 0 {
                t.placeText = c.place.isEmpty ? CityText.placeText(&rng, groups: groups) : c.place
            }
            tips.append(t)
            // A grounded or unfounded tip about a place is mostly checked by an unannounced visit on the day it was verified.
            if t.place >= 0, let verified = t.verified, outcomes[t.outcome].classification != .referred, visitCap > 0, rng.chance(75) {
                tipVisits[Int(t.place)].append(TipVisit(date: verified, tip: Int32(i + 1),
                                                        grounded: outcomes[t.outcome].classification == .grounded))
                visitCap -= 1
            }
            if i % 5000 == 4999 { try progress.advance(5000) }
        }
        try progress.advance(size.tips % 5000)
    }

    // MARK: Visits

    mutating func planVisits(_ progress: WorkProgress) throws {
        var rng = CityRandom.part(seed, 7)
        specs.reserveCapacity(size.visits)
        planHotspotVisits(&rng)
        let tipCount = tipVisits.reduce(0) { $0 + $1.count }
        let regular = max(0, size.visits - specs.count - tipCount)
        // Visits by risk and trade, over the days each place traded.
        var weights: [Double] = []
        var total = 0.0
        for p in places {
            let (a, b) = span(p)
            let rate = (p.risk == .high ? 14.0 : p.risk == .medium ? 7.0 : 3.0) * (CityText.types[p.type].night ? 1.15 : 1.0)
            let w = b >= a ? rate * Double(b - a + 1) : 0
            weights.append(w)
            total += w
        }
        var cumulative = 0.0, given = 0
        var done = 0
        for e in places.indices {
            cumulative += weights[e]
            let upTo = e == places.count - 1 ? regular : (total > 0 ? Int(Double(regular) * cumulative / total) : 0)
            let n = max(0, upTo - given)
            given += n
            planPlaceVisits(e, count: n, &rng)
            if specs.count - done >= 20_000 { try progress.advance(specs.count - done); done = specs.count }
        }
        try progress.advance(specs.count - done)
        // Never more than asked for (the tip-offs' and hotspots' visits are capped well below it).
        if specs.count > size.visits { specs.removeLast(specs.count - size.visits) }
        try progress.advance(max(0, size.visits - max(specs.count, done)))
        // Ids follow the calendar: by day, then time, then as planned.
        var keys = [UInt64](repeating: 0, count: specs.count)
        for (i, s) in specs.enumerated() {
            keys[i] = (UInt64(Int(s.date) - days.lo) << 40) | (UInt64(s.time) << 32) | UInt64(i)
        }
        keys.sort()
        order = keys.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
        visitIds = [Int32](repeating: 0, count: specs.count)
        for (position, i) in order.enumerated() { visitIds[Int(i)] = Int32(position + 1) }
        // A follow-up dropped with the newest leaves its visit waiting.
        for i in specs.indices where specs[i].follows >= specs.count { specs[i].follows = -1 }
        // A place whose last visit ordered it shut, lately, is suspended.
        for e in places.indices {
            if let d = places[e].suspendedOn, places[e].status == .active, d >= today - 90 {
                places[e].status = .suspended
                places[e].statusDate = d
            }
        }
        firstPlanMonth = days.month(start)
        lastPlanMonth = days.month(today + 40)
    }

    /// Night checks at hotspots: about monthly while active, on the day it was cleared and once again after.
    mutating func planHotspotVisits(_ rng: inout CityRandom) {
        var out: [VisitSpec] = []
        for (h, spot) in hotspots.enumerated() {
            for (k, phase) in spot.history.enumerated() {
                let end = k + 1 < spot.history.count ? spot.history[k + 1].from : today + 1
                var dates: [(Int, Bool)] = []
                if phase.status == .eliminated {
                    dates.append((phase.from, false))
                    if phase.from + 60 < end - 5 { dates.append((phase.from + 60, false)) }
                } else {
                    var d = phase.from + rng.int(2...7)
                    while d < end - 3 && d <= today { dates.append((d, true)); d += rng.int(20...40) }
                }
                for (d, active) in dates where d <= today {
                    var s = VisitSpec()
                    s.hotspot = Int16(h)
                    s.date = Int32(d)
                    s.kind = .unannounced
                    s.time = UInt8(rng.int(CityText.nightTimes))
                    s.hotspotActive = active
                    s.status = status(d, &rng)
                    s.salt = rng.next()
                    out.append(s)
                }
            }
        }
        let cap = size.visits / 10
        if out.count > cap {
            out.sort { $0.date < $1.date }
            out.removeFirst(out.count - cap)
        }
        specs += out
    }

    /// Approved, except the last three weeks' work in progress and the plans ahead.
    func status(_ d: Int, _ rng: inout CityRandom) -> VisitStatus {
        if d > today { return .planned }
        if d == today { return .draft }
        if d < today - 21 { return .approved }
        let r = rng.below(100)
        return r < 55 ? .approved : r < 80 ? .submitted : r < 95 ? .draft : .returned
    }

    mutating func planPlaceVisits(_ e: Int, count n: Int, _ rng: inout CityRandom) {
        let p = places[e]
        let t = CityText.types[p.type]
        let (a, b) = span(p)
        // Regular days spread over the span, working days for the ones planned; then the tip-offs' visits.
        var list: [(date: Int, tip: Int32, grounded: Bool)] = []
        list.reserveCapacity(n + tipVisits[e].count)
        if n > 0 && b >= a {
            let length = Double(b - a + 1)
            for j in 0..<n {
                var d = a + Int((Double(j) + rng.unit()) * length / Double(n))
                let wd = CityDays.weekday(d)
                if wd >= 5, d - (wd - 4) >= a { d -= wd - 4 }
                list.append((d, 0, false))
            }
        }
        for tv in tipVisits[e] { list.append((tv.date, tv.tip, tv.grounded)) }
        list.sort { ($0.date, $0.tip) < ($1.date, $1.tip) }
        let violationChance = p.risk == .high ? 28 : p.risk == .medium ? 14 : 6
        var followTarget: (spec: Int, date: Int)?
        var previous: [Int8] = []
        for k in list.indices {
            var s = VisitSpec()
            s.place = Int32(e)
            var d = list[k].date
            let isTip = list[k].tip != 0
            if let f = followTarget, !isTip {
                s.kind = .followUp
                s.follows = Int32(f.spec)
                d = max(Int(specs[f.spec].date) + 1, min(d, f.date))
                followTarget = nil
            } else if isTip {
                s.kind = .unannounced
                s.tip = list[k].tip
            } else {
                s.kind = rng.chance(t.night ? 30 : 10) ? .unannounced : .planned
            }
            s.date = Int32(d)
            s.status = status(d, &rng)
            s.time = UInt8(s.kind == .unannounced ? (t.night ? rng.int(CityText.nightTimes) : rng.int(CityText.eveningTimes))
                                                  : rng.int(CityText.dayTimes))
            s.salt = rng.next()
            // Violations only where a follow-up can come: the next visit, not a tip-off's, far enough
            // ahead; or, for the last visit, one lately that is still to be followed up.
            var canFind: Bool
            if s.status == .planned {
                canFind = false
            } else if k + 1 < list.count {
                canFind = list[k + 1].tip == 0 && list[k + 1].date - d >= 10
            } else {
                canFind = d >= today - 40 && p.closed == nil
            }
            var found: [Int8] = []
            if canFind {
                if s.kind == .followUp {
                    if rng.chance(20) { found = repeatOffence(previous, place: p, on: d, &rng) }
                } else if isTip {
                    if list[k].grounded { found = CityText.templates(file.inspections.violations, type: t.code, signed: signed(p, d), count: 1, &rng) }
                } else if rng.chance(violationChance) {
                    found = CityText.templates(file.inspections.violations, type: t.code, signed: signed(p, d),
                                               count: rng.chance(20) ? 2 : 1, &rng)
                }
            }
            s.notFixed = s.kind == .followUp && !found.isEmpty
            if !found.isEmpty {
                s.v1 = found[0]
                if found.count > 1 { s.v2 = found[1] }
                let gap = k + 1 < list.count ? list[k + 1].date - d : 60
                let remedy = min(rng.int(7...20), max(3, gap - 3))
                let followUp = remedy + rng.int(7...14)
                s.remedyDays = Int16(remedy)
                s.followUpDays = Int16(followUp)
                let target = rng.chance(85) ? d + rng.int(remedy...followUp) : d + followUp + rng.int(3...30)
                if k + 1 < list.count { followTarget = (specs.count, target) }
                if found.contains(where: { file.inspections.violations[Int($0)].handling == .suspension }) { places[e].suspendedOn = d }
            }
            previous = found
            specs.append(s)
        }
    }

    func signed(_ p: Place, _ d: Int) -> Bool { p.commitment.map { d >= $0 } ?? false }

    /// On a follow-up that finds things not put right: signs of prostitution found again mean
    /// suspension; anything else is found again as it was.
    func repeatOffence(_ previous: [Int8], place p: Place, on d: Int, _ rng: inout CityRandom) -> [Int8] {
        let v = file.inspections.violations
        let code = CityText.types[p.type].code
        let serious = previous.contains { ["signs", "security"].contains(v[Int($0)].check) }
        if serious, rng.chance(50), let r = v.indices.first(where: { v[$0].weight == 0 && v[$0].types.contains(code) }) {
            return [Int8(r)]
        }
        return previous.filter { !(signed(p, d) && v[Int($0)].check == "commitment") }
    }

    // MARK: Support cases

    mutating func planCases(_ progress: WorkProgress) throws {
        var rng = CityRandom.part(seed, 8)
        guard size.cases > 0 else { return }
        let span = today - start
        let sexes = CityWeights([88, 9, 2, 1]), sexValues: [Sex] = [.female, .male, .other, .unknown]
        let ages = CityWeights([2, 22, 38, 30, 6, 2]), ageValues: [AgeGroup] = [.under18, .from18, .from25, .from35, .over50, .unknown]
        let residences = CityWeights([33, 62, 5]), residenceValues: [Residence] = [.local, .migrant, .unknown]
        let sources = CityWeights([25, 35, 20, 10, 10]), sourceValues: [ContactSource] = [.policeList, .outreach, .peer, .selfReferral, .tip]
        let reasons = CityWeights([40, 18, 27, 15]), reasonValues: [CloseReason] = [.goalsMet, .moved, .lostContact, .declined]
        var weights: [Double] = []
        var total = 0.0
        cases.reserveCapacity(size.cases)
        for c in 0..<size.cases {
            var k = CaseSkeleton()
            let first = min(today - 1, start + Int((Double(c) + rng.unit()) * Double(span) / Double(size.cases)))
            k.first = Int32(first)
            k.sex = sexValues[sexes.pick(&rng)]
            k.age = ageValues[ages.pick(&rng)]
            k.residence = residenceValues[residences.pick(&rng)]
            k.source = sourceValues[sources.pick(&rng)]
            k.salt = rng.next()
            var needs: UInt16 = 0
            for (i, service) in Service.allCases.enumerated() where rng.chance(CityText.needChance[service] ?? 0) { needs |= 1 << i }
            if needs == 0 { needs = 1 << UInt16(Service.allCases.firstIndex(of: .hivSti) ?? 1) }
            k.needs = needs
            var consented = needs
            let optional = CityText.services(needs).filter { $0 != .health && $0 != .hivSti }
            if CityText.services(needs).count >= 3, rng.chance(25), !optional.isEmpty {
                consented &= ~(1 << UInt16(Service.allCases.firstIndex(of: rng.pick(optional)) ?? 0))
            }
            if rng.chance(30) { consented |= 1 << UInt16(Service.allCases.firstIndex(of: .health) ?? 0) }
            k.consented = consented
            let story = rng.below(100)
            if story < 5 {
                // Never agreed to being recorded: counted, nothing else kept, nobody referred.
                k.anonymous = true
                k.screened = Int32(first)
                k.status = .closed
                k.reason = .declined
                k.statusDate = Int32(min(today, first + rng.int(0...3)))
            } else {
                let recorded = story < 11 ? first + rng.int(14...40) : first
                k.recorded = recorded <= today ? Int32(recorded) : -1
                let screened = min(today, max(first, recorded) + rng.int(0...3))
                k.screened = Int32(screened)
                let duration = 45 + Int(-log(1 - rng.unit() * 0.999) * 330)
                let close = screened + min(duration, 2600)
                if close < today {
                    k.status = .closed
                    k.reason = reasonValues[reasons.pick(&rng)]
                    k.statusDate = Int32(close)
                } else if rng.chance(15) && today - screened > 10 {
                    k.status = .onHold
                    k.statusDate = Int32(max(screened + 1, today - rng.int(3...90)))
                } else {
                    k.statusDate = Int32(first)
                }
            }
            let usable = CityText.services(k.consented).filter(referable.contains)
            var w = 0.0
            if k.recorded >= 0 && !usable.isEmpty {
                let end = k.status == .open ? today : Int(k.statusDate)
                w = Double(1 + usable.count) * (1 + Double(min(max(0, end - Int(k.screened)), 1500)) / 365)
            }
            weights.append(w)
            total += w
            cases.append(k)
            if c % 5000 == 4999 { try progress.advance(5000) }
        }
        try progress.advance(size.cases % 5000)
        // Exactly the referrals asked for, shared by how long and how much each case needed.
        var cumulative = 0.0, given = 0
        for i in cases.indices where weights[i] > 0 {
            cumulative += weights[i]
            let n = max(0, Int(Double(size.referrals) * cumulative / total) - given)
            cases[i].referrals = Int32(n)
            given += n
        }
        // Rounding can leave the last share on a case that cannot take it: the last case that can takes it.
        if given < size.referrals, let last = cases.indices.last(where: { weights[$0] > 0 }) {
            cases[last].referrals += Int32(size.referrals - given)
        }
    }

    // MARK: - Writing

    mutating func write(_ load: BulkLoad, _ progress: WorkProgress) throws {
        let demo = file.ward
        try load.save(WardIdentity(name: demo.name, province: demo.province, receivingAgency: demo.agency))
        try load.markDemo()
        var accountIds: [Int64] = []
        for s in staff {
            let a = try load.addAccount(login: s.login, displayName: s.name, roles: s.roles, hash: passwordHash, at: now)
            accountIds.append(a.id ?? 0)
        }
        try load.storeWardKey(salt: wardKeySalt, wrapped: wardKeyWrapped, at: now)
        guard let informantPublic else { throw WardError.noWardKey }
        try load.storeInformantKey(publicKey: informantPublic.rawRepresentation, privateSealed: informantSealed, at: now)
        var providers: [(id: Int64, short: String, services: Set<Service>)] = []
        for p in file.support.providers {
            var row = Provider(name: VietText.clean(p.name), services: Set(p.services))
            row.address = VietText.clean(p.address)
            row.contact = VietText.clean(p.contact)
            try load.insert(&row)
            providers.append((row.id ?? 0, p.short, Set(p.services)))
        }
        try writePlaces(load, progress)
        try writeHotspots(load)
        try writePlans(load)
        try writeTips(load, progress)
        try writeVisits(load, accountIds: accountIds, progress)
        guard var sealer = self.sealer else { throw WardError.noWardKey }
        try writeCases(load, providers: providers, sealer: &sealer, progress)
        try load.audit(recordType: "database", at: now,
                     after: ["city_demo": "seed \(seed)", "establishments": String(size.establishments), "visits": String(size.visits),
                                "tips": String(size.tips), "cases": String(size.cases), "referrals": String(size.referrals)])
    }

    func writePlaces(_ load: BulkLoad, _ progress: WorkProgress) throws {
        var batch = BulkBatch<Load.Establishment>()
        for (i, p) in places.enumerated() {
            let typeId = typeIds[CityText.types[p.type].code] ?? typeIds["other"] ?? 1
            let row = Load.Establishment(
                id: Int64(i + 1), name: p.name, typeId: typeId, street: p.street, group: p.group, owner: p.owner, phone: p.phone,
                // One low-risk place in twenty has not been classified yet (the random stream is left as it was).
                licence: p.licence, risk: p.risk == .low && i % 20 == 7 ? .unclassified : p.risk, status: p.status, notes: p.notes, regNo: p.regNo,
                issued: p.issued.map(days.iso), expires: p.expires.map(days.iso), security: p.security, workers: p.workers,
                healthChecked: p.healthChecked, reached: p.reached, commitment: p.commitment.map(days.iso),
                riskReason: p.riskReason, statusDate: days.iso(p.statusDate), archived: p.archived)
            if batch.add(row) { try batch.flush(load) }
            if i % 2000 == 1999 { try progress.advance(2000) }
        }
        try batch.flush(load)
        try progress.advance(places.count % 2000)
    }

    func writeHotspots(_ load: BulkLoad) throws {
        for (i, h) in hotspots.enumerated() {
            guard let first = h.history.first, let last = h.history.last else { continue }
            let id = Int64(i + 1)
            try load.insert(Load.Hotspot(id: id, name: h.name, address: h.address, group: h.group, description: h.description,
                                       found: days.iso(first.from), status: last.status, statusDate: days.iso(last.from)))
            for change in h.history {
                try load.insert(Load.HotspotChange(hotspot: id, status: change.status, date: days.iso(change.from), note: change.note,
                                                 actor: "doitruong"))
            }
        }
    }

    /// One plan a month, written by a team leader a few days before the month began.
    func writePlans(_ load: BulkLoad) throws {
        guard lastPlanMonth >= firstPlanMonth else { return }
        for m in firstPlanMonth...lastPlanMonth {
            let year = m / 12, month = m % 12 + 1
            guard let first = Day(year: year, month: month, day: 1) else { continue }
            let end = first.monthRange.upperBound
            let title = file.inspections.planTitle.replacingOccurrences(of: "{month}", with: String(format: "%02d/%d", month, year))
            let made = min(first.excelSerial - 4, today - 1)
            try load.insert(Load.Plan(id: Int64(m - firstPlanMonth + 1), title: title, start: first.iso, end: end.iso, author: "doitruong",
                                    created: days.stamp(made, hour: 2, minute: 40)))
            // The month's communication, one session per form in turn, and a training each quarter.
            let channels = ["residential_meeting", "loudspeaker", "print", "social_media", "conference"]
            for k in 0..<3 {
                let day = first.adding(days: 5 + 8 * k)
                guard day.excelSerial <= today else { break }
                let people = 40 + (m * 7 + k * 13) % 160
                try load.insert(Load.Activity(date: day.iso, kind: "communication", audience: "Tuyên truyền phòng, chống mại dâm", people: people,
                                              author: "vanthu", channel: channels[(m + k) % channels.count], reached: "residents=\(people)", trainees: ""))
            }
            if month % 3 == 2, first.adding(days: 20).excelSerial <= today {
                try load.insert(Load.Activity(date: first.adding(days: 20).iso, kind: "training", audience: "Tập huấn cán bộ", people: 12,
                                              author: "vanthu", channel: "conference", reached: "officials=12",
                                              trainees: "Công an phường=5,Văn hóa - Xã hội=4,Trạm Y tế=3"))
            }
        }
    }

    func writeTips(_ load: BulkLoad, _ progress: WorkProgress) throws {
        let contents = CityText.tipContents(file.inspections.tips.contents)
        let outcomes = file.inspections.tips.outcomes
        var batch = BulkBatch<Load.Tip>()
        // Informants sealed as saveTip seals them, with ephemeral keys and nonces from the seed.
        var rng = CityRandom.part(seed, 9)
        guard let informantPublic else { throw WardError.noWardKey }
        for (i, t) in tips.enumerated() {
            let outcome = outcomes[t.outcome]
            let id = Int64(i + 1)
            let informant = t.reporter.isEmpty ? nil : try PublicSeal.seal(
                Data(t.reporter.utf8), to: informantPublic, label: WardStore.informantLabel(id),
                ephemeral: try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: rng.bytes(32)), nonce: try AES.GCM.Nonce(data: rng.bytes(12)))
            let row = Load.Tip(
                id: id, received: days.iso(t.received), kind: t.kind, channel: t.channel, anonymous: t.anonymous,
                reporterSealed: informant, content: contents[t.content].text, establishment: t.place >= 0 ? Int64(t.place) + 1 : nil,
                hotspot: t.hotspot >= 0 ? Int64(t.hotspot) + 1 : nil, place: t.placeText,
                verifyDue: days.iso(t.received + deadlines.verifyDays), classifyDue: days.iso(t.received + deadlines.classifyDays),
                handleDue: days.iso(t.received + deadlines.handleDays), verified: t.verified.map(days.iso),
                verifyResult: t.verified != nil ? outcome.verify : "", classified: t.classified.map(days.iso),
                classification: t.classified != nil ? outcome.classification : nil, handled: t.handled.map(days.iso),
                handleResult: t.handled != nil ? outcome.handle : "", author: staff[Int(t.author)].login)
            if batch.add(row) { try batch.flush(load) }
            if i % 5000 == 4999 { try progress.advance(5000) }
        }
        try batch.flush(load)
        try progress.advance(tips.count % 5000)
    }

    /// Oldest first, many to a statement. A visit's children go in before it (the schema locks
    /// an approved visit's children; foreign keys are checked at the end), so every visit is
    /// written as it stands.
    func writeVisits(_ load: BulkLoad, accountIds: [Int64], _ progress: WorkProgress) throws {
        var visits = BulkBatch<Load.Visit>()
        // A visit's team and checklist travel as one compact row each, which SQLite spreads out:
        // the members by their number among the seats' holders, the checklist as two bit masks
        // (the items checked, the items found not in order) over the items' order.
        var holderNumbers: [[Int]] = []
        var next = 1
        for seat in seats { holderNumbers.append(Array(next..<(next + seat.count))); next += seat.count }
        // The standing team's roster: every holder of a seat, from their first day to the day before the next one's.
        var roster = BulkBatch<Load.RosterMember>()
        for (n, seat) in seats.enumerated() {
            for (k, h) in seat.enumerated() {
                let to = k + 1 < seat.count ? days.iso(seat[k + 1].from - 1) : nil
                let role: TeamRole = n == 0 ? (k + 1 == seat.count ? .leader : .member) : n == 4 ? .deputy : .member
                if roster.add(Load.RosterMember(name: h.name, agency: h.agency, role: role, from: days.iso(h.from), to: to)) { try roster.flush(load) }
            }
        }
        try roster.flush(load)
        var members = Load.VisitTeam.batch(roster: seats.flatMap { $0 }.map { TeamMember(name: $0.name, agency: $0.agency) })
        var checks = Load.VisitChecks.batch(items: checklist.map(\.id))
        var found = BulkBatch<Load.Violation>()
        var sanctions = BulkBatch<Load.Sanction>()
        var violationsWritten: Int64 = 0
        func flushAll() throws {
            try members.flush(load)
            try checks.flush(load)
            try found.flush(load)
            try sanctions.flush(load)
            try visits.flush(load)
        }
        let f = file.inspections.findings
        let teamName = file.inspections.team
        let unannounced = CityText.times.map { CityTemplate(f.unannounced, "{time}").fill($0) }
        let followUp = CityTemplate(f.followUp, "{date}"), tipLine = CityTemplate(f.tip, "{date}")
        let workersLine = CityTemplate(f.workers, "{workers}"), remedyLine = CityTemplate(f.remedy, "{date}")
        let active = f.hotspotActive.map { line in CityText.times.map { CityTemplate(line, "{time}").fill($0) } }
        let violations = file.inspections.violations
        let officerIds = officers, leaderIds = leaders
        let lodging: Set<String> = ["hotel", "guesthouse", "rented_rooms", "tourist_lodging"]
        let checkCodes = checklist.map(\.code)

        for (position, index) in order.enumerated() {
            let s = specs[Int(index)]
            let id = Int64(position + 1)
            var rng = CityRandom(s.salt)
            let d = Int(s.date)
            let place: Place? = s.place >= 0 ? places[Int(s.place)] : nil
            let typeCode = place.map { CityText.types[$0.type].code } ?? ""
            // Who wrote it and who reviewed it.
            let planned = s.status == .planned
            let author = planned ? rng.pick(leaderIds) : (rng.chance(85) ? rng.pick(officerIds) : rng.pick(leaderIds))
            var reviewer = rng.pick(leaderIds)
            if reviewer == author { reviewer = leaderIds.first { $0 != author } ?? reviewer }
            var submitted: String?, reviewed: String?, reviewerName = "", returnComment = ""
            if s.status == .approved || s.status == .submitted || s.status == .returned {
                let sd = min(max(d, today - 1), d + rng.int(1...2))
                submitted = days.stamp(sd, hour: rng.int(1...10), minute: rng.below(60))
                if s.status != .submitted {
                    let rd = min(max(sd, today - 1), sd + rng.int(0...3))
                    reviewed = days.stamp(rd, hour: rd == sd ? 11 : rng.int(1...10), minute: rng.below(60))
                    reviewerName = staff[reviewer].login
                }
                if s.status == .returned { returnComment = file.inspections.returnComment }
            }
            // The findings.
            var templates: [Int] = []
            if s.v1 >= 0 { templates.append(Int(s.v1)) }
            if s.v2 >= 0 { templates.append(Int(s.v2)) }
            let remedy: Int? = s.remedyDays >= 0 ? d + Int(s.remedyDays) : nil
            let followUpDue: Int? = s.followUpDays >= 0 ? d + Int(s.followUpDays) : nil
            var findings = ""
            if !planned {
                var parts: [String] = []
                if s.hotspot >= 0 {
                    let lines = s.hotspotActive ? active : f.hotspotEliminated.map { [$0] }
                    if !lines.isEmpty {
                        let line = lines[rng.below(lines.count)]
                        parts.append(line.count == CityText.times.count ? line[Int(s.time)] : line[0])
                    }
                } else {
                    if s.tip > 0 {
                        parts.append(tipLine.fill(days.vi(tips[Int(s.tip) - 1].received)))
                    } else if s.follows >= 0 {
                        parts.append(followUp.fill(days.vi(Int(specs[Int(s.follows)].date))))
                        parts.append(s.notFixed ? f.notFixed : (f.fixed.isEmpty ? "" : rng.pick(f.fixed)))
                    } else {
                        parts.append(s.kind == .unannounced ? unannounced[Int(s.time)] : f.planned)
                    }
                    if templates.isEmpty {
                        if s.follows < 0 && !f.clean.isEmpty { parts.append(rng.pick(f.clean)) }
                    } else {
                        for v in templates { parts.append(violations[v].finding) }
                        if let remedy { parts.append(remedyLine.fill(days.vi(remedy))) }
                    }
                    if let p = place, p.workers > 0, rng.chance(50) { parts.append(workersLine.fill(String(p.workers))) }
                }
                findings = parts.filter { !$0.isEmpty }.joined(separator: " ")
                if s.status == .returned { findings = f.planned }
                if s.status == .draft && d == today && rng.chance(50) { findings = "" }
            }
            if !planned {
                // One police officer, mostly someone from culture and society, sometimes another agency.
                var chosen = [rng.below(4)]
                if s.hotspot >= 0 || rng.chance(70) { chosen.append(4 + rng.below(2)) }
                if s.hotspot < 0 && rng.chance(30) { chosen.append(6 + rng.below(seats.count - 6)) }
                var team = 0
                for (slot, seat) in chosen.enumerated() {
                    let holder = seats[seat].lastIndex { $0.from <= d } ?? 0
                    team |= holderNumbers[seat][holder] << (10 * slot)
                }
                if members.add(Load.VisitTeam(visit: id, packed: team)) { try members.flush(load) }
                if place != nil {
                    // Items left out were not checked (the guest register away from lodging, health
                    // checks at rented rooms, now and then one more), as the form saves them.
                    let failing = templates.map { violations[$0].check }
                    var checked = 0, notOk = 0
                    for k in checklist.indices where k < 62 {
                        let code = checkCodes[k]
                        let bad = failing.contains(code)
                        var skip = (code == "guest_register" && !lodging.contains(typeCode))
                            || (code == "health_checks" && typeCode == "rented_rooms") || rng.chance(4)
                        if bad { skip = false }
                        if skip || (s.status == .draft && rng.chance(50)) { continue }
                        checked |= 1 << k
                        if bad { notOk |= 1 << k }
                    }
                    if checked != 0 {
                        if checks.add(Load.VisitChecks(visit: id, checked: checked, notOk: notOk)) { try checks.flush(load) }
                    }
                }
                for v in templates {
                    let t = violations[v]
                    let row = Load.Violation(visit: id, description: t.description,
                                             legalBasis: d >= newDecreeFrom && !t.newLegalBasis.isEmpty ? t.newLegalBasis : t.legalBasis,
                                             handling: t.handling, fine: t.handling == .fine ? t.fine : 0)
                    if found.add(row) { try found.flush(load) }
                    violationsWritten += 1
                    // Two fines in three have their decision five days on, most of them paid a week later.
                    let vid = violationsWritten
                    if s.status == .approved, t.handling == .fine, d + 5 <= today, vid % 3 != 0 {
                        let paid = vid % 4 != 0 && d + 12 <= today ? days.iso(d + 12) : nil
                        let sanction = Load.Sanction(violation: vid, number: "\(vid)/QĐ-XPHC", date: days.iso(d + 5),
                                                     signer: "Chủ tịch UBND phường", paid: paid)
                        if sanctions.add(sanction) { try sanctions.flush(load) }
                    }
                }
            }
            let planId: Int64? = s.kind == .planned && s.place >= 0 ? Int64(days.month(d) - firstPlanMonth + 1) : nil
            let row = Load.Visit(
                id: id, establishment: s.place >= 0 ? Int64(s.place) + 1 : nil, hotspot: s.hotspot >= 0 ? Int64(s.hotspot) + 1 : nil,
                date: days.iso(d), time: CityText.times[Int(s.time)], kind: s.kind, status: s.status, team: teamName,
                findings: findings, remedy: remedy.map(days.iso), followUpDue: followUpDue.map(days.iso),
                follows: s.follows >= 0 ? Int64(visitIds[Int(s.follows)]) : nil, tip: s.tip > 0 ? Int64(s.tip) : nil, plan: planId,
                authorId: accountIds[author], author: staff[author].login, submitted: submitted, reviewer: reviewerName,
                reviewed: reviewed, returnComment: returnComment)
            if visits.add(row) { try flushAll() }
            if position % 5000 == 4999 { try progress.advance(5000) }
        }
        try flushAll()
        try progress.advance(order.count % 5000)
    }

    // MARK: Writing cases

    /// A case's story, day by day, written as it is made: consents, screenings, contacts and
    /// referrals, with identities and notes sealed.
    func writeCases(_ load: BulkLoad, providers: [(id: Int64, short: String, services: Set<Service>)],
                    sealer: inout CitySealer, _ progress: WorkProgress) throws {
        var caseRows = BulkBatch<Load.Case>()
        var consents = BulkBatch<Load.Consent>()
        var screenings = BulkBatch<Load.Screening>()
        var contacts = BulkBatch<Load.Contact>()
        var referrals = BulkBatch<Load.Referral>()
        // The police's lists, one a month: the people first known from one, and one in ten of
        // them named again on a later list.
        var policeEntries = BulkBatch<Load.PoliceEntry>()
        var policeLists: [Int: (opened: Int, linked: Int)] = [:]
        let firstMonth = days.month(days.lo), lastMonth = days.month(today)
        let texts = CityCaseTexts(file.support.texts, people: file.support.people)
        let workers = caseWorkers
        let everyRole = staff.firstIndex { $0.login == DemoWard.everyRoleLogin } ?? 0
        var numbers: [Int: Int] = [:]
        var referralsWritten = 0
        for (n, k) in cases.enumerated() {
            var rng = CityRandom(k.salt)
            let id = Int64(n + 1)
            let first = Int(k.first)
            let male = k.sex == .male
            let author = staff[rng.chance(85) ? rng.pick(workers) : everyRole].login
            let year = days.month(first) / 12
            let number = (numbers[year] ?? 0) + 1
            numbers[year] = number
            let recorded = k.recorded >= 0
            let limit = k.status == .open ? today : Int(k.statusDate)
            // Who the person is, sealed; nothing for someone who never agreed to being recorded.
            var identity: Data?
            var notes: Data?
            if recorded {
                identity = try sealer.seal(Data(CityText.identityJSON(&rng, k, first: first, days: days).utf8), for: .caseIdentity, of: id)
                if rng.chance(60) { notes = try sealer.seal(text: texts.pick(texts.personNotes, &rng, male: male), for: .caseNotes, of: id) }
            }
            let row = Load.Case(id: id, code: String(format: "HT-%04d-%04d", year, number), sex: k.sex, age: k.age, residence: k.residence,
                                source: k.source, firstContact: days.iso(first), status: k.status, statusDate: days.iso(Int(k.statusDate)),
                                closeReason: k.reason, identity: identity, notes: notes, author: author, groups: CityWard.targetGroups(id: id, sex: k.sex, age: k.age))
            if caseRows.add(row) { try caseRows.flush(load) }
            if k.source == .policeList && recorded {
                var police = CityRandom(k.salt ^ 0x9E37_79B9)
                let month = days.month(first)
                policeLists[month, default: (0, 0)].opened += 1
                if policeEntries.add(Load.PoliceEntry(listId: Int64(month - firstMonth + 1), caseId: id, opened: true, sanction: nil)) {
                    try policeEntries.flush(load)
                }
                let again = month + police.int(1...6)
                if police.chance(10), again <= lastMonth {
                    policeLists[again, default: (0, 0)].linked += 1
                    if policeEntries.add(Load.PoliceEntry(listId: Int64(again - firstMonth + 1), caseId: id, opened: false, sanction: nil)) {
                        try policeEntries.flush(load)
                    }
                }
            }
            func agencies(_ services: Set<Service>) -> String {
                var names: [String] = []
                for p in providers where !p.services.isDisjoint(with: services) && !names.contains(p.short) { names.append(p.short) }
                return names.joined(separator: "; ")
            }
            func consent(_ day: Int, _ recording: Bool, _ services: Set<Service>) throws {
                let row = Load.Consent(caseId: id, date: days.iso(day), recording: recording, services: services,
                                       agencies: agencies(services), recordedBy: author)
                if consents.add(row) { try consents.flush(load) }
            }
            func contact(_ day: Int, _ kind: ContactKind, _ text: String) throws {
                let row = Load.Contact(caseId: id, date: days.iso(day), kind: kind, notes: try sealer.seal(text: text, for: .contactNotes, of: id),
                                       author: author)
                if contacts.add(row) { try contacts.flush(load) }
            }
            func screening(_ day: Int, _ needs: Set<Service>, _ text: String) throws {
                let row = Load.Screening(caseId: id, date: days.iso(day), needs: needs,
                                         notes: try sealer.seal(text: text, for: .screeningNotes, of: id), author: author)
                if screenings.add(row) { try screenings.flush(load) }
            }
            let needs = Set(CityText.services(k.needs))
            let kind = CityText.firstKind(k.source, &rng)
            // The first contact, and what the person agreed to.
            if !recorded {
                try contact(first, kind, "")
                try consent(first, false, [])
                try screening(first, needs, "")
                if n % 5000 == 4999 { try progress.advance(5000) }
                continue
            }
            let recordedOn = Int(k.recorded)
            var agreed = Set(CityText.services(k.consented))
            if recordedOn > first {
                try contact(first, kind, "")
                try consent(first, false, [])
                try contact(recordedOn, .office, texts.pick(texts.firstContacts[ContactKind.office.rawValue] ?? [], &rng, male: male))
            } else {
                try contact(first, kind, rng.chance(60) ? texts.pick(texts.firstContacts[kind.rawValue] ?? [], &rng, male: male) : "")
            }
            try consent(recordedOn, true, agreed)
            let screened = Int(k.screened)
            try screening(screened, needs, rng.chance(50) ? texts.screening(needs, &rng, male: male) : "")
            // Screened again every three to six months while the case runs; a new need is agreed to then.
            var added: (day: Int, service: Service)?
            var last = screened
            var current = needs
            var screeningsLeft = 5
            while screeningsLeft > 0 {
                let next = last + rng.int(90...180)
                guard next < limit - 7 else { break }
                let candidates = CityText.laterNeeds.filter { !agreed.contains($0) && referable.contains($0) }
                if added == nil, rng.chance(40), !candidates.isEmpty {
                    let fresh = rng.pick(candidates)
                    current.insert(fresh)
                    agreed.insert(fresh)
                    added = (next, fresh)
                    try consent(next, true, agreed)
                }
                try screening(next, current, rng.chance(40) ? texts.screening(current, &rng, male: male) : "")
                last = next
                screeningsLeft -= 1
            }
            // The referrals, spread over the time the case ran.
            let count = Int(k.referrals)
            let latest = k.status == .open ? max(screened, today - 1) : max(screened, limit - 20)
            var usedServices: [Service] = []
            for j in 0..<count {
                let proposed = min(latest, screened + Int((Double(j) + rng.unit()) * Double(latest - screened + 1) / Double(count)))
                var available = CityText.services(k.consented).filter { referable.contains($0) }
                if let a = added, proposed >= a.day, !available.contains(a.service) { available.append(a.service) }
                guard !available.isEmpty else { continue }
                let service: Service
                if j < available.count {
                    service = available[j]
                } else {
                    let repeats = available.filter { $0 == .health || $0 == .hivSti }
                    service = !repeats.isEmpty && rng.chance(55) ? rng.pick(repeats) : rng.pick(available)
                }
                let offering = providers.filter { $0.services.contains(service) }
                guard !offering.isEmpty else { continue }
                let provider = rng.pick(offering).id
                var r = CityReferral(proposed: proposed)
                let endRoll = rng.below(100)
                let end: ReferralStatus
                switch k.reason {
                case .goalsMet?: end = endRoll < 88 ? .used : endRoll < 94 ? .declined : .noContact
                case .lostContact?: end = endRoll < 45 ? .used : endRoll < 55 ? .declined : .noContact
                case .declined?: end = endRoll < 35 ? .used : .declined
                default: end = endRoll < 65 ? .used : endRoll < 80 ? .declined : .noContact
                }
                r.run(to: end, &rng)
                // Nothing after the case closed or went on hold, nothing after today: a case still open
                // has the step reached by today under way.
                if k.status == .open {
                    r.stopAt(today, followUp: &rng)
                } else {
                    r.clamp(to: limit)
                }
                var outcome = ""
                switch r.status {
                case .used: if rng.chance(65) { outcome = texts.used[service.rawValue].map { texts.addressed($0, male) } ?? "" }
                case .declined: if rng.chance(65) { outcome = texts.pick(texts.refused, &rng, male: male) }
                case .noContact: if rng.chance(65) { outcome = texts.pick(texts.noContact, &rng, male: male) }
                default: if rng.chance(60) { outcome = texts.pick(texts.underWay[r.status.rawValue] ?? [], &rng, male: male) }
                }
                if r.status == .used { usedServices.append(service) }
                let row = Load.Referral(caseId: id, service: service, provider: provider, status: r.status, proposed: days.iso(r.proposed),
                                        referred: r.referred.map(days.iso), received: r.received.map(days.iso), used: r.used.map(days.iso),
                                        ended: r.ended.map(days.iso), followUp: r.followUp.map(days.iso),
                                        outcome: try sealer.seal(text: outcome, for: .referralOutcome, of: id), referredBy: author)
                if referrals.add(row) { try referrals.flush(load) }
                referralsWritten += 1
                if referralsWritten % 5000 == 0 { try progress.advance(5000) }
            }
            // A few more contacts between the first and the end.
            let extras = min(8, rng.int(0...2) + count / 2)
            for _ in 0..<extras {
                let from = first + 1
                guard limit > from else { break }
                let d = rng.int(from...limit)
                let kinds: [ContactKind] = [.phone, .phone, .homeVisit, .group, .office, .outreach]
                let ck = rng.pick(kinds)
                try contact(d, ck, rng.chance(50) ? texts.pick(texts.contacts[ck.rawValue] ?? [], &rng, male: male) : "")
            }
            // How it ended, on the day it did.
            switch (k.status, k.reason) {
            case (.closed, .goalsMet?):
                try screening(max(last, limit - rng.int(0...5)), [], rng.chance(80) ? texts.needsMet(usedServices, &rng, male: male) : "")
            case (.closed, .moved?): try contact(limit, .phone, texts.addressed(texts.moved, male))
            case (.closed, .lostContact?): try contact(limit, .phone, texts.addressed(texts.lostContact, male))
            case (.closed, .declined?): try contact(limit, rng.chance(50) ? .office : .phone, texts.addressed(texts.declined, male))
            case (.onHold, _): try contact(limit, .phone, texts.pick(texts.onHold, &rng, male: male))
            default: break
            }
            if n % 5000 == 4999 { try progress.advance(5000) }
        }
        try caseRows.flush(load)
        try consents.flush(load)
        try screenings.flush(load)
        try contacts.flush(load)
        try referrals.flush(load)
        try policeEntries.flush(load)
        var lists = BulkBatch<Load.PoliceList>()
        let importer = workers.first.map { staff[$0].login } ?? DemoWard.everyRoleLogin
        for (month, n) in policeLists.sorted(by: { $0.key < $1.key }) {
            let received = String(format: "%04d-%02d-01", month / 12, month % 12 + 1)
            let number = month - firstMonth + 1
            if lists.add(Load.PoliceList(id: Int64(number), receivedOn: received, reference: "\(number)/CAP-QLHC",
                                         importedAt: received + "T02:00:00Z", actor: importer, opened: n.opened, linked: n.linked)) {
                try lists.flush(load)
            }
        }
        try lists.flush(load)
        try progress.advance(cases.count % 5000 + referralsWritten % 5000)
    }
}

/// A referral's steps as days, kept in order.
struct CityReferral {
    var status: ReferralStatus = .proposed
    var proposed: Int
    var referred: Int?, received: Int?, used: Int?, ended: Int?
    var followUp: Int?

    init(proposed: Int) { self.proposed = proposed }

    mutating func run(to end: ReferralStatus, _ rng: inout CityRandom) {
        switch end {
        case .used:
            let a = proposed + rng.int(0...4), b = a + rng.int(1...10)
            referred = a; received = b; used = b + rng.int(0...14)
        case .declined:
            if rng.chance(50) {
                ended = proposed + rng.int(0...3)
            } else {
                let a = proposed + rng.int(0...4)
                referred = a; ended = a + rng.int(2...10)
            }
        default:
            let a = proposed + rng.int(0...4)
            referred = a; ended = a + rng.int(7...21)
        }
        status = end
    }

    /// Everything by `day` (a closed case's last day): later steps come back to it.
    mutating func clamp(to day: Int) {
        referred = referred.map { min($0, day) }
        received = received.map { min($0, day) }
        used = used.map { min($0, day) }
        ended = ended.map { min($0, day) }
        proposed = min(proposed, day)
    }

    /// A step not reached by `today` has not happened: the referral waits at the one before, with
    /// a follow-up date (some already past).
    mutating func stopAt(_ today: Int, followUp rng: inout CityRandom) {
        let last = [referred, received, used, ended].compactMap { $0 }.max() ?? proposed
        guard last > today else { return }
        if let u = used, u > today { used = nil; status = .received }
        if let e = ended, e > today { ended = nil; status = referred == nil ? .proposed : .referred }
        if let r = received, r > today { received = nil; status = .referred }
        if let r = referred, r > today { referred = nil; status = .proposed }
        let stepDay: Int
        switch status {
        case .referred: stepDay = referred ?? proposed
        case .received: stepDay = received ?? proposed
        default: stepDay = proposed
        }
        followUp = stepDay + rng.int(7...21)
    }
}

/// Seals with the ward key, bound as `WardKey` binds; the nonces are a prefix from the seed and a
/// counter, never repeated.
struct CitySealer {
    let key: WardKey
    let prefix: [UInt8]
    var counter: UInt64 = 0

    mutating func seal(_ data: Data, for column: SealedColumn, of owner: Int64) throws -> Data {
        counter += 1
        var nonce = prefix
        withUnsafeBytes(of: counter.bigEndian) { nonce.append(contentsOf: $0) }
        return try key.seal(data, for: column, of: owner, nonce: try AES.GCM.Nonce(data: nonce))
    }

    /// Empty text is not stored at all.
    mutating func seal(text: String, for column: SealedColumn, of owner: Int64) throws -> Data? {
        text.isEmpty ? nil : try seal(Data(text.utf8), for: column, of: owner)
    }
}

/// The support notes from ward.json, with the forms that speak to a man made once.
struct CityCaseTexts {
    let screeningByService: [String: [String]]
    let needsMetByService: [String: [String]]
    let firstContacts: [String: [String]]
    let contacts: [String: [String]]
    let onHold: [String]
    let moved: String, lostContact: String, declined: String
    let used: [String: String]
    let refused: [String], noContact: [String]
    let underWay: [String: [String]]
    let personNotes: [String]
    private let male: [String: String]

    init(_ t: DemoWard.Support.Texts, people: [DemoWard.Support.Person]) {
        screeningByService = t.screening; needsMetByService = t.needsMet; firstContacts = t.firstContacts; contacts = t.contacts
        onHold = t.onHold; moved = t.moved; lostContact = t.lostContact; declined = t.declined; used = t.used
        refused = t.refused; noContact = t.noContact; underWay = t.underWay
        personNotes = people.map(\.notes).filter { !$0.isEmpty }
        var all: [String] = t.onHold + t.refused + t.noContact + [t.moved, t.lostContact, t.declined] + personNotes
        for lines in [t.screening, t.needsMet, t.firstContacts, t.contacts, t.underWay] { all += lines.values.flatMap { $0 } }
        all += Array(t.used.values)
        var m: [String: String] = [:]
        for text in all { m[text] = SupportSeed.addressed(text, .male) }
        male = m
    }

    func addressed(_ text: String, _ isMale: Bool) -> String { isMale ? male[text] ?? SupportSeed.addressed(text, .male) : text }

    func pick(_ lines: [String], _ rng: inout CityRandom, male isMale: Bool) -> String {
        lines.isEmpty ? "" : addressed(rng.pick(lines), isMale)
    }

    func screening(_ needs: Set<Service>, _ rng: inout CityRandom, male isMale: Bool) -> String {
        let lines = needs.isEmpty ? screeningByService["none"] ?? []
            : (screeningByService["any"] ?? []) + CityText.services(needs).flatMap { screeningByService[$0.rawValue] ?? [] }
        return pick(lines, &rng, male: isMale)
    }

    func needsMet(_ used: [Service], _ rng: inout CityRandom, male isMale: Bool) -> String {
        let lines = used.flatMap { needsMetByService[$0.rawValue] ?? [] }
        return pick(lines.isEmpty ? needsMetByService["any"] ?? [] : lines, &rng, male: isMale)
    }
}

// MARK: - Words

/// Names, streets and phrases of a large Hà Nội ward.
enum CityText {
    struct PlaceType: Sendable {
        let code: String, weight: Int, lodging: Bool, night: Bool, workers: ClosedRange<Int>, prefixes: [String]
    }

    static let types: [PlaceType] = [
        PlaceType(code: "hotel", weight: 7, lodging: true, night: false, workers: 4...40, prefixes: ["Khách sạn"]),
        PlaceType(code: "guesthouse", weight: 16, lodging: true, night: false, workers: 1...8, prefixes: ["Nhà nghỉ"]),
        PlaceType(code: "rented_rooms", weight: 18, lodging: true, night: false, workers: 0...2,
                  prefixes: ["Nhà trọ", "Nhà cho thuê phòng", "Chung cư mini"]),
        PlaceType(code: "karaoke", weight: 12, lodging: false, night: true, workers: 4...30, prefixes: ["Karaoke"]),
        PlaceType(code: "dance_club", weight: 1, lodging: false, night: true, workers: 10...60, prefixes: ["Vũ trường", "Club", "Lounge"]),
        PlaceType(code: "bar", weight: 5, lodging: false, night: true, workers: 3...20, prefixes: ["Quán bar", "Bar", "Pub", "Beer club"]),
        PlaceType(code: "restaurant", weight: 17, lodging: false, night: false, workers: 4...30,
                  prefixes: ["Nhà hàng", "Quán nhậu", "Nhà hàng lẩu", "Bia hơi", "Quán ăn đêm"]),
        PlaceType(code: "massage", weight: 11, lodging: false, night: true, workers: 2...15,
                  prefixes: ["Massage", "Spa & Massage", "Cơ sở xoa bóp", "Tẩm quất", "Massage Khiếm thị"]),
        PlaceType(code: "tourist_lodging", weight: 8, lodging: true, night: false, workers: 1...10,
                  prefixes: ["Homestay", "Căn hộ dịch vụ", "Nhà nghỉ du lịch", "Hostel"]),
        PlaceType(code: "other", weight: 5, lodging: false, night: true, workers: 1...6,
                  prefixes: ["Cơ sở gội đầu thư giãn", "Câu lạc bộ bida", "Tiệm gội đầu", "Quán cà phê", "Salon tóc"]),
    ]

    static let bodies: [String] = [
        "Hồng Nhung", "Bình Minh", "An Khang", "Phương Linh", "Thu Trang", "Minh Tâm", "Gia Bảo", "Sơn Ca", "Ánh Dương", "Hoa Sen",
        "Thảo Mộc", "Mộc Miên", "Hương Sen", "Biển Đông", "Phố Cổ", "Sao Mai", "Hoàng Gia", "Thiên Đường", "Hạnh Phúc", "Phú Quý",
        "Tài Lộc", "Thành Công", "Hòa Bình", "Thanh Xuân", "Hồng Hà", "Ngọc Lan", "Hải Âu", "Hoa Mai", "Hoa Đào", "Trăng Vàng",
        "Sao Đêm", "Hướng Dương", "Thủy Tiên", "Bảo Anh", "Minh Châu", "Kim Ngân", "Phát Đạt", "Như Ý", "Vạn Xuân", "Đông Đô",
        "Thăng Long", "Kinh Bắc", "Sông Hồng", "Tây Hồ", "Hà Thành", "Mây Trắng", "Ngân Hà", "Tuổi Xanh", "Họa Mi", "Hoa Ban",
        "Phượng Hồng", "Cẩm Tú", "Lan Anh", "Thùy Dương", "Việt Hưng", "Đại Phát", "Tân Tiến", "Hoàng Long", "Kim Long", "Long Vân",
        "Mai Vàng", "Cát Tường", "Hoa Hồng", "Tường Vi", "Bạch Dương", "Thiên Thanh", "Xuân Mai", "Quỳnh Anh", "Ngọc Bích", "Diệu Linh",
        "Ban Mai", "Hoàng Hôn", "Cỏ May", "Trúc Xanh", "Hoa Sữa", "Star", "Palace", "Lotus", "Galaxy", "Kingdom", "Skyline", "Nice",
        "Diamond", "Golden", "Royal", "Paradise", "Ocean", "Sunrise", "Moonlight", "Queen", "Dragon", "Green", "Cozy", "Happy",
        "Lucky", "Luxury", "Grand", "Sky", "Blue Moon", "Red Rose", "Crystal", "Venus", "Pearl", "Elite", "New Life", "Sunshine",
        "Sweet Home", "Music Box", "Top One", "1900", "24h",
    ]

    struct Street: Sendable { let name: String; let road: Bool }

    private static let streetNames: [(String, Bool)] = [
        ("Tôn Đức Thắng", false), ("Hoàng Cầu", false), ("Khâm Thiên", false), ("Đê La Thành", false), ("Ô Chợ Dừa", false),
        ("Tây Sơn", false), ("Thái Hà", false), ("Xã Đàn", false), ("Nguyễn Lương Bằng", false), ("Đặng Tiến Đông", false),
        ("Hồ Đắc Di", false), ("Láng", true), ("Chùa Bộc", false), ("Phạm Ngọc Thạch", false), ("Đặng Văn Ngữ", false),
        ("Trường Chinh", true), ("Giải Phóng", true), ("Lê Duẩn", true), ("Nguyễn Khuyến", false), ("Văn Miếu", false),
        ("Quốc Tử Giám", false), ("Hàng Bột", false), ("Cát Linh", false), ("Giảng Võ", false), ("Huỳnh Thúc Kháng", false),
        ("Nguyễn Chí Thanh", true), ("Thái Thịnh", false), ("Yên Lãng", false), ("Vĩnh Hồ", false), ("Trung Liệt", false),
        ("Thịnh Quang", false), ("Nam Đồng", false), ("Phương Mai", false), ("Kim Liên", false), ("Lương Định Của", false),
        ("Đông Tác", false), ("Trần Hữu Tước", false), ("Hoàng Tích Trí", false), ("Khương Thượng", false), ("Trung Phụng", false),
        ("Võ Văn Dũng", false), ("Mai Anh Tuấn", false), ("Hào Nam", false), ("La Thành", true), ("Vũ Thạnh", false),
        ("Ngô Sĩ Liên", false), ("Tôn Thất Tùng", false), ("Trần Quang Diệu", false), ("Hoàng Ngọc Phách", false),
        ("Nguyễn Phúc Lai", false), ("Trịnh Hoài Đức", false), ("Lê Trọng Tấn", false), ("Láng Hạ", false), ("Vũ Ngọc Phan", false),
    ]
    static let streets: [Street] = streetNames.map { Street(name: VietText.nfc($0.0), road: $0.1) }

    static let familyNames: [String] = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đỗ", "Đặng", "Bùi", "Ngô", "Hồ", "Dương", "Đinh", "Đào", "Trịnh",
        "Lý", "Mai", "Cao", "Lương", "Tạ", "Lưu", "Chu", "Kiều", "Tô", "Võ", "Quách", "Phùng", "Nghiêm", "Hà",
    ]
    static let familyWeights = CityWeights([380, 110, 95, 70, 50, 45, 40, 25, 20, 20, 13, 13, 10, 10, 10, 10, 5, 6, 5, 5, 4, 4, 3, 3, 3, 10, 2, 4, 2, 5])
    static let femaleMiddle = ["Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Kim", "Thùy", "Mai", "Bích", "Diệu", "Hải", "Khánh", "Quỳnh", "Thị Thu", "Thị Ngọc"]
    static let femaleGiven = [
        "Hoa", "Lan", "Hương", "Hằng", "Mai", "Ngọc", "Trang", "Thảo", "Linh", "Nhung", "Hạnh", "Hà", "Thủy", "Yến", "Phương", "Huyền",
        "Nga", "Loan", "Dung", "Vân", "Liên", "Oanh", "Thúy", "Tuyết", "Giang", "Châu", "Nhi", "My", "Quyên", "Anh", "Hiền", "Tâm",
        "Duyên", "Hường", "Lụa", "Xuân", "Thắm", "Ánh", "Diệp", "Trinh",
    ]
    static let maleMiddle = ["Minh", "Đức", "Quốc", "Hữu", "Thanh", "Công", "Ngọc", "Xuân", "Anh", "Tuấn", "Mạnh", "Đình", "Trọng", "Quang"]
    static let maleGiven = [
        "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Long", "Nam", "Sơn", "Thắng", "Cường", "Hưng", "Quân", "Tùng", "Đức", "Trung",
        "Thành", "Bình", "Khánh", "Phong", "Hiếu", "Quang", "Tiến", "Lâm", "Toàn", "Việt", "Huy", "Kiên", "Hoàng", "An", "Đạt",
        "Thịnh", "Phúc", "Vinh", "Hậu", "Tâm",
    ]
    static let nicknames = ["Bống", "Na", "Mít", "Su", "Bi", "Ly", "Mây", "My", "Trâm", "Vy", "Cún", "Xíu", "Chi", "Thỏ"]

    static let times = ["", "08:00", "08:30", "09:00", "09:30", "10:00", "14:00", "14:30", "15:00", "15:30",
                        "19:30", "20:00", "20:30", "21:00", "21:30", "22:00", "22:30", "23:00"]
    static let dayTimes = 1...9
    static let eveningTimes = 10...13
    static let nightTimes = 12...17

    static let riskReasons = [
        "Đã từng bị phát hiện có biểu hiện hoạt động mại dâm.",
        "Nhận nhiều tin báo của người dân về hoạt động về đêm.",
        "Hoạt động đến khuya, có phòng kín, khó kiểm soát.",
        "Tái phạm sau khi bị xử phạt vi phạm hành chính.",
        "Nằm gần tụ điểm phức tạp đã được triệt xóa.",
        "Nhân viên thường xuyên thay đổi, không khai báo đầy đủ.",
    ]
    static let placeNotes = [
        "Chủ cơ sở hợp tác tốt với đoàn kiểm tra.",
        "Cơ sở có camera giám sát tại quầy lễ tân.",
        "Chủ cơ sở ở nơi khác, người quản lý trực tiếp là người nhà.",
        "Đã đổi chủ; chủ mới đã ký lại bản cam kết.",
        "Thường đóng cửa buổi trưa; nên kiểm tra vào buổi tối.",
        "Có lối đi phụ ra ngõ phía sau.",
    ]
    static let hotspotDescriptions = [
        "Một số phụ nữ đứng đường chèo kéo khách từ khoảng 21 giờ đến 1 giờ sáng.",
        "Có đối tượng nam đi xe máy dẫn khách đến các nhà nghỉ trong ngõ.",
        "Quán nước vỉa hè mở thâu đêm, nghi là nơi hẹn gặp mua bán dâm.",
        "Khu nhà trọ có nhiều người thuê ngắn ngày, khách lạ ra vào về đêm.",
    ]
    static let hotspotFound = [
        "Phát hiện qua tin báo của người dân và tuần tra của Công an phường.",
        "Phát hiện qua khảo sát địa bàn của Đội kiểm tra liên ngành.",
    ]
    static let hotspotCleared = [
        "Đã triệt xóa: lắp thêm đèn chiếu sáng, giao tổ dân phố giám sát.",
        "Đã triệt xóa sau các đợt tuần tra, kiểm tra liên tục.",
    ]
    static let hotspotReformed = [
        "Tái hoạt động: người dân phản ánh có đối tượng tụ tập trở lại.",
        "Tái hoạt động sau khi lực lượng tuần tra giảm.",
    ]

    static let provinceCodes = ["038", "040", "036", "034", "030", "035", "037", "033", "027", "024", "019", "025", "026",
                                "022", "042", "017", "014", "008", "015", "020", "031"]

    /// How often a first screening finds each need (percent).
    static let needChance: [Service: Int] = [
        .health: 45, .hivSti: 55, .drugs: 8, .mentalHealth: 20, .legal: 18, .vocational: 28, .jobs: 28, .loans: 14,
        .livelihood: 14, .gbv: 10, .housing: 5, .other: 3,
    ]
    static let laterNeeds: [Service] = [.vocational, .jobs, .loans, .livelihood]

    static func services(_ mask: UInt16) -> [Service] {
        Service.allCases.enumerated().filter { mask & (1 << UInt16($0.offset)) != 0 }.map(\.element)
    }
    static func services(_ set: Set<Service>) -> [Service] { Service.allCases.filter(set.contains) }

    static func personName(_ rng: inout CityRandom, female: Bool) -> String {
        let family = familyNames[familyWeights.pick(&rng)]
        let middle = female ? (rng.chance(55) ? "Thị" : rng.pick(femaleMiddle)) : (rng.chance(45) ? "Văn" : rng.pick(maleMiddle))
        var given = rng.pick(female ? femaleGiven : maleGiven)
        if middle.hasSuffix(given) { given = rng.pick(female ? femaleGiven : maleGiven) }
        return family + " " + middle + " " + given
    }

    static func phone(_ rng: inout CityRandom) -> String {
        let prefixes = ["09", "09", "09", "03", "08", "07"]
        return rng.pick(prefixes) + String(format: "%08d", rng.below(100_000_000))
    }

    static func placeName(_ rng: inout CityRandom, type: String) -> String {
        let t = types.first { $0.code == type } ?? types[types.count - 1]
        let prefix = rng.pick(t.prefixes)
        if type == "rented_rooms" && rng.chance(50) {
            let titles = ["Cô", "Bà", "Chú", "Anh", "Chị", "Bác"]
            let title = rng.pick(titles)
            let female = ["Cô", "Bà", "Chị"].contains(title) || (title == "Bác" && rng.chance(50))
            return "Nhà trọ \(title) \(rng.pick(female ? femaleGiven : maleGiven))"
        }
        var name = prefix + " " + (rng.chance(12) ? rng.pick(streets).name : rng.pick(bodies))
        if rng.chance(10) { name += " \(rng.int(2...5))" }
        return name
    }

    /// A street address in the ward and its residential group's number.
    static func address(_ rng: inout CityRandom, groups: Int, floor: Bool) -> (String, Int) {
        let si = rng.below(streets.count)
        let st = streets[si]
        let r = rng.below(100)
        let lead = floor ? "Tầng \(rng.int(2...5)), số" : "Số"
        func group(_ n: Int) -> Int { 1 + (si * 7 + n / 40) % groups }
        if r < 45 {
            let n = rng.int(1...360)
            return ("\(lead) \(n) \(st.road ? "đường" : "phố") \(st.name)", group(n))
        }
        let lane = rng.int(1...180) * 2 - (rng.chance(30) ? 1 : 0)
        if r < 88 {
            return ("\(lead) \(rng.int(1...80)) ngõ \(lane) \(st.name)", group(lane))
        }
        return ("\(lead) \(rng.int(1...40)) ngách \(lane)/\(rng.int(1...60)) \(st.name)", group(lane))
    }

    /// Where an unregistered place is: "Ngõ 72 phố Tây Sơn, Tổ dân phố số 8".
    static func placeText(_ rng: inout CityRandom, groups: Int) -> String {
        let st = rng.pick(streets)
        switch rng.below(3) {
        case 0: return "Ngõ \(rng.int(1...180) * 2) \(st.road ? "đường" : "phố") \(st.name), Tổ dân phố số \(rng.int(1...groups))"
        case 1: return "Số \(rng.int(1...360)) \(st.road ? "đường" : "phố") \(st.name), Tổ dân phố số \(rng.int(1...groups))"
        default: return "Khu vực chung cư cũ \(st.name), Tổ dân phố số \(rng.int(1...groups))"
        }
    }

    struct TipContent: Sendable { let kind: TipKind; let types: [String]; let hotspot: Bool; let place: String; let text: String; let weight: Int }

    /// The demo's tip-off texts and a few more.
    static func tipContents(_ demo: [DemoWard.Inspections.TipContent]) -> [TipContent] {
        demo.map { TipContent(kind: $0.kind, types: $0.types, hotspot: $0.hotspot, place: $0.place, text: $0.text, weight: 3) } + [
            TipContent(kind: .information, types: ["hotel", "guesthouse"], hotspot: false, place: "",
                       text: "Phản ánh khách sạn cho thuê phòng theo giờ, khách ra vào liên tục vào ban đêm.", weight: 4),
            TipContent(kind: .denunciation, types: ["massage"], hotspot: false, place: "",
                       text: "Tố giác cơ sở massage có nhân viên nữ kích dục cho khách trong phòng kín.", weight: 3),
            TipContent(kind: .information, types: ["rented_rooms"], hotspot: false, place: "",
                       text: "Phản ánh khu nhà trọ có nhiều phụ nữ trẻ thuê ở, thường xuyên có khách nam lạ ra vào.", weight: 3),
            TipContent(kind: .complaint, types: ["karaoke"], hotspot: false, place: "",
                       text: "Khiếu nại quán karaoke hoạt động quá giờ quy định, gây mất trật tự khu dân cư.", weight: 3),
            TipContent(kind: .information, types: [], hotspot: true, place: "",
                       text: "Phản ánh có nhóm đối tượng tụ tập, chèo kéo khách tại vườn hoa về đêm.", weight: 2),
            TipContent(kind: .information, types: [], hotspot: false, place: "Trên mạng xã hội",
                       text: "Phản ánh trên mạng xã hội có tài khoản rao bán dâm, hẹn gặp tại các nhà nghỉ trên địa bàn.", weight: 2),
            TipContent(kind: .denunciation, types: ["bar", "dance_club"], hotspot: false, place: "",
                       text: "Tố giác quán bar có đối tượng môi giới mại dâm cho khách.", weight: 2),
            TipContent(kind: .information, types: ["other", "massage"], hotspot: false, place: "",
                       text: "Phản ánh tiệm cắt tóc gội đầu có phòng kín phía sau, hoạt động về khuya.", weight: 2),
        ]
    }

    /// Violation templates that can happen at a type of place, picked by weight. A missing
    /// commitment is found only before the place signed one.
    static func templates(_ all: [DemoWard.Inspections.ViolationTemplate], type: String, signed: Bool, count: Int,
                          _ rng: inout CityRandom) -> [Int8] {
        var pool = all.indices.filter {
            let t = all[$0]
            return t.weight > 0 && (t.types.isEmpty || t.types.contains(type)) && !(signed && t.check == "commitment")
        }
        var out: [Int8] = []
        while out.count < count, !pool.isEmpty {
            var r = rng.below(max(1, pool.reduce(0) { $0 + all[$1].weight }))
            for (k, i) in pool.enumerated() {
                r -= all[i].weight
                if r < 0 { out.append(Int8(i)); pool.remove(at: k); break }
            }
        }
        return out
    }

    static func firstKind(_ source: ContactSource, _ rng: inout CityRandom) -> ContactKind {
        switch source {
        case .policeList: rng.chance(70) ? .office : .homeVisit
        case .outreach: .outreach
        case .peer: rng.chance(50) ? .group : .outreach
        case .selfReferral: rng.chance(70) ? .office : .phone
        case .tip: rng.chance(60) ? .outreach : .homeVisit
        }
    }

    /// The person's identity as the JSON `WardKey` seals (keys sorted, so the bytes never vary).
    static func identityJSON(_ rng: inout CityRandom, _ k: CityPlan.CaseSkeleton, first: Int, days: CityDays) -> String {
        let female = k.sex == .female || (k.sex != .male && rng.chance(50))
        let name = personName(&rng, female: female)
        let given = String(name.split(separator: " ").last ?? "")
        let alias = rng.chance(60) ? (rng.chance(70) ? given : rng.pick(nicknames)) : ""
        let age: Int
        switch k.age {
        case .under18: age = rng.int(15...17)
        case .from18: age = rng.int(18...24)
        case .from25: age = rng.int(25...34)
        case .from35: age = rng.int(35...49)
        case .over50: age = rng.int(50...62)
        case .unknown: age = rng.int(20...45)
        }
        let firstYear = days.month(first) / 12
        var year = firstYear - age
        var birth = ""
        if k.age != .unknown || rng.chance(30) {
            if rng.chance(35) {
                let month = rng.int(1...12), day = rng.int(1...28)
                let firstMonth = days.month(first) % 12 + 1
                if month > firstMonth { year -= 1 }
                birth = CityDays.two[day] + "/" + CityDays.two[month] + "/" + String(year)
            } else {
                birth = String(year)
            }
        }
        var idNumber = ""
        if rng.chance(85) {
            let province = k.residence == .local ? "001" : rng.pick(provinceCodes)
            let century = (female ? 1 : 0) + (year >= 2000 ? 2 : 0)
            idNumber = province + String(century) + CityDays.two[((year % 100) + 100) % 100] + String(format: "%06d", rng.below(1_000_000))
        }
        let phone = rng.chance(80) ? self.phone(&rng) : ""
        let st = rng.pick(streets)
        let address: String
        if k.residence == .migrant {
            address = "Phòng \(rng.int(1...20)), số \(rng.int(1...80)) ngõ \(rng.int(1...180) * 2) \(st.name)"
        } else if rng.chance(90) {
            address = "Số \(rng.int(1...360)) \(st.road ? "đường" : "phố") \(st.name)"
        } else {
            address = ""
        }
        func q(_ s: String) -> String {
            var out = "\""
            for ch in s.unicodeScalars {
                switch ch {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                default:
                    if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
                }
            }
            return out + "\""
        }
        return "{\"address\":\(q(address)),\"alias\":\(q(alias)),\"birth\":\(q(birth)),\"fullName\":\(q(name)),"
            + "\"idNumber\":\(q(idNumber)),\"phone\":\(q(phone))}"
    }
}

extension CityWard {
    /// Who a generated person is, from the case's id alone (the random stream is left as it was):
    /// mostly people who sell sex, some at risk, some workers at establishments or returned victims.
    static func targetGroups(id: Int64, sex: Sex, age: AgeGroup) -> Set<TargetGroup> {
        let n = Int(id % 9973)
        var groups: Set<TargetGroup> = [n % 7 == 3 ? (sex == .female ? .highRiskWoman : .unemployedYouth) : .sexWorker]
        if n % 5 == 2 { groups.insert(.serviceWorker) }
        if n % 17 == 11 { groups.insert(.traffickingReturnee) }
        if age == .from18 && n % 4 == 0 { groups.insert(.unemployedYouth) }
        if age == .under18 { groups.insert(.minor) }
        return groups
    }
}
