import Foundation

// Words shown for records in more than one place (screens, shell, exported files), each said once.

extension Account {
    /// "Đang dùng", "Khoá đến 14:30" or "Đã tắt".
    public func stateText(_ l: Localizer, at now: Date) -> String {
        if !active { return l.t(.accountDisabled) }
        if let until = lockedUntil, isLocked(at: now) { return l.t(.accountLockedUntil, Timestamp.time(until)) }
        return l.t(.accountActive)
    }

    /// The roles in their usual order, by name: "Quản trị, Cán bộ".
    public func rolesText(_ l: Localizer) -> String {
        Role.allCases.filter(roles.contains).map { l.t($0.label) }.joined(separator: ", ")
    }
}

extension CodeSet {
    /// The codes in their list's order, by name, or `empty` when there are none.
    public static func names(_ set: Set<Self>, _ l: Localizer, empty: String = "") -> String {
        let names = allCases.filter(set.contains).map { l.t($0.label) }
        return names.isEmpty ? empty : names.joined(separator: nameSeparator)
    }
}

extension TimelineEntry {
    /// What happened, in a line: the case page and the case's export say it alike.
    public func what(_ l: Localizer, noServices: String = "") -> String {
        switch kind {
        case .opened(let source): l.t(.timelineOpened, l.t(source.label))
        case .policeList(let reference): reference.isEmpty ? l.t(.timelinePoliceList) : l.t(.timelinePoliceListRef, reference)
        case .status(let status, let reason): l.t(.timelineStatus, l.t(status.label) + (reason.map { " · " + l.t($0.label) } ?? ""))
        case .contact(let k): l.t(.timelineContact, l.t(k.label))
        case .screening(let needs): l.t(.timelineScreening, Service.names(needs, l, empty: l.t(.noNeeds)))
        case .consent(let recording, let services, _):
            l.t(.timelineConsentShort, recording ? Service.names(services, l, empty: noServices) : l.t(.consentNoRecording))
        case .referral(let s, let status): l.t(.timelineReferral, l.t(s.label), l.t(status.label))
        }
    }
}

extension AccessStanding {
    public func text(_ l: Localizer) -> String {
        switch self {
        case .notScreened: l.t(.accessNotScreened)
        case .noNeed: l.t(.accessNoNeed)
        case .waiting: l.t(.accessWaiting)
        case .reached(let day): l.t(.accessReached, day.vietnamese)
        }
    }
}

extension Sanction {
    /// "QĐ xử phạt số 12/QĐ-XPHC ngày 20/11/2026, người ký: …; đã nộp phạt ngày 25/11/2026".
    public func text(_ l: Localizer) -> String {
        l.t(.sanctionLine, decisionNo, decisionDate.vietnamese, signer.isEmpty ? "" : l.t(.sanctionSignedBy, signer))
            + (paidDate.map { l.t(.sanctionPaid, $0.vietnamese) } ?? l.t(.sanctionUnpaid))
    }
}


extension CaseRow {
    /// The case's next follow-up is past.
    public func followUpOverdue(today: Formats.Day) -> Bool { nextFollowUp.map { $0 < today } ?? false }
}

extension AuditEntry {
    /// What changed, in the reader's language: each field by its label and each value as the
    /// screens show it ("Trạng thái: Bản nháp → Chờ duyệt; Tiền phạt: 2.000.000 đ"). A key this
    /// does not know is shown as stored, so nothing is ever hidden.
    public func changeText(_ l: Localizer) -> String {
        let keys = Set(before.keys).union(after.keys).sorted()
        return keys.compactMap { k -> String? in
            let b = before[k], a = after[k]
            if b == a { return nil }
            let label = Self.fieldLabel(k, recordType: recordType).map { l.t($0) } ?? k
            func show(_ v: String?) -> String {
                guard let v, !v.isEmpty else { return "—" }
                return Self.valueText(k, v, recordType: recordType, l)
            }
            if b == nil { return "\(label): \(show(a))" }
            return "\(label): \(show(b)) → \(show(a))"
        }.joined(separator: "; ")
    }

    static func fieldLabel(_ key: String, recordType: String) -> Msg? {
        if recordType == "establishment", let f = EstablishmentField(rawValue: key) { return f.label }
        switch key {
        case "visit_date": return .fieldVisitDate
        case "visit_time": return .fieldVisitTime
        case "kind": return recordType == "tip" ? .fieldTipKind : .fieldVisitKind
        case "status": return .colStatus
        case "team": return .fieldTeam
        case "findings": return .fieldFindings
        case "remedy_deadline": return .fieldRemedyDeadline
        case "follow_up_due": return .fieldFollowUpDue
        case "return_comment": return .fieldReturnComment
        case "members": return .fieldMembers
        case "checks": return .fieldChecklistItem
        case "violations": return .fieldViolation
        case "establishment_id": return .fieldLinkedEstablishment
        case "received_date": return .fieldReceivedDate
        case "channel": return .fieldChannel
        case "content": return .fieldTipContent
        case "verified_date": return .fieldVerifiedDate
        case "verify_result": return .fieldVerifyResult
        case "classified_date": return .fieldClassifiedDate
        case "classification": return .fieldClassification
        case "handled_date": return .fieldHandledDate
        case "handle_result": return .fieldHandleResult
        case "name": return .colName
        case "address": return .colAddress
        case "residential_group": return .colGroup
        case "description": return .fieldDescription
        case "target_groups": return .fieldTargetGroups
        default: return nil
        }
    }

    static func valueText(_ key: String, _ v: String, recordType: String, _ l: Localizer) -> String {
        func yesNo() -> String { v == "1" ? l.t(.yes) : v == "0" ? l.t(.no) : v }
        switch (recordType, key) {
        case ("visit", "status"): return VisitStatus(rawValue: v).map { l.t($0.label) } ?? v
        case ("visit", "kind"): return VisitKind(rawValue: v).map { l.t($0.label) } ?? v
        case ("establishment", "status"): return EstablishmentStatus(rawValue: v).map { l.t($0.label) } ?? v
        case ("establishment", "risk_level"): return RiskLevel(rawValue: v).map { l.t($0.label) } ?? v
        case ("establishment", "security_certificate"), ("establishment", "commitment_signed"), ("establishment", "archived"):
            return yesNo()
        case ("support_case", "target_groups"): return TargetGroup.names(TargetGroup.decode(v), l)
        case ("visit", "checks"):
            // "3=ok,5=not_ok": how many items were found in order and not.
            let results = v.split(separator: ",").compactMap { $0.split(separator: "=").last.flatMap { CheckResult(rawValue: String($0)) } }
            return CheckResult.allCases.compactMap { r in
                let n = results.filter { $0 == r }.count
                return n == 0 ? nil : "\(l.t(r.label)) \(n)"
            }.joined(separator: ", ")
        case ("visit", "violations"):
            // "Mô tả [căn cứ] fine 2000000; …" as the audit row keeps it.
            return v.components(separatedBy: "; ").map { item -> String in
                let parts = item.split(separator: " ")
                guard parts.count >= 2, let amount = Int64(parts[parts.count - 1]), let handling = Handling(rawValue: String(parts[parts.count - 2])),
                      let open = item.range(of: " [", options: .backwards) else { return item }
                let money = amount > 0 ? ", " + Formats.groupedDigits(amount) + " đ" : ""
                return String(item[..<open.lowerBound]) + " (" + l.t(handling.label) + money + ")"
            }.joined(separator: "; ")
        default: return v
        }
    }
}
