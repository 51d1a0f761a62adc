import Foundation
import GRDB

/// The services a person can need and be referred to; the same list screens needs and referrals.
public enum Service: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case health, hivSti = "hiv_sti", drugs, mentalHealth = "mental_health", legal, vocational, jobs, loans, livelihood
    case gbv, housing, other
    public var label: Msg {
        switch self {
        case .health: .serviceHealth
        case .hivSti: .serviceHivSti
        case .drugs: .serviceDrugs
        case .mentalHealth: .serviceMentalHealth
        case .legal: .serviceLegal
        case .vocational: .serviceVocational
        case .jobs: .serviceJobs
        case .loans: .serviceLoans
        case .livelihood: .serviceLivelihood
        case .gbv: .serviceGbv
        case .housing: .serviceHousing
        case .other: .serviceOther
        }
    }
}

/// A set of codes kept in one column, comma-separated in the list's order: "health,legal" <->
/// [.health, .legal]. Services and target groups are stored so.
public protocol CodeSet: CaseIterable, Hashable, RawRepresentable where RawValue == String {
    var label: Msg { get }
    /// Between the names of a set: ", ", or "; " where a name has a comma of its own.
    static var nameSeparator: String { get }
}

extension CodeSet {
    public static func encode(_ set: Set<Self>) -> String { allCases.filter(set.contains).map(\.rawValue).joined(separator: ",") }
    public static func decode(_ text: String) -> Set<Self> { Set(text.split(separator: ",").compactMap { Self(rawValue: String($0)) }) }
}

extension Service: CodeSet { public static var nameSeparator: String { ", " } }
extension TargetGroup: CodeSet { public static var nameSeparator: String { "; " } }

/// Who a person is, in the plans' words (plans 000, 003, 004): a case may be in several groups.
public enum TargetGroup: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case sexWorker = "sex_worker", highRiskWoman = "high_risk_woman", unemployedYouth = "unemployed_youth"
    case serviceWorker = "service_worker", traffickingReturnee = "trafficking_returnee", minor
    public var label: Msg {
        switch self {
        case .sexWorker: .groupSexWorker
        case .highRiskWoman: .groupHighRiskWoman
        case .unemployedYouth: .groupUnemployedYouth
        case .serviceWorker: .groupServiceWorker
        case .traffickingReturnee: .groupTraffickingReturnee
        case .minor: .groupMinor
        }
    }
    /// SQL that holds for a case (alias `c`) in this group; a minor is one by age group as well.
    package var sqlMatch: String {
        let listed = "(',' || c.target_groups || ',') LIKE '%,\(rawValue),%'"
        return self == .minor ? "(\(listed) OR c.age_group = 'under18')" : listed
    }
}

public enum Sex: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case female, male, other, unknown
    public var label: Msg {
        switch self { case .female: .sexFemale; case .male: .sexMale; case .other: .sexOther; case .unknown: .unknownValue }
    }
}

public enum AgeGroup: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case under18, from18 = "18_24", from25 = "25_34", from35 = "35_49", over50 = "50_plus", unknown
    public var label: Msg {
        switch self {
        case .under18: .ageUnder18
        case .from18: .age18
        case .from25: .age25
        case .from35: .age35
        case .over50: .age50
        case .unknown: .unknownValue
        }
    }
}

public enum Residence: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case local, migrant, unknown
    public var label: Msg {
        switch self { case .local: .residenceLocal; case .migrant: .residenceMigrant; case .unknown: .unknownValue }
    }
}

/// How the ward came into contact with the person.
public enum ContactSource: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case policeList = "police_list", outreach, peer, selfReferral = "self", tip
    public var label: Msg {
        switch self {
        case .policeList: .sourcePoliceList
        case .outreach: .sourceOutreach
        case .peer: .sourcePeer
        case .selfReferral: .sourceSelf
        case .tip: .sourceTip
        }
    }
}

public enum CaseStatus: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case open, onHold = "on_hold", closed
    public var label: Msg {
        switch self { case .open: .caseOpen; case .onHold: .caseOnHold; case .closed: .caseClosed }
    }
}

