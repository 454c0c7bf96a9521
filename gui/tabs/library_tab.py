"""Library: the rest of the automation data in one tab, one view at a time: service
recommendations, provider selectors and the reference library."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout

from gui.session import OpenProfile, Session
from gui.tabs.base import BaseTab
from gui.tabs.recommendations_view import RecommendationsView
from gui.tabs.references_view import ReferencesView
from gui.tabs.selectors_view import SelectorsView
from gui.worker import JobError

VIEWS = ("recommendations", "selectors", "references")


class LibraryTab(BaseTab):
    title = "Library"

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__(session, profile)
        self.recommendations = RecommendationsView(session, profile.read_only, self._failed)
        self.selectors = SelectorsView(session, self._failed)
        self.references = ReferencesView(session, self._failed)
        self.views = QButtonGroup(self)
        view_row = QHBoxLayout()
        self.pages = QStackedWidget()
        for number, (label, page) in enumerate(
            (
                ("Recommendations", self.recommendations),
                ("Selectors", self.selectors),
                ("Reference library", self.references),
            )
        ):
            button = QPushButton(label)
            button.setCheckable(True)
            button.setAccessibleName(label)
            self.views.addButton(button, number)
            view_row.addWidget(button)
            self.pages.addWidget(page)
        self.views.button(0).setChecked(True)
        view_row.addStretch()
        self.views.idClicked.connect(self.show_view)
        self.recommendations.model.modelReset.connect(self._first_data)
        layout = QVBoxLayout(self)
        layout.addLayout(view_row)
        layout.addWidget(self.pages, 1)

    def load(self) -> None:
        self.recommendations.load()
        self.selectors.load()
        self.references.load()

    def providers_loaded(self, providers: list[tuple[str, str]]) -> None:
        self.recommendations.provider_names = dict(providers)
        self.selectors.set_providers(providers)

    def _first_data(self) -> None:
        if not self.is_loaded:
            self.mark_loaded()

    def show_view(self, number: int) -> None:
        self.views.button(number).setChecked(True)
        self.pages.setCurrentIndex(number)
        focus = (self.recommendations.tree, self.selectors.table, self.references.table)[number]
        focus.setFocus()

    def show_named_view(self, name: str) -> None:
        self.show_view(VIEWS.index(name))

    def activated(self) -> None:
        self.show_view(self.pages.currentIndex())
        if self.pages.currentIndex() == 2:
            self.references.load()  # the assistant may have downloaded something meanwhile

    def _failed(self, error: JobError) -> None:
        self.session.status.emit(f"Library: {error.message}")
        if not self.is_loaded:
            self.mark_loaded()
