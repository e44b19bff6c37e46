"""Password login without Django's model permissions.

Kinerja's permissions are django-rules predicates (each app's ``rules.py``); Django's per-model
permission rows are never granted. ``ModelBackend`` would still read them (two queries per
request) whenever a rule says no; this backend keeps its password check and answers every
permission question with "not from me", so the rules backend alone decides.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, user_obj, app_label) -> bool:
        return False