public enum CloseReason: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case goalsMet = "goals_met", moved, declined, lostContact = "lost_contact"
    public var label: Msg {
        switch self { case .goalsMet: .closeGoalsMet; case .moved: .closeMoved; case .declined: .closeDeclined; case .lostContact: .closeLostContact }
    }
}

/// Who the person is. Never stored in the clear: sealed with the ward key as one value.
/// The cases' identities, folded, held in memory for one session's searches (never stored).
public struct IdentitySearch: Sendable {
    let entries: [(Int64, String)]

    /// The cases whose name, alias, ID number or phone holds `text` (accents and case optional).
    public func matching(_ text: String) -> [Int64] {
        let words = VietText.fold(text).split(separator: " ").map(String.init)
        guard !words.isEmpty else { return [] }
        return entries.filter { e in words.allSatisfy { e.1.contains($0) } }.map(\.0)
    }
}

public struct Identity: Equatable, Sendable, Codable {
    public var fullName = ""
    public var alias = ""
    /// A date (dd/mm/yyyy) or just a year, as the person gave it.
    public var birth = ""
    public var idNumber = ""
    public var phone = ""
    public var address = ""
    public init(fullName: String = "", alias: String = "", birth: String = "", idNumber: String = "", phone: String = "", address: String = "") {
        self.fullName = fullName; self.alias = alias; self.birth = birth; self.idNumber = idNumber; self.phone = phone; self.address = address
    }
    public var isEmpty: Bool { [fullName, alias, birth, idNumber, phone, address].allSatisfy(\.isEmpty) }
}

/// A support case (hồ sơ): a code that carries no identity, facts that are safe to count, and
/// the sealed identity and notes.
public struct SupportCase: Equatable, Sendable, Codable, FetchableRecord, MutablePersistableRecord, Identifiable {
    public static let databaseTableName = "support_case"
    public var id: Int64?
    public var code = ""
    public var sex: Sex
    public var ageGroup: AgeGroup
    public var residence: Residence
    public var source: ContactSource
    public var firstContact: Formats.Day
    public var status: CaseStatus = .open
    public var statusDate: Formats.Day
    public var closeReason: CloseReason?
    /// AES-GCM sealed `Identity` (JSON); nil when none was recorded.
    public var identity: Data?
    /// AES-GCM sealed free text.
    public var notes: Data?
    public var authorName = ""
    public var version = 1
    /// The target groups as stored ("sex_worker,minor"); `targetGroups` reads and writes them.
    public var targetGroupsText = ""

    enum CodingKeys: String, CodingKey {
        case id, code, sex, residence, source, status, identity, notes, version
        case ageGroup = "age_group", firstContact = "first_contact", statusDate = "status_date", closeReason = "close_reason"
        case authorName = "author_name", targetGroupsText = "target_groups"
    }

    /// The groups the person was recorded in (a minor by age group is in `groups` too).
    public var targetGroups: Set<TargetGroup> {
        get { TargetGroup.decode(targetGroupsText) }
        set { targetGroupsText = TargetGroup.encode(newValue) }
    }

    /// The groups the person counts in: those recorded, and "người chưa thành niên" for an age group under 18.
    public var groups: Set<TargetGroup> { ageGroup == .under18 ? targetGroups.union([.minor]) : targetGroups }

    /// Under 18 by age group or as recorded: the special protection rules apply.
    public var isMinor: Bool { groups.contains(.minor) }

