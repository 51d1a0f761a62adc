import Foundation
import GRDB

/// The ward this database belongs to. The receiving agency is a setting because it changed in
/// 2025 (Sở LĐTBXH -> Sở Y tế) and may change again.
public struct WardIdentity: Equatable, Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "ward"
    public var id: Int64 = 1
    public var name: String
    public var province: String
    public var receivingAgency: String
    public var version = 0

    enum CodingKeys: String, CodingKey {
        case id, name, province, version
        case receivingAgency = "receiving_agency"
    }

    var auditFields: [String: String] { ["name": name, "province": province, "receiving_agency": receivingAgency] }

    public static func == (a: WardIdentity, b: WardIdentity) -> Bool { a.auditFields == b.auditFields }

    public init(name: String, province: String, receivingAgency: String) {
        self.name = name
        self.province = province
        self.receivingAgency = receivingAgency
    }

    public static let maxLength = 120

    /// Checks and normalises what a user typed; one place for the rule.
    public static func validated(name: String, province: String, receivingAgency: String) throws -> WardIdentity {
        let n = VietText.clean(name), p = VietText.clean(province), a = VietText.clean(receivingAgency)
        for (field, value) in [(Msg.fieldWardName, n), (.fieldProvince, p), (.fieldAgency, a)] {
            if value.isEmpty { throw WardError.required(field: field) }
            if value.count > maxLength { throw WardError.tooLong(field: field, max: maxLength) }
        }
        return WardIdentity(name: n, province: p, receivingAgency: a)
    }

    /// A ward's name or province as compared (a restore, a keyring): precomposed, lower case, single spaces.
    public static func comparable(_ s: String) -> String {
        VietText.nfc(s).lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// A kind of establishment (karaoke, nhà nghỉ...). Ward-editable data, not an enum in code.
public struct EstablishmentType: Equatable, Sendable, Codable, FetchableRecord, PersistableRecord, Identifiable {
    public static let databaseTableName = "establishment_type"
    public var id: Int64?
    public var code: String
    public var nameVi: String
    public var nameEn: String
    public var sortOrder: Int

    enum CodingKeys: String, CodingKey {
        case id, code
        case nameVi = "name_vi", nameEn = "name_en", sortOrder = "sort_order"
    }

    public init(id: Int64? = nil, code: String, nameVi: String, nameEn: String, sortOrder: Int) {
        self.id = id; self.code = code; self.nameVi = nameVi; self.nameEn = nameEn; self.sortOrder = sortOrder
    }

    public func name(_ language: Language) -> String { language == .en && !nameEn.isEmpty ? nameEn : nameVi }
}

/// Risk level the ward sets on an establishment.
/// How much risk the ward sees in an establishment; "chưa phân loại" until someone decides.
public enum RiskLevel: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case unclassified, low, medium, high
    public var label: Msg {
        switch self { case .unclassified: .riskUnclassified; case .low: .riskLow; case .medium: .riskMedium; case .high: .riskHigh }
    }
}

/// Whether an establishment is trading.
public enum EstablishmentStatus: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case active, suspended, closed
    public var label: Msg {
        switch self { case .active: .statusActive; case .suspended: .statusSuspended; case .closed: .statusClosed }
    }
}

/// One business on the ward's register. Never hard-deleted: closing or archiving keeps history.
public struct Establishment: Equatable, Sendable, Codable, FetchableRecord, MutablePersistableRecord, Identifiable {
    public typealias Day = Formats.Day
    public static let databaseTableName = "establishment"
    public var id: Int64?
    public var name: String
    public var typeId: Int64
    public var street: String
    public var residentialGroup: String
    public var ownerName: String
    public var ownerPhone: String
    public var businessRegNo = ""
    public var licenceNo: String
    public var licenceIssued: Day?
    public var licenceExpires: Day?
    /// Giấy chứng nhận đủ điều kiện về an ninh, trật tự.
    public var securityCertificate = false
    public var workers = 0
    public var workersHealthChecked = 0
    public var workersReached = 0
    public var commitmentSigned = false
    public var commitmentDate: Day?
    public var riskLevel: RiskLevel
    public var riskReason = ""
    public var status: EstablishmentStatus
    public var statusDate: Day?
    public var notes: String
    public var archived = false
    public var version = 1

    enum CodingKeys: String, CodingKey {
        case id, name, street, notes, status, version, workers, archived
        case typeId = "type_id", residentialGroup = "residential_group", ownerName = "owner_name"
        case ownerPhone = "owner_phone", licenceNo = "licence_no", riskLevel = "risk_level"
        case businessRegNo = "business_reg_no", licenceIssued = "licence_issued", licenceExpires = "licence_expires"
        case securityCertificate = "security_certificate", workersHealthChecked = "workers_health_checked"
        case workersReached = "workers_reached", commitmentSigned = "commitment_signed", commitmentDate = "commitment_date"
        case riskReason = "risk_reason", statusDate = "status_date"
    }

