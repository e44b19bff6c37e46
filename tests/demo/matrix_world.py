"""The world of the permission matrix: the demo world's governments, each cycle with the people
who hold every role in it, and the URL conf filled with each cycle's real objects.

The demo world has Kota Yogyakarta (EKK 2024 determined and announced, EKK 2025 in its filling
stage) and Jakarta Pusat (PEKPPP 2023: F01, berita acara, F02, recommendations). On top of it
this module adds what the demo does not have: an outside juror on EKK 2025, Provinsi Jawa
Timur's SKK cycle over Kota Batu's kecamatan with Kota Batu invited to it, and a clarification and
an appeal on each cycle's participant. Personas are looked up, not hard-coded, so the demo may grow.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from kinerja.appeals.models import Appeal
from kinerja.assessments.models import Clarification, Evidence, EvidenceRevision
from kinerja.claims.models import Claim
from kinerja.cycles.enums import TeamRole
from kinerja.cycles.models import Assignment, Cycle, ParticipantMember, TeamMember
from kinerja.cycles.services import invite_government
from kinerja.cycles.services.assignments import assign
from kinerja.cycles.services.cycle import create_cycle
from kinerja.cycles.services.participants import add_participants
from kinerja.cycles.services.team import add_team_member
from kinerja.demo.tenants import PLATFORM_ADMIN
from kinerja.innovations.models import Innovation, InnovationFile
from kinerja.instruments.models import InstrumentVersion
from kinerja.instruments.queries import find_version
from kinerja.jobs.models import Job
from kinerja.minutes.models import Recommendation
from kinerja.surveys.models import Survey
from kinerja.surveys.tally import create_tallies
from kinerja.tenancy.models import OrganiserSeat
from kinerja.units.models import Unit
from kinerja.visits.models import Attendance, VisitPhoto

User = get_user_model()
MATRIX_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100

# Roles, as the matrix names them.
ORG = "org"  # the organiser of the cycle's body
ADMIN = "admin"  # the platform administrator
OP = "op"  # operator of the participant in the URL
HEAD = "head"  # head of that participant
OP2 = "op2"  # operator of another participant of the same cycle
EV = "ev"  # evaluator assigned to the participant
EV2 = "ev2"  # team member not assigned to it
CHAIR = "chair"  # the team chair
JUROR = "juror"  # outside juror (institution as text), assigned to the participant
INVITED = "invited"  # organiser of a lower government invited to the cycle
ANON = "anon"  # not logged in
ROLES = (ORG, ADMIN, OP, HEAD, OP2, EV, EV2, CHAIR, JUROR, INVITED, ANON)

MISSING = 999_999  # an id no object has: the URL then answers 404 to everybody


@dataclass
class Target:
    """One cycle of one government, with its people and the objects its URLs are filled with."""

    key: str
    tenant: str
    cycle: Cycle
    people: dict[str, object] = field(default_factory=dict)  # role → user (or None: anonymous)
    values: dict[str, object] = field(default_factory=dict)


def patterns(resolver=None, prefix: str = "", namespace: str = ""):
    """Every named URL pattern: (``namespace:name``, its converters, its route)."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, entry.pattern.converters, prefix + str(entry.pattern)


def _pk(queryset) -> int:
    obj = queryset.order_by("pk").first()
    return obj.pk if obj is not None else MISSING


def participant_of(cycle: Cycle):
    """The participant the URLs are filled with: one with a field-visit record if the cycle has
    one (so that those pages have an object), else the first."""
    visited = cycle.participants.filter(field_visit__attendees__isnull=False).distinct()
    return (visited.order_by("pk").first()) or cycle.participants.order_by("pk").first()


