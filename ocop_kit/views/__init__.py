"""Widget views over the pure core (ipywidgets). Import the submodule you need."""
