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

    /// A time of day as people write it ("9h30", "0930", "9:30", "9h"), kept as "09:30".
    var time: @Sendable (String) -> Validation {
        let message = l.t(.errTime)
        return { text in
            guard let time = VisitRules.normalTime(text) else { return .invalid(message) }
            return .ok(time)
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