def _people(cycle: Cycle, organiser: str) -> dict[str, object]:
    participant = participant_of(cycle)
    members = ParticipantMember.objects.filter(participant__cycle=cycle).select_related("user")
    own = {m.role: m.user for m in members if m.participant_id == participant.pk}
    other = next(
        (m.user for m in members if m.participant_id != participant.pk and m.role == "operator"),
        None,
    )
    team = list(TeamMember.objects.filter(cycle=cycle).select_related("user").order_by("pk"))
    assigned = set(
        Assignment.objects.filter(participant=participant).values_list("evaluator_id", flat=True)
    )
    inside = [m for m in team if m.role == TeamRole.MEMBER and not m.institution]
    people = {
        ORG: User.objects.get(username=organiser),
        ADMIN: User.objects.get(username=PLATFORM_ADMIN),
        OP: own.get("operator"),
        HEAD: own.get("head"),
        OP2: other,
        EV: next((m.user for m in inside if m.pk in assigned), None),
        EV2: next((m.user for m in inside if m.pk not in assigned), None),
        CHAIR: next((m.user for m in team if m.role == TeamRole.CHAIR), None),
        JUROR: next((m.user for m in team if m.institution and m.pk in assigned), None),
        INVITED: next(
            (
                User.objects.filter(organiser_seats__body=inv.body).first()
                for inv in cycle.invitations.filter(withdrawn_at__isnull=True)
            ),
            None,
        ),
        ANON: None,
    }
    return {role: user for role, user in people.items() if user is not None or role == ANON}


def _values(cycle: Cycle, people: dict[str, object]) -> dict[str, object]:
    participant = participant_of(cycle)
    of_participant = {"participant": participant}
    ev = TeamMember.objects.filter(cycle=cycle, user=people.get(EV)).first()
    version = cycle.instrument_version
    ref, slot = _first_slot(version)
    return {
        "cycle_id": cycle.pk,
        "participant_id": participant.pk,
        "clarification_id": _pk(Clarification.objects.filter(**of_participant)),
        "evidence_id": _pk(Evidence.objects.filter(**of_participant)),
        "revision_id": _pk(EvidenceRevision.objects.filter(evidence__participant=participant)),
        "member_id": ev.pk if ev else MISSING,
        "appeal_id": _pk(Appeal.objects.filter(**of_participant)),
        "recommendation_id": _pk(Recommendation.objects.filter(**of_participant)),
        "photo_id": _pk(VisitPhoto.objects.filter(visit__participant=participant)),
        "attendee_id": _pk(Attendance.objects.filter(visit__participant=participant)),
        "unit_id": participant.unit_id,
        "ref": ref,
        "slot": slot,
        "kind": "predikat",
        "slug": "penilai",  # a page of the user guide
        "family": version.instrument.family,
        "code": participant.unit.region.code,
        "object_type": "cycles.cycle",
        "object_id": str(cycle.pk),
        "instrument_code": version.instrument.code,
        "version": version.version,
        "fmt": "yaml",
        "report_format": "pdf",
        "seat_id": _pk(OrganiserSeat.objects.filter(user=people[ORG])),
        "invitation_id": _pk(cycle.invitations.all()),
        "innovation_id": _innovation_of(participant).pk,
        "file_id": _file_of(_innovation_of(participant)).pk,
        "claim_id": _pk(Claim.objects.filter(**of_participant)),
        "survey_id": _survey_of(participant).pk,
        "token": _survey_of(participant).token,
        "job_id": _job_of(cycle, people[ORG]).pk,
    }


def _job_of(cycle, organiser):
    """A finished job the cycle's organiser started on it (its page has an object)."""
    job = Job.objects.filter(cycle=cycle).first()
    if job is None:
        job = Job.objects.create(
            kind="recompute",
            label=f"Hitung ulang {cycle.name}",
            cycle=cycle,
            started_by=organiser,
            status="done",
        )
    return job


def _survey_of(participant):
    """An open survey of the matrix participant's unit with its IKM published (its keepers'
    pages, its public form and IKM page have an object)."""
    today = timezone.localdate()
    survey = Survey.objects.filter(unit=participant.unit, year=1999, period="year").first()
    if survey is None:
        survey = Survey.objects.create(
            unit=participant.unit,
            instrument_version=find_version("skm"),
            year=1999,
            period="year",
            opens_on=today - dt.timedelta(days=1),
            closes_on=today + dt.timedelta(days=30),
            token=f"matrix-{participant.pk}",
            published_at=timezone.now(),
        )
        create_tallies(survey)
    return survey


def _innovation_of(participant):
    """A published innovation of the matrix participant's unit (its edit page and its public
    page have an object)."""
    innovation, _created = Innovation.objects.get_or_create(
        owner=participant.unit,
        title=f"Inovasi {participant.unit.name}",
        defaults={"published_at": timezone.now()},
    )
    return innovation


