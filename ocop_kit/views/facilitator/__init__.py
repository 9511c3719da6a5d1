"""The facilitator's page: a workshop's room (roster), council scoring, the class's results,
exports — one panel each (``gate``, ``roster``, ``council``, ``calibration``, ``class_panel``,
``export``), assembled by ``app.FacilitatorApp``.

Nothing shows before the facilitator opens a workshop with its passphrase (or creates one).
There is no list of individual trainees' results: class figures come from submitted work
only, from ``min_group_size`` trainees on (a setting). Stored work is read through ``ocop_kit.services``.
"""
from .app import APP_ID, FacilitatorApp, build_app
from .council import sample_council_folder

__all__ = ["APP_ID", "FacilitatorApp", "build_app", "sample_council_folder"]
