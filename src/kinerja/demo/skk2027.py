"""Lomba Sinergitas Kinerja Kecamatan Jawa Timur 2027, in its nomination stage: the province
invited Kota Batu (quota two kecamatan), and Kota Batu has nominated Kecamatan Junrejo. Log in
as ``organisasi.batu`` to nominate a second kecamatan, as ``biro.jatim`` to accept or refuse.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kinerja.cycles import services as cycles
from kinerja.cycles.models import Cycle
from kinerja.demo.calendar import WIB, lay_stages
from kinerja.demo.tenants import organiser_for
from kinerja.instruments.queries import find_version
from kinerja.nominations.services import nominate
from kinerja.units.models import Unit

CYCLE_NAME = "Lomba Sinergitas Kinerja Kecamatan Jawa Timur 2027"
NOMINATION_DAYS = 14


def load_skk2027(password: str) -> Cycle:
    """Create (once) the province's SKK 2027 with Kota Batu invited and one nomination."""
    existing = Cycle.objects.filter(name=CYCLE_NAME).first()
    if existing is not None:
        return existing
    province = organiser_for("biro.jatim", password)
    batu = organiser_for("organisasi.batu", password)
    cycle = cycles.create_cycle(
        version=find_version("skk-jatim"),
        name=CYCLE_NAME,
        year=2027,
        organiser_unit=Unit.objects.get(short_name="Biro Pemotda", region__code="35"),
        starts_on=timezone.localdate(),
        by=province,
        description=(
            "Lomba antarkecamatan tingkat provinsi: kabupaten/kota mengusulkan kecamatannya, "
            "lalu penilaian administrasi, paparan camat, dan tinjau lapang 7 besar."
        ),
    )
    started = timezone.now().astimezone(WIB).replace(hour=8, minute=0, second=0, microsecond=0)
    lay_stages(
        cycle,
        "nominasi",
        at=started - dt.timedelta(days=2),
        nomination_days=NOMINATION_DAYS,
        by=province,
    )
    invitation = cycles.invite_government(
        cycle,
        Unit.objects.get(short_name="Bagian Organisasi", region__code="35.79"),
        quota=2,
        unit_kind="kecamatan",
        note="Dua kecamatan terbaik tingkat kota",
        by=province,
    )
    nominate(
        invitation,
        Unit.objects.get(short_name="Junrejo", kind="kecamatan"),
        note="Terbaik I lomba kecamatan Kota Batu 2026",
        by=batu,
    )
    return cycle
