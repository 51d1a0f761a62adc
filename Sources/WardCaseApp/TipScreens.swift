import Foundation
import TerminalKit
import WardCaseCore
import WardCaseExport

/// Tin báo, tố giác: every tip-off with the step it waits for and that step's deadline; overdue
/// ones are marked ⚠ and drawn in the alert style.
final class TipListScreen: ListScreen<TipQuery, TipRow> {
    init(ctx: AppContext, view: TipQuery.View = .all) {
        let store = ctx.store, l = ctx.l
        let source = PagedSource<TipQuery, TipRow>(
            query: TipQuery(view: view, today: ctx.store.today),
            count: { try store.countTips($0) },
            fetch: { try store.tips($0, offset: $1.lowerBound, limit: $1.count) },
            cells: { r in
                let t = r.tip
                return [t.receivedDate.vietnamese, l.t(t.kind.label), l.t(t.channel.label), t.content, r.placeName,
                        l.t(t.step.label), t.step == .done ? (t.handledInTime ? l.t(.inTime) : l.t(.late)) : alertDate(t.due, overdue: r.overdue)]
            },
            alert: { $0.overdue },
            describe: ctx.message(for:))
        super.init(ctx: ctx, source: source, filter: \.filter)
    }

    override var columns: [TableColumn] {
        let l = ctx.l
        return [
            TableColumn(l.t(.fieldReceivedDate), minWidth: 10, whole: true), TableColumn(l.t(.fieldTipKind), minWidth: 9),
            TableColumn(l.t(.fieldChannel), minWidth: 10), TableColumn(l.t(.fieldTipContent), minWidth: 16, weight: 3),
            TableColumn(l.t(.fieldPlace), minWidth: 12, weight: 1), TableColumn(l.t(.colStep), minWidth: 13),
            TableColumn(l.t(.colDeadline), minWidth: 12, whole: true),
        ]
    }

    override func headerLines() -> [(String, Style)] {
        let l = ctx.l
        let views = viewTabs(source.query.view, label: { l.t($0.label) }, count: { v in
            var q = source.query
            q.view = v
            return source.count(of: q)
        })
        return [(l.t(.tipsTitle), Style(bold: true)), (views, .hint)]
    }

    override var ownActions: [Action] { Actions.detail + Actions.tips }

    override func perform(own action: ActionID) -> ScreenOutcome {
        switch action {
        case .back: return .pop
        case .cycleView:
            source.query.view = nextView(source.query.view)
            reset()
        case .newRecord:
            do { return .push(TipFormScreen(ctx: ctx, tip: try ctx.store.newTip(received: ctx.store.today), original: nil)) } catch {
                return .status(ctx.message(for: error), .error)
            }
        case .export:
            let query = source.query, l = ctx.l, store = ctx.store
            return .push(ExportScreen.list(ctx: ctx, baseName: "tin-bao", shape: TipExport.shape(l),
                                           heading: ListHeading.of(store, l.t(.sheetTips), from: query.from, to: query.to),
                                           total: { try store.countTips(query) }, each: { try store.eachTip(query, $0) }))
        default: break
        }
        return .none
    }

    override func open(_ row: TipRow) -> ScreenOutcome { .push(TipFormScreen(ctx: ctx, tip: row.tip, original: row.tip)) }
}

/// A tip-off and its steps: received, verified, classified, handled, each with its date and result.
final class TipFormScreen: FormScreen {
    private let original: TipOff?
    private let base: TipOff
    /// The informant as opened for this showing (someone who handles tip-offs with the ward key
    /// open); nil when sealed from this user, who may still type a new one to replace it.
    private let informant: String?

