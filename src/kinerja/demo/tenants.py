"""The demo's governments and their organisers (DESIGN: tenancy): three cities and two provinces,
each organiser seated at the body that runs its evaluations."""

from __future__ import annotations

from dataclasses import dataclass

from kinerja.accounts.models import User
from kinerja.accounts.services import ensure_user
from kinerja.tenancy.services import seat_organiser
from kinerja.units.models import Unit


@dataclass(frozen=True)
class DemoOrganiser:
    username: str
    position: str
    region_code: str
    body_short_name: str


ORGANISERS = [
    DemoOrganiser(
        "penyelenggara",
        "Analis Bagian Tata Pemerintahan Setda Kota Yogyakarta",
        "34.71",
        "Tapem",
    ),
    DemoOrganiser(
        "organisasi.batu",
        "Analis Bagian Organisasi Setda Kota Batu",
        "35.79",
        "Bagian Organisasi",
    ),
    DemoOrganiser(
        "penyelenggara.jakpus",
        "Analis Bagian KKPP Setko Administrasi Jakarta Pusat",
        "31.71",
        "Bagian KKPP",
    ),
    DemoOrganiser(
        "biro.jatim",
        "Analis Biro Pemerintahan dan Otonomi Daerah Setda Provinsi Jawa Timur",
        "35",
        "Biro Pemotda",
    ),
    DemoOrganiser(
        "bakorwil.jabar",
        "Analis Bakorpembang Wilayah II Provinsi Jawa Barat",
        "32",
        "Bakorpembang Wil. II",
    ),
]
_BY_USERNAME = {o.username: o for o in ORGANISERS}


def organiser_for(username: str, password: str) -> User:
    """The demo organiser's account, seated at its body (both created once)."""
    spec = _BY_USERNAME[username]
    user = ensure_user(
        username=spec.username, password=password, full_name=spec.position, position=spec.position
    )
    body = Unit.objects.get(region__code=spec.region_code, short_name=spec.body_short_name)
    seat_organiser(user, body, by=None)
    return user


def ensure_organisers(password: str) -> list[User]:
    return [organiser_for(o.username, password) for o in ORGANISERS]


PLATFORM_ADMIN = "admin.platform"


def ensure_platform_admin(password: str) -> User:
    """The demo's platform administrator (a superuser: seats organisers, adds regions)."""
    user = ensure_user(username=PLATFORM_ADMIN, password=password, full_name="Admin Platform")
    if not user.is_superuser:
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    return user
