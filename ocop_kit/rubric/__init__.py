"""Criteria sets as data: versions, sets, criteria, levels, rules, and the sheets they come from."""
from .model import Band, CriteriaSet, Criterion, Fact, Level, Part, RubricVersion, Rule
from .registry import load_version, load_with_sheet, version_ids

__all__ = [
    "Band", "Criterion", "CriteriaSet", "Fact", "Level", "Part", "RubricVersion", "Rule",
    "load_version", "load_with_sheet", "version_ids",
]
