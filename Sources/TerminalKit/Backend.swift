/// Where frames go and events come from: the real terminal or memory.
public protocol TerminalBackend: AnyObject {
    var size: Size { get }
    func start() throws
    func stop()
    func draw(_ buffer: Buffer)
    /// The next event, or nil when `timeoutMilliseconds` passed with none (-1 waits for ever).
    func nextEvent(timeoutMilliseconds: Int) -> Event?
}

/// A backend in memory for tests: events are queued by the test, the last frame is kept as text.
public final class MemoryBackend: TerminalBackend {
    public private(set) var size: Size
    public private(set) var lastFrame: Buffer?
    private var queue: [Event] = []
    public private(set) var started = false, stopped = false

    public init(width: Int = 80, height: Int = 24) { size = Size(width: width, height: height) }

    public func start() throws { started = true }
    public func stop() { stopped = true }
    public func draw(_ buffer: Buffer) { lastFrame = buffer }

    public func nextEvent(timeoutMilliseconds: Int) -> Event? {
        guard !queue.isEmpty else { return nil }
        let e = queue.removeFirst()
        if case .resize(let s) = e { size = s }
        return e
    }

    public func enqueue(_ events: [Event]) { queue.append(contentsOf: events) }
    public func enqueue(keys: [Key]) { queue.append(contentsOf: keys.map { .key($0) }) }
    /// Types a string one key at a time, as a person would.
    public func type(_ text: String) { queue.append(contentsOf: text.unicodeScalars.map { .key(.char(Character($0))) }) }
    public var pending: Int { queue.count }
    public var screenText: String { lastFrame?.text ?? "" }
    public var screenStyles: String { lastFrame?.styleLines.joined(separator: "\n") ?? "" }
}
