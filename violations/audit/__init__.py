"""The audit trail: every recorded change to the records that matter, read-only, scoped like everything else.

django-simple-history writes one historical row per save or delete (who, when, the whole record); this
package turns consecutive rows into field-level changes (old → new) for auditors and administrators.
"""
