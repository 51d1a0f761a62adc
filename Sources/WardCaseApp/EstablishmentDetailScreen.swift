import TerminalKit
import WardCaseCore

/// One establishment's record, read-only.
final class EstablishmentDetailScreen: Screen {
    private let ctx: AppContext
    private let row: EstablishmentRow

    init(ctx: AppContext, row: EstablishmentRow) { self.ctx = ctx; self.row = row }

    var actions: [Action] { Actions.detail }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l, e = row.establishment
        buf.put(e.name, x: area.x, y: area.y, style: Style(bold: true), maxWidth: area.width)
        let fields: [(Msg, String)] = [
            (.colType, row.typeName),
            (.colAddress, e.street),
            (.colGroup, e.residentialGroup),
            (.fieldOwner, e.ownerName),
            (.fieldPhone, e.ownerPhone),
            (.fieldLicence, e.licenceNo.isEmpty ? "—" : e.licenceNo),
            (.colRisk, l.t(e.riskLevel.label)),
            (.colStatus, l.t(e.status.label)),
            (.fieldNotes, e.notes.isEmpty ? "—" : e.notes),
        ]
        let labelWidth = (fields.map { TextWidth.of(l.t($0.0)) }.max() ?? 0) + 2
        var y = area.y + 2
        for (label, value) in fields where y < area.maxY {
            buf.put(l.t(label), x: area.x, y: y, style: .muted)
            for line in TextWidth.wrap(value, width: area.width - labelWidth) where y < area.maxY {
                buf.put(line, x: area.x + labelWidth, y: y)
                y += 1
            }
        }
    }

    func perform(_ action: ActionID) -> ScreenOutcome { action == .back ? .pop : .none }
}
