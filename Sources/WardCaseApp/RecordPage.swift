import TerminalKit

/// A record shown as label / value lines under its title, labels and values wrapped, the whole scrolled:
/// the establishment, visit and case pages all draw this way.
enum RecordPage {
    /// A label and its value; a `.header` line is a section title spanning the width.
    typealias Line = (label: String, value: String, style: Style)

    static func draw(title: String, lines: [Line], into buf: inout Buffer, area: Rect, scroll: inout Int, maxLabel: Int) {
        buf.put(title, x: area.x, y: area.y, style: Style(bold: true), maxWidth: area.width)
        let labelWidth = min(maxLabel, (lines.map { TextWidth.of($0.label) }.max() ?? 0) + 2)
        var wrapped: [Line] = []
        for line in lines {
            if line.style == .header { wrapped.append(line); continue }
            // A label longer than its column wraps beside the value, like a form's.
            let parts = TextWidth.wrap(line.value, width: max(10, area.width - labelWidth))
            let labels = TextWidth.wrap(line.label, width: labelWidth - 1)
            for i in 0..<max(1, parts.count, labels.count) {
                wrapped.append((i < labels.count ? labels[i] : "", i < parts.count ? parts[i] : "", line.style))
            }
        }
        let room = area.height - 2
        scroll = min(scroll, max(0, wrapped.count - room))
        for (i, line) in wrapped.dropFirst(scroll).prefix(room).enumerated() {
            let y = area.y + 2 + i
            if line.style == .header {
                buf.put(line.label, x: area.x, y: y, style: .header, maxWidth: area.width)
            } else {
                buf.put(line.label, x: area.x, y: y, style: .muted, maxWidth: labelWidth - 1)
                buf.put(line.value, x: area.x + labelWidth, y: y, style: line.style, maxWidth: area.width - labelWidth)
            }
        }
    }

    /// Moves `scroll` for the scrolling actions; false for any other action.
    static func scroll(_ action: ActionID, _ scroll: inout Int) -> Bool {
        switch action {
        case .down: scroll += 1
        case .up: scroll = max(0, scroll - 1)
        case .pageDown: scroll += 10
        case .pageUp: scroll = max(0, scroll - 10)
        default: return false
        }
        return true
    }
}
