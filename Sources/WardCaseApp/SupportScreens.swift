import Foundation
import TerminalKit
import WardCaseCore
import WardCaseExport

/// Hỗ trợ: the cases by code. Everyone with the section sees codes and counts; a case worker
/// who has typed the passphrase (m) also sees who the person is, and each showing is logged.
final class CaseListScreen: ListScreen<CaseQuery, CaseRow> {
    private var figures: SupportFigures?
    /// Who the cases are, opened in memory for name searches once the key is open; gone at the lock.
    private var identities: IdentitySearch?

    init(ctx: AppContext) {
        let store = ctx.store, l = ctx.l
        let source = PagedSource<CaseQuery, CaseRow>(
            query: CaseQuery(),
            count: { try store.countCases($0) },
            fetch: { q, range in try store.cases(q, offset: range.lowerBound, limit: range.count) },
            cells: { r in
                let c = r.supportCase
                return [c.code + (c.isMinor ? " ⚑" : ""), l.t(c.sex.label), l.t(c.ageGroup.label), l.t(c.residence.label), c.firstContact.vietnamese,
                        l.t(c.status.label), String(r.referrals), alertDate(r.nextFollowUp, overdue: r.followUpOverdue(today: store.today))]
            },
            alert: { r in r.followUpOverdue(today: store.today) },
            describe: ctx.message(for:))
        super.init(ctx: ctx, source: source, filter: \.code)
        loadFigures()
    }

    override var columns: [TableColumn] {
        let l = ctx.l
        return [
            TableColumn(l.t(.colCaseCode), minWidth: 14, whole: true), TableColumn(l.t(.fieldSex), minWidth: 9),
            TableColumn(l.t(.fieldAgeGroup), minWidth: 9), TableColumn(l.t(.fieldResidence), minWidth: 12, weight: 1),
            TableColumn(l.t(.colFirstContact), minWidth: 10, whole: true), TableColumn(l.t(.colStatus), minWidth: 11),
            TableColumn(l.t(.colReferralsFull), short: l.t(.colReferrals), minWidth: 4, alignRight: true), TableColumn(l.t(.fieldFollowUp), minWidth: 12, whole: true),
        ]
    }


    override func headerLines() -> [(String, Style)] {
        let l = ctx.l, today = ctx.store.today
        var first = l.t(.caseCount, source.rowCount)
        if let f = figures {
            first += " · " + (f.accessPercent.map { l.t(.accessLine, today.year, f.withAccess, f.eligible, $0, f.targetPercent) }
                ?? l.t(.accessNotYet, today.year))
        }
        let lock: String
        if !ctx.can(.viewIdentities) {
            lock = l.t(.identitiesHidden)
        } else {
            lock = ctx.wardKey == nil ? l.t(.identitiesLocked) : l.t(.identitiesUnlocked)
        }
        let status = source.query.status.map { l.t($0.label) } ?? l.t(.filterAll)
        let group = source.query.targetGroup.map { " · " + l.t(.caseGroupView, l.t($0.label)) } ?? ""
        return [(first, Style(bold: true)), (l.t(.caseStatusView, status) + group + " · " + lock, .hint)]
    }

    override var ownActions: [Action] { Actions.cases }

    override func perform(own action: ActionID) -> ScreenOutcome {
        switch action {
        case .cycleView:
            let all: [CaseStatus?] = [nil] + CaseStatus.allCases
            let i = all.firstIndex(of: source.query.status) ?? 0
            source.query.status = all[(i + 1) % all.count]
            reset()
        case .cycleGroup:
            let all: [TargetGroup?] = [nil] + TargetGroup.allCases
            let i = all.firstIndex(of: source.query.targetGroup) ?? 0
            source.query.targetGroup = all[(i + 1) % all.count]
            reset()
        case .newRecord: return .push(CaseFormScreen(ctx: ctx, editing: nil))
        case .unlock: return .push(UnlockScreen(ctx: ctx))
        case .referrals: return .push(ReferralListScreen(ctx: ctx, caseId: nil))
        case .providers: return .push(ProviderListScreen(ctx: ctx))
        case .supportFigures: return .push(SupportFiguresScreen(ctx: ctx))
        case .policeLists: return .push(PoliceListsScreen(ctx: ctx))
        default: break
        }
        return .none
    }

    override func open(_ row: CaseRow) -> ScreenOutcome {
        guard let id = row.supportCase.id else { return .none }
        return .push(CaseDetailScreen(ctx: ctx, id: id))
    }

    /// With the key open, the filter finds people by name, alias, ID number or phone as well as by code.
    override func filterChanged() {
        let text = source.query.code
        guard !text.isEmpty, let key = ctx.wardKey, ctx.can(.viewIdentities), let me = ctx.session else {
            source.query.identityMatches = nil
            return
        }
        if identities == nil { identities = ctx.read { try ctx.store.identitySearch(key: key, by: me) } }
        source.query.identityMatches = identities?.matching(text)
    }

    override var emptyText: String { source.query.code.isEmpty ? ctx.l.t(.casesEmpty) : ctx.l.t(.casesNoMatch) }

    override func locked() { identities = nil }

    override func dataChanged() {
        super.dataChanged()
        loadFigures()
    }

    /// This year's access figure for the header: read here and on a change, not while drawing.
    private func loadFigures() {
        let today = ctx.store.today
        guard let start = Formats.Day(year: today.year, month: 1, day: 1) else { return }
        figures = ctx.read { try ctx.store.supportFigures(from: start, to: today, scope: .percentages) }
    }
}

/// One case: facts, identity (case workers with the passphrase only), consent, needs, referrals
/// and its timeline.
final class CaseDetailScreen: Screen {
    private let ctx: AppContext
    private let id: Int64
    private var supportCase: SupportCase?
    private var identity: Identity?
    /// Why the identity could not be opened, in the user's words.
    private var revealError: String?
    private var notes = ""
    private var consent: Consent?
    private var timeline: [TimelineEntry] = []
    private var referrals: [ReferralRow] = []
    private var access: AccessStanding?
    private var scroll = 0

