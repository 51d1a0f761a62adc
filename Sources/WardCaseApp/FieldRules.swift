import TerminalKit
import WardCaseCore

/// Form validators built from the core's rules (dates, numbers, money), with messages in the
/// user's language. Forms in every later screen take them from here.
struct FieldRules {
    let l: Localizer

    var date: @Sendable (String) -> Validation {
        let message = l.t(.errInvalidDate)
        return { text in
            guard let day = Formats.Day(vietnamese: text) else { return .invalid(message) }
            return .ok(day.vietnamese)
        }
    }

    var number: @Sendable (String) -> Validation {
        let message = l.t(.errInvalidNumber)
        return { text in
            guard let n = Formats.parseInt(text), n >= 0 else { return .invalid(message) }
            return .ok(String(n))
        }
    }

    var money: @Sendable (String) -> Validation {
        let message = l.t(.errInvalidMoney)
        return { text in
            guard let amount = Formats.parseMoney(text) else { return .invalid(message) }
            return .ok(Formats.groupedDigits(amount))
        }
    }
}
