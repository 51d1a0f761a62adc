import Foundation
import WardCaseCore

// Files for the support section: the case and referral lists as CSV, XLSX and JSON (the same
// columns in all three), and one case as a plain-text sheet. The lists carry codes and facts that
// are safe to count, never a name, phone, ID number, case note or referral outcome: the sealed
// values are not even read here.


/// The case list for files: the same columns for CSV, XLSX and JSON.
public enum CaseExport {
    /// Stable English keys of the JSON objects, one per column.
    public static let keys = ["code", "sex", "age_group", "residence", "source", "first_contact", "status", "status_date",
                              "close_reason", "referrals", "next_follow_up", "last_screening", "target_groups"]

    public static func header(_ l: Localizer) -> [String] {
        [l.t(.colCaseCode), l.t(.fieldSex), l.t(.fieldAgeGroup), l.t(.fieldResidence), l.t(.fieldContactSource),
         l.t(.fieldFirstContact), l.t(.colStatus), l.t(.fieldStatusDate), l.t(.fieldCloseReason), l.t(.colReferralCount),
         l.t(.colNextFollowUp), l.t(.colLastScreening), l.t(.fieldTargetGroups)]
    }

    /// Cells in the user's language: labels for the facts, dates as dates, the referral count as a number.
    public static func cells(_ row: CaseRow, _ l: Localizer) -> [Grid.Cell] {
        let c = row.supportCase
        return [.text(c.code), .text(l.t(c.sex.label)), .text(l.t(c.ageGroup.label)), .text(l.t(c.residence.label)),
                .text(l.t(c.source.label)), dayCell(c.firstContact), .text(l.t(c.status.label)), dayCell(c.statusDate),
                c.closeReason.map { .text(l.t($0.label)) } ?? .empty, .number(Double(row.referrals)),
                dayCell(row.nextFollowUp), dayCell(row.lastScreening), c.groups.isEmpty ? .empty : .text(TargetGroup.names(c.groups, l))]
    }

    public static func csv(_ rows: [CaseRow], _ l: Localizer) -> Data {
        CSV.write(cells: [header(l).map(Grid.Cell.text)] + rows.map { cells($0, l) })
    }

    public static func xlsx(_ rows: [CaseRow], _ l: Localizer) throws -> Data {
        try shape(l).data(rows, format: .xlsx, l: l)
    }

    /// Column keys with the values as the file shows them, plus the record's id and the codes of
    /// its facts (the same in every language).
    public static func json(_ rows: [CaseRow], _ l: Localizer) throws -> Data {
        try shape(l).data(rows, format: .json, l: l)
    }

    public static func shape(_ l: Localizer) -> ListShape<CaseRow> {
        ListShape(sheetName: l.t(.sheetCases), header: header(l), keys: keys, cells: { cells($0, l) }) {
            let c = $0.supportCase
            return ["id": idValue(c.id), "sex_code": .text(c.sex.rawValue), "age_group_code": .text(c.ageGroup.rawValue),
                    "residence_code": .text(c.residence.rawValue), "source_code": .text(c.source.rawValue),
                    "status_code": .text(c.status.rawValue), "close_reason_code": .text(c.closeReason?.rawValue ?? ""),
                    "target_group_codes": .text(TargetGroup.encode(c.groups))]
        }
    }
}

/// The referral list for files. The outcome note is never exported.
public enum ReferralExport {
    public static let keys = ["case_code", "service", "provider", "status", "proposed_date", "referred_date", "received_date",
                              "used_date", "ended_date", "follow_up", "overdue"]

    public static func header(_ l: Localizer) -> [String] {
        [l.t(.colCaseCode), l.t(.fieldService), l.t(.fieldProvider), l.t(.colStatus), l.t(.colProposedDate),
         l.t(.colReferredDate), l.t(.colReferralReceivedDate), l.t(.colUsedDate), l.t(.colEndedDate),
         l.t(.colReferralFollowUp), l.t(.colOverdue)]
    }

    public static func cells(_ row: ReferralRow, _ l: Localizer) -> [Grid.Cell] {
        let r = row.referral
        return [.text(row.caseCode), .text(l.t(r.service.label)), textCell(row.providerName), .text(l.t(r.status.label)),
                dayCell(r.proposedDate), dayCell(r.referredDate), dayCell(r.receivedDate), dayCell(r.usedDate),
                dayCell(r.endedDate), dayCell(r.followUp), .text(l.t(row.overdue ? .yes : .no))]
    }

    public static func csv(_ rows: [ReferralRow], _ l: Localizer) -> Data {
        CSV.write(cells: [header(l).map(Grid.Cell.text)] + rows.map { cells($0, l) })
    }

    public static func xlsx(_ rows: [ReferralRow], _ l: Localizer) throws -> Data {
        try shape(l).data(rows, format: .xlsx, l: l)
    }

    public static func json(_ rows: [ReferralRow], _ l: Localizer) throws -> Data {
        try shape(l).data(rows, format: .json, l: l)
    }