    init(ctx: AppContext, id: Int64) {
        self.ctx = ctx
        self.id = id
        reload()
        revealIfWanted()
    }

    /// The identity and notes are opened (and the showing logged) when the page first shows them
    /// and when the person opens them again (`m` after the idle lock); a refresh never does, so
    /// that the audit row a showing writes cannot itself cause another showing.
    private var wantReveal = true
    /// What the page looked like when its seals were opened: a change to the case (a new contact,
    /// an edited identity) is a new showing; anything else keeps what is shown.
    private var revealedFingerprint: [Int]?
    /// The case's versions and counts as last read: what `revealedFingerprint` is compared with.
    private var fingerprint: [Int] = []

    func dataChanged() {
        reload()
        if let shown = revealedFingerprint, shown != fingerprint {
            wantReveal = true
            revealIfWanted()
        }
    }

    func poll() -> Bool { revealIfWanted() }

    /// The idle lock: nothing decrypted stays in memory; the person opens it again after unlocking.
    func locked() {
        identity = nil
        notes = ""
        timeline = timeline.map { var e = $0; e.notes = ""; return e }
        revealedFingerprint = nil
        wantReveal = true
    }

    /// The case's facts, referrals and timeline (with notes sealed): no identity, nothing logged.
    private func reload() {
        supportCase = ctx.read { try ctx.store.supportCase(id: id) }
        consent = ctx.read { try ctx.store.consent(caseId: id) }
        access = ctx.read { try ctx.store.accessStanding(caseId: id) }
        var q = ReferralQuery(today: ctx.store.today)
        q.caseId = id
        referrals = ctx.read(or: []) { try ctx.store.referrals(q) }
        let sealed = ctx.read(or: []) { try ctx.store.timeline(caseId: id, key: nil, account: ctx.account()) }
        fingerprint = [supportCase?.version ?? 0, referrals.reduce(0) { $0 + $1.referral.version }, referrals.count, sealed.count]
        // Once opened, the timeline keeps its opened notes until the case itself changes.
        if revealedFingerprint == nil { timeline = sealed }
    }

    /// Opens the seals once, for a case worker with the ward key; true when the page changed.
    @discardableResult
    private func revealIfWanted() -> Bool {
        guard wantReveal, let key = ctx.wardKey, let me = ctx.session, me.can(.viewIdentities) else { return false }
        wantReveal = false
        let opened: OpenedCase
        do { opened = try ctx.store.openCase(id, key: key, by: me) } catch {
            // Said on the page, not hidden: a seal moved here from another record, a database error.
            revealError = ctx.message(for: error)
            return true
        }
        revealError = nil
        identity = opened.identity
        notes = opened.notes
        timeline = opened.timeline
        revealedFingerprint = fingerprint
        return true
    }

    var actions: [Action] { Actions.detail + Actions.scrolling + Actions.caseDetail }

    private var lines: [(String, String, Style)] {
        guard let c = supportCase else { return [] }
        let l = ctx.l
        var out: [(String, String, Style)] = [
            (l.t(.colStatus), l.t(c.status.label) + " · " + c.statusDate.vietnamese + (c.closeReason.map { " · " + l.t($0.label) } ?? ""), .plain),
            (l.t(.fieldSex), l.t(c.sex.label), .plain), (l.t(.fieldAgeGroup), l.t(c.ageGroup.label), .plain),
            (l.t(.fieldResidence), l.t(c.residence.label), .plain), (l.t(.fieldSource), l.t(c.source.label), .plain),
            (l.t(.fieldFirstContact), c.firstContact.vietnamese, .plain),
            (l.t(.fieldTargetGroups), TargetGroup.names(c.groups, l, empty: "—"), .plain),
        ]
        if c.isMinor { out.append(("", l.t(.minorReminder), .error)) }
        if let access { out.append((l.t(.fieldAccessRate), access.text(l), access == .noNeed ? .muted : .plain)) }
        out += [("", "", .plain), (l.t(.identityTitle), "", .header)]
        if let i = identity {
            if i.isEmpty { out.append(("", l.t(.identityNone), .muted)) }
            for (label, value) in [(Msg.fieldFullName, i.fullName), (.fieldAlias, i.alias), (.fieldBirth, i.birth),
                                   (.fieldIdNumber, i.idNumber), (.fieldPhone, i.phone), (.fieldPersonAddress, i.address)] where !value.isEmpty {
                out.append((l.t(label), value, .plain))
            }
            if !notes.isEmpty { out.append((l.t(.fieldNotes), notes, .plain)) }
        } else if let revealError {
            out.append(("", revealError, .error))
        } else {
            out.append(("", ctx.can(.viewIdentities) ? l.t(.identityLockedHint) : l.t(.identityHiddenHint), .muted))
        }
        out += [("", "", .plain), (l.t(.consentTitle), "", .header)]
        if let k = consent {
            out.append((k.date.vietnamese, k.recording ? l.t(.consentRecording) : l.t(.consentNoRecording), k.recording ? .plain : .error))
            out.append((l.t(.consentServices), Service.names(k.services, l, empty: "—"), .plain))
            if !k.agencies.isEmpty { out.append((l.t(.consentAgencies), k.agencies.joined(separator: "; "), .plain)) }
        } else {
            out.append(("", l.t(.consentNone), .error))
        }
        out += [("", "", .plain), (l.t(.referralsTitle), "", .header)]
        if referrals.isEmpty { out.append(("", l.t(.referralsNone), .muted)) }
        for r in referrals {
            var text = "\(l.t(r.referral.service.label)) · \(l.t(r.referral.status.label)) \(r.referral.statusDate.vietnamese)"
            if !r.providerName.isEmpty { text += " · " + r.providerName }
            if let f = r.referral.followUp { text += " · " + l.t(.fieldFollowUp) + " " + alertDate(f, overdue: r.overdue) }
            out.append((r.referral.proposedDate.vietnamese, text, r.overdue ? .error : .plain))
        }
        out += [("", "", .plain), (l.t(.timelineTitle), "", .header)]
        for e in timeline {
            var text = e.what(l)
            if !e.notes.isEmpty { text += ": " + e.notes } else if e.sealed { text += " · " + l.t(.notesSealed) }
            out.append((e.date.vietnamese, text + (e.author.isEmpty ? "" : " (\(e.author))"), .plain))
        }
        return out
    }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l
        guard let c = supportCase else {
            buf.put(l.t(.errNotFound), x: area.x, y: area.y, style: .error, maxWidth: area.width)
            return
        }
        RecordPage.draw(title: l.t(.caseTitle, c.code), lines: lines, into: &buf, area: area, scroll: &scroll, maxLabel: 24)
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        guard let c = supportCase else { return action == .back ? .pop : .none }
        if RecordPage.scroll(action, &scroll) { return .none }
        switch action {
        case .back: return .pop
        case .editRecord: return .push(CaseFormScreen(ctx: ctx, editing: c, identity: identity, notes: notes))
        case .consent: return .push(ConsentFormScreen(ctx: ctx, caseId: id, current: consent))
        case .screening: return .push(ScreeningFormScreen(ctx: ctx, caseId: id))
        case .contact: return .push(ContactFormScreen(ctx: ctx, caseId: id))
        case .newReferral: return .push(ReferralFormScreen(ctx: ctx, caseId: id, consent: consent))
        case .referrals: return .push(ReferralListScreen(ctx: ctx, caseId: id))
        case .caseStatus: return .push(CaseStatusScreen(ctx: ctx, supportCase: c))
        case .unlock: return .push(UnlockScreen(ctx: ctx))
        case .exportRecord:
            let l = ctx.l, store = ctx.store, key = ctx.wardKey, me = ctx.session, consent = consent, timeline = timeline
            return .push(ExportScreen(ctx: ctx, title: l.t(.exportCaseTitle), baseName: c.code.lowercased(), formats: [.txt]) { _, _ in
                // The identity goes into the file only for a case worker with the key, and is logged first.
                let who = try key.flatMap { k in try me.map { try store.identityForExport(of: c, key: k, by: $0) } }
                return (Data(SingleCaseExport.text(c, identity: who, consent: consent, timeline: timeline, l: l).utf8), nil)
            })
        default: break
        }
        return .none
    }
}