    init(ctx: AppContext, tip: TipOff, original: TipOff?) {
        self.original = original
        base = tip
        let l = ctx.l, rules = FieldRules(l: l), yes = l.t(.yes), no = l.t(.no)
        var informant: String?
        if let id = tip.id, tip.reporterSealed != nil, let key = ctx.wardKey, let me = ctx.session, me.can(.viewIdentities) {
            informant = ctx.read { try ctx.store.informant(ofTip: id, key: key, by: me) }
        }
        self.informant = informant
        let reporterLabel = l.t(.fieldReporter) + (tip.reporterSealed != nil && informant == nil ? " " + l.t(.reporterSealedHint) : "")
        let linked = ctx.read { try tip.establishmentId.flatMap { try ctx.store.establishment(id: $0)?.establishment.name } }
        func date(_ f: TipField, _ d: Formats.Day?) -> FormField {
            FormField(id: f.rawValue, label: l.t(f.label), kind: .date, value: d?.vietnamese ?? "", validator: rules.date)
        }
        let none = "—"
        let fields: [FormField] = [
            FormField(id: TipField.receivedDate.rawValue, label: l.t(.fieldReceivedDate), kind: .date, required: true,
                      value: tip.receivedDate.vietnamese, validator: rules.date),
            FormField(id: "kind", label: l.t(.fieldTipKind), kind: .choice(TipKind.allCases.map { l.t($0.label) }), value: l.t(tip.kind.label)),
            FormField(id: "channel", label: l.t(.fieldChannel), kind: .choice(TipChannel.allCases.map { l.t($0.label) }), value: l.t(tip.channel.label)),
            FormField(id: "anonymous", label: l.t(.fieldAnonymous), kind: .yesNo, value: tip.anonymous ? yes : no),
            FormField(id: TipField.reporter.rawValue, label: reporterLabel, kind: .text(maxLength: 200), value: informant ?? tip.reporter),
            FormField(id: TipField.content.rawValue, label: l.t(.fieldTipContent), kind: .multiline(maxLength: 4000, rows: 4), required: true,
                      value: tip.content),
            FormField(id: "establishment", label: l.t(.fieldLinkedEstablishment), kind: .text(maxLength: 200), value: linked ?? ""),
            FormField(id: TipField.place.rawValue, label: l.t(.fieldTipPlace), kind: .text(maxLength: 300), value: tip.place),
            date(.verifiedDate, tip.verifiedDate),
            FormField(id: "verifyResult", label: l.t(.fieldVerifyResult), kind: .multiline(maxLength: 2000, rows: 2), value: tip.verifyResult),
            date(.classifiedDate, tip.classifiedDate),
            FormField(id: TipField.classification.rawValue, label: l.t(.fieldClassification),
                      kind: .choice([none] + TipClass.allCases.map { l.t($0.label) }), value: tip.classification.map { l.t($0.label) } ?? none),
            date(.handledDate, tip.handledDate),
            FormField(id: TipField.handleResult.rawValue, label: l.t(.fieldHandleResult), kind: .multiline(maxLength: 2000, rows: 2),
                      value: tip.handleResult),
        ]
        let intro = l.t(.tipDeadlines, tip.verifyDue.vietnamese, tip.classifyDue.vietnamese, tip.handleDue.vietnamese)
        super.init(ctx: ctx, title: l.t(original == nil ? .newTipTitle : .editTipTitle), intro: intro, fields: fields, cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        var t = base
        t.receivedDate = Formats.Day(vietnamese: form[TipField.receivedDate.rawValue]) ?? t.receivedDate
        if original == nil, let deadlines = (ctx.read { try ctx.store.tipDeadlines() }) {
            (t.verifyDue, t.classifyDue, t.handleDue) = deadlines.dueDates(receivedOn: t.receivedDate)
        }
        t.kind = TipKind.allCases.first { l.t($0.label) == form["kind"] } ?? t.kind
        t.channel = TipChannel.allCases.first { l.t($0.label) == form["channel"] } ?? t.channel
        t.anonymous = form["anonymous"] == l.t(.yes)
        // Typed: sealed anew. Left as shown: kept sealed as it is. Cleared (when it was shown): removed.
        let typed = form[TipField.reporter.rawValue]
        t.reporter = typed == informant ? "" : typed
        if informant != nil, typed.isEmpty { t.reporterSealed = nil }
        t.content = form[TipField.content.rawValue]
        t.place = form[TipField.place.rawValue]
        t.verifiedDate = Formats.Day(vietnamese: form[TipField.verifiedDate.rawValue])
        t.verifyResult = form["verifyResult"]
        t.classifiedDate = Formats.Day(vietnamese: form[TipField.classifiedDate.rawValue])
        t.classification = TipClass.allCases.first { l.t($0.label) == form[TipField.classification.rawValue] }
        t.handledDate = Formats.Day(vietnamese: form[TipField.handledDate.rawValue])
        t.handleResult = form[TipField.handleResult.rawValue]
        do {
            t.establishmentId = try linkedEstablishment()
        } catch {
            form.setError(ctx.message(for: error), field: "establishment")
            return .none
        }
        do {
            try ctx.store.saveTip(t, original: original, by: try ctx.account())
            form.markSaved()
            return ScreenOutcome.status(l.t(.tipSaved), .success).then(.pop)
        } catch let WardError.invalidTip(problems) {
            for p in problems.reversed() { form.setError(l.t(p.message), field: p.field.rawValue) }
            return .status(l.t(.fixErrors, problems.count), .error)
        } catch {
            return .status(ctx.message(for: error), .error)
        }
    }

    /// The establishment named in the form: the one whose name or address matches what was typed.
    private func linkedEstablishment() throws -> Int64? {
        let text = VietText.clean(form["establishment"])
        if text.isEmpty { return nil }
        let found = try ctx.store.establishments(EstablishmentQuery(filter: text, language: ctx.l.language), offset: 0, limit: 6)
        if let exact = found.first(where: { VietText.fold($0.establishment.name) == VietText.fold(text) }) { return exact.establishment.id }
        switch found.count {
        case 0: throw WardError.noEstablishmentMatches(text)
        case 1: return found[0].establishment.id
        default: throw WardError.severalEstablishmentsMatch(found.prefix(5).map(\.establishment.name))
        }
    }
}
