import WardCaseCore

// The cells every list export builds its rows from, in one place.

/// A day as a spreadsheet date, or an empty cell.
func dayCell(_ d: Formats.Day?) -> Grid.Cell { d.map { .date($0.year, $0.month, $0.day) } ?? .empty }

/// Text, or an empty cell for none (a sheet does not store empty text).
func textCell(_ s: String) -> Grid.Cell { s.isEmpty ? .empty : .text(s) }

/// A record's id in JSON: its number, or "" when it has none.
func idValue(_ id: Int64?) -> ExportJSONValue { id.map { .number($0) } ?? .text("") }
