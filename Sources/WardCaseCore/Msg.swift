/// A key of the string tables in Resources/strings/{vi,en}.json. The keys are declared by area in
/// `Msg+<Area>.swift`, each as `static let name = Msg("name")`, the name and the key the same
/// (StringTableTests checks that, and that both tables hold every key and nothing else).
public struct Msg: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    init(_ key: String) { rawValue = key }
    public var description: String { rawValue }
}
