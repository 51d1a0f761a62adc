import Foundation

/// Long work (import, demo, backup, restore, check, large exports) says how far it is and learns
/// whether the person waiting gave up. The observer hears at most every 50 ms; when it answers
/// false the work throws `WardError.cancelled` from where it stands, inside its transaction, so a
/// cancelled run writes nothing.
public final class WorkProgress {
    /// How far the work is: what a progress bar shows.
    public struct State: Sendable, Equatable {
        public var done: Int
        public var total: Int
        public var elapsed: TimeInterval
        /// What is counted: records, pages, or a file's bytes (a streamed import: its rows are not
        /// known until the end).
        public var unit: Unit = .items

        public init(done: Int, total: Int, elapsed: TimeInterval, unit: Unit = .items) {
            self.done = done; self.total = total; self.elapsed = elapsed; self.unit = unit
        }

        public var fraction: Double { total > 0 ? min(1, Double(max(0, done)) / Double(total)) : 0 }

        /// Seconds left at the pace so far; nil until there is a pace to go by.
        public var remaining: TimeInterval? {
            guard done > 0, total > done, elapsed >= 0.2 else { return nil }
            return elapsed / Double(done) * Double(total - done)
        }

        /// "1.234/20.000 · còn khoảng 3 giây"; bytes in KB: "7.488/25.721 KB".
        public func describe(_ l: Localizer) -> String {
            let scale = unit == .bytes ? 1024 : 1
            let count = Formats.groupedDigits(Int64(min(done, total) / scale)) + "/" + Formats.groupedDigits(Int64(total / scale))
                + (unit == .bytes ? " KB" : "")
            guard let left = remaining else { return count }
            let seconds = max(1, Int(left.rounded(.up)))
            let time = seconds < 90 ? l.t(.progressSeconds, seconds) : l.t(.progressMinutes, (seconds + 30) / 60)
            return count + " · " + l.t(.progressLeft, time)
        }
    }

    public enum Unit: Sendable { case items, bytes }

    /// Hears the state; answers false to cancel.
    public typealias Observer = (State) -> Bool

    private let observer: Observer?
    private let started = DispatchTime.now().uptimeNanoseconds
    private var lastHeard: UInt64 = 0
    private let interval: UInt64
    public private(set) var done = 0
    public private(set) var total: Int
    /// What `done` and `total` count.
    public var unit: Unit = .items

    /// `every`: the least time between two states heard (tests hear every step with 0).
    public init(total: Int = 0, every: TimeInterval = 0.05, observer: Observer?) {
        self.total = total
        self.interval = UInt64(max(0, every) * 1e9)
        self.observer = observer
    }

    /// Work nobody watches (tests, the daily backup's quiet path).
    public static var silent: WorkProgress { WorkProgress(observer: nil) }

    public var state: State {
        State(done: done, total: total, elapsed: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9, unit: unit)
    }

    /// More work became known (a second phase, the rows once counted).
    public func add(total more: Int) { total += more }

    /// `n` more units done; throws `WardError.cancelled` when the person waiting cancelled.
    public func advance(_ n: Int = 1) throws {
        done += n
        try tell(force: false)
    }

    /// Sets the units done outright (a backup reports pages copied so far).
    public func set(done value: Int) throws {
        done = value
        try tell(force: false)
    }

    /// Tells the observer now, whatever the interval: the first and the last state.
    public func tell(force: Bool = true) throws {
        guard let observer else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard force || lastHeard == 0 || now - lastHeard >= interval else { return }
        lastHeard = now
        if !observer(state) { throw WardError.cancelled }
    }
}