/// `m` in the support section: the first case worker sets up the ward key; a case worker without
/// a passphrase sets one (and waits for a colleague to give them the key); a holder opens the key
/// for this session, or, with it open, changes their own passphrase.
final class UnlockScreen: FormScreen {
    enum Mode { case create, setOwn, unlock, change }
    private let mode: Mode

    init(ctx: AppContext) {
        let l = ctx.l
        let standing = ctx.session.flatMap { me in ctx.read { try ctx.store.keyStanding(by: me) } } ?? .holder
        switch standing {
        case .noWardKey: mode = .create
        case .noPassphrase: mode = .setOwn
        case .waiting, .holder: mode = ctx.wardKey == nil ? .unlock : .change
        }
        func secret(_ id: String, _ label: Msg) -> FormField { FormField(id: id, label: l.t(label), kind: .secret(maxLength: 200), required: true) }
        let fields: [FormField]
        let title: Msg, intro: Msg
        switch mode {
        case .create: (fields, title, intro) = ([secret("passphrase", .fieldPassphrase), secret("again", .fieldPassphraseAgain)], .setPassphraseTitle, .setPassphraseIntro)
        case .setOwn: (fields, title, intro) = ([secret("passphrase", .fieldPassphrase), secret("again", .fieldPassphraseAgain)], .ownPassphraseTitle, .ownPassphraseIntro)
        case .unlock: (fields, title, intro) = ([secret("passphrase", .fieldPassphrase)], .unlockTitle, standing == .waiting ? .errKeyNotGiven : .unlockIntro)
        case .change: (fields, title, intro) = ([secret("old", .fieldPassphraseOld), secret("passphrase", .fieldPassphraseNew), secret("again", .fieldPassphraseAgain)],
                                                .changePassphraseTitle, .changePassphraseIntro)
        }
        super.init(ctx: ctx, title: l.t(title), intro: l.t(intro), fields: fields, cancellable: true)
    }

    override var hasUnsavedChanges: Bool { false }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        do {
            let me = try ctx.account()
            if mode != .unlock, form["passphrase"] != form["again"] {
                form.setError(l.t(.errPasswordsDiffer), field: "again")
                return .none
            }
            switch mode {
            case .create:
                let made = try ctx.store.createWardKey(passphrase: form["passphrase"], by: me)
                ctx.wardKey = made.key
                return ScreenOutcome.pop.then(.message(recoveryDialog(made.recoveryCode)))
            case .setOwn:
                try ctx.store.setOwnPassphrase(form["passphrase"], by: me)
                return ScreenOutcome.pop.then(.message(Dialog.message(title: l.t(.ownPassphraseTitle), message: l.t(.ownPassphraseDone), ok: l.t(.okButton))))
            case .change:
                try ctx.store.changePassphrase(old: form["old"], new: form["passphrase"], by: me)
                return ScreenOutcome.status(l.t(.passphraseChanged), .success).then(.pop)
            case .unlock:
                let key = try ctx.store.unlockWardKey(passphrase: form["passphrase"], by: me)
                ctx.wardKey = key
                var next: [ScreenOutcome] = [.status(l.t(.identitiesUnlockedDone), .success), .pop]
                // A ward set up before recovery keys gets one now, shown once.
                if !(ctx.read(or: true) { try ctx.store.hasRecoveryKey() }) {
                    next.append(.message(recoveryDialog(try ctx.store.newRecoveryKey(key: key, by: me))))
                }
                let waiting = ctx.read(or: []) { try ctx.store.waitingHolders(by: me) }
                if !waiting.isEmpty { next.append(.push(GiveKeyScreen(ctx: ctx, waiting: waiting))) }
                return .sequence(next)
            }
        } catch let e as WardError {
            form.setError(e.message(l), field: mode == .change ? "old" : "passphrase")
            return .none
        } catch {
            return .status(ctx.message(for: error), .error)
        }
    }

    private func recoveryDialog(_ code: String) -> Dialog {
        Dialog.message(title: ctx.l.t(.recoveryKeyTitle), message: ctx.l.t(.recoveryKeyShown, code), ok: ctx.l.t(.okButton))
    }
}

