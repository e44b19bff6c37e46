from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABUPATEN = "kabupaten", _("Regency (kabupaten)")
    KOTA = "kota", _("City (kota)")
    KOTA_ADMINISTRASI = "kota_administrasi", _("Administrative city")
    KECAMATAN = "kecamatan", _("District (kecamatan)")


# Kab/kota level: the kinds whose code is NN.NN under a province, and whose children are kecamatan.
REGENCY_KINDS = frozenset({RegionKind.KABUPATEN, RegionKind.KOTA, RegionKind.KOTA_ADMINISTRASI})
CITY_KINDS = frozenset({RegionKind.KOTA, RegionKind.KOTA_ADMINISTRASI})


class TimeZoneName(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


class UnitKind(models.TextChoices):
    PEMDA = "pemda", _("Local government")
    SEKRETARIAT = "sekretariat", _("Secretariat")
    DINAS = "dinas", _("Agency (dinas)")
    BADAN = "badan", _("Board (badan)")
    BAGIAN = "bagian", _("Division (bagian)")
    INSPEKTORAT = "inspektorat", _("Inspectorate")
    SATPOL = "satpol", _("Civil service police (Satpol PP)")
    KANTOR = "kantor", _("Office (kantor)")
    KECAMATAN = "kecamatan", _("District (kecamatan)")
    KEMANTREN = "kemantren", _("District (kemantren)")
    KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
    DESA = "desa", _("Village (desa)")
    UPT = "upt", _("Technical unit (UPT)")
    UKPD = "ukpd", _("Regional work unit (UKPD)")
    SUDIN = "sudin", _("Sub-agency (suku dinas)")
    BUMD = "bumd", _("Regional enterprise (BUMD)")
    PUSKESMAS = "puskesmas", _("Community health centre (puskesmas)")
    SEKOLAH = "sekolah", _("School")


# The regions a unit sits in: a kecamatan unit belongs to its kab/kota's region (the kecamatan
# regions of the Kemendagri list name places, not governments), so pickers and the unit import's
# region names stop at the kab/kota.
UNIT_REGION_KINDS = frozenset(
    {RegionKind.PROVINSI, RegionKind.KABUPATEN, RegionKind.KOTA, RegionKind.KOTA_ADMINISTRASI}
)

# Kinds that take part as "areas" (wilayah) rather than agencies: used to pick participants later.
AREA_KINDS = frozenset({UnitKind.KECAMATAN, UnitKind.KEMANTREN, UnitKind.KELURAHAN, UnitKind.DESA})
OPD_KINDS = frozenset(
    {
        UnitKind.SEKRETARIAT,
        UnitKind.DINAS,
        UnitKind.BADAN,
        UnitKind.BAGIAN,
        UnitKind.INSPEKTORAT,
        UnitKind.SATPOL,
        UnitKind.KANTOR,
    }
)


class MemberRole(models.TextChoices):
    """How a person acts for a unit in a cycle (``cycles.ParticipantMember``); the unit's own
    records outside cycles (its innovations) follow the same roles."""

    OPERATOR = "operator", _("Unit operator")
    HEAD = "head", _("Unit head")
