import Foundation
import TerminalKit
import WardCaseCore

/// What a screen asks the app to do after a key.
public enum ScreenOutcome {
    case none
    case push(Screen)
    case pop
    case status(String, StatusLine.Kind)
    case confirm(Dialog, onConfirm: () -> ScreenOutcome)
    case message(Dialog)
    case quit
    /// Sign in as someone else (from the idle lock: a full sign-in, back to the lock on Esc).
    case switchUser
    case sequence([ScreenOutcome])

    /// Do this, then that: "saved" on the status line, then back to the list.
    func then(_ next: ScreenOutcome) -> ScreenOutcome { .sequence([self, next]) }
}

/// A screen is state, a render function and a key handler; side effects go through the core.
public protocol Screen: AnyObject {
    /// The actions this screen handles now; they come before the global ones.
    var actions: [Action] { get }
    /// True while the user types into a field: printable keys go to `input`, not to global actions.
    var capturesText: Bool { get }
    var hasUnsavedChanges: Bool { get }
    func render(into buf: inout Buffer, area: Rect)
    func perform(_ action: ActionID) -> ScreenOutcome
    /// Keys that are no action: typed text while `capturesText`.
    func input(_ key: Key) -> ScreenOutcome
    func mouse(_ event: MouseEvent) -> ScreenOutcome
    /// Another terminal (or this one) changed the database: drop cached rows.
    func dataChanged()
    /// The screen is in front again (after a pop, a section switch or a change to the data): the
    /// moment to read what `dataChanged` put off, never while drawing.
    func appeared()
    /// The idle lock came down over this screen: forget anything decrypted (typed input stays).
    func locked()
    /// Work the screen started off the main thread is still running (the app then looks more often).
    var waiting: Bool { get }
    /// Takes in what that work produced; true when the screen should be drawn again.
    func poll() -> Bool
}

/// A screen shown instead of the sections (first-run set-up, sign-in, the idle lock): only its
/// own success lets the person through; a pop from anything else never does.
protocol GateScreen: Screen {
    /// Done: the person (now `ctx.session`) may go on.
    var passed: Bool { get }
    /// Given up with Esc (switching user): back to what was there before.
    var cancelled: Bool { get }
}

/// A result handed from a background thread to the screen that asked for it.
final class Pending<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    func set(_ v: T) { lock.withLock { value = v } }
    func take() -> T? { lock.withLock { defer { value = nil }; return value } }
}

public extension Screen {
    var capturesText: Bool { false }
    var hasUnsavedChanges: Bool { false }
    func input(_ key: Key) -> ScreenOutcome { .none }
    func mouse(_ event: MouseEvent) -> ScreenOutcome { .none }
    func dataChanged() {}
    func appeared() {}
    func locked() {}
    var waiting: Bool { false }
    func poll() -> Bool { false }
}

/// Where long work shows itself: the App draws a progress box and polls for Esc.
protocol ProgressHost: AnyObject {
    /// Shows the state; false when the person pressed Esc.
    func showProgress(_ title: String, _ state: WorkProgress.State) -> Bool
    func hideProgress()
}

/// What a screen read from the store: the value, or why it could not be read, in the user's
/// language. Loaded in `init`, `dataChanged` or background work, never while drawing.
enum Loaded<T> {
    case value(T)
    case failed(String)

    init(_ l: Localizer, _ read: () throws -> T) {
        do { self = .value(try read()) } catch { self = .failed(AppContext.message(for: error, l)) }
    }

    var value: T? { if case .value(let v) = self { v } else { nil } }
    var failure: String? { if case .failed(let s) = self { s } else { nil } }
    func map<U>(_ f: (T) -> U) -> Loaded<U> {
        switch self {
        case .value(let v): .value(f(v))
        case .failed(let s): .failed(s)
        }
    }
}

extension Loaded: Sendable where T: Sendable {}

/// What every screen needs: the store, the user's language and who is signed in.
public final class AppContext {
    public let store: WardStore
    public let l: Localizer
    public private(set) var ward: WardIdentity?
    /// The signed-in account; nil until sign-in. A different person never inherits the ward key.
    public var session: Account? { didSet { if session?.id != oldValue?.id { wardKey = nil } } }
    /// The key that opens identities, once a case worker typed the passphrase in this session.
    var wardKey: WardKey?
    /// The operating-system user running the app, for automatic sign-in.
    public let osUser: String
    /// The demo database lets anyone switch between its demo accounts without a password.
    public let isDemo: Bool

    public init(store: WardStore, localizer: Localizer, osUser: String = OSUser.current, isDemo: Bool = false) throws {
        self.store = store
        self.l = localizer
        self.osUser = osUser
        self.isDemo = isDemo
        self.ward = try store.ward()
    }

    func reloadWard() throws { ward = try store.ward() }

    /// Set by the App: long work draws its progress there.
    weak var progressHost: ProgressHost?

    /// Runs long work with a progress box (once it has taken half a second); Esc cancels it, and
    /// the work then throws `WardError.cancelled` having written nothing.
    func withProgress<T>(_ title: Msg, _ work: (WorkProgress) throws -> T) throws -> T {
        guard let host = progressHost else { return try work(.silent) }
        let text = l.t(title)
        defer { host.hideProgress() }
        return try work(WorkProgress { [weak host] state in host?.showProgress(text, state) ?? true })
    }

    func can(_ permission: Permission) -> Bool { session?.can(permission) ?? false }

    /// The signed-in account, for core calls that check what its roles allow.
    func account() throws -> Account {
        guard let session else { throw WardError.notSignedIn }
        return session
    }

    var formStrings: FormStrings {
        FormStrings(required: l.t(.errRequiredShort), yes: l.t(.yes), no: l.t(.no), datePlaceholder: l.t(.datePlaceholder))
    }

    /// What a screen reads for its content: the value, or the error's sentence to draw in its
    /// place (never an empty list that reads as "nothing there").
    func load<T>(_ read: () throws -> T) -> Loaded<T> { Loaded(l, read) }

    /// A read the screen can do without (a suggestion, a default, a name for a filter line): the
    /// fallback, with the error kept for the status line, so that a failure is never silent.
    func read<T>(or fallback: T, _ read: () throws -> T) -> T {
        do { return try read() } catch { problem = message(for: error); return fallback }
    }

    /// As `read(or:)`, with nothing as the fallback.
    func read<T>(_ read: () throws -> T?) -> T? { self.read(or: nil, read) }

    /// The last failed `read`, for the App to show on the status line.
    var problem: String?

    /// A user-facing sentence for any error: typed errors in the user's language, anything else generic.
    func message(for error: Error) -> String { Self.message(for: error, l) }

    /// The same, off the main thread (background work has no context, only the language).
    static func message(for error: Error, _ l: Localizer) -> String {
        if let e = error as? WardError { return e.message(l) }
        return l.t(.errUnexpected, String(describing: type(of: error)))
    }
}