/// After opening the key: colleagues who set their passphrase and wait for it, one yes/no each.
final class GiveKeyScreen: FormScreen {
    private let waiting: [WaitingHolder]

    init(ctx: AppContext, waiting: [WaitingHolder]) {
        self.waiting = waiting
        let l = ctx.l
        let fields = waiting.map { w in
            FormField(id: w.login, label: l.t(.giveKeyTo, w.displayName, w.login), kind: .yesNo, value: l.t(.no))
        }
        super.init(ctx: ctx, title: l.t(.giveKeyTitle), intro: l.t(.giveKeyIntro), fields: fields, cancellable: true)
    }

    override var hasUnsavedChanges: Bool { false }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        guard let key = ctx.wardKey else { return .pop }
        do {
            let me = try ctx.account()
            var given: [String] = []
            for w in waiting where form[w.login] == l.t(.yes) {
                try ctx.store.giveWardKey(to: w.accountId, key: key, by: me)
                given.append(w.displayName)
            }
            return given.isEmpty ? .pop : ScreenOutcome.status(l.t(.keyGiven, given.joined(separator: ", ")), .success).then(.pop)
        } catch {
            return .status(ctx.message(for: error), .error)
        }
    }
}

/// The services as yes/no fields, one a line: consent, needs, what a provider offers.
func serviceFields(_ l: Localizer, prefix: String, selected: Set<Service>) -> [FormField] {
    Service.allCases.map { s in
        FormField(id: prefix + s.rawValue, label: l.t(s.label), kind: .yesNo, value: selected.contains(s) ? l.t(.yes) : l.t(.no))
    }
}

func selectedServices(_ form: FormState, _ l: Localizer, prefix: String) -> Set<Service> {
    Set(Service.allCases.filter { form[prefix + $0.rawValue] == l.t(.yes) })
}

/// A new case or its facts; the identity and notes only for a case worker with the passphrase.
final class CaseFormScreen: FormScreen {
    private let original: SupportCase?
    private let withIdentity: Bool
    private let identityBefore: Identity?
    private let notesBefore: String

    init(ctx: AppContext, editing: SupportCase?, identity: Identity? = nil, notes: String = "") {
        original = editing
        identityBefore = identity
        notesBefore = notes
        let l = ctx.l, rules = FieldRules(l: l)
        withIdentity = ctx.wardKey != nil && ctx.can(.viewIdentities) && (editing == nil || identity != nil)
        let c = editing ?? SupportCase(sex: .female, ageGroup: .unknown, residence: .unknown, source: .outreach, firstContact: ctx.store.today)
        func choice<T: CaseIterable & Equatable>(_ id: String, _ label: Msg, _ all: T.AllCases, _ value: T, _ name: (T) -> Msg) -> FormField {
            FormField(id: id, label: l.t(label), kind: .choice(all.map { l.t(name($0)) }), value: l.t(name(value)))
        }
        var fields = [
            choice("sex", .fieldSex, Sex.allCases, c.sex) { $0.label },
            choice("age", .fieldAgeGroup, AgeGroup.allCases, c.ageGroup) { $0.label },
            choice("residence", .fieldResidence, Residence.allCases, c.residence) { $0.label },
            choice("source", .fieldSource, ContactSource.allCases, c.source) { $0.label },
            FormField(id: "first", label: l.t(.fieldFirstContact), kind: .date, required: true, value: c.firstContact.vietnamese, validator: rules.date),
        ]
        fields += TargetGroup.allCases.map { g in
            FormField(id: "group-" + g.rawValue, label: l.t(g.label), kind: .yesNo, value: c.targetGroups.contains(g) ? l.t(.yes) : l.t(.no))
        }
        if withIdentity {
            let i = identity ?? Identity()
            fields += [
                FormField(id: "name", label: l.t(.fieldFullName), kind: .text(maxLength: 120), value: i.fullName),
                FormField(id: "alias", label: l.t(.fieldAlias), kind: .text(maxLength: 120), value: i.alias),
                FormField(id: "birth", label: l.t(.fieldBirth), kind: .text(maxLength: 20), value: i.birth),
                FormField(id: "idNumber", label: l.t(.fieldIdNumber), kind: .text(maxLength: 20), value: i.idNumber),
                FormField(id: "phone", label: l.t(.fieldPhone), kind: .text(maxLength: 30), value: i.phone),
                FormField(id: "address", label: l.t(.fieldPersonAddress), kind: .text(maxLength: 200), value: i.address),
                FormField(id: "notes", label: l.t(.fieldNotes), kind: .multiline(maxLength: 4000, rows: 3), value: notes),
            ]
        }
        let intro = withIdentity ? l.t(.caseFormIntroSealed) : l.t(.caseFormIntroCodesOnly)
        super.init(ctx: ctx, title: editing.map { l.t(.editCaseTitle, $0.code) } ?? l.t(.newCaseTitle), intro: intro, fields: fields, cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        var c = original ?? SupportCase(sex: .female, ageGroup: .unknown, residence: .unknown, source: .outreach, firstContact: ctx.store.today)
        c.sex = Sex.allCases.first { l.t($0.label) == form["sex"] } ?? c.sex
        c.ageGroup = AgeGroup.allCases.first { l.t($0.label) == form["age"] } ?? c.ageGroup
        c.residence = Residence.allCases.first { l.t($0.label) == form["residence"] } ?? c.residence
        c.source = ContactSource.allCases.first { l.t($0.label) == form["source"] } ?? c.source
        c.firstContact = Formats.Day(vietnamese: form["first"]) ?? c.firstContact
        c.targetGroups = Set(TargetGroup.allCases.filter { form["group-" + $0.rawValue] == l.t(.yes) })
        let identity = withIdentity ? Identity(fullName: form["name"], alias: form["alias"], birth: form["birth"], idNumber: form["idNumber"],
                                               phone: form["phone"], address: form["address"]) : nil
        let notes = withIdentity ? form["notes"] : nil
        do {
            let me = try ctx.account()
            let saved: SupportCase
            if let original {
                saved = try ctx.store.updateCase(c, original: original, identity: identity == identityBefore ? nil : identity,
                                                 notes: notes == notesBefore ? nil : notes, key: ctx.wardKey, by: me)
            } else {
                saved = try ctx.store.addCase(c, identity: identity ?? Identity(), notes: notes ?? "", key: ctx.wardKey, by: me)
            }
            form.markSaved()
            let done = ScreenOutcome.status(l.t(.caseSaved, saved.code), .success).then(.pop)
            if original == nil, let id = saved.id { return done.then(.push(CaseDetailScreen(ctx: ctx, id: id))) }
            return done
        } catch {
            return .status(ctx.message(for: error), .error)
        }
    }
}

/// What the person agreed to: being recorded, each service, sharing with which agencies.
final class ConsentFormScreen: FormScreen {
    private let caseId: Int64

