from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.instruments.enums import Origin


class Instrument(models.Model):
    """An instrument family member identified by its code (``pekppp``, ``sakip``, …)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    family = models.SlugField(_("family"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title


class InstrumentVersion(models.Model):
    """One version of an instrument, stored as its canonical YAML text.

    The YAML is the record: the scoring definition is parsed from it (and cached by hash). Once a
    cycle uses a version (``locked_at`` set) it never changes; a change is a new version.
    """

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="versions"
    )
    version = models.CharField(_("version"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    provisional = models.BooleanField(_("provisional"), default=False)
    source = models.TextField(_("definition (YAML)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The body that imported it, whose version it is; empty for the shipped library, which every
    # government shares (DESIGN: tenancy).
    owner = models.ForeignKey(
        "units.Unit",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["instrument__code", "-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "version"], name="instrument_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code}@{self.version}"

    @property
    def label(self) -> str:
        return f"{self.instrument.code}@{self.version}"

    @property
    def definition(self):
        """The parsed scoring definition (``kinerja.scoring`` Instrument), cached by hash."""
        from kinerja.instruments.queries import definition_for

        return definition_for(self)
