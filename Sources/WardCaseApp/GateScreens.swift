import TerminalKit
import WardCaseCore

/// A screen that is one form: a title, a short explanation, the fields. Subclasses say what
/// saving does. Gates (first-run set-up, sign-in, the idle lock) cannot be cancelled.
class FormScreen: Screen {
    let ctx: AppContext
    var form: FormState
    private let title: String
    private let intro: String
    private let cancellable: Bool

    init(ctx: AppContext, title: String, intro: String, fields: [FormField], cancellable: Bool) {
        self.ctx = ctx
        self.title = title
        self.intro = intro
        self.cancellable = cancellable
        form = FormState(fields: fields, strings: ctx.formStrings)
    }

    var actions: [Action] { cancellable ? Actions.form : Actions.form.filter { $0.id != .cancel } }
    var capturesText: Bool { true }
    var hasUnsavedChanges: Bool { form.dirty }

    func render(into buf: inout Buffer, area: Rect) {
        buf.put(title, x: area.x, y: area.y, style: Style(bold: true), maxWidth: area.width)
        let lines = TextWidth.wrap(intro, width: min(area.width, 76))
        for (i, line) in lines.enumerated() { buf.put(line, x: area.x, y: area.y + 1 + i, style: .muted) }
        let top = area.y + 2 + lines.count
        FormView().render(into: &buf, area: Rect(x: area.x, y: top, width: area.width, height: area.maxY - top), state: &form)
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        switch action {
        case .save: return form.validateAll() ? submit() : .none
        case .cancel:
            guard form.dirty else { return .pop }
            let l = ctx.l
            return .confirm(Dialog.confirm(title: l.t(.discardTitle), message: l.t(.discardAsk), yes: l.t(.discardYes), no: l.t(.discardNo)),
                            onConfirm: { .pop })
        case .nextField: _ = form.handle(.tab)
        case .previousField: _ = form.handle(.backTab)
        default: break
        }
        return .none
    }

    func input(_ key: Key) -> ScreenOutcome {
        let focused = form.fields.indices.contains(form.focus) ? form.fields[form.focus].id : ""
        switch form.handle(key) {
        case .submit: return submit()
        case .cancel where cancellable: return perform(.cancel)
        case .changed: changed(focused); return .none
        default: return .none
        }
    }

    /// The field `id` was just changed by the person (a choice turned, a letter typed).
    func changed(_ id: String) {}

    /// Called with a valid form.
    func submit() -> ScreenOutcome { .none }

    /// Runs a save: on success the form is clean, the status line says `done` and the screen
    /// closes; an error goes to the status line and the form stays as typed.
    func save(done: @autoclosure () -> String, _ body: () throws -> Void) -> ScreenOutcome {
        do {
            try body()
            form.markSaved()
            return ScreenOutcome.status(done(), .success).then(.pop)
        } catch {
            return .status(ctx.message(for: error), .error)
        }
    }

    /// Puts a core error next to the field it concerns, or on the status line.
    func show(_ error: Error, fields: [Msg: String]) -> ScreenOutcome {
        if let e = error as? WardError {
            switch e {
            case .required(let f), .tooLong(let f, _):
                if let id = fields[f] { form.setError(e.message(ctx.l), field: id); return .none }
            case .invalidLogin, .loginTaken: form.setError(e.message(ctx.l), field: "login"); return .none
            case .passwordTooShort, .passwordsDiffer: form.setError(e.message(ctx.l), field: "password"); return .none
            default: break
            }
        }
        return .status(ctx.message(for: error), .error)
    }
}

/// The ward's identity as form fields (first start and settings), and their ids by core field.
func wardFields(_ l: Localizer, _ ward: WardIdentity?) -> [FormField] {
    [
        FormField(id: "ward", label: l.t(.fieldWardName), kind: .text(maxLength: WardIdentity.maxLength), required: true,
                  value: ward?.name ?? ""),
        FormField(id: "province", label: l.t(.fieldProvince), kind: .text(maxLength: WardIdentity.maxLength), required: true,
                  value: ward?.province ?? ""),
        FormField(id: "agency", label: l.t(.fieldAgency), kind: .text(maxLength: WardIdentity.maxLength), required: true,
                  value: ward?.receivingAgency ?? l.t(.defaultAgency)),
    ]
}

let wardFieldIds: [Msg: String] = [.fieldWardName: "ward", .fieldProvince: "province", .fieldAgency: "agency"]

/// First start: which ward this database belongs to, and the admin account.
final class FirstRunScreen: FormScreen, GateScreen {
    private(set) var passed = false
    var cancelled: Bool { false }
    private let askWard: Bool
    private let askAdmin: Bool
    private static let fieldIds = wardFieldIds.merging([.fieldDisplayName: "name"]) { a, _ in a }

