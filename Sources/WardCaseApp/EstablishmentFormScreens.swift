import TerminalKit
import WardCaseCore

/// Quick filters over the register: type, risk, status and three questions a leader asks.
final class QuickFilterScreen: FormScreen {
    private let apply: (EstablishmentQuery) -> Void
    private var query: EstablishmentQuery
    private let types: [EstablishmentType]

    init(ctx: AppContext, query: EstablishmentQuery, apply: @escaping (EstablishmentQuery) -> Void) {
        self.apply = apply
        self.query = query
        types = ctx.read(or: []) { try ctx.store.establishmentTypes() }
        super.init(ctx: ctx, title: ctx.l.t(.quickFilterTitle), intro: "",
                   fields: Self.fields(query, types: types, l: ctx.l), cancellable: true)
    }

    private static func fields(_ query: EstablishmentQuery, types: [EstablishmentType], l: Localizer) -> [FormField] {
        let all = l.t(.filterAll), yes = l.t(.yes), no = l.t(.no)
        var typeNames = [all]
        var currentType = all
        for t in types {
            typeNames.append(t.name(l.language))
            if t.id == query.typeId { currentType = t.name(l.language) }
        }
        let risks = [all] + RiskLevel.allCases.map { l.t($0.label) }
        let statuses = [all] + EstablishmentStatus.allCases.map { l.t($0.label) }
        let currentRisk = query.risk.map { l.t($0.label) } ?? all
        let currentStatus = query.status.map { l.t($0.label) } ?? all
        return [
            FormField(id: "type", label: l.t(.colType), kind: .choice(typeNames), value: currentType),
            FormField(id: "risk", label: l.t(.colRisk), kind: .choice(risks), value: currentRisk),
            FormField(id: "status", label: l.t(.colStatus), kind: .choice(statuses), value: currentStatus),
            FormField(id: "notInspected", label: l.t(.filterNotInspected), kind: .yesNo, value: query.notInspectedThisYear ? yes : no),
            FormField(id: "expiring", label: l.t(.filterExpiring), kind: .yesNo, value: query.licenceExpiringWithin != nil ? yes : no),
            FormField(id: "noCommitment", label: l.t(.filterNoCommitment), kind: .yesNo, value: query.noCommitment ? yes : no),
        ]
    }

    override var hasUnsavedChanges: Bool { false }

    override func submit() -> ScreenOutcome {
        let l = ctx.l, yes = l.t(.yes)
        query.typeId = types.first { $0.name(l.language) == form["type"] }?.id
        query.risk = RiskLevel.allCases.first { l.t($0.label) == form["risk"] }
        query.status = EstablishmentStatus.allCases.first { l.t($0.label) == form["status"] }
        query.notInspectedThisYear = form["notInspected"] == yes
        query.licenceExpiringWithin = form["expiring"] == yes ? 30 : nil
        query.noCommitment = form["noCommitment"] == yes
        apply(query)
        return .pop
    }
}

/// New or edited establishment. The core checks the record; a likely duplicate is shown and
/// asked about before saving; someone else's change meanwhile is shown, not overwritten.
final class EstablishmentFormScreen: FormScreen {
    private let original: Establishment?
    private let types: [EstablishmentType]

    init(ctx: AppContext, editing: Establishment?) {
        original = editing
        let l = ctx.l, rules = FieldRules(l: l)
        types = ctx.read(or: []) { try ctx.store.establishmentTypes() }
        let e = editing ?? Establishment(name: "", typeId: types.first?.id ?? 1)
        let yes = l.t(.yes), no = l.t(.no)
        func text(_ f: EstablishmentField, _ value: String, max: Int = 200, required: Bool = false) -> FormField {
            FormField(id: f.rawValue, label: l.t(f.label), kind: .text(maxLength: max), required: required, value: value)
        }
        func date(_ f: EstablishmentField, _ value: Formats.Day?) -> FormField {
            FormField(id: f.rawValue, label: l.t(f.label), kind: .date, value: value?.vietnamese ?? "", validator: rules.date)
        }
        func number(_ f: EstablishmentField, _ value: Int) -> FormField {
            FormField(id: f.rawValue, label: l.t(f.label), kind: .number, value: value == 0 ? "" : String(value), validator: rules.number)
        }
        func flag(_ f: EstablishmentField, _ value: Bool) -> FormField {
            FormField(id: f.rawValue, label: l.t(f.label), kind: .yesNo, value: value ? yes : no)
        }
        let fields: [FormField] = [
            text(.name, e.name, required: true),
            FormField(id: EstablishmentField.type.rawValue, label: l.t(.colType), kind: .choice(types.map { $0.name(l.language) }),
                      value: types.first { $0.id == e.typeId }?.name(l.language) ?? ""),
            text(.street, e.street), residentialGroupField(ctx, id: EstablishmentField.residentialGroup.rawValue, value: e.residentialGroup),
            text(.ownerName, e.ownerName, max: 120), text(.ownerPhone, e.ownerPhone, max: 30),
            text(.businessRegNo, e.businessRegNo, max: 40), text(.licenceNo, e.licenceNo, max: 40),
            date(.licenceIssued, e.licenceIssued), date(.licenceExpires, e.licenceExpires),
            flag(.securityCertificate, e.securityCertificate),
            number(.workers, e.workers), number(.workersHealthChecked, e.workersHealthChecked), number(.workersReached, e.workersReached),
            flag(.commitmentSigned, e.commitmentSigned), date(.commitmentDate, e.commitmentDate),
            FormField(id: EstablishmentField.riskLevel.rawValue, label: l.t(.colRisk), kind: .choice(RiskLevel.allCases.map { l.t($0.label) }),
                      value: l.t(e.riskLevel.label)),
            text(.riskReason, e.riskReason, max: 300),
            FormField(id: EstablishmentField.status.rawValue, label: l.t(.colStatus),
                      kind: .choice(EstablishmentStatus.allCases.map { l.t($0.label) }), value: l.t(e.status.label)),
            date(.statusDate, e.statusDate),
            FormField(id: EstablishmentField.notes.rawValue, label: l.t(.fieldNotes), kind: .multiline(maxLength: 2000, rows: 3), value: e.notes),
        ]
        super.init(ctx: ctx, title: editing.map { l.t(.editEstablishmentTitle, $0.name) } ?? l.t(.newEstablishmentTitle),
                   intro: "", fields: fields, cancellable: true)
    }

