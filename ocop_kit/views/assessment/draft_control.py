"""The self-assessment's drafts: one ``DraftSession`` (sign-in restore, autosave, conflict,
duplicate, delete, submit), its ``ConflictBanner`` and the ``DraftList`` — as in the
business-plan and product-idea apps (``views.plan_widgets.DraftController``)."""
from __future__ import annotations

from ...apps.assessment import APP_ID, Assessment
from ...drafts import DraftSession
from ...i18n import t
from ...states import SaveState
from ...storage import StorageError
from ..common import ConflictBanner, DraftList


class DraftControl:
    """``app`` opens and empties assessments (``open_stored(draft)``, ``clear()``) and holds
    ``model``; this class decides which draft they live in."""

    def __init__(self, app, *, scheduler=None, debounce_s: float | None = None):
        self._app = app
        shell = self._shell = app.shell
        self.session = DraftSession(lambda: shell.store, APP_ID, scheduler=scheduler, debounce_s=debounce_s)
        self.drafts = DraftList(shell, APP_ID, self.open_draft, self.duplicate_draft,
                                summary=lambda info: info.summary, on_delete=self.delete_draft)
        self.conflict = ConflictBanner(shell, self.session, self.reload_draft, self.save_as_copy)
        self.session.on_status(self._on_status)
        shell.on_login(self._on_login)
        shell.use_session(self.session)

    @property
    def _lang(self) -> str:
        return self._shell.lang

    def attach(self, model: Assessment, draft) -> None:
        """``model`` autosaves into ``draft`` (or, with None, into a new draft) once signed in."""
        if not self.session.user_code:
            return
        model.user_code = self.session.user_code
        if draft is not None:
            self.session.open(draft, title=model.title())
        else:
            model.draft_id = self.session.start_new(model.to_payload(), title=model.title(),
                                                    summary=model.summary(self._lang))

    def changed(self, model: Assessment | None) -> None:
        if model is None:
            return
        try:
            self.session.changed(model.to_payload(), title=model.title(), summary=model.summary(self._lang))
        except StorageError as exc:
            self._shell.notify(exc.message(self._lang), "error")

    def sign_out(self) -> None:
        self.session.sign_out()
        self.conflict.refresh()

    def _on_status(self, state: str, key: str) -> None:
        self._shell.show_status(state, key)
        if state == SaveState.SAVED:
            self.drafts.refresh()

    def _on_login(self, code: str, name: str) -> None:
        if self.session.user_code == code and self.session.draft_id:
            return  # the same person again: the open draft goes on
        model = self._app.model
        typed = model is not None and bool(model.answers or model.evidence or model.info.get("product"))
        try:
            draft = self.session.sign_in(code, typed=typed)
        except StorageError as exc:
            self._shell.notify(exc.message(self._lang), "warning")
            return
        if draft is not None:
            if self._app.open_stored(draft) is not None:  # else the notice says why it did not open
                self._shell.notify(t("assessment.draft_restored", self._lang, title=draft.title), "success")
        elif model is not None:  # what was typed before signing in becomes a new draft
            model.user_name = name or model.user_name
            self.attach(model, None)
            self._app.signed_in()
            if self.session.newest is not None:
                self._shell.notify(t("plan_app.kept_typed", self._lang), "info")

    def open_draft(self, draft_id: str) -> Assessment | None:
        # A StorageError reaches the shell's _safe (the list's buttons call through it),
        # which shows its message in the user's language.
        draft = self.session.load(draft_id)
        if draft is None:
            self._shell.notify(t("storage.draft_not_found", self._lang), "error")
            return None
        return self._app.open_stored(draft)

    def duplicate_draft(self, draft_id: str) -> Assessment | None:
        """A copy of a draft as it is now (the open one is saved first); the copy opens."""
        info = next((i for i in self.drafts.infos if i.draft_id == draft_id), None)
        title = t("views.copy_of", self._lang, title=(info.title if info is not None else "") or "…")
        copy = self.session.duplicate(draft_id, title)  # a StorageError: as in open_draft
        model = self._app.open_stored(copy)
        if model is not None:
            model.label = copy.title
        self._shell.notify(t("views.duplicated", self._lang, title=copy.title), "success")
        return model

    def delete_draft(self, draft_id: str) -> None:
        if self.session.delete(draft_id):
            self._app.clear()  # the open draft is gone: an empty page, not a silent re-create

    def reload_draft(self) -> Assessment | None:
        """After a conflict: show the version another tab saved (edits here are dropped)."""
        draft = self.session.reload()
        if draft is None:
            return None
        model = self._app.open_stored(draft)
        self._shell.notify(t("views.conflict_reloaded", self._lang), "info")
        return model

    def save_as_copy(self) -> str | None:
        """After a conflict: keep what is on screen as a new draft; autosave goes on there."""
        model = self._app.model
        if model is None:
            return None
        title = t("views.copy_of", self._lang, title=model.title())
        model.label = title
        new_id = self.session.save_as_copy(model.to_payload(), title, summary=model.summary(self._lang))
        if new_id is None:
            return None
        model.draft_id = new_id
        self.drafts.refresh()
        self._shell.notify(t("views.conflict_copied", self._lang, title=title), "success")
        return new_id
