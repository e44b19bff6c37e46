"""The satisfaction surveys of Jakarta Pusat (REFERENCE.md §6): Suku Dinas Sosial and Kecamatan
Sawah Besar each ran the SKM of semester I 2023 (a few hundred generated answers, the IKM public
with its follow-up), and Sawah Besar's survey of the current semester is open now, so its poster's
link takes answers in the demo. One burst of answers from one address in Suku Dinas Sosial's
survey is excluded (audited), to show the review queue. PEKPPP Mandiri Jakarta Pusat 2023 takes
its F03 (25% of the IPP) from the semester I 2023 surveys.

Answers are drawn from a fixed seed, so every demo world has the same IKM.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from kinerja.cycles.models import Cycle
from kinerja.demo.calendar import WIB
from kinerja.demo.pekppp2023 import CYCLE_NAME as PEKPPP_CYCLE
from kinerja.demo.tenants import organiser_for
from kinerja.instruments.queries import find_version
from kinerja.surveys import feeds, services, tally
from kinerja.surveys.enums import Channel, Education, Occupation, Period, Sex
from kinerja.surveys.models import Response, Survey
from kinerja.units.models import Unit

# Per unit: how many answers, the share of each answer 4/3/2/1 per element (U1 … U9), the
# services offered.
PLANS = {
    "Sudin Sosial": (
        320,
        [
            (0.35, 0.55, 0.08),
            (0.30, 0.55, 0.12),
            (0.20, 0.55, 0.20),
            (0.80, 0.18, 0.02),
            (0.30, 0.60, 0.08),
            (0.35, 0.55, 0.08),
            (0.45, 0.50, 0.04),
            (0.15, 0.50, 0.25),
            (0.25, 0.55, 0.15),
        ],
        "Rekomendasi bantuan sosial\nPendataan DTKS\nLayanan rehabilitasi sosial",
    ),
    "Sawah Besar": (
        260,
        [
            (0.40, 0.52, 0.07),
            (0.35, 0.55, 0.08),
            (0.30, 0.55, 0.12),
            (0.85, 0.14, 0.01),
            (0.35, 0.55, 0.08),
            (0.40, 0.52, 0.07),
            (0.50, 0.45, 0.04),
            (0.25, 0.55, 0.15),
            (0.30, 0.55, 0.12),
        ],
        "Surat keterangan\nPerizinan usaha mikro\nLegalisasi dokumen",
    ),
}
FOLLOW_UP = {
    "Sudin Sosial": (
        "Penanganan pengaduan (U8): kanal pengaduan daring dengan nomor tiket dan batas waktu "
        "jawaban 3 hari kerja mulai Semester II 2023.\n"
        "Waktu penyelesaian (U3): standar waktu rekomendasi bansos dipasang di loket dan laman."
    ),
    "Sawah Besar": (
        "Penanganan pengaduan (U8): kotak saran diganti formulir daring, dipantau setiap hari.\n"
        "Sarana dan prasarana (U9): ruang tunggu diperluas dan kursi prioritas ditambah."
    ),
}
AGES = (19, 24, 29, 34, 41, 47, 53, 60, 67)


def _answer(rng: random.Random, shares: tuple[float, float, float]) -> int:
    roll = rng.random()
    four, three, two = shares
    if roll < four:
        return 4
    if roll < four + three:
        return 3
    return 2 if roll < four + three + two else 1


def _responses(survey: Survey, count: int, elements, services_list, rng: random.Random):
    start = dt.datetime.combine(survey.opens_on, dt.time(8), tzinfo=WIB)
    days = (survey.closes_on - survey.opens_on).days or 1
    rows = []
    for n in range(count):
        answers = {f"a{e + 1}": _answer(rng, shares) for e, shares in enumerate(elements)}
        if n % 41 == 7:  # a paper form with one element left empty
            answers["a4"] = None
        when = start + dt.timedelta(days=rng.randrange(days), minutes=rng.randrange(7 * 60))
        paper = n % 5 == 0
        rows.append(
            Response(
                survey=survey,
                submitted_at=when,
                channel=Channel.PAPER if paper else Channel.WEB,
                device="" if paper else services.key_of("device", f"demo-{survey.pk}-{n}"),
                address="" if paper else services.key_of("address", f"10.0.{n % 97}.{n % 13}"),
                batch="Formulir kertas loket" if paper else "",
                age=rng.choice(AGES),
                sex=rng.choice(Sex.values),
                education=rng.choice(Education.values),
                occupation=rng.choice(Occupation.values),
                service=rng.choice(services_list),
                visited_on=when.date(),
                suggestion="Antrean mohon dipercepat." if n % 17 == 3 else "",
                **answers,
            )
        )
    return rows


def _burst(survey: Survey, at: dt.datetime) -> list[Response]:
    address = services.key_of("address", "203.0.113.50")
    return [
        Response(
            survey=survey,
            submitted_at=at + dt.timedelta(seconds=20 * n),
            channel=Channel.WEB,
            device=services.key_of("device", f"burst-{n}"),
            address=address,
            **{f"a{e}": 1 for e in range(1, 10)},
        )
        for n in range(12)
    ]


def _open(unit, organiser, *, year, period, opens_on, closes_on, services_text):
    survey = Survey.objects.filter(unit=unit, year=year, period=period).first()
    if survey is not None:
        return survey, False
    survey = services.open_survey(
        unit=unit,
        instrument_version=find_version("skm"),
        year=year,
        period=period,
        opens_on=opens_on,
        closes_on=closes_on,
        services=services_text,
        by=organiser,
    )
    return survey, True


def load_skm(password: str) -> list[Survey]:
    """Create (once) the demo surveys of Jakarta Pusat; return them."""
    organiser = organiser_for("penyelenggara.jakpus", password)
    rng = random.Random(2023)  # noqa: S311 — demo data
    made = []
    for short, (count, elements, services_text) in PLANS.items():
        unit = Unit.objects.get(short_name=short)
        survey, created = _open(
            unit,
            organiser,
            year=2023,
            period="s1",
            opens_on=dt.date(2023, 1, 2),
            closes_on=dt.date(2023, 6, 30),
            services_text=services_text,
        )
        made.append(survey)
        if not created:
            continue
        rows = _responses(survey, count, elements, survey.service_list(), rng)
        burst = (
            _burst(survey, dt.datetime(2023, 5, 3, 21, 0, tzinfo=WIB))
            if short == "Sudin Sosial"
            else []
        )
        Response.objects.bulk_create(rows + burst, batch_size=500)
        tally.rebuild([survey.pk])
        if burst:
            ids = list(
                survey.responses.filter(address=burst[0].address).values_list("pk", flat=True)
            )
            services.set_excluded(
                survey,
                ids,
                excluded=True,
                by=organiser,
                reason="12 jawaban bernilai 1 dari satu alamat dalam 4 menit pukul 21.00",
            )
        services.record_follow_up(
            survey, text=FOLLOW_UP[short], expected_version=survey.version, by=organiser
        )
        services.set_published(survey, published=True, by=organiser)
    made.append(_current(organiser, rng))
    _feed_pekppp(organiser)
    return made


def _feed_pekppp(organiser) -> None:
    """PEKPPP 2023 takes its F03 from the semester I 2023 surveys (once)."""
    cycle = Cycle.objects.filter(name=PEKPPP_CYCLE).select_related("instrument_version").first()
    if cycle is not None and feeds.takes_surveys(cycle) and feeds.feed_of(cycle) is None:
        feeds.choose_period(
            cycle, year=2023, period=Period.FIRST_HALF, expected_version=0, by=organiser
        )


def _current(organiser, rng: random.Random) -> Survey:
    """Sawah Besar's survey of the semester the demo runs in, open today, a few answers in."""
    today = timezone.localdate()
    first_half = today.month <= 6
    unit = Unit.objects.get(short_name="Sawah Besar", kind="kecamatan")
    survey, created = _open(
        unit,
        organiser,
        year=today.year,
        period="s1" if first_half else "s2",
        opens_on=dt.date(today.year, 1 if first_half else 7, 1),
        closes_on=dt.date(today.year, 6, 30) if first_half else dt.date(today.year, 12, 31),
        services_text=PLANS["Sawah Besar"][2],
    )
    if created:
        rows = _responses(survey, 40, PLANS["Sawah Besar"][1], survey.service_list(), rng)
        now = timezone.now()
        for row in rows:
            row.submitted_at = min(row.submitted_at, now)
            row.visited_on = row.submitted_at.date()
        Response.objects.bulk_create(rows, batch_size=500)
        tally.rebuild([survey.pk])
    return survey
