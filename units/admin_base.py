"""The base of every ModelAdmin in the project: a changelist that answers bad lookups as Django intends.

Django's admin turns a lookup it cannot apply into IncorrectLookupParameters and redirects to the list with
`?e=1`, except where the value overflows: a date-hierarchy drill into December 9999 computes 1 January
10000, and an id beyond 2**63 overflows the database driver. Both raised a 500. Any admin registered
without this base is caught by tests/security/test_hostile_queries.py.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest


class SafeChangelistAdmin(admin.ModelAdmin):
    def get_changelist_instance(self, request: HttpRequest) -> ChangeList:
        try:
            return super().get_changelist_instance(request)
        except (OverflowError, ValueError) as exc:
            raise IncorrectLookupParameters(exc) from exc