    public init(sex: Sex, ageGroup: AgeGroup, residence: Residence, source: ContactSource, firstContact: Formats.Day) {
        self.sex = sex; self.ageGroup = ageGroup; self.residence = residence; self.source = source
        self.firstContact = firstContact; statusDate = firstContact
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// What the audit trail keeps: never the identity or the notes, only that they changed.
    var auditFields: [String: String] {
        ["code": code, "sex": sex.rawValue, "age_group": ageGroup.rawValue, "residence": residence.rawValue,
         "source": source.rawValue, "target_groups": targetGroupsText, "first_contact": firstContact.vietnamese, "status": status.rawValue,
         "status_date": statusDate.vietnamese, "close_reason": closeReason?.rawValue ?? "",
         "identity": identity.map { "sealed:\($0.count)" } ?? "", "notes": notes.map { "sealed:\($0.count)" } ?? ""]
    }
}

/// What the person agreed to, recorded with its date and who recorded it. Each change is a new
/// row; the latest one is in force.
public struct Consent: Equatable, Sendable {
    public var date: Formats.Day
    /// Agreed to being recorded at all.
    public var recording: Bool
    public var services: Set<Service>
    /// Agencies their information may be shared with.
    public var agencies: [String]
    public var recordedBy: String
    public init(date: Formats.Day, recording: Bool, services: Set<Service>, agencies: [String] = [], recordedBy: String = "") {
        self.date = date; self.recording = recording; self.services = services; self.agencies = agencies; self.recordedBy = recordedBy
    }
}

public struct Screening: Equatable, Sendable {
    public var id: Int64?
    public var date: Formats.Day
    public var needs: Set<Service>
    public var notes: String
    public var authorName: String
    public init(id: Int64? = nil, date: Formats.Day, needs: Set<Service>, notes: String = "", authorName: String = "") {
        self.id = id; self.date = date; self.needs = needs; self.notes = notes; self.authorName = authorName
    }
}

public enum ContactKind: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case outreach, homeVisit = "home_visit", phone, office, group
    public var label: Msg {
        switch self {
        case .outreach: .contactOutreach
        case .homeVisit: .contactHomeVisit
        case .phone: .contactPhone
        case .office: .contactOffice
        case .group: .contactGroup
        }
    }
}

/// Where a referral is: proposed -> referred -> received by the provider -> service used, or
/// it ended as declined / no contact.
public enum ReferralStatus: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case proposed, referred, received, used, declined, noContact = "no_contact"
    public var label: Msg {
        switch self {
        case .proposed: .referralProposed
        case .referred: .referralReferred
        case .received: .referralReceived
        case .used: .referralUsed
        case .declined: .referralDeclined
        case .noContact: .referralNoContact
        }
    }
    public var ended: Bool { self == .used || self == .declined || self == .noContact }
    /// The steps that may follow this one.
    public var next: [ReferralStatus] {
        switch self {
        case .proposed: [.referred, .declined, .noContact]
        case .referred: [.received, .declined, .noContact]
        case .received: [.used, .declined, .noContact]
        case .used, .declined, .noContact: []
        }
    }

    /// Every step a referral can move to from here in one go: the next, and the later steps of
    /// the chain (a person who went straight to the service is "used" at once; the steps between
    /// take the same date).
    public var reachable: [ReferralStatus] {
        let chain: [ReferralStatus] = [.proposed, .referred, .received, .used]
        guard let i = chain.firstIndex(of: self) else { return [] }
        return Array(chain[(i + 1)...]) + (next.isEmpty ? [] : [.declined, .noContact])
    }
}

/// A service provider in the ward's directory.
public struct Provider: Equatable, Sendable, Codable, FetchableRecord, MutablePersistableRecord, Identifiable {
    public static let databaseTableName = "provider"
    public var id: Int64?
    public var name: String
    public var address = ""
    public var contact = ""
    public var servicesText = ""
    public var active = true
    public var version = 1

    enum CodingKeys: String, CodingKey {
        case id, name, address, contact, active, version
        case servicesText = "services"
    }

    public init(name: String, services: Set<Service>) { self.name = name; servicesText = Service.encode(services) }
    public var services: Set<Service> {
        get { Service.decode(servicesText) }
        set { servicesText = Service.encode(newValue) }
    }
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A referral of a case to a service, and how far it got.
public struct Referral: Equatable, Sendable, Codable, FetchableRecord, MutablePersistableRecord, Identifiable {
    public static let databaseTableName = "referral"
    public var id: Int64?
    public var caseId: Int64
    public var service: Service
    public var providerId: Int64?
    public var status: ReferralStatus = .proposed
    public var proposedDate: Formats.Day
    public var referredDate: Formats.Day?
    public var receivedDate: Formats.Day?
    public var usedDate: Formats.Day?
    /// When it ended as declined or no contact.
    public var endedDate: Formats.Day?
    public var followUp: Formats.Day?
    /// Sealed free text: how it went.
    public var outcome: Data?
    public var referredBy = ""
    public var version = 1

