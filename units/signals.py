"""Signals the units app sends for writes that bypass Model.save() (bulk imports).

Apps that keep data derived from units (violations' search documents) listen to these; the units app knows
nothing about them, as the dependency rule requires.
"""

from django.dispatch import Signal

# Sent after a bulk update changed unit names; keyword argument `unit_ids`: the ids whose name changed.
unit_names_changed = Signal()
