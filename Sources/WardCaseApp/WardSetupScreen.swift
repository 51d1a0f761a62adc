import TerminalKit
import WardCaseCore

/// First start: asks which ward this database belongs to.
final class WardSetupScreen: Screen {
    private let ctx: AppContext
    private var form: FormState

    init(ctx: AppContext) {
        self.ctx = ctx
        let l = ctx.l
        form = FormState(fields: [
            FormField(id: "ward", label: l.t(.fieldWardName), kind: .text(maxLength: WardIdentity.maxLength), required: true),
            FormField(id: "province", label: l.t(.fieldProvince), kind: .text(maxLength: WardIdentity.maxLength), required: true),
            FormField(id: "agency", label: l.t(.fieldAgency), kind: .text(maxLength: WardIdentity.maxLength), required: true,
                      value: l.t(.defaultAgency)),
        ], strings: ctx.formStrings)
    }

    private static let fieldIds: [Msg: String] = [.fieldWardName: "ward", .fieldProvince: "province", .fieldAgency: "agency"]

    /// First start cannot be cancelled into an app with no ward: Ctrl-C quits instead.
    var actions: [Action] { Actions.form.filter { $0.id != .cancel } }
    var capturesText: Bool { true }
    var hasUnsavedChanges: Bool { form.dirty }

    func render(into buf: inout Buffer, area: Rect) {
        buf.put(ctx.l.t(.setupTitle), x: area.x, y: area.y, style: Style(bold: true), maxWidth: area.width)
        let intro = TextWidth.wrap(ctx.l.t(.setupIntro), width: min(area.width, 76))
        for (i, line) in intro.enumerated() { buf.put(line, x: area.x, y: area.y + 1 + i, style: .muted) }
        let top = area.y + 2 + intro.count
        FormView().render(into: &buf, area: Rect(x: area.x, y: top, width: area.width, height: area.maxY - top), state: &form)
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        switch action {
        case .save: return save()
        case .nextField: _ = form.handle(.tab)
        case .previousField: _ = form.handle(.backTab)
        default: break
        }
        return .none
    }

    func input(_ key: Key) -> ScreenOutcome {
        form.handle(key) == .submit ? save() : .none
    }

    private func save() -> ScreenOutcome {
        guard form.validateAll() else { return .none }
        do {
            let ward = try WardIdentity.validated(name: form["ward"], province: form["province"], receivingAgency: form["agency"])
            try ctx.store.setWard(ward)
            form.markSaved()
            return .pop
        } catch let error as WardError {
            switch error {
            case .required(let field), .tooLong(let field, _):
                form.setError(error.message(ctx.l), field: Self.fieldIds[field] ?? "ward")
                return .none
            default:
                return .status(error.message(ctx.l), .error)
            }
        } catch {
            return .status(ctx.message(for: error), .error)
        }
    }
}