    public static func shape(_ l: Localizer) -> ListShape<ReferralRow> {
        ListShape(sheetName: l.t(.sheetReferrals), header: header(l), keys: keys, cells: { cells($0, l) }) {
            let r = $0.referral
            return ["id": idValue(r.id), "case_id": .number(r.caseId), "provider_id": idValue(r.providerId),
                    "service_code": .text(r.service.rawValue), "status_code": .text(r.status.rawValue)]
        }
    }
}

/// One case as a plain-text (UTF-8) sheet, which a case worker exports on purpose: the code, the
/// facts, the identity only when the caller hands it over (having written the export to the audit
/// trail through `WardStore.identityForExport`), the consent in force and the timeline. The
/// timeline says what happened, never what was said: case, screening and contact notes and
/// referral outcomes stay out, whether or not they were opened.
public enum SingleCaseExport {
    public static func text(_ c: SupportCase, identity: Identity?, consent: Consent?, timeline: [TimelineEntry], l: Localizer) -> String {
        var lines: [String] = []
        func field(_ label: Msg, _ value: String) { lines.append("\(l.t(label)): \(value)") }
        func heading(_ title: Msg) { lines += ["", l.t(title)] }
        func services(_ set: Set<Service>) -> String { Service.names(set, l, empty: l.t(.noneValue)) }
        func yesNo(_ b: Bool) -> String { l.t(b ? .yes : .no) }
        /// Typed text kept on one line, without control characters.
        func flat(_ s: String) -> String {
            s.replacingOccurrences(of: "[\\p{Cc}\\s]+", with: " ", options: .regularExpression).trimmingCharacters(in: .whitespaces)
        }

        lines.append(l.t(.docCaseTitle, c.code))
        lines.append("")
        field(.fieldSex, l.t(c.sex.label))
        field(.fieldAgeGroup, l.t(c.ageGroup.label))
        field(.fieldResidence, l.t(c.residence.label))
        field(.fieldContactSource, l.t(c.source.label))
        field(.fieldFirstContact, c.firstContact.vietnamese)
        field(.colStatus, l.t(c.status.label))
        field(.fieldStatusDate, c.statusDate.vietnamese)
        if let reason = c.closeReason { field(.fieldCloseReason, l.t(reason.label)) }

        if let identity {
            heading(.docIdentityHeading)
            let parts: [(Msg, String)] = [(.identityFullName, identity.fullName), (.identityAlias, identity.alias),
                                          (.identityBirth, identity.birth), (.identityIdNumber, identity.idNumber),
                                          (.fieldPhone, identity.phone), (.colAddress, identity.address)]
            let given = parts.filter { !flat($0.1).isEmpty }
            if given.isEmpty { lines.append(l.t(.docNoneRecorded)) }
            for (label, value) in given { field(label, flat(value)) }
        }

        heading(.docConsentHeading)
        if let consent {
            field(.consentDate, consent.date.vietnamese + (consent.recordedBy.isEmpty ? "" : " (\(consent.recordedBy))"))
            field(.consentRecording, yesNo(consent.recording))
            field(.consentServices, services(consent.services))
            let agencies = consent.agencies.map(flat).filter { !$0.isEmpty }
            field(.consentAgencies, agencies.isEmpty ? l.t(.noneValue) : agencies.joined(separator: "; "))
        } else {
            lines.append(l.t(.docNoneRecorded))
        }

        heading(.docTimelineHeading)
        if timeline.isEmpty { lines.append(l.t(.docNoneRecorded)) }
        for e in timeline {
            let what: String
            if case .consent(let recording, let set, _) = e.kind {
                what = l.t(.timelineConsent, yesNo(recording), services(set))
            } else {
                what = e.what(l)
            }
            lines.append("\(e.date.vietnamese)  \(what)" + (e.author.isEmpty ? "" : " (\(flat(e.author)))"))
        }

        if identity != nil {
            lines += ["", l.t(.docConfidential)]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The police lists received, as counts (never who is on them): the same columns for CSV and JSON.
public enum PoliceListExport {
    public static let keys = ["number", "received_on", "reference", "people", "new_cases", "linked_cases", "reached", "supported"]

    public static func header(_ l: Localizer) -> [String] {
        [l.t(.colImportNumber), l.t(.colReceivedOn), l.t(.colDispatchNo), l.t(.colPeople), l.t(.colNewCases), l.t(.colLinkedCases),
         l.t(.colReachedPeople), l.t(.colSupportedPeople)]
    }

    public static func cells(_ p: PoliceListSummary) -> [Grid.Cell] {
        [.number(Double(p.id)), dayCell(p.receivedOn), textCell(p.reference)] + [p.people, p.opened, p.linked, p.reached, p.supported].map { .number(Double($0)) }
    }

    public static func csv(_ rows: [PoliceListSummary], _ l: Localizer) -> Data {
        CSV.write(cells: [header(l).map(Grid.Cell.text)] + rows.map(cells))
    }

    public static func json(_ rows: [PoliceListSummary], _ l: Localizer) throws -> Data {
        try ListShape(sheetName: l.t(.policeListsTitle), header: header(l), keys: keys, cells: cells).data(rows, format: .json, l: l)
    }
}
