"""The results' long work as jobs (named in ``settings.KINERJA_JOBS``; see ``kinerja.jobs``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from kinerja.results import services
from kinerja.results.cards import report_cards
from kinerja.results.certificates import certificates_of
from kinerja.results.compute import recompute_cycle
from kinerja.results.documents import (
    certificates_pdf,
    decree_context,
    ranking_pdf,
    report_cards_pdf,
    snapshot_award_names,
    store_prepared,
)
from kinerja.results.exports import (
    determined_source,
    live_source,
    rekap_path,
    snapshot_rows,
    store_rekap,
)
from kinerja.results.integrity import SnapshotAltered, check_snapshot
from kinerja.results.models import Determination


def recompute(job, progress) -> None:
    """Every result of the job's cycle recomputed and ranked, in one transaction."""
    cycle = job.cycle
    total = cycle.participants.count()
    progress.step(0, total, _("Recomputing %(count)s results…") % {"count": total})
    with transaction.atomic():
        report = recompute_cycle(cycle)
    progress.step(
        report.participants,
        report.participants,
        _("%(count)s results recomputed.") % {"count": report.participants},
    )
    progress.result(reverse("results:ranking", kwargs={"cycle_id": cycle.pk}))


DECREE_FIELDS = ("decree_number", "signatory_name", "signatory_position", "override_reason")


def determination_params(cleaned: dict) -> dict:
    """The determination form's values as a job's JSON parameters."""
    params = {name: cleaned.get(name) or "" for name in DECREE_FIELDS}
    params["decree_date"] = cleaned["decree_date"].isoformat()
    return params


def determine(job, progress) -> None:
    """The job's cycle determined with the decree of its parameters (``services.determine``:
    one transaction, so a failure freezes nothing)."""
    cycle = job.cycle
    total = cycle.participants.count()
    progress.step(0, total, _("Recomputing and freezing %(count)s results…") % {"count": total})
    params = dict(job.params)
    params["decree_date"] = dt.date.fromisoformat(params["decree_date"])
    determination = services.determine(cycle, by=job.started_by, **params)
    progress.step(
        total,
        total,
        _("Results determined (version %(version)s).") % {"version": determination.version},
    )
    progress.result(reverse("results:determination", kwargs={"cycle_id": cycle.pk}))


def certificate_bundle(job, progress) -> None:
    """Every certificate of the announced determination in one PDF, kept in storage: the
    bundle's public URL serves it from then on (a large cycle's bundle takes minutes)."""
    determination = Determination.objects.select_related("cycle__instrument_version").get(
        pk=job.params["determination"]
    )
    cycle = determination.cycle
    context = decree_context(cycle, determination)
    labels = context["award_labels"]
    certificates = certificates_of(
        determination.snapshot, lambda row: snapshot_award_names(row, labels)
    )
    progress.step(
        0, len(certificates), _("Printing %(count)s certificates…") % {"count": len(certificates)}
    )
    data = certificates_pdf(context, certificates, job.params["base_url"])
    store_prepared(determination, "piagam", data)
    progress.step(len(certificates), len(certificates), _("Printing the ranking…"))
    store_prepared(determination, "peringkat", ranking_pdf(context, determination.snapshot))
    progress.step(len(certificates), len(certificates), _("Printing the report cards…"))
    cards = report_cards(determination.snapshot, context["instrument"])
    store_prepared(determination, "rapor", report_cards_pdf(context, cards))
    progress.step(len(certificates), len(certificates), _("The certificates are ready."))
    progress.result(reverse("results:certificate_bundle_pdf", kwargs={"cycle_id": cycle.pk}))


def rekap(job, progress) -> None:
    """A large cycle's XLSX rekap, written by a worker and kept in storage (``exports.rekap_path``);
    the job's result is its download link. ``params["determination"]``: the determination whose
    frozen snapshot it holds (checked against its SHA-256 first), or None for the live results."""
    cycle = job.cycle
    total = cycle.participants.count()
    determination_id = job.params.get("determination")
    if determination_id:
        determination = Determination.objects.defer("snapshot").get(
            pk=determination_id, cycle=cycle
        )
        try:
            check_snapshot(determination, by=job.started_by, rows=snapshot_rows(determination))
        except SnapshotAltered as altered:
            raise ValidationError(services.altered_message(determination)) from altered
        source = determined_source(cycle, determination)
    else:
        source = live_source(cycle)
    progress.step(
        0, total, _("Writing the XLSX rekap of %(count)s participants…") % {"count": total}
    )
    store_rekap(cycle, source, rekap_path(job))
    progress.step(total, total, _("The XLSX rekap is ready."))
    progress.result(reverse("results:rekap_file", kwargs={"cycle_id": cycle.pk, "job_id": job.pk}))