    init(ctx: AppContext, caseId: Int64, current: Consent?) {
        self.caseId = caseId
        let l = ctx.l
        super.init(ctx: ctx, title: l.t(.consentFormTitle), intro: l.t(.consentFormIntro), fields: [
            FormField(id: "date", label: l.t(.fieldConsentDate), kind: .date, required: true, value: ctx.store.today.vietnamese,
                      validator: FieldRules(l: l).date),
            FormField(id: "recording", label: l.t(.consentRecording), kind: .yesNo, value: (current?.recording ?? true) ? l.t(.yes) : l.t(.no)),
        ] + serviceFields(l, prefix: "s-", selected: current?.services ?? []) + [
            FormField(id: "agencies", label: l.t(.consentAgencies), kind: .text(maxLength: 300), value: current?.agencies.joined(separator: "; ") ?? ""),
        ], cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        let consent = Consent(date: Formats.Day(vietnamese: form["date"]) ?? ctx.store.today, recording: form["recording"] == l.t(.yes),
                              services: selectedServices(form, l, prefix: "s-"),
                              agencies: form["agencies"].components(separatedBy: CharacterSet(charactersIn: ";,")))
        return save(done: l.t(.consentSaved)) {
            try ctx.store.recordConsent(caseId: caseId, consent, by: try ctx.account())
        }
    }
}

/// A need screening: which services the person needs now.
final class ScreeningFormScreen: FormScreen {
    private let caseId: Int64

    init(ctx: AppContext, caseId: Int64) {
        self.caseId = caseId
        let l = ctx.l
        var fields = [FormField(id: "date", label: l.t(.fieldScreeningDate), kind: .date, required: true, value: ctx.store.today.vietnamese,
                                validator: FieldRules(l: l).date)] + serviceFields(l, prefix: "n-", selected: [])
        if ctx.wardKey != nil, ctx.can(.viewIdentities) {
            fields.append(FormField(id: "notes", label: l.t(.fieldNotes), kind: .multiline(maxLength: 2000, rows: 3)))
        }
        super.init(ctx: ctx, title: l.t(.screeningTitle), intro: l.t(.screeningIntro), fields: fields, cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        let s = Screening(date: Formats.Day(vietnamese: form["date"]) ?? ctx.store.today, needs: selectedServices(form, l, prefix: "n-"),
                          notes: form["notes"])
        return save(done: l.t(.screeningSaved)) {
            try ctx.store.addScreening(caseId: caseId, s, key: ctx.wardKey, by: try ctx.account())
        }
    }
}

/// A contact with the person: when, how, and (sealed) what was said.
final class ContactFormScreen: FormScreen {
    private let caseId: Int64

    init(ctx: AppContext, caseId: Int64) {
        self.caseId = caseId
        let l = ctx.l
        var fields = [
            FormField(id: "date", label: l.t(.fieldContactDate), kind: .date, required: true, value: ctx.store.today.vietnamese,
                      validator: FieldRules(l: l).date),
            FormField(id: "kind", label: l.t(.fieldContactKind), kind: .choice(ContactKind.allCases.map { l.t($0.label) })),
        ]
        if ctx.wardKey != nil, ctx.can(.viewIdentities) {
            fields.append(FormField(id: "notes", label: l.t(.fieldNotes), kind: .multiline(maxLength: 2000, rows: 3)))
        }
        super.init(ctx: ctx, title: l.t(.contactTitle), intro: "", fields: fields, cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        return save(done: l.t(.contactSaved)) {
            try ctx.store.addContact(caseId: caseId, on: Formats.Day(vietnamese: form["date"]) ?? ctx.store.today,
                                     kind: ContactKind.allCases.first { l.t($0.label) == form["kind"] } ?? .office,
                                     notes: form["notes"], key: ctx.wardKey, by: try ctx.account())
        }
    }
}

/// A referral to a service the person agreed to, with a provider from the directory.
final class ReferralFormScreen: FormScreen {
    private let caseId: Int64
    private let providers: [Provider]

