"""The self-assessment app, in panels: ``StartPanel`` (details, version, finding the set),
the form panels (``CriteriaForm``: every criterion), ``SummaryPanel`` (score, what holds the
star back; its line in the sticky status bar), ``PlanPanel``, ``ChartPanel``, ``ExportPanel``
and ``DossierPanel``, wired by ``AssessmentApp`` to one ``Assessment`` model; the drafts in
``DraftControl``. Start-up imports neither pandas nor matplotlib."""
from .app import FORM_PANELS, TAB_CHART, TAB_DOSSIER, TAB_EXPORT, TAB_FORM, TAB_PLAN, AssessmentApp, build_app
from .criteria_form import CriteriaForm, CriterionControl

__all__ = ["AssessmentApp", "build_app", "FORM_PANELS", "CriteriaForm", "CriterionControl",
           "TAB_FORM", "TAB_PLAN", "TAB_CHART", "TAB_EXPORT", "TAB_DOSSIER"]