    /// The record as the form says it.
    private var record: Establishment {
        let l = ctx.l, yes = l.t(.yes)
        func v(_ f: EstablishmentField) -> String { form[f.rawValue] }
        var e = original ?? Establishment(name: "", typeId: 0)
        e.name = VietText.clean(v(.name))
        e.typeId = types.first { $0.name(l.language) == v(.type) }?.id ?? types.first?.id ?? 0
        e.street = VietText.clean(v(.street)); e.residentialGroup = residentialGroup(v(.residentialGroup))
        e.ownerName = VietText.clean(v(.ownerName)); e.ownerPhone = VietText.clean(v(.ownerPhone))
        e.businessRegNo = VietText.clean(v(.businessRegNo)); e.licenceNo = VietText.clean(v(.licenceNo))
        e.licenceIssued = Formats.Day(vietnamese: v(.licenceIssued)); e.licenceExpires = Formats.Day(vietnamese: v(.licenceExpires))
        e.securityCertificate = v(.securityCertificate) == yes
        e.workers = Formats.parseInt(v(.workers)) ?? 0
        e.workersHealthChecked = Formats.parseInt(v(.workersHealthChecked)) ?? 0
        e.workersReached = Formats.parseInt(v(.workersReached)) ?? 0
        e.commitmentSigned = v(.commitmentSigned) == yes
        e.commitmentDate = Formats.Day(vietnamese: v(.commitmentDate))
        e.riskLevel = RiskLevel.allCases.first { l.t($0.label) == v(.riskLevel) } ?? .unclassified
        e.riskReason = VietText.clean(v(.riskReason))
        e.status = EstablishmentStatus.allCases.first { l.t($0.label) == v(.status) } ?? .active
        e.statusDate = Formats.Day(vietnamese: v(.statusDate))
        e.notes = VietText.clean(v(.notes), multiline: true)
        return e
    }

    override func submit() -> ScreenOutcome {
        let e = record
        let problems = EstablishmentRules.problems(e)
        if !problems.isEmpty {
            for p in problems.reversed() { form.setError(p.text(ctx.l), field: p.field.rawValue) }
            return .status(ctx.l.t(.fixErrors, problems.count), .error)
        }
        do {
            let twins = try ctx.store.likelyDuplicates(of: e)
            if !twins.isEmpty {
                let l = ctx.l
                let list = twins.map { "\($0.establishment.name) (\($0.establishment.street))" }.joined(separator: "; ")
                let d = Dialog(title: l.t(.duplicateTitle), message: l.t(.duplicateAsk, list), buttons: [l.t(.saveAnyway), l.t(.dontSave)], selected: 1)
                return .confirm(d) { [self] in save(e, over: original) }
            }
        } catch {
            return .status(ctx.message(for: error), .error)
        }
        return save(e, over: original)
    }

    private func save(_ e: Establishment, over base: Establishment?) -> ScreenOutcome {
        do {
            let saved = try base.map { try ctx.store.updateEstablishment(e, original: $0, by: try ctx.account()) }
                ?? ctx.store.addEstablishment(e, by: try ctx.account())
            form.markSaved()
            return ScreenOutcome.status(ctx.l.t(.establishmentSaved, saved.name), .success).then(.pop)
        } catch let WardError.conflict(conflict) {
            let l = ctx.l
            let d = Dialog(title: l.t(.conflictTitle), message: l.t(.conflictAsk, conflict.summary),
                           buttons: [l.t(.overwrite), l.t(.keepTheirs)], selected: 1)
            return .confirm(d) { [self] in
                guard let id = e.id, let latest = (ctx.read { try ctx.store.establishment(id: id)?.establishment }) else { return .none }
                var mine = e
                mine.version = latest.version
                return save(mine, over: latest)
            }
        } catch let WardError.invalidRecord(problems) {
            for p in problems.reversed() { form.setError(p.text(ctx.l), field: p.field.rawValue) }
            return .status(ctx.l.t(.fixErrors, problems.count), .error)
        } catch {
            return .status(ctx.message(for: error), .error)
        }
    }
}

/// The residential group as a pick-list of the ward's groups (`wardcase group set` adds one):
/// "—" for none, and a record's own group kept even if the list no longer has it. Typing a number
/// or a name jumps to it.
func residentialGroupField(_ ctx: AppContext, id: String, value: String) -> FormField {
    let names = ctx.read(or: []) { try ctx.store.residentialGroups() }.map(\.name)
    let options = ["—"] + names + (value.isEmpty || names.contains(value) ? [] : [value])
    return FormField(id: id, label: ctx.l.t(.colGroup), kind: .choice(options), value: value.isEmpty ? "—" : value)
}

/// The group a `residentialGroupField` says: "" for "—".
func residentialGroup(_ value: String) -> String { value == "—" ? "" : value }
