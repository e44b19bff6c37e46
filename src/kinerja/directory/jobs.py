"""The unit directory's long work as jobs (named in ``settings.KINERJA_JOBS``): a unit import
sent through the API, planned again when it runs (the database may have changed since it was
sent) and applied all or nothing."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from kinerja.common.tabular import read_table
from kinerja.jobs import services as jobs
from kinerja.tenancy.scope import regions_in_scope
from kinerja.units.imports import ImportPlan, apply_unit_import, plan_unit_import

PENDING_DIR = "imports/units"


def plan_for(user, data: bytes, filename: str) -> ImportPlan:
    """The dry run of an import by ``user``: their own government's regions only. Raises
    ``TableError`` for a file that is no table."""
    return plan_unit_import(read_table(data, filename=filename), regions=regions_in_scope(user))


def start_unit_import(user, data: bytes, filename: str):
    """Keep the file in storage and queue its import as a job of ``user``. Audited
    ``job.start``; the job removes the file when it is done or refused."""
    path = default_storage.save(f"{PENDING_DIR}/{secrets.token_hex(16)}", ContentFile(data))
    return jobs.start(
        "unit_import",
        label=_("Import units from %(file)s") % {"file": filename[:200]},
        by=user,
        params={"path": path, "filename": filename[:200]},
    )


def first_problem(plan: ImportPlan) -> str:
    if plan.file_errors:
        return plan.file_errors[0]
    row = plan.error_rows[0]
    return _("row %(row)s: %(error)s") % {"row": row.number, "error": row.errors[0]}


def unit_import(job, progress) -> None:
    """Plan the kept file again for the person who sent it and apply it in one transaction; a
    file that no longer fits is refused whole (nothing imported)."""
    path, filename = job.params["path"], job.params["filename"]
    if job.started_by is None:
        default_storage.delete(path)
        raise ValidationError(_("The person who sent this import no longer exists."))
    with default_storage.open(path, "rb") as handle:
        plan = plan_for(job.started_by, handle.read(), filename)
    if not plan.ok:
        default_storage.delete(path)
        raise ValidationError(
            _("Nothing was imported: the file has errors (first: %(problem)s).")
            % {"problem": first_problem(plan)}
        )
    total = len(plan.rows)
    progress.step(0, total, _("Importing %(count)s rows…") % {"count": total})
    with transaction.atomic():
        counts = apply_unit_import(plan, by=job.started_by, source=filename)
    default_storage.delete(path)
    progress.step(
        total,
        total,
        _("Import finished: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % counts,
    )
    progress.result(reverse("units:regions"))
