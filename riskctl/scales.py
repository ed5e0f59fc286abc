"""Probability and significance scales and risk-value bands: data a board may replace.

The default is the Swedish 4×4 of Alingsås kommun's risk and significance analysis (budget
2025, Bilaga 2). A board may use another size, e.g. a 5×5 scale, from the generic defaults
here or from a TOML file (see `load_scale_file`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from riskctl.errors import InvalidInput
from riskctl.i18n import _
from riskctl.models import ScaleLevel, limit
from riskctl.tabular import read_text_file, toml_reason

# A scale file's limits: the lengths of the columns of `models.ScaleLevel` and `models.Band`,
# and levels per axis (every pair's value is checked).
LEVELS_MAX = limit(ScaleLevel.level)
LABEL_MAX = limit(ScaleLevel.label)
DESCRIPTION_MAX = limit(ScaleLevel.description)


@dataclass(frozen=True)
class Level:
    level: int
    label: str
    label_en: str = ""
    description: str = ""
    description_en: str = ""


@dataclass(frozen=True)
class BandSpec:
    min_value: int
    max_value: int
    label: str
    label_en: str
    color: str


@dataclass(frozen=True)
class ScaleSet:
    probability: tuple[Level, ...]
    significance: tuple[Level, ...]
    bands: tuple[BandSpec, ...] = field(default_factory=tuple)

    @property
    def bands_only(self) -> bool:
        """New bands alone (a file with only [[band]] tables), for the levels a board has."""
        return not self.probability and not self.significance


PROBABILITY_4 = (
    Level(
        1,
        "Osannolik",
        "Unlikely",
        "risken för att fel ska uppstå är praktiskt taget obefintlig",
        "the risk of an error is practically non-existent",
    ),
    Level(
        2,
        "Mindre sannolik",
        "Less likely",
        "risken för att fel ska uppstå är mycket liten",
        "the risk of an error is very small",
    ),
    Level(
        3,
        "Möjlig",
        "Possible",
        "det finns en möjlig risk för att fel ska uppstå",
        "there is a possible risk of an error",
    ),
    Level(
        4,
        "Sannolik",
        "Likely",
        "det är mycket troligt att fel ska uppstå",
        "an error is very likely",
    ),
)

SIGNIFICANCE_4 = (
    Level(
        1,
        "Försumbar",
        "Negligible",
        "är obetydlig för de olika intressenterna och kommunen",
        "negligible for stakeholders and the municipality",
    ),
    Level(
        2,
        "Lindrig",
        "Minor",
        "uppfattas som liten av såväl intressenter som kommunen",
        "perceived as small by stakeholders and the municipality",
    ),
    Level(
        3,
        "Kännbar",
        "Serious",
        "uppfattas som besvärande av såväl intressenter som kommunen",
        "perceived as troublesome by stakeholders and the municipality",
    ),
    Level(
        4,
        "Allvarlig",
        "Severe",
        "är så stor att fel helt enkelt inte får inträffa",
        "so serious that the error simply must not happen",
    ),
)

BANDS_4 = (
    BandSpec(1, 3, "Låg", "Low", "#4caf50"),
    BandSpec(4, 6, "Medel", "Medium", "#ffd54f"),
    BandSpec(8, 9, "Hög", "High", "#ff9800"),
    BandSpec(12, 16, "Mycket hög", "Very high", "#e53935"),
)

PROBABILITY_5 = (
    Level(1, "Mycket osannolik", "Very unlikely"),
    Level(2, "Osannolik", "Unlikely"),
    Level(3, "Möjlig", "Possible"),
    Level(4, "Sannolik", "Likely"),
    Level(5, "Mycket sannolik", "Very likely"),
)

SIGNIFICANCE_5 = (
    Level(1, "Försumbar", "Negligible"),
    Level(2, "Lindrig", "Minor"),
    Level(3, "Måttlig", "Moderate"),
    Level(4, "Kännbar", "Serious"),
    Level(5, "Allvarlig", "Severe"),
)

BANDS_5 = (
    BandSpec(1, 4, "Låg", "Low", "#4caf50"),
    BandSpec(5, 9, "Medel", "Medium", "#ffd54f"),
    BandSpec(10, 15, "Hög", "High", "#ff9800"),
    BandSpec(16, 25, "Mycket hög", "Very high", "#e53935"),
)

DEFAULTS = {
    4: ScaleSet(PROBABILITY_4, SIGNIFICANCE_4, BANDS_4),
    5: ScaleSet(PROBABILITY_5, SIGNIFICANCE_5, BANDS_5),
}


def default_scale(size: int = 4) -> ScaleSet:
    if size not in DEFAULTS:
        raise InvalidInput("--scale-size", size, _("use 4 or 5, or give a scale file with --scale"))
    return DEFAULTS[size]


def _levels(raw: object, axis: str, source: str) -> tuple[Level, ...]:
    if not isinstance(raw, list) or not raw:
        raise InvalidInput(
            source, axis, _("give a non-empty [[{axis}]] list of levels").format(axis=axis)
        )
    levels = []
    for n, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict) or not str(entry.get("label", "")).strip():
            raise InvalidInput(
                source,
                _("{axis} level {n}").format(axis=axis, n=n),
                _("each level needs a label"),
            )
        level = Level(
            n,
            str(entry["label"]),
            str(entry.get("label_en", "")),
            str(entry.get("description", "")),
            str(entry.get("description_en", "")),
        )
        for name, most in (
            ("label", LABEL_MAX),
            ("label_en", LABEL_MAX),
            ("description", DESCRIPTION_MAX),
            ("description_en", DESCRIPTION_MAX),
        ):
            if len(getattr(level, name)) > most:
                raise InvalidInput(
                    source,
                    _("{axis} level {n}").format(axis=axis, n=n),
                    _("its {key} has {count} characters; use at most {limit}").format(
                        key=name, count=len(getattr(level, name)), limit=most
                    ),
                )
        levels.append(level)
    if len(levels) > LEVELS_MAX:
        raise InvalidInput(
            source,
            axis,
            _("it has {count} levels; a scale has at most {limit}").format(
                count=len(levels), limit=LEVELS_MAX
            ),
        )
    return tuple(levels)


def load_scale_file(path: Path, *, bands_only: bool = False) -> ScaleSet:
    """Read a scale from TOML: `[[probability]]`, `[[significance]]` and `[[band]]` tables.

    Levels are numbered 1.. in the order given; each has `label` and optionally `label_en`,
    `description`, `description_en`. Bands have `min`, `max`, `label`, `label_en`, `color`.

    With `bands_only`, a file with neither levels table is read as bands alone
    (`ScaleSet.bands_only`): the caller checks them against the board's levels with
    `check_bands`.
    """
    import tomllib

    source = _("scale file {path}").format(path=path)
    text = read_text_file(path, field="--scale", what=_("a scale file"))
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise InvalidInput(
            "--scale",
            str(path),
            _("give a readable TOML file ({error})").format(error=toml_reason(exc)),
        ) from None
    if bands_only and "probability" not in data and "significance" not in data:
        only = _bands(data, source)
        if not only:
            raise InvalidInput(
                "--scale",
                str(path),
                _("give [[band]] tables, or [[probability]] and [[significance]] levels"),
            )
        return ScaleSet((), (), only)
    probability = _levels(data.get("probability"), "probability", source)
    significance = _levels(data.get("significance"), "significance", source)
    scale = ScaleSet(probability, significance, _bands(data, source))
    check_bands(scale)
    return scale


def _bands(data: dict[str, object], source: str) -> tuple[BandSpec, ...]:
    raw = data.get("band", [])
    if not isinstance(raw, list):
        raise InvalidInput(source, "band", _("give [[band]] tables"))
    bands = []
    for entry in raw:
        try:
            bands.append(
                BandSpec(
                    int(entry["min"]),
                    int(entry["max"]),
                    str(entry["label"]),
                    str(entry.get("label_en", entry["label"])),
                    str(entry["color"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            raise InvalidInput(source, entry, _("a band needs min, max, label and color")) from None
        for text in (bands[-1].label, bands[-1].label_en):
            if len(text) > LABEL_MAX:
                raise InvalidInput(
                    source,
                    text[:30] + "…",
                    _("a band's label has at most {limit} characters").format(limit=LABEL_MAX),
                )
    return tuple(bands)


def check_bands(scale: ScaleSet) -> None:
    """Every possible risk value must fall in exactly one band."""
    if not scale.bands:
        raise InvalidInput(_("bands"), _("none"), _("give at least one [[band]]"))
    for band in scale.bands:
        if not band.color.startswith("#") or len(band.color) != 7:
            raise InvalidInput(_("band color"), band.color, _("use #rrggbb"))
    values = {p.level * s.level for p in scale.probability for s in scale.significance}
    for value in sorted(values):
        hits = [b for b in scale.bands if b.min_value <= value <= b.max_value]
        if len(hits) != 1:
            raise InvalidInput(
                _("bands"),
                _("risk value {value}").format(value=value),
                _("every risk value must fall in exactly one band"),
            )