    public init(id: Int64? = nil, name: String, typeId: Int64, street: String = "", residentialGroup: String = "",
                ownerName: String = "", ownerPhone: String = "", licenceNo: String = "",
                riskLevel: RiskLevel = .unclassified, status: EstablishmentStatus = .active, notes: String = "") {
        self.id = id; self.name = name; self.typeId = typeId; self.street = street
        self.residentialGroup = residentialGroup; self.ownerName = ownerName; self.ownerPhone = ownerPhone
        self.licenceNo = licenceNo; self.riskLevel = riskLevel; self.status = status; self.notes = notes
    }

    /// The folded text that "filter as you type" searches: name, address, owner, licence.
    public var searchText: String {
        Self.searchFold(name: name, street: street, group: residentialGroup, owner: ownerName, licence: licenceNo)
    }

    static func searchFold(name: String, street: String, group: String, owner: String, licence: String) -> String {
        // " | " keeps a phrase from matching across two fields.
        VietText.fold([name, street, group, owner, licence].joined(separator: " | "))
    }

    /// The stored columns, in one order with `storedValues`: `encode(to:)` and the import's
    /// insert (a statement prepared once for 20,000 rows) both read them.
    static let storedColumns = [
        "id", "name", "type_id", "street", "residential_group", "owner_name", "owner_phone", "business_reg_no", "licence_no",
        "licence_issued", "licence_expires", "security_certificate", "workers", "workers_health_checked", "workers_reached",
        "commitment_signed", "commitment_date", "risk_level", "risk_reason", "status", "status_date", "notes", "archived",
        "version", "search_fold", "name_fold", "address_fold"
    ]

    var storedValues: [(any DatabaseValueConvertible)?] {
        [
            id, VietText.nfc(name), typeId, VietText.nfc(street), VietText.nfc(residentialGroup), VietText.nfc(ownerName),
            ownerPhone, businessRegNo, licenceNo, licenceIssued, licenceExpires, securityCertificate, workers,
            workersHealthChecked, workersReached, commitmentSigned, commitmentDate, riskLevel, VietText.nfc(riskReason), status,
            statusDate, VietText.nfc(notes), archived, version, searchText, VietText.fold(name), VietText.fold(street)
        ]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        let values = storedValues
        assert(values.count == Self.storedColumns.count, "a stored column without its value")
        for (column, value) in zip(Self.storedColumns, values) { container[column] = value }
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Every field as text, keyed by its `EstablishmentField` name: the audit trail, exports and
    /// conflict messages all read this one map.
    public var fields: [EstablishmentField: String] {
        Dictionary(uniqueKeysWithValues: EstablishmentField.allCases.map { ($0, text($0)) })
    }

    /// One field as text.
    public func text(_ field: EstablishmentField) -> String {
        func yes(_ b: Bool) -> String { b ? "1" : "0" }
        switch field {
        case .name: return name
        case .type: return String(typeId)
        case .street: return street
        case .residentialGroup: return residentialGroup
        case .ownerName: return ownerName
        case .ownerPhone: return ownerPhone
        case .businessRegNo: return businessRegNo
        case .licenceNo: return licenceNo
        case .licenceIssued: return licenceIssued?.vietnamese ?? ""
        case .licenceExpires: return licenceExpires?.vietnamese ?? ""
        case .securityCertificate: return yes(securityCertificate)
        case .workers: return String(workers)
        case .workersHealthChecked: return String(workersHealthChecked)
        case .workersReached: return String(workersReached)
        case .commitmentSigned: return yes(commitmentSigned)
        case .commitmentDate: return commitmentDate?.vietnamese ?? ""
        case .riskLevel: return riskLevel.rawValue
        case .riskReason: return riskReason
        case .status: return status.rawValue
        case .statusDate: return statusDate?.vietnamese ?? ""
        case .notes: return notes
        case .archived: return yes(archived)
        }
    }

    var auditFields: [String: String] { Dictionary(uniqueKeysWithValues: auditPairs) }

    /// The fields as the audit trail keys them, in key order: a new record's row is written
    /// from these without a map (an import writes 20,000).
    var auditPairs: [(key: String, value: String)] { EstablishmentField.byName.map { ($0.rawValue, text($0)) } }
}

/// The fields of an establishment, by the names forms, imports, exports and the audit use.
public enum EstablishmentField: String, CaseIterable, Sendable {
    case name, type, street, residentialGroup = "residential_group", ownerName = "owner_name", ownerPhone = "owner_phone"
    case businessRegNo = "business_reg_no", licenceNo = "licence_no", licenceIssued = "licence_issued"
    case licenceExpires = "licence_expires", securityCertificate = "security_certificate", workers
    case workersHealthChecked = "workers_health_checked", workersReached = "workers_reached"
    case commitmentSigned = "commitment_signed", commitmentDate = "commitment_date", riskLevel = "risk_level"
    case riskReason = "risk_reason", status, statusDate = "status_date", notes, archived