    init(ctx: AppContext, caseId: Int64, consent: Consent?) {
        self.caseId = caseId
        providers = ctx.read(or: []) { try ctx.store.providers() }
        let l = ctx.l, rules = FieldRules(l: l)
        // The services the person agreed to come first.
        let agreed = Service.allCases.filter { consent?.services.contains($0) ?? false }
        let services = agreed + Service.allCases.filter { !agreed.contains($0) }
        var fields = [
            FormField(id: "service", label: l.t(.fieldService), kind: .choice(services.map { l.t($0.label) })),
            FormField(id: "provider", label: l.t(.fieldProvider), kind: .choice(Self.providerChoices(providers, for: services[0], all: false, l))),
            FormField(id: "date", label: l.t(.fieldProposedDate), kind: .date, required: true, value: ctx.store.today.vietnamese, validator: rules.date),
            FormField(id: "followUp", label: l.t(.fieldFollowUp), kind: .date, value: ctx.store.today.adding(days: 14).vietnamese, validator: rules.date),
        ]
        if ctx.wardKey != nil, ctx.can(.viewIdentities) {
            fields.append(FormField(id: "outcome", label: l.t(.fieldOutcome), kind: .multiline(maxLength: 2000, rows: 2)))
        }
        super.init(ctx: ctx, title: l.t(.referralFormTitle), intro: l.t(.referralFormIntro), fields: fields, cancellable: true)
    }

    /// The providers offering `service` (a "Nơi khác…" line opens the rest), or all of them,
    /// those offering it first.
    private static func providerChoices(_ providers: [Provider], for service: Service, all: Bool, _ l: Localizer) -> [String] {
        let offering = providers.filter { $0.services.contains(service) }.map(\.name)
        let others = providers.filter { !$0.services.contains(service) }.map(\.name)
        return ["—"] + offering + (others.isEmpty ? [] : all ? others : [l.t(.providerOthers)])
    }

    private var service: Service { Service.allCases.first { ctx.l.t($0.label) == form["service"] } ?? .other }

    /// A new service narrows the providers to those offering it; "Nơi khác…" brings in the rest.
    override func changed(_ id: String) {
        guard id == "service" || form["provider"] == ctx.l.t(.providerOthers),
              let i = form.fields.firstIndex(where: { $0.id == "provider" }) else { return }
        let all = id == "provider"
        let choices = Self.providerChoices(providers, for: service, all: all, ctx.l)
        form.fields[i].kind = .choice(choices)
        let offering = providers.filter { $0.services.contains(service) }.count
        form.fields[i].setValue(all ? choices[min(offering + 1, choices.count - 1)] : "—")
    }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        let service = self.service
        var r = Referral(caseId: caseId, service: service, providerId: providers.first { $0.name == form["provider"] }?.id,
                         proposed: Formats.Day(vietnamese: form["date"]) ?? ctx.store.today)
        r.followUp = Formats.Day(vietnamese: form["followUp"])
        return save(done: l.t(.referralSaved, l.t(service.label))) {
            try ctx.store.addReferral(r, outcome: form["outcome"], key: ctx.wardKey, by: try ctx.account())
        }
    }
}

/// The next step of a referral, its date and the next follow-up.
final class ReferralStepScreen: FormScreen {
    private let referral: Referral

    init(ctx: AppContext, referral: Referral, caseCode: String) {
        self.referral = referral
        let l = ctx.l, rules = FieldRules(l: l)
        let options = [referral.status] + referral.status.reachable
        var fields = [
            FormField(id: "status", label: l.t(.colStatus), kind: .choice(options.map { l.t($0.label) }),
                      value: l.t((referral.status.next.first ?? referral.status).label)),
            FormField(id: "date", label: l.t(.fieldStepDate), kind: .date, required: true, value: ctx.store.today.vietnamese, validator: rules.date),
            FormField(id: "followUp", label: l.t(.fieldFollowUp), kind: .date, value: referral.followUp?.vietnamese ?? "", validator: rules.date),
        ]
        if ctx.wardKey != nil, ctx.can(.viewIdentities) {
            fields.append(FormField(id: "outcome", label: l.t(.fieldOutcome), kind: .multiline(maxLength: 2000, rows: 2)))
        }
        super.init(ctx: ctx, title: l.t(.referralStepTitle, caseCode, l.t(referral.service.label), l.t(referral.status.label)),
                   intro: "", fields: fields, cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        guard let id = referral.id else { return .none }
        let status = ReferralStatus.allCases.first { l.t($0.label) == form["status"] } ?? referral.status
        let outcome = form["outcome"].isEmpty ? nil : form["outcome"]
        return save(done: l.t(.referralUpdated)) {
            try ctx.store.advanceReferral(id: id, to: status, on: Formats.Day(vietnamese: form["date"]) ?? ctx.store.today,
                                          followUp: Formats.Day(vietnamese: form["followUp"]), outcome: outcome, key: ctx.wardKey,
                                          by: try ctx.account())
        }
    }
}

/// Open, on hold, closed with a reason.
final class CaseStatusScreen: FormScreen {
    private let supportCase: SupportCase

    init(ctx: AppContext, supportCase: SupportCase) {
        self.supportCase = supportCase
        let l = ctx.l
        let next = CaseStatus.allCases.filter { SupportRules.canMove(from: supportCase.status, to: $0) }
        super.init(ctx: ctx, title: l.t(.caseStatusTitle, supportCase.code), intro: "", fields: [
            FormField(id: "status", label: l.t(.colStatus), kind: .choice(next.map { l.t($0.label) })),
            FormField(id: "date", label: l.t(.fieldStatusDate), kind: .date, required: true, value: ctx.store.today.vietnamese,
                      validator: FieldRules(l: l).date),
            FormField(id: "reason", label: l.t(.fieldCloseReason), kind: .choice(["—"] + CloseReason.allCases.map { l.t($0.label) })),
        ], cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        guard let id = supportCase.id, let status = CaseStatus.allCases.first(where: { l.t($0.label) == form["status"] }) else { return .none }
        return save(done: l.t(.caseStatusSaved)) {
            try ctx.store.setCaseStatus(id: id, to: status, on: Formats.Day(vietnamese: form["date"]) ?? ctx.store.today,
                                        reason: CloseReason.allCases.first { l.t($0.label) == form["reason"] }, by: try ctx.account())
        }
    }
}

/// Referrals across cases (or of one case), with the ones waiting for a follow-up one key apart.
final class ReferralListScreen: ListScreen<ReferralQuery, ReferralRow> {
    init(ctx: AppContext, caseId: Int64?, view: ReferralQuery.View = .all) {
        let store = ctx.store, l = ctx.l
        var q = ReferralQuery(view: view, today: store.today)
        q.caseId = caseId
        let source = PagedSource<ReferralQuery, ReferralRow>(
            query: q,
            count: { try store.countReferrals($0) },
            fetch: { q, range in try store.referrals(q, offset: range.lowerBound, limit: range.count) },
            cells: { r in
                [r.caseCode, l.t(r.referral.service.label), r.providerName, l.t(r.referral.status.label), r.referral.statusDate.vietnamese,
                 alertDate(r.referral.followUp, overdue: r.overdue)]
            },
            alert: { $0.overdue },
            describe: ctx.message(for:))
        super.init(ctx: ctx, source: source, filter: nil)
        loadProviders()
    }

