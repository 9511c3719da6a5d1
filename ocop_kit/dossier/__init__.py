"""The producer's dossier of QĐ 26/2026 (Mẫu 01 registration, Mẫu 02 self-assessment report), pure.

``fields`` holds the field definitions (data: ``ocop_kit/forms/dossier.json``), ``build`` fills
both forms from an answers file (and a business plan), ``missing`` lists what is still lacking.
Mẫu 03 is the commune's report, which the producer does not file.
"""
from .build import DOTS, Dossier, build, field_values
from .missing import Missing, missing_for

__all__ = ["DOTS", "Dossier", "Missing", "build", "field_values", "missing_for"]