    /// Every field, in the order of their names.
    static let byName = allCases.sorted { $0.rawValue < $1.rawValue }

    /// Hashed by its case (one byte), not by its name: an import looks fields up 300,000 times
    /// for 20,000 rows, and hashing the name was a tenth of reading them.
    public func hash(into hasher: inout Hasher) { hasher.combine(withUnsafeBytes(of: self) { $0[0] }) }

    public var label: Msg {
        switch self {
        case .name: .colName
        case .type: .colType
        case .street: .colAddress
        case .residentialGroup: .colGroup
        case .ownerName: .fieldOwner
        case .ownerPhone: .fieldPhone
        case .businessRegNo: .fieldBusinessRegNo
        case .licenceNo: .fieldLicence
        case .licenceIssued: .fieldLicenceIssued
        case .licenceExpires: .fieldLicenceExpires
        case .securityCertificate: .fieldSecurityCertificate
        case .workers: .fieldWorkers
        case .workersHealthChecked: .fieldWorkersHealthChecked
        case .workersReached: .fieldWorkersReached
        case .commitmentSigned: .fieldCommitmentSigned
        case .commitmentDate: .fieldCommitmentDate
        case .riskLevel: .colRisk
        case .riskReason: .fieldRiskReason
        case .status: .colStatus
        case .statusDate: .fieldStatusDate
        case .notes: .fieldNotes
        case .archived: .fieldArchived
        }
    }
}

/// One thing wrong with a record, tied to the field it concerns.
public struct FieldProblem: Equatable, Sendable {
    public var field: EstablishmentField
    public var message: Msg
    public var arguments: [String]
    public init(_ field: EstablishmentField, _ message: Msg, _ arguments: [String] = []) {
        self.field = field; self.message = message; self.arguments = arguments
    }
    public func text(_ l: Localizer) -> String {
        switch arguments.count {
        case 0: return l.t(message)
        case 1: return l.t(message, arguments[0])
        default: return l.t(message, arguments[0], arguments[1])
        }
    }
}

/// What makes an establishment record valid: the one place for these rules.
public enum EstablishmentRules {
    public static let maxName = 200

    public static func problems(_ e: Establishment, today: Formats.Day = .today()) -> [FieldProblem] {
        var p: [FieldProblem] = []
        let name = VietText.clean(e.name)
        if name.isEmpty { p.append(FieldProblem(.name, .errRequiredShort)) }
        if name.count > maxName { p.append(FieldProblem(.name, .errTooLongShort, [String(maxName)])) }
        for (field, n) in [(EstablishmentField.workers, e.workers), (.workersHealthChecked, e.workersHealthChecked),
                           (.workersReached, e.workersReached)] where n < 0 {
            p.append(FieldProblem(field, .errNegative))
        }
        if e.workers >= 0 {
            if e.workersHealthChecked > e.workers { p.append(FieldProblem(.workersHealthChecked, .errMoreThanWorkers)) }
            if e.workersReached > e.workers { p.append(FieldProblem(.workersReached, .errMoreThanWorkers)) }
        }
        if let issued = e.licenceIssued, let expires = e.licenceExpires, expires <= issued {
            p.append(FieldProblem(.licenceExpires, .errExpiryBeforeIssue))
        }
        if let issued = e.licenceIssued, issued > today { p.append(FieldProblem(.licenceIssued, .errFutureDate)) }
        if let d = e.commitmentDate, d > today { p.append(FieldProblem(.commitmentDate, .errFutureDate)) }
        if let d = e.statusDate, d > today { p.append(FieldProblem(.statusDate, .errFutureDate)) }
        if e.riskLevel == .high, VietText.clean(e.riskReason).isEmpty { p.append(FieldProblem(.riskReason, .errRiskReason)) }
        return p
    }
}

/// One row of the establishment list: the record plus what the list shows beside it.
public struct EstablishmentRow: Equatable, Sendable {
    public var establishment: Establishment
    public var typeName: String
    /// The day of the latest approved inspection visit.
    public var lastInspection: Formats.Day?
}