    enum CodingKeys: String, CodingKey {
        case id, service, status, outcome, version
        case caseId = "case_id", providerId = "provider_id", proposedDate = "proposed_date", referredDate = "referred_date"
        case receivedDate = "received_date", usedDate = "used_date", endedDate = "ended_date", followUp = "follow_up"
        case referredBy = "referred_by"
    }

    public init(caseId: Int64, service: Service, providerId: Int64?, proposed: Formats.Day) {
        self.caseId = caseId; self.service = service; self.providerId = providerId; proposedDate = proposed
    }

    /// The columns a referral is read from, in order.
    static let columns = ["id", "case_id", "service", "provider_id", "status", "proposed_date", "referred_date", "received_date",
                          "used_date", "ended_date", "follow_up", "outcome", "referred_by", "version"]

    /// A referral from a row that has its columns by name.
    public init(row: Row) throws { try self.init(RowColumns(row, Self.columns, table: "referral")) }

    /// A referral from `columns` selected in that order from `start` on (an export's cursor).
    init(row: Row, at start: Int) throws { try self.init(RowColumns(row, Self.columns, table: "referral", start: start)) }

    private init(_ c: RowColumns) throws {
        id = c.int(0)
        caseId = try c.required(c.int(1), 1)
        service = try c.required(c.code(2), 2)
        providerId = c.int(3)
        status = try c.required(c.code(4), 4)
        proposedDate = try c.required(c.day(5), 5)
        referredDate = try c.day(6)
        receivedDate = try c.day(7)
        usedDate = try c.day(8)
        endedDate = try c.day(9)
        followUp = try c.day(10)
        outcome = c.data(11)
        referredBy = c.string(12) ?? ""
        version = Int(c.int(13) ?? 1)
    }
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The date of the step it is at.
    public var statusDate: Formats.Day {
        switch status {
        case .proposed: proposedDate
        case .referred: referredDate ?? proposedDate
        case .received: receivedDate ?? proposedDate
        case .used: usedDate ?? proposedDate
        case .declined, .noContact: endedDate ?? proposedDate
        }
    }

    /// Waiting for a follow-up that is past its date.
    public func followUpOverdue(today: Formats.Day) -> Bool { !status.ended && (followUp.map { $0 < today } ?? false) }

    var auditFields: [String: String] {
        ["case_id": String(caseId), "service": service.rawValue, "provider_id": providerId.map(String.init) ?? "",
         "status": status.rawValue, "proposed_date": proposedDate.vietnamese, "referred_date": referredDate?.vietnamese ?? "",
         "received_date": receivedDate?.vietnamese ?? "", "used_date": usedDate?.vietnamese ?? "",
         "ended_date": endedDate?.vietnamese ?? "", "follow_up": followUp?.vietnamese ?? "",
         "outcome": outcome.map { "sealed:\($0.count)" } ?? ""]
    }
}

/// The rules of the support section: the one place for them.
public enum SupportRules {
    /// Open <-> on hold, either -> closed (with a reason), closed -> open again.
    public static func canMove(from: CaseStatus, to: CaseStatus) -> Bool {
        switch (from, to) {
        case (.open, .onHold), (.onHold, .open), (.open, .closed), (.onHold, .closed), (.closed, .open): true
        default: false
        }
    }

    /// Why a referral may not be made: no consent to being recorded or to this service.
    public static func referralRefusal(_ service: Service, consent: Consent?) -> WardError? {
        guard let consent, consent.recording else { return .noConsent }
        return consent.services.contains(service) ? nil : .noConsentForService(service)
    }
}
