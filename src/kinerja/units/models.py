from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.units.enums import RegionKind, TimeZoneName, UnitKind


class Region(models.Model):
    """A province, a regency/city or a kecamatan (wilayah), with its official Kemendagri code
    (``35``, ``35.07``, ``35.07.12``); the list itself is loaded by ``services.load_regions``."""

    kind = models.CharField(_("kind"), max_length=20, choices=RegionKind.choices)
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=20, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TimeZoneName.choices, default=TimeZoneName.WIB
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A government unit that evaluates or is evaluated: kecamatan, kemantren, OPD, UKPD, …"""

    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    code = models.CharField(
        _("official code"),
        max_length=40,
        blank=True,
        help_text=_("Kemendagri or organisation code, where one exists."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["region__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="unit_code_unique_when_set"
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=Q(parent__isnull=False),
                name="unit_name_unique_under_parent",
            ),
            models.UniqueConstraint(
                fields=["region", "name"],
                condition=Q(parent__isnull=True),
                name="unit_root_name_unique_in_region",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """Short name when there is one (e.g. "DP3AP2KB"), else the name."""
        return self.short_name or self.name
