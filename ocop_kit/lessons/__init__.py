"""Training lessons and self-checks (issue 15), pure: no widgets.

``markup`` turns a lesson text (catalog entry) into HTML or plain text; ``facts`` reads the
facts a lesson states (and a quiz asks) from the rubric data and ``data/procedure.json``;
``quiz`` loads, validates and grades the quizzes in ``quizzes/``; ``story`` checks which
elements of a product story a text covers; ``checklist`` is the dossier checklist a producer
ticks and prints; ``workshop`` stores pre- and post-tests per trainee and compares them;
``examples`` scores the sample products the lessons use; ``charts`` draws the pictures.
The widgets are in ``ocop_kit.views.lessons``.
"""
