"""The partnership's continuum of need, one row per published version."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ContinuumImmutable(Exception):
    """A loaded continuum version is never changed: load a new version instead."""


class ContinuumQuerySet(models.QuerySet):
    def in_force(self, on):
        """The version in force on a date: the newest one that had started by then. If the
        table is empty (a database flushed after migrating), the shipped versions are loaded
        from frontdoor/data/ first: loading is idempotent and never changes a loaded version."""
        found = self.filter(effective_from__lte=on).order_by("-effective_from", "-pk").first()
        if found is None and not self.model.objects.exists():
            from frontdoor import continua

            continua.load_all_continua(self.model)
            found = self.filter(effective_from__lte=on).order_by("-effective_from", "-pk").first()
        return found


class Continuum(models.Model):
    partnership = models.CharField(max_length=60)
    version = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    effective_from = models.DateField()
    source = models.TextField(blank=True)
    levels = models.JSONField(help_text="[{level, name, description}], numbered from 1")
    indicator_groups = models.JSONField(
        help_text="[{code, name, indicators: [{code, label, typical_level}]}]"
    )
    sign_off_from_level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Decisions at this level or above need a manager's sign-off (blank: never)",
    )
    source_file = models.CharField(max_length=200)
    content_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(default=timezone.now)

    objects = ContinuumQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from", "-pk"]
        verbose_name_plural = "continua of need"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "version"], name="continuum_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ContinuumImmutable("A loaded continuum version cannot be changed.")
        super().save(*args, **kwargs)

    # --- reading the version ---------------------------------------------------------------
    def level_numbers(self) -> list[int]:
        return [int(level["level"]) for level in self.levels]

    def level_name(self, level: int | None) -> str:
        for item in self.levels:
            if int(item["level"]) == level:
                return f"Level {level}: {item['name']}"
        return "" if level is None else f"Level {level}"

    def level_choices(self) -> list[tuple[str, str]]:
        return [(str(item["level"]), self.level_name(int(item["level"]))) for item in self.levels]

    def level_descriptions(self) -> dict[str, str]:
        return {str(item["level"]): item.get("description", "") for item in self.levels}

    def indicator_codes(self) -> set[str]:
        return {i["code"] for g in self.indicator_groups for i in g["indicators"]}

    def indicator_label(self, code: str) -> str:
        for group in self.indicator_groups:
            for indicator in group["indicators"]:
                if indicator["code"] == code:
                    return indicator["label"]
        return code

    def indicator_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Grouped choices: [(group name, [(code, label), …]), …]."""
        return [
            (g["name"], [(i["code"], i["label"]) for i in g["indicators"]])
            for g in self.indicator_groups
        ]

    def grouped_labels(self, codes) -> list[tuple[str, list[str]]]:
        chosen = set(codes or ())
        out = []
        for group in self.indicator_groups:
            labels = [i["label"] for i in group["indicators"] if i["code"] in chosen]
            if labels:
                out.append((group["name"], labels))
        return out

    def requires_sign_off(self, level: int | None) -> bool:
        return (
            self.sign_off_from_level is not None
            and level is not None
            and level >= self.sign_off_from_level
        )