def _file_of(innovation):
    """A stored photo of the matrix innovation (its download and remove URLs have an object)."""
    row = innovation.files.first()
    if row is None:
        name = default_storage.save("innovations/matrix.png", ContentFile(MATRIX_PNG))
        row = InnovationFile.objects.create(
            innovation=innovation,
            file_name=name,
            content_type="image/png",
            original_name="matrix.png",
            size=len(MATRIX_PNG),
            sha256=hashlib.sha256(MATRIX_PNG).hexdigest(),
        )
    return row


def _first_slot(version: InstrumentVersion) -> tuple[str, str]:
    """The first indicator that asks for evidence, and its first slot."""
    for indicator in version.definition.iter_indicators():
        if indicator.evidence:
            return str(indicator.ref), indicator.evidence[0].code
    return "1", "dokumen"


def fill(target: Target, converters, route: str) -> dict:
    values = dict(target.values)
    values["pk"] = values["unit_id"]  # only the unit pages name their object "pk"
    if route.startswith("instrumen/"):
        values["code"] = values["instrument_code"]
    return {name: values[name] for name in converters}


def _clarification_and_appeal(cycle: Cycle) -> None:
    """The demo has no clarification or appeal; one of each on the matrix participant, so that
    their pages have an object."""
    participant = participant_of(cycle)
    ref, _slot = _first_slot(cycle.instrument_version)
    asker = (
        TeamMember.objects.filter(cycle=cycle, assignments__participant=participant)
        .order_by("pk")
        .first()
    )
    Clarification.objects.create(
        participant=participant, indicator_ref=ref, raised_by=asker, question="Mohon dokumen."
    )
    head = ParticipantMember.objects.filter(participant=participant, role="head").first()
    for indicator in cycle.instrument_version.definition.claim_indicators():
        # The SKK's field indicator is scored from claims: one claim, so its pages have one.
        Claim.objects.create(
            participant=participant,
            indicator_ref=indicator.ref,
            criterion_ref=indicator.claims.criteria[0],
            title="Inovasi uji",
        )
    Appeal.objects.create(
        participant=participant, indicator_ref=ref, reason="Nilai keliru.", created_by=head.user
    )


def build_targets() -> list[Target]:
    """Add the juror, the province's cycle and the platform administrator, then the targets."""
    ekk2025 = Cycle.objects.get(name__startswith="EKK 2025")
    yogya = User.objects.get(username="penyelenggara")
    juror = User.objects.create_user("juri.ugm", password="x-juror-x")
    member = add_team_member(ekk2025, user=juror, institution="Universitas Gadjah Mada", by=yogya)
    assign(
        ekk2025,
        evaluator=member,
        participant=ekk2025.participants.order_by("pk").first(),
        by=yogya,
    )

    jatim = User.objects.get(username="biro.jatim")
    body = Unit.objects.get(organiser_seats__user=jatim)
    version = InstrumentVersion.objects.filter(instrument__code="skk-jatim").latest("pk")
    skk = create_cycle(
        version=version,
        name="Lomba Sinergitas Kinerja Kecamatan Jawa Timur 2026",
        year=2026,
        organiser_unit=body,
        starts_on=dt.date.today(),
        by=jatim,
    )
    add_participants(
        skk, Unit.objects.filter(region__code="35.79", kind="kecamatan").order_by("pk"), by=jatim
    )
    batu_body = Unit.objects.get(organiser_seats__user__username="organisasi.batu")
    invite_government(skk, batu_body, by=jatim, quota=2)
    # The cycles the matrix visits with a unit's people (KOVABLIK's entrants have none).
    for cycle in Cycle.objects.filter(Q(name__startswith="EKK") | Q(name__startswith="PEKPPP")):
        _clarification_and_appeal(cycle)

    cycles = [
        (
            "ekk2024",
            "yogyakarta",
            Cycle.objects.get(name="EKK 2024 Kota Yogyakarta"),
            "penyelenggara",
        ),
        ("ekk2025", "yogyakarta", ekk2025, "penyelenggara"),
        ("pekppp", "jakpus", Cycle.objects.get(name__startswith="PEKPPP"), "penyelenggara.jakpus"),
        ("skk", "jatim", skk, "biro.jatim"),
    ]
    targets = []
    for key, tenant, cycle, organiser in cycles:
        people = _people(cycle, organiser)
        targets.append(Target(key, tenant, cycle, people, _values(cycle, people)))
    return targets
