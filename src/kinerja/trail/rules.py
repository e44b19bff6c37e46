"""Reading the audit trail: any organiser (the events shown are scoped by ``trail.queries``)."""

import rules

from kinerja.tenancy.rules import is_organiser

rules.add_perm("audit.view_events", is_organiser)
