"""Library: the rest of the automation data in one tab, one view at a time: service
recommendations, provider selectors and the reference library."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.tabs.library.recommendations_view import RecommendationsView
from automation_admin.gui.tabs.library.references_view import ReferencesView
from automation_admin.gui.tabs.library.selectors_view import SelectorsView
from automation_admin.gui.widgets.view_switcher import ViewSwitcher
from automation_admin.models.live.watch import Changes


class LibraryTab(BaseTab):
    title = "Library"
    watches = frozenset({"service_recommendations", "provider_selectors"})

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__(session, profile)
        self.recommendations = RecommendationsView(self.jobs, profile.read_only)
        self.selectors = SelectorsView(self.jobs)
        self.references = ReferencesView(self.jobs, session.layout)
        for view in (self.recommendations, self.references):
            view.message.connect(session.status)
        self.switcher = ViewSwitcher(
            [
                ("recommendations", "Recommendations", self.recommendations),
                ("selectors", "Selectors", self.selectors),
                ("references", "Reference library", self.references),
            ]
        )
        self.views, self.pages = self.switcher.buttons, self.switcher.pages
        self.switcher.switched.connect(self._view_shown)
        self.recommendations.model.modelReset.connect(self._first_data)
        layout = QVBoxLayout(self)
        layout.addWidget(self.switcher)

    def load(self) -> None:
        self.recommendations.load()
        self.selectors.load()
        self.references.load()

    def live_refresh(self, changes: Changes) -> None:
        if "service_recommendations" in changes.tables or changes.unexplained:
            self.recommendations.reload_in_place()
        if "provider_selectors" in changes.tables:
            self.selectors.load()

    def providers_loaded(self, providers: list[tuple[str, str]]) -> None:
        self.recommendations.provider_names = dict(providers)
        self.selectors.set_providers(providers)

    def _first_data(self) -> None:
        if not self.is_loaded:
            self.mark_loaded()

    def _view_shown(self, number: int) -> None:
        focus = (self.recommendations.tree, self.selectors.table, self.references.table)[number]
        focus.setFocus()

    def show_named_view(self, name: str) -> None:
        self.switcher.show_named(name)

    def activated(self) -> None:
        self._view_shown(self.switcher.current)
        if self.switcher.current == 2:
            self.references.load()  # the assistant may have downloaded something meanwhile
