"""Small rubrics built in code, for rule and planner tests that must not depend on the shipped data."""
from ocop_kit.rubric.model import Band, CriteriaSet, Criterion, Fact, Level, Part, RubricVersion, Rule


def criterion(code, points, rules=(), mandatory=None, effort=1.0, minimums=()):
    """``mandatory``: least points for 3 stars (the older form); ``minimums``: ((star, points), …)."""
    minimums = tuple(minimums) + (((3, mandatory),) if mandatory is not None else ())
    return Criterion(
        code=code, part=code[0], section="s", section_en="s", name=f"Tiêu chí {code}", name_en=f"Criterion {code}",
        levels=tuple(Level(p, f"mức {p}") for p in points), rules=tuple(Rule(*r) for r in rules),
        minimums=tuple(sorted(minimums)), effort=effort, evidence=f"minh chứng {code}", evidence_en=f"evidence {code}",
    )


def version_for(criteria, name="Bộ thử"):
    """A version whose parts are exactly the parts the criteria sum to, and bands at 30/50/70/90 % of the total."""
    maxima = {}
    for c in criteria:
        maxima[c.part] = maxima.get(c.part, 0) + c.max_points
    total = sum(maxima.values())
    cuts = [0, 0.3 * total, 0.5 * total, 0.7 * total, 0.9 * total, total]
    text = {"vi": "x", "en": "x"}
    bands = tuple(Band(i + 1, cuts[i], cuts[i + 1], text, i >= 2, text) for i in range(5))
    facts = {"cert": Fact("cert", {"vi": "Có giấy chứng nhận?", "en": "Certificate?"}, True),
             "imported": Fact("imported", {"vi": "Nhập khẩu?", "en": "Imported?"}, False),
             "impure": Fact("impure", {"vi": "Có tạp chất?", "en": "Foreign matter?"}, False),
             "forged": Fact("forged", {"vi": "Hồ sơ giả mạo?", "en": "Forged dossier?"}, False)}
    version = RubricVersion(id="test-2000", title=text, legal_basis=text,
                            parts={p: Part(p, m, text) for p, m in sorted(maxima.items())},
                            bands=bands, facts=facts, sets={})
    cset = CriteriaSet(slug="bo-thu", name=name, name_en="Test set", version="test-2000", criteria=tuple(criteria))
    version.sets = {cset.slug: cset}
    return version, cset
