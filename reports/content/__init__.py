"""What a periodic report says, as plain JSON: built once from the roll-ups and the records, then frozen in
the Report row. The PDF is drawn from this dict alone, so an old revision always renders the same figures.

Reports are made by the system for a whole unit, not for a user: nothing here is access-scoped. Who may
read a report is decided by the archive views (violations.access)."""