    /// Providers by id, for the filter line: read here and on a change, not while drawing.
    private var providerNames: [Int64: String] = [:]
    private func loadProviders() {
        providerNames = Dictionary(ctx.read(or: []) { try ctx.store.providers(includeInactive: true) }.compactMap { p in p.id.map { ($0, p.name) } },
                                   uniquingKeysWith: { a, _ in a })
    }

    override func dataChanged() {
        super.dataChanged()
        loadProviders()
    }

    override var columns: [TableColumn] {
        let l = ctx.l
        return [
            TableColumn(l.t(.colCaseCode), minWidth: 12, whole: true), TableColumn(l.t(.fieldService), minWidth: 14, weight: 2),
            TableColumn(l.t(.fieldProvider), minWidth: 12, weight: 2), TableColumn(l.t(.colStatus), minWidth: 14),
            TableColumn(l.t(.colVisitDate), minWidth: 10, whole: true), TableColumn(l.t(.fieldFollowUp), minWidth: 12, whole: true),
        ]
    }

    override var emptyText: String { ctx.l.t(.referralsNone) }

    override func headerLines() -> [(String, Style)] {
        let l = ctx.l
        var lines = [(l.t(.referralsTitle), Style(bold: true)), (viewTabs(source.query.view, label: { l.t($0.label) }, count: { v in
            var q = source.query
            q.view = v
            return source.count(of: q)
        }), .hint)]
        let q = source.query
        let parts = [q.service.map { l.t($0.label) }, q.status.map { l.t($0.label) },
                     q.providerId.flatMap { id in providerNames[id] }].compactMap { $0 }
        if !parts.isEmpty { lines.append((l.t(.quickFilterOn, parts.joined(separator: " · ")), .hint)) }
        return lines
    }

    override var ownActions: [Action] { Actions.detail + Actions.referrals }

    override func perform(own action: ActionID) -> ScreenOutcome {
        switch action {
        case .back: return .pop
        case .cycleView:
            source.query.view = nextView(source.query.view)
            reset()
        case .filterForm:
            return .push(ReferralFilterScreen(ctx: ctx, query: source.query) { [weak self] q in
                self?.source.query = q
                self?.reset()
            })
        default: break
        }
        return .none
    }

    override func open(_ row: ReferralRow) -> ScreenOutcome {
        guard ctx.can(.manageCases), !row.referral.status.ended else { return .none }
        return .push(ReferralStepScreen(ctx: ctx, referral: row.referral, caseCode: row.caseCode))
    }
}

/// The ward's directory of service providers.
final class ProviderListScreen: TableScreen {
    private var providers: [Provider] = []

    override init(ctx: AppContext) {
        super.init(ctx: ctx)
        reload()
    }

    override func reload() {
        let l = ctx.l
        providers = load { try ctx.store.providers(includeInactive: true) }
        source.rows = providers.map { p in
            [p.name, Service.names(p.services, l), p.contact,
             p.active ? l.t(.checklistOn) : l.t(.checklistOff)]
        }
    }

    override var title: String { ctx.l.t(.providersTitle) }
    override var emptyText: String { ctx.l.t(.providersEmpty) }
    override var columns: [TableColumn] {
        let l = ctx.l
        return [TableColumn(l.t(.fieldProvider), minWidth: 20, weight: 2), TableColumn(l.t(.fieldServices), minWidth: 20, weight: 3),
                TableColumn(l.t(.fieldContactInfo), minWidth: 12, weight: 1), TableColumn(l.t(.colStatus), minWidth: 9)]
    }
    override var ownActions: [Action] { Actions.providers }

    override func perform(own action: ActionID) -> ScreenOutcome {
        switch action {
        case .newRecord: return .push(ProviderFormScreen(ctx: ctx, editing: nil))
        case .open:
            guard providers.indices.contains(table.selected) else { return .none }
            return .push(ProviderFormScreen(ctx: ctx, editing: providers[table.selected]))
        default: return .none
        }
    }
}

final class ProviderFormScreen: FormScreen {
    private let original: Provider?

    init(ctx: AppContext, editing: Provider?) {
        original = editing
        let l = ctx.l
        let p = editing ?? Provider(name: "", services: [])
        super.init(ctx: ctx, title: editing.map { $0.name } ?? l.t(.newProviderTitle), intro: "", fields: [
            FormField(id: "name", label: l.t(.fieldProvider), kind: .text(maxLength: 200), required: true, value: p.name),
            FormField(id: "address", label: l.t(.colAddress), kind: .text(maxLength: 200), value: p.address),
            FormField(id: "contact", label: l.t(.fieldContactInfo), kind: .text(maxLength: 200), value: p.contact),
            FormField(id: "active", label: l.t(.fieldInUse), kind: .yesNo, value: p.active ? l.t(.yes) : l.t(.no)),
        ] + serviceFields(l, prefix: "p-", selected: p.services), cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        var p = original ?? Provider(name: "", services: [])
        p.name = form["name"]
        p.address = form["address"]
        p.contact = form["contact"]
        p.active = form["active"] == l.t(.yes)
        p.services = selectedServices(form, l, prefix: "p-")
        return save(done: l.t(.providerSaved, p.name)) {
            try ctx.store.saveProvider(p, original: original, by: try ctx.account())
        }
    }
}

/// `f` on the referral list: by service, status and provider.
final class ReferralFilterScreen: FormScreen {
    private let apply: (ReferralQuery) -> Void
    private var query: ReferralQuery
    private let providers: [Provider]

