"""Every figure the dashboards and the periodic reports show (and, later, the API), in one place.

- scope.py: which units a figure counts (a unit's subtree, plus the units a merged commune succeeded);
- source.py: FigureSource, the one place that decides between the monthly roll-ups and a live count;
- rows.py: the figures themselves, as plain rows: the report freezes them, the dashboard adds links;
- counts.py, people.py: the counting underneath (roll-up sums, live aggregates, headcounts, repeats).
"""
