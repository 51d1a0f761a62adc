import TerminalKit
import WardCaseCore

/// `o` on the visit list: the standing inspection team (Đội 178), its decision and its members,
/// with each member's visits this year.
final class RosterScreen: TableScreen {
    private var team = StandingTeam()
    private var members: [RosterMember] = []

    override init(ctx: AppContext) {
        super.init(ctx: ctx)
        reload()
    }

    override func reload() {
        let l = ctx.l, today = ctx.store.today
        team = ctx.read(or: StandingTeam()) { try ctx.store.standingTeam() }
        members = load { try ctx.store.roster() }
        let counts = ctx.read(or: [:]) { try ctx.store.rosterVisitCounts(year: today.year) }
        source.rows = members.map { m in
            [m.name, m.agency, l.t(m.role.label), m.from.vietnamese, m.to?.vietnamese ?? "", String(m.id.flatMap { counts[$0] } ?? 0)]
        }
    }

    override var title: String {
        let l = ctx.l
        let serving = members.filter { $0.serves(on: ctx.store.today) }.count
        return l.t(.rosterTitle, team.name.isEmpty ? l.t(.defaultStandingTeam) : team.name, serving)
    }
    /// The decision that set the team up, and the agencies a visit's team must include.
    override var subtitle: String {
        let l = ctx.l
        let agencies = team.requiredAgencies.isEmpty ? "—" : team.requiredAgencies.joined(separator: ", ")
        return team.decisionDate.map { l.t(.rosterDecision, team.decisionNo, $0.vietnamese, agencies) } ?? l.t(.rosterNoDecision, agencies)
    }
    override var emptyText: String { ctx.l.t(.rosterEmpty) }
    override var columns: [TableColumn] {
        let l = ctx.l
        return [TableColumn(l.t(.fieldFullName), minWidth: 18, weight: 2), TableColumn(l.t(.fieldAgency2), minWidth: 14, weight: 2),
                TableColumn(l.t(.colRole), minWidth: 10), TableColumn(l.t(.colFrom), minWidth: 10, whole: true),
                TableColumn(l.t(.colTo), minWidth: 10, whole: true),
                TableColumn(l.t(.colVisitsThisYear), short: l.t(.colVisits), minWidth: 6, alignRight: true)]
    }
    override var ownActions: [Action] { Actions.roster }

    override func perform(own action: ActionID) -> ScreenOutcome {
        switch action {
        case .newRecord: return .push(RosterMemberFormScreen(ctx: ctx, editing: nil))
        case .editTeam: return .push(StandingTeamFormScreen(ctx: ctx, team: team))
        case .open:
            guard members.indices.contains(table.selected) else { return .none }
            return .push(RosterMemberFormScreen(ctx: ctx, editing: members[table.selected]))
        default: return .none
        }
    }
}

/// One member of the standing team: who, from which agency, in which role, from when to when.
final class RosterMemberFormScreen: FormScreen {
    private let original: RosterMember?

    init(ctx: AppContext, editing: RosterMember?) {
        original = editing
        let l = ctx.l, rules = FieldRules(l: l)
        let m = editing ?? RosterMember(name: "", agency: "", from: ctx.store.today)
        super.init(ctx: ctx, title: editing.map { l.t(.rosterMemberTitle, $0.name) } ?? l.t(.newRosterMemberTitle), intro: "", fields: [
            FormField(id: "name", label: l.t(.fieldFullName), kind: .text(maxLength: 120), required: true, value: m.name),
            FormField(id: "agency", label: l.t(.fieldAgency2), kind: .text(maxLength: 120), value: m.agency),
            FormField(id: "role", label: l.t(.colRole), kind: .choice(TeamRole.allCases.map { l.t($0.label) }), value: l.t(m.role.label)),
            FormField(id: "from", label: l.t(.colFrom), kind: .date, required: true, value: m.from.vietnamese, validator: rules.date),
            FormField(id: "to", label: l.t(.colTo), kind: .date, value: m.to?.vietnamese ?? "", validator: rules.date),
        ], cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        guard let from = Formats.Day(vietnamese: form["from"]) else { return .none }
        var m = original ?? RosterMember(name: "", agency: "", from: from)
        m.name = form["name"]
        m.agency = form["agency"]
        m.role = TeamRole.allCases.first { l.t($0.label) == form["role"] } ?? .member
        m.from = from
        m.to = Formats.Day(vietnamese: form["to"])
        return save(done: l.t(.rosterSaved, VietText.clean(m.name))) {
            try ctx.store.saveRosterMember(m, original: original, by: try ctx.account())
        }
    }
}

/// The team's name, the decision that set it up, and the agencies every visit must include.
final class StandingTeamFormScreen: FormScreen {
    private let original: StandingTeam

    init(ctx: AppContext, team: StandingTeam) {
        original = team
        let l = ctx.l, rules = FieldRules(l: l)
        super.init(ctx: ctx, title: l.t(.teamFormTitle), intro: "", fields: [
            FormField(id: "name", label: l.t(.fieldTeamName), kind: .text(maxLength: 120),
                      value: team.name.isEmpty ? l.t(.defaultStandingTeam) : team.name),
            FormField(id: "no", label: l.t(.fieldDecisionNo), kind: .text(maxLength: 60), value: team.decisionNo),
            FormField(id: "date", label: l.t(.fieldDecisionDate), kind: .date, value: team.decisionDate?.vietnamese ?? "", validator: rules.date),
            FormField(id: "agencies", label: l.t(.fieldRequiredAgencies), kind: .text(maxLength: 200),
                      value: team.requiredAgencies.joined(separator: ", ")),
        ], cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        var t = original
        t.name = form["name"]
        t.decisionNo = form["no"]
        t.decisionDate = Formats.Day(vietnamese: form["date"])
        t.requiredAgencies = form["agencies"].split(separator: ",").map { String($0) }
        return save(done: ctx.l.t(.teamSaved)) { try ctx.store.saveStandingTeam(t, original: original, by: try ctx.account()) }
    }
}
