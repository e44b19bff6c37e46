from django.db import models
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    LIBRARY = "library", _("Shipped library")
    UPLOAD = "upload", _("Uploaded by an organiser")
    COMMAND = "command", _("Imported on the command line")


class StageKind(models.TextChoices):
    SOSIALISASI = "sosialisasi", _("Socialisation")
    NOMINASI = "nominasi", _("Nomination by the invited governments")
    PENGISIAN = "pengisian", _("Self-assessment and evidence (F01)")
    PAPARAN = "paparan", _("Presentation")
    VERIFIKASI_LAPANGAN = "verifikasi_lapangan", _("Field verification")
    PENILAIAN = "penilaian", _("Scoring")
    PLENO = "pleno", _("Plenary")
    SANGGAH = "sanggah", _("Appeal")
    PENYAMPAIAN_HASIL = "penyampaian_hasil", _("Delivery of results")
    PENETAPAN = "penetapan", _("Determination")
    PENGUMUMAN = "pengumuman", _("Announcement")


class ScoreVisibility(models.TextChoices):
    NEVER = "never", _("Never")
    AFTER_OWN = "after_own", _("After submitting one's own")
    ALWAYS = "always", _("Always")


class AggregationMethod(models.TextChoices):
    MEAN = "mean", _("Mean")
    MEDIAN = "median", _("Median")
    TRIMMED_MEAN = "trimmed_mean", _("Trimmed mean")


class MissingPolicy(models.TextChoices):
    ZERO = "zero", _("Counted as zero")
    REWEIGHT = "reweight", _("Weight spread over answered indicators")
    NO_RESULT = "no_result", _("No result until complete")


# The instrument file's codes, shown to people through these labels.
LABELS = {
    "stage": dict(StageKind.choices),
    "visibility": dict(ScoreVisibility.choices),
    "aggregation": dict(AggregationMethod.choices),
    "missing": dict(MissingPolicy.choices),
}
