"""The app's pages. ``PAGES`` is the registry: one line per page, in menu order.

Each page is a file here with a ``render()`` function, run by Streamlit as a script
(``if __name__ == "__main__": render()``). To add a page (e.g. briefing, watches), write
``kg/app/pages/<key>.py``, add a ``page_<key>`` title to ``kg/app/i18n.py`` and one line below.
A page of another package names its file (``ingest/app_page.py``): Streamlit runs it by path,
so kg/ imports nothing of ingest/.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str  # url path /<key>, title i18n key page_<key>
    icon: str
    default: bool = False
    file: str = ""  # the page file relative to app.py; default kg/app/pages/<key>.py

    @property
    def path(self) -> str:
        """The page file relative to app.py (what AppTest.switch_page takes)."""
        return self.file or f"kg/app/pages/{self.key}.py"


PAGES: list[PageSpec] = [
    PageSpec("overview", ":material/dashboard:", default=True),
    PageSpec("experts", ":material/person_search:"),
    PageSpec("techchain", ":material/hub:"),
    PageSpec("industrychain", ":material/factory:"),
    PageSpec("institution", ":material/apartment:"),
    PageSpec("demand", ":material/handshake:"),
    PageSpec("sparql", ":material/terminal:"),
    PageSpec("ingest", ":material/upload_file:", file="ingest/app_page.py"),
    PageSpec("quality", ":material/verified:"),
    PageSpec("briefing", ":material/description:"),
    PageSpec("watches", ":material/notifications:"),
    PageSpec("topics", ":material/lightbulb:", file="ingest/topics/app_page.py"),
]
