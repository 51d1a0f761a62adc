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
public enum RiskLevel: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case low, medium, high
    public var label: Msg {
        switch self { case .low: .riskLow; case .medium: .riskMedium; case .high: .riskHigh }
    }
}

/// Whether an establishment is trading.
public enum EstablishmentStatus: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case active, suspended, closed
    public var label: Msg {
        switch self { case .active: .statusActive; case .suspended: .statusSuspended; case .closed: .statusClosed }
    }
}

/// One business on the ward's register.
public struct Establishment: Equatable, Sendable, Codable, FetchableRecord, MutablePersistableRecord, Identifiable {
    public static let databaseTableName = "establishment"
    public var id: Int64?
    public var name: String
    public var typeId: Int64
    public var street: String
    public var residentialGroup: String
    public var ownerName: String
    public var ownerPhone: String
    public var licenceNo: String
    public var riskLevel: RiskLevel
    public var status: EstablishmentStatus
    public var notes: String
    public var version = 1

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let name = Column(CodingKeys.name)
        public static let typeId = Column(CodingKeys.typeId)
        public static let residentialGroup = Column(CodingKeys.residentialGroup)
        public static let riskLevel = Column(CodingKeys.riskLevel)
        public static let status = Column(CodingKeys.status)
        public static let searchFold = Column("search_fold")
        public static let nameFold = Column("name_fold")
    }

    enum CodingKeys: String, CodingKey {
        case id, name, street, notes, status, version
        case typeId = "type_id", residentialGroup = "residential_group", ownerName = "owner_name"
        case ownerPhone = "owner_phone", licenceNo = "licence_no", riskLevel = "risk_level"
    }

    public init(id: Int64? = nil, name: String, typeId: Int64, street: String = "", residentialGroup: String = "",
                ownerName: String = "", ownerPhone: String = "", licenceNo: String = "",
                riskLevel: RiskLevel = .low, status: EstablishmentStatus = .active, notes: String = "") {
        self.id = id; self.name = name; self.typeId = typeId; self.street = street
        self.residentialGroup = residentialGroup; self.ownerName = ownerName; self.ownerPhone = ownerPhone
        self.licenceNo = licenceNo; self.riskLevel = riskLevel; self.status = status; self.notes = notes
    }

    /// The folded text that "filter as you type" searches: name, address, owner, licence.
    public var searchText: String {
        // " | " keeps a phrase from matching across two fields.
        VietText.fold([name, street, residentialGroup, ownerName, licenceNo].joined(separator: " | "))
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[CodingKeys.id.rawValue] = id
        container[CodingKeys.name.rawValue] = VietText.nfc(name)
        container[CodingKeys.typeId.rawValue] = typeId
        container[CodingKeys.street.rawValue] = VietText.nfc(street)
        container[CodingKeys.residentialGroup.rawValue] = VietText.nfc(residentialGroup)
        container[CodingKeys.ownerName.rawValue] = VietText.nfc(ownerName)
        container[CodingKeys.ownerPhone.rawValue] = ownerPhone
        container[CodingKeys.licenceNo.rawValue] = licenceNo
        container[CodingKeys.riskLevel.rawValue] = riskLevel
        container[CodingKeys.status.rawValue] = status
        container[CodingKeys.notes.rawValue] = VietText.nfc(notes)
        container[CodingKeys.version.rawValue] = version
        container["search_fold"] = searchText
        container["name_fold"] = VietText.fold(name)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var auditFields: [String: String] {
        ["name": name, "type_id": String(typeId), "street": street, "residential_group": residentialGroup,
         "owner_name": ownerName, "owner_phone": ownerPhone, "licence_no": licenceNo, "risk_level": riskLevel.rawValue,
         "status": status.rawValue, "notes": notes]
    }
}

/// One row of the establishment list: the record plus what the list shows beside it.
public struct EstablishmentRow: Equatable, Sendable {
    public var establishment: Establishment
    public var typeName: String
}