    init(ctx: AppContext, askWard: Bool, askAdmin: Bool) {
        self.askWard = askWard
        self.askAdmin = askAdmin
        let l = ctx.l
        var fields: [FormField] = []
        if askWard { fields += wardFields(l, nil) }
        if askAdmin {
            fields += [
                FormField(id: "login", label: l.t(.fieldLogin), kind: .text(maxLength: 32), required: true, value: "quantri"),
                FormField(id: "name", label: l.t(.fieldDisplayName), kind: .text(maxLength: 80), required: true),
                FormField(id: "password", label: l.t(.fieldPassword), kind: .secret(maxLength: 128), required: true),
                FormField(id: "password2", label: l.t(.fieldPasswordAgain), kind: .secret(maxLength: 128), required: true),
            ]
        }
        let intro = [askWard ? l.t(.setupIntro) : nil, askAdmin ? l.t(.adminSetupIntro) : nil].compactMap { $0 }.joined(separator: " ")
        super.init(ctx: ctx, title: l.t(askWard ? .setupTitle : .adminSetupTitle), intro: intro, fields: fields, cancellable: false)
    }

    override func submit() -> ScreenOutcome {
        do {
            // Check everything first, so that nothing is half-written.
            let ward = askWard ? try WardIdentity.validated(name: form["ward"], province: form["province"],
                                                             receivingAgency: form["agency"]) : nil
            if askAdmin {
                _ = try AccountRules.checkLogin(form["login"])
                try AccountRules.checkPassword(form["password"])
                if form["password"] != form["password2"] { throw WardError.passwordsDiffer }
            }
            if let ward { try ctx.store.initialiseWard(ward) }
            if askAdmin {
                ctx.session = try ctx.store.createFirstAccount(login: form["login"], displayName: form["name"], password: form["password"])
            }
            form.markSaved()
            passed = true
            return .pop
        } catch {
            return show(error, fields: Self.fieldIds)
        }
    }
}

/// Sign-in on a shared computer login.
final class SignInScreen: FormScreen, GateScreen {
    private(set) var passed = false
    private(set) var cancelled = false
    /// Esc goes back to whoever was signed in when switching user; at start-up there is no one.
    init(ctx: AppContext, canCancel: Bool) {
        let l = ctx.l
        super.init(ctx: ctx, title: l.t(.signInTitle), intro: l.t(.signInIntro), fields: [
            FormField(id: "login", label: l.t(.fieldLogin), kind: .text(maxLength: 32), required: true),
            FormField(id: "password", label: l.t(.fieldPassword), kind: .secret(maxLength: 128), required: true),
        ], cancellable: canCancel)
    }

    override var hasUnsavedChanges: Bool { false }

    /// Esc gives up at once: there is nothing here worth asking about.
    override func perform(_ action: ActionID) -> ScreenOutcome {
        guard action == .cancel else { return super.perform(action) }
        cancelled = true
        return .pop
    }

    override func submit() -> ScreenOutcome {
        do {
            switch try ctx.store.signIn(login: form["login"], password: form["password"]) {
            case .success(let account):
                ctx.session = account
                passed = true
                return .pop
            case .refused:
                clearPassword()
                return .status(ctx.l.t(.signInRefused), .error)
            case .locked(let until):
                clearPassword()
                return .status(ctx.l.t(.signInLocked, Timestamp.time(until)), .error)
            case .disabled:
                clearPassword()
                return .status(ctx.l.t(.signInDisabled), .error)
            }
        } catch {
            return .status(ctx.message(for: error), .error)
        }
    }

    private func clearPassword() {
        if let i = form.fields.firstIndex(where: { $0.id == "password" }) {
            form.fields[i].setValue("")
            form.focus = i
        }
    }
}

/// The idle lock: the signed-in person types their password again, or someone else signs in
/// fully (F2). Screens behind it keep whatever was being typed, and show nothing meanwhile.
final class LockScreen: FormScreen, GateScreen {
    private(set) var passed = false
    var cancelled: Bool { false }
    init(ctx: AppContext) {
        let l = ctx.l
        let who = ctx.session?.displayName ?? ""
        super.init(ctx: ctx, title: l.t(.lockTitle), intro: l.t(.lockIntro, who), fields: [
            FormField(id: "password", label: l.t(.fieldPassword), kind: .secret(maxLength: 128), required: true),
        ], cancellable: false)
    }

    override var hasUnsavedChanges: Bool { false }

    override var actions: [Action] { super.actions + [Actions.signInOther] }

    override func perform(_ action: ActionID) -> ScreenOutcome {
        action == .switchUser ? .switchUser : super.perform(action)
    }

    override func submit() -> ScreenOutcome {
        guard let account = ctx.session else { return .none }
        do {
            let result = try ctx.store.unlock(account, password: form["password"])
            form.fields[0].setValue("")
            switch result {
            case .success(let fresh):
                ctx.session = fresh
                passed = true
                return .pop
            case .refused: return .status(ctx.l.t(.signInRefused), .error)
            case .locked(let until):
                // Locked out: nobody may go on as this person; the app falls back to sign-in.
                ctx.session = nil
                return .status(ctx.l.t(.signInLocked, Timestamp.time(until)), .error)
            case .disabled:
                ctx.session = nil
                return .status(ctx.l.t(.signInDisabled), .error)
            }
        } catch {
            return .status(ctx.message(for: error), .error)
        }
    }
}
