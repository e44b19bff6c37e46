"""Global role predicates. The organiser predicates are tenant-scoped and live in
``kinerja.tenancy.rules``; per-cycle and per-unit roles live in ``kinerja.cycles.rules``."""

import rules

is_authenticated = rules.is_authenticated