    init(ctx: AppContext, query: ReferralQuery, apply: @escaping (ReferralQuery) -> Void) {
        self.apply = apply
        self.query = query
        providers = ctx.read(or: []) { try ctx.store.providers(includeInactive: true) }
        super.init(ctx: ctx, title: ctx.l.t(.referralFilterTitle), intro: "", fields: Self.fields(query, providers: providers, l: ctx.l),
                   cancellable: true)
    }

    /// Built outside init: the release optimiser mishandles closures in a class init before super.init.
    private static func fields(_ query: ReferralQuery, providers: [Provider], l: Localizer) -> [FormField] {
        let all = l.t(.filterAll)
        return [
            FormField(id: "service", label: l.t(.fieldService), kind: .choice([all] + Service.allCases.map { l.t($0.label) }),
                      value: query.service.map { l.t($0.label) } ?? all),
            FormField(id: "status", label: l.t(.colStatus), kind: .choice([all] + ReferralStatus.allCases.map { l.t($0.label) }),
                      value: query.status.map { l.t($0.label) } ?? all),
            FormField(id: "provider", label: l.t(.fieldProvider), kind: .choice([all] + providers.map(\.name)),
                      value: providers.first { $0.id == query.providerId }?.name ?? all),
        ]
    }

    override var hasUnsavedChanges: Bool { false }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        query.service = Service.allCases.first { l.t($0.label) == form["service"] }
        query.status = ReferralStatus.allCases.first { l.t($0.label) == form["status"] }
        query.providerId = providers.first { $0.name == form["provider"] }?.id
        apply(query)
        return .pop
    }
}

/// `g` on the case list: this year's figures by service, as the reports will count them.
final class SupportFiguresScreen: Screen {
    private let ctx: AppContext
    private var figures: SupportFigures?
    private var splits: [SupportSplit] = []
    private var police: PoliceListFigures?
    /// nil: by service; else the people split by target group, sex or age group (`v` steps).
    private var view: SupportSplit.Dimension?
    private var table = TableController()
    private let source = ArrayTableSource()

    init(ctx: AppContext) {
        self.ctx = ctx
        reload()
    }

    func dataChanged() { reload() }

    private func reload() {
        let today = ctx.store.today
        guard let start = Formats.Day(year: today.year, month: 1, day: 1) else { return }
        figures = ctx.read { try ctx.store.supportFigures(from: start, to: today) }
        splits = ctx.read(or: []) { try ctx.store.supportSplits(from: start, to: today) }
        police = ctx.read { try ctx.store.policeListFigures(from: start, to: today) }
        showView()
    }

    private func showView() {
        if let view {
            source.rows = splits.filter { $0.by == view }.map { [ctx.l.t($0.label), String($0.reached), String($0.supported)] }
        } else {
            source.rows = Service.allCases.map { s in
                let f = figures?.byService[s]
                return [ctx.l.t(s.label), String(f?.referred ?? 0), String(f?.used ?? 0)]
            }
        }
    }

    var actions: [Action] { Actions.detail + Actions.movement + [Actions.supportFiguresView] }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l
        guard let f = figures else { return }
        buf.put(l.t(.supportFiguresTitle, f.from.vietnamese, f.to.vietnamese), x: area.x, y: area.y, style: Style(bold: true), maxWidth: area.width)
        buf.put(l.t(.supportFiguresLine, f.reached, f.screened, f.referred, f.usedService), x: area.x, y: area.y + 1, maxWidth: area.width)
        let access = f.accessPercent.map { l.t(.accessLine, f.to.year, f.withAccess, f.eligible, $0, f.targetPercent) } ?? l.t(.accessNotYet, f.to.year)
        buf.put(access, x: area.x, y: area.y + 2, style: f.meetsTarget ? .success : .error, maxWidth: area.width)
        let views: [(SupportSplit.Dimension?, Msg)] = [(nil, .supportByService), (.targetGroup, .supportByGroup), (.sex, .supportBySex),
                                                       (.ageGroup, .supportByAge)]
        if let p = police {
            buf.put(l.t(.policeListsTitle) + " · " + l.t(.policeFiguresLine, f.to.year, p.people, p.reached, p.supported), x: area.x, y: area.y + 3,
                    maxWidth: area.width)
        }
        buf.put(views.map { $0.0 == view ? "[" + l.t($0.1) + "]" : l.t($0.1) }.joined(separator: " · "), x: area.x, y: area.y + 4,
                style: .hint, maxWidth: area.width)
        let first = view == nil ? l.t(.fieldService) : views.first { $0.0 == view }.map { l.t($0.1) } ?? ""
        let counts = view == nil ? [Msg.colReferredPeople, .colUsedPeople] : [.colReachedPeople, .colUsedPeople]
        table.render(TableView(columns: [
            TableColumn(first, minWidth: 20, weight: 2), TableColumn(l.t(counts[0]), minWidth: 12, alignRight: true),
            TableColumn(l.t(counts[1]), minWidth: 12, alignRight: true),
        ], emptyText: ""), into: &buf, area: Rect(x: area.x, y: area.y + 6, width: area.width, height: area.height - 6), source: source)
    }

    /// A click selects, a second click opens, the wheel scrolls: as in every list.
    func mouse(_ event: MouseEvent) -> ScreenOutcome {
        table.mouse(event, count: source.rowCount) == .again ? perform(.open) : .none
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        if action == .back { return .pop }
        if action == .cycleView {
            let all: [SupportSplit.Dimension?] = [nil] + SupportSplit.Dimension.allCases
            view = all[((all.firstIndex { $0 == view } ?? 0) + 1) % all.count]
            showView()
            return .none
        }
        _ = table.move(action, count: source.rowCount)
        return .none
    }
}
