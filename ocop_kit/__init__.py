"""OCOP Kit: criteria as data, a scoring engine, planners and Voila apps for OCOP training."""

__version__ = "0.1.0"
